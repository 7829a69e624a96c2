//! The short paths of `aggregate` (no group columns: one group found without a hash lookup;
//! `count()`s alone: no cells or values gathered per row; counts: no memory asked per row)
//! give exactly what the general path gives: answers worked out by hand, and the same rows as
//! `group` over a column holding one key, under every error policy, with spills, and split
//! into parts that merge. Derived values no output cell shows are not written as text: the
//! cells around them keep their own text.

use csv_kernels::{ErrorKind, Job, Options, Pipeline};

fn options(settings: &[(&str, &str)]) -> Options {
    let mut o = Options::default();
    for (name, value) in settings {
        o.set(name, value).unwrap();
    }
    o
}

/// The output of `spec` over `input`, and how many times its blocking step spilled.
fn run(spec: &str, input: &str, settings: &[(&str, &str)]) -> csv_kernels::Result<(String, usize)> {
    let mut job = Job::new(spec, options(settings))?;
    let mut out = Vec::new();
    job.push(input.as_bytes(), &mut out)?;
    job.finish(&mut out)?;
    Ok((String::from_utf8(out).unwrap(), job.spills()))
}

fn output(spec: &str, input: &str, settings: &[(&str, &str)]) -> String {
    run(spec, input, settings).unwrap().0
}

/// `input` (columns `v,t`) with a first column `k` that is `x` on every row.
fn keyed(input: &str) -> String {
    let mut lines = input.lines();
    let header = lines.next().unwrap_or("");
    let mut out = format!("k,{header}\n");
    for line in lines {
        out.push_str(&format!("x,{line}\n"));
    }
    out
}

/// `aggregate AGGS` over `input` equals `group k aggregate AGGS | drop k` over the same rows
/// with one key `k` (the hash table's path), and is `want`.
fn check_both_paths(aggs: &str, input: &str, settings: &[(&str, &str)], want: &str) {
    let ungrouped = output(&format!("aggregate {aggs}"), input, settings);
    assert_eq!(
        ungrouped, want,
        "aggregate {aggs} over {input:?} {settings:?}"
    );
    let grouped = output(
        &format!("group k aggregate {aggs} | drop k"),
        &keyed(input),
        settings,
    );
    assert_eq!(
        grouped, want,
        "group k aggregate {aggs} over {input:?} {settings:?}"
    );
}

const ROWS: &str = "v,t\n4,ab\n,c\n-1.5,\n10,dd\n";

#[test]
fn no_rows_is_one_row_of_empty_aggregates() {
    let input = "v,t\n";
    assert_eq!(output("aggregate n = count()", input, &[]), "n\n0\n");
    assert_eq!(
        output("aggregate n = count(), m = count()", input, &[]),
        "n,m\n0,0\n"
    );
    let spec = "aggregate n = count(), c = count(v), s = sum(v), lo = min(t)";
    assert_eq!(output(spec, input, &[]), "n,c,s,lo\n0,0,,\n");
}

#[test]
fn one_row_and_several() {
    check_both_paths("n = count()", "v,t\n7,a\n", &[], "n\n1\n");
    check_both_paths(
        "n = count(), s = sum(v), m = mean(v)",
        "v,t\n7,a\n",
        &[],
        "n,s,m\n1,7,7.0\n",
    );
    check_both_paths("n = count(), m = count()", ROWS, &[], "n,m\n4,4\n");
    check_both_paths(
        "n = count(), c = count(v), s = sum(v), hi = max(v), f = first(t), j = string_agg(t, \"+\")",
        ROWS,
        &[],
        "n,c,s,hi,f,j\n4,3,12.5,10,ab,ab+c+dd\n",
    );
}

#[test]
fn a_bad_value_under_each_policy() {
    let input = "v,t\n1,a\nabc,b\n2,c\n";
    for policy in ["skip", "null"] {
        let settings = [("on_error", policy)];
        // The bad row counts in none of the row's aggregates, count() included.
        check_both_paths("n = count(), s = sum(v)", input, &settings, "n,s\n2,3\n");
        check_both_paths("s = sum(v), n = count()", input, &settings, "s,n\n3,2\n");
    }
    let e = run("aggregate s = sum(v), n = count()", input, &[]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidNumber);
    assert_eq!((e.position.line, e.position.column), (3, 1));
    assert_eq!(e.message, "aggregate: sum needs numbers, found \"abc\"");
}

#[test]
fn rows_a_filter_fails_on_are_not_counted() {
    let input = "v,t\n1,a\nx,b\n3,c\n-2,d\n";
    let spec = "filter int(v) > 0 | aggregate n = count()";
    for policy in ["skip", "null"] {
        assert_eq!(output(spec, input, &[("on_error", policy)]), "n\n2\n");
    }
    let e = run(spec, input, &[]).unwrap_err();
    assert_eq!((e.position.line, e.position.column), (3, 1));
}

// Spilling exists only where there is a file system to spill to.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn a_tiny_memory_limit_spills_and_gives_the_same_rows() {
    let mut input = String::from("v,t\n");
    for i in 0..300 {
        input.push_str(&format!("{},w{}\n", i % 17 - 8, i % 5));
    }
    for aggs in [
        "n = count()",
        "n = count(), s = sum(v), lo = min(t), j = count_distinct(t)",
    ] {
        let spec = format!("aggregate {aggs}");
        let (in_memory, none) = run(&spec, &input, &[]).unwrap();
        assert_eq!(none, 0);
        let (spilled, spills) = run(&spec, &input, &[("memory_limit", "1")]).unwrap();
        assert_eq!(spilled, in_memory, "{spec}");
        // Over a one-byte budget the one group spills after every row.
        assert_eq!(spills, 300, "{spec}");
    }
    let (out, _) = run("aggregate n = count(), s = sum(v)", &input, &[]).unwrap();
    // 17 whole cycles of -8..=8 add to 0, then -8..=2.
    assert_eq!(out, "n,s\n300,-33\n");
}

/// `spec` run as parts cut before the records at `cuts` (body rows, 0-based), merged.
fn split(spec: &str, input: &str, cuts: &[usize]) -> String {
    let pipeline = Pipeline::parse(spec).unwrap();
    let o = Options::default();
    let mut lines: Vec<&str> = input.split_inclusive('\n').collect();
    let header = lines.remove(0);
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied());
    bounds.push(lines.len());
    let mut parts = Vec::new();
    for (i, pair) in bounds.windows(2).enumerate() {
        let mut job = Job::part(pipeline.clone(), o, i as u64);
        job.push(header.as_bytes(), &mut parts).unwrap();
        job.push(lines[pair[0]..pair[1]].concat().as_bytes(), &mut parts)
            .unwrap();
        job.finish(&mut parts).unwrap();
    }
    let mut merge = Job::merging(pipeline, o, header.as_bytes()).unwrap();
    let mut out = Vec::new();
    merge.push(&parts, &mut out).unwrap();
    merge.finish(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn parts_merge_to_the_whole_run() {
    for aggs in [
        "n = count()",
        "n = count(), f = first(t), l = last(t), s = sum(v)",
    ] {
        let spec = format!("aggregate {aggs}");
        let whole = output(&spec, ROWS, &[]);
        // Parts with no rows among them (cut twice at the same row, and at the end).
        for cuts in [vec![], vec![1], vec![0, 2], vec![2, 2, 4], vec![4]] {
            assert_eq!(split(&spec, ROWS, &cuts), whole, "{spec} cut at {cuts:?}");
        }
    }
    assert_eq!(split("aggregate n = count()", ROWS, &[1, 3]), "n\n4\n");
    assert_eq!(split("aggregate n = count()", "v,t\n", &[]), "n\n0\n");
}

#[test]
fn derived_values_only_a_step_reads_leave_the_shown_ones_intact() {
    let input = "v,t\n3,a\n-4,b\n";
    let spec = "derive a = int(v) + 1, b = int(v) * 2, c = upper(t) | drop b";
    assert_eq!(output(spec, input, &[]), "v,t,a,c\n3,a,4,A\n-4,b,-3,B\n");
    let spec = "derive a = int(v) + 1, b = int(v) * 2 | select b, t";
    assert_eq!(output(spec, input, &[]), "b,t\n6,a\n-8,b\n");
    let spec = "derive w = int(v) * 10 | group t aggregate s = sum(w), n = count()";
    assert_eq!(output(spec, input, &[]), "t,s,n\na,30,1\nb,-40,1\n");
}
