//! The blocking steps with budgets so small that they spill: the output must equal the
//! in-memory run byte for byte, an independent reference where one is easy to write, and no
//! temporary file or handle may be left behind, on success or on error.

// Spilling exists only where there is a file system to spill to.
#![cfg(not(target_arch = "wasm32"))]

use csv_kernels::agg::AggKind;
use csv_kernels::ops::{spill, AggSpec, Budget, Distinct, Group, Operator, Sort, Top};
use csv_kernels::{ErrorKind, Result, Value};

const BIG: usize = 1 << 30;

/// The tests count this process's open files: they run one at a time.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A small deterministic generator (xorshift), so no dependency is needed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Rows `id,group,amount,word`: ids in input order, a few hundred groups, some empty amounts.
fn rows(n: usize, seed: u64) -> Vec<Vec<String>> {
    let mut rng = Rng(seed);
    let words = ["ant", "bee", "cat", "dog", "eel"];
    (0..n)
        .map(|id| {
            let amount = match rng.below(10) {
                0 => String::new(),
                _ => (rng.below(2000) as i64 - 1000).to_string(),
            };
            vec![
                id.to_string(),
                format!("g{}", rng.below(300)),
                amount,
                words[rng.below(5) as usize].to_owned(),
            ]
        })
        .collect()
}

fn value(cell: &str) -> Value<'_> {
    if cell.is_empty() {
        Value::Null
    } else {
        Value::Text(cell.into())
    }
}

/// Runs `op` over `rows`, `values` picking each row's values; returns the output as CSV-ish
/// lines.
fn run<'r>(
    op: &mut dyn Operator,
    rows: &'r [Vec<String>],
    values: impl Fn(&'r [String]) -> Vec<Value<'r>>,
) -> Result<Vec<String>> {
    for row in rows {
        let cells: Vec<&[u8]> = row.iter().map(|c| c.as_bytes()).collect();
        op.push(&cells, &values(row))?;
    }
    let mut out = Vec::new();
    op.finish(&mut |cells| {
        let line: Vec<&str> = cells
            .iter()
            .map(|c| std::str::from_utf8(c).unwrap_or("?"))
            .collect();
        out.push(line.join(","));
        Ok(())
    })?;
    Ok(out)
}

/// This process's spill files still visible in the temporary directory.
fn leftover_files() -> usize {
    let prefix = format!("{}{}-", spill::FILE_PREFIX, std::process::id());
    std::fs::read_dir(std::env::temp_dir())
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .count()
        })
        .unwrap_or(0)
}

/// Open file handles of this process (Linux), to see that spill files are closed too.
fn open_handles() -> Option<usize> {
    std::fs::read_dir("/proc/self/fd").ok().map(|d| d.count())
}

fn aggs() -> Vec<AggSpec> {
    use AggKind::*;
    let q = |x: f64| vec![Value::Float(x)];
    vec![
        AggSpec::new(CountRows, vec![]),
        AggSpec::new(Sum, vec![]),
        AggSpec::new(Mean, vec![]),
        AggSpec::new(Min, vec![]),
        AggSpec::new(Median, vec![]),
        AggSpec::new(Quantile, q(0.9)),
        AggSpec::new(CountDistinct, vec![]),
        AggSpec::new(ApproxCountDistinct, vec![]),
        AggSpec::new(First, vec![]),
        AggSpec::new(Last, vec![]),
        AggSpec::new(Mode, vec![]),
        AggSpec::new(StringAgg, vec![Value::Text("|".into())]),
    ]
}

fn amount_and_word(row: &[String]) -> Vec<Value<'_>> {
    vec![value(&row[2]), value(&row[3])]
}

fn amount_per_agg(row: &[String]) -> Vec<Value<'_>> {
    let mut values = vec![value(&row[2]); 12];
    values[0] = Value::Null; // count()
    values
}

/// All the checks in one test, so no other test of this binary spills at the same time and
/// the file and handle counts are this test's alone.
#[test]
fn spilling_equals_memory_and_leaves_nothing_behind() -> Result<()> {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let handles_before = open_handles();
    let data = rows(3000, 0x9e37_79b9_7f4a_7c15);

    // sort by amount descending, then word: numbers as numbers, empty amounts last.
    let mut memory = Sort::new(vec![true, false], Budget::new("sort", BIG));
    let mut spilling = Sort::new(vec![true, false], Budget::new("sort", 2000));
    let expected = run(&mut memory, &data, amount_and_word)?;
    assert_eq!(memory.usage().spills, 0);
    let mut reference = data.clone();
    reference.sort_by_key(|r| {
        let amount = r[2].parse::<i64>().ok();
        (amount.is_none(), std::cmp::Reverse(amount), r[3].clone())
    });
    let reference: Vec<String> = reference.iter().map(|r| r.join(",")).collect();
    assert_eq!(expected, reference);
    assert_eq!(run(&mut spilling, &data, amount_and_word)?, expected);
    // Over 64 runs: merged in rounds.
    assert!(spilling.usage().spills > 64, "{}", spilling.usage().spills);

    // group by group, every kind of state through encode, spill and merge.
    let mut memory = Group::new(vec![1], &aggs(), Budget::new("group", BIG))?;
    let mut spilling = Group::new(vec![1], &aggs(), Budget::new("group", 20_000))?;
    let expected = run(&mut memory, &data, amount_per_agg)?;
    assert_eq!(expected.len(), 300);
    assert_eq!(run(&mut spilling, &data, amount_per_agg)?, expected);
    assert!(spilling.usage().spills > 2, "{}", spilling.usage().spills);
    // The first group is the first row's, and its count is its rows'.
    let first = &data[0][1];
    let count = data.iter().filter(|r| &r[1] == first).count();
    assert!(
        expected[0].starts_with(&format!("{first},{count},")),
        "{}",
        expected[0]
    );

    // distinct on two columns: the first row of each pair, in input order.
    let mut memory = Distinct::new(Some(vec![1, 3]), Budget::new("distinct", BIG));
    let mut spilling = Distinct::new(Some(vec![1, 3]), Budget::new("distinct", 5_000));
    let expected = run(&mut memory, &data, |_| vec![])?;
    let mut seen = std::collections::HashSet::new();
    let reference: Vec<String> = data
        .iter()
        .filter(|r| seen.insert((r[1].clone(), r[3].clone())))
        .map(|r| r.join(","))
        .collect();
    assert_eq!(expected, reference);
    assert_eq!(run(&mut spilling, &data, |_| vec![])?, expected);
    assert!(spilling.usage().spills > 0);

    // distinct whole rows of (group, word) only: the duplicates are real.
    let pairs: Vec<Vec<String>> = data
        .iter()
        .map(|r| vec![r[1].clone(), r[3].clone()])
        .collect();
    let mut memory = Distinct::new(None, Budget::new("distinct", BIG));
    let mut spilling = Distinct::new(None, Budget::new("distinct", 3_000));
    let whole = run(&mut memory, &pairs, |_| vec![])?;
    let firsts: Vec<String> = reference
        .iter()
        .map(|r| {
            let cells: Vec<&str> = r.split(',').collect();
            format!("{},{}", cells[1], cells[3])
        })
        .collect();
    assert_eq!(whole, firsts);
    assert_eq!(run(&mut spilling, &pairs, |_| vec![])?, whole);
    assert!(spilling.usage().spills > 0);

    // top 5 by amount equals the first five of the full sort.
    let mut top = Top::new(5, vec![true, false], Budget::new("top", BIG));
    let mut sort = Sort::new(vec![true, false], Budget::new("sort", BIG));
    let sorted = run(&mut sort, &data, amount_and_word)?;
    assert_eq!(run(&mut top, &data, amount_and_word)?, sorted[..5]);

    // An error after spilling: the files go with the operator.
    let mut failing = Group::new(vec![1], &aggs(), Budget::new("group", 1))?;
    let mut bad = data[..50].to_vec();
    bad[40][2] = "not a number".to_owned();
    let e = run(&mut failing, &bad, amount_per_agg).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidNumber);
    assert!(failing.usage().spills > 0);
    drop(failing);

    assert_eq!(leftover_files(), 0);
    assert_eq!(open_handles(), handles_before);
    Ok(())
}

/// Whole pipelines through `Job` with the `memory_limit` option: a tiny limit spills and gives
/// the bytes of a run in memory, for every blocking step and for steps after them.
#[test]
fn pipelines_spill_under_a_tiny_memory_limit() -> Result<()> {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut input = String::from("id,group,amount,word\n");
    for row in rows(20_000, 7) {
        input.push_str(&row.join(","));
        input.push('\n');
    }
    let run = |spec: &str, limit: &str| -> Result<(Vec<u8>, usize)> {
        let mut options = csv_kernels::Options::default();
        options.set("memory_limit", limit)?;
        let mut job = csv_kernels::Job::new(spec, options)?;
        let mut out = Vec::new();
        for chunk in input.as_bytes().chunks(4096) {
            job.push(chunk, &mut out)?;
        }
        job.finish(&mut out)?;
        Ok((out, job.spills()))
    };
    for spec in [
        "sort word, -amount",
        "group group aggregate n = count(), s = sum(amount), m = median(amount), w = mode(word)",
        "distinct group, word | sort -id | take 50",
        "group word, group aggregate f = first(id), l = last(id) | sort -l",
    ] {
        let (in_memory, none) = run(spec, "256MiB")?;
        let (spilled, spills) = run(spec, "16KiB")?;
        assert_eq!(none, 0, "{spec}");
        assert!(spills > 0, "{spec}: no spill under 16 KiB");
        assert!(in_memory == spilled, "{spec}: spilled output differs");
    }
    assert_eq!(leftover_files(), 0);
    Ok(())
}
