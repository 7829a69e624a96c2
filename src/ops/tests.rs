//! The operators on small inputs with answers worked out by hand, in memory and spilling.

use super::*;
use crate::agg::AggKind;
use crate::ErrorKind;

/// A row of test cells: `a,b,c`.
fn cells(row: &str) -> Vec<&[u8]> {
    row.split(',').map(str::as_bytes).collect()
}

/// A value from test text: `""` is null.
fn value(text: &str) -> Value<'_> {
    if text.is_empty() {
        Value::Null
    } else {
        Value::Text(text.into())
    }
}

/// Pushes rows (`cells` and the values of the step's expressions) and returns the output
/// rows joined by commas.
fn run(op: &mut dyn Operator, rows: &[(&str, Vec<Value<'_>>)]) -> Result<Vec<String>> {
    for (row, values) in rows {
        op.push(&cells(row), values)?;
    }
    let mut out = Vec::new();
    op.finish(&mut |cells| {
        let texts: Vec<String> = cells
            .iter()
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        out.push(texts.join(","));
        Ok(())
    })?;
    Ok(out)
}

/// Rows whose key is their first cell.
fn keyed<'a>(rows: &[&'a str]) -> Vec<(&'a str, Vec<Value<'a>>)> {
    rows.iter()
        .map(|r| (*r, vec![value(r.split(',').next().unwrap_or(""))]))
        .collect()
}

const BIG: usize = 1 << 30;

#[test]
fn sort_numbers_as_numbers_nulls_last_stable() -> Result<()> {
    let rows = keyed(&["10,a", "9,b", ",c", "100,d", "9,e", "-1.5,f"]);
    let mut up = Sort::new(vec![false], Budget::new("sort", BIG));
    assert_eq!(
        run(&mut up, &rows)?,
        ["-1.5,f", "9,b", "9,e", "10,a", "100,d", ",c"]
    );
    let mut down = Sort::new(vec![true], Budget::new("sort", BIG));
    assert_eq!(
        run(&mut down, &rows)?,
        ["100,d", "10,a", "9,b", "9,e", "-1.5,f", ",c"]
    );
    Ok(())
}

#[test]
fn sort_text_by_bytes_once_one_value_is_not_a_number() -> Result<()> {
    let rows = keyed(&["10,a", "9,b", "x,c", "100,d"]);
    let mut sort = Sort::new(vec![false], Budget::new("sort", BIG));
    assert_eq!(run(&mut sort, &rows)?, ["10,a", "100,d", "9,b", "x,c"]);
    Ok(())
}

#[test]
fn sort_dates_and_two_keys() -> Result<()> {
    let rows = keyed(&["2024-02-01,1", "2023-12-31 23:00,2", "2024-01-15,3"]);
    let mut sort = Sort::new(vec![false], Budget::new("sort", BIG));
    assert_eq!(
        run(&mut sort, &rows)?,
        ["2023-12-31 23:00,2", "2024-01-15,3", "2024-02-01,1"]
    );
    // By the second cell descending, then the first ascending.
    let two = |r: &'static str| {
        let c: Vec<&str> = r.split(',').collect();
        (r, vec![value(c[1]), value(c[0])])
    };
    let rows = vec![two("b,1"), two("a,2"), two("c,1"), two("a,1")];
    let mut sort = Sort::new(vec![true, false], Budget::new("sort", BIG));
    assert_eq!(run(&mut sort, &rows)?, ["a,2", "a,1", "b,1", "c,1"]);
    Ok(())
}

#[test]
fn no_keys_keep_input_order() -> Result<()> {
    let rows = vec![("b", vec![]), ("a", vec![]), ("c", vec![])];
    let mut sort = Sort::new(vec![], Budget::new("sort", BIG));
    assert_eq!(run(&mut sort, &rows)?, ["b", "a", "c"]);
    let mut top = Top::new(2, vec![], Budget::new("top", BIG));
    assert_eq!(run(&mut top, &rows)?, ["b", "a"]);
    Ok(())
}

#[test]
fn typed_keys_sort_by_their_type() -> Result<()> {
    let rows = vec![
        ("x", vec![Value::Int(10)]),
        ("y", vec![Value::Float(2.5)]),
        ("z", vec![Value::Null]),
        ("w", vec![Value::Int(-3)]),
    ];
    let mut sort = Sort::new(vec![false], Budget::new("sort", BIG));
    assert_eq!(run(&mut sort, &rows)?, ["w", "y", "x", "z"]);
    Ok(())
}

fn group_rows() -> Vec<(&'static str, Vec<Value<'static>>)> {
    ["a,1", "b,2", "a,3", "c,", "b,4"]
        .into_iter()
        .map(|r| {
            let v = value(&r[2..]).into_owned();
            (r, vec![Value::Null, v.clone(), v.clone(), v.clone(), v])
        })
        .collect()
}

fn group_aggs() -> Vec<AggSpec> {
    vec![
        AggSpec::new(AggKind::CountRows, vec![]),
        AggSpec::new(AggKind::Sum, vec![]),
        AggSpec::new(AggKind::Max, vec![]),
        AggSpec::new(AggKind::First, vec![]),
        AggSpec::new(AggKind::StringAgg, vec![Value::Text("-".into())]),
    ]
}

#[test]
fn group_in_order_of_first_appearance() -> Result<()> {
    let mut group = Group::new(vec![0], &group_aggs(), Budget::new("group", BIG))?;
    assert_eq!(
        run(&mut group, &group_rows())?,
        ["a,2,4,3,1,1-3", "b,2,6,4,2,2-4", "c,1,,,,"]
    );
    assert_eq!(group.usage().spills, 0);
    Ok(())
}

#[test]
fn aggregate_is_one_row_even_for_no_input() -> Result<()> {
    let mut all = Group::whole_input(&group_aggs(), Budget::new("aggregate", BIG))?;
    assert_eq!(run(&mut all, &group_rows())?, ["5,10,4,1,1-2-3-4"]);
    let mut empty = Group::whole_input(&group_aggs(), Budget::new("aggregate", BIG))?;
    assert_eq!(run(&mut empty, &[])?, ["0,,,,"]);
    let mut grouped = Group::new(vec![0], &group_aggs(), Budget::new("group", BIG))?;
    assert_eq!(run(&mut grouped, &[])?, Vec::<String>::new());
    Ok(())
}

#[test]
fn group_row_error_leaves_no_group_behind() -> Result<()> {
    let aggs = [AggSpec::new(AggKind::Sum, vec![])];
    let mut group = Group::new(vec![0], &aggs, Budget::new("group", BIG))?;
    group.push(&cells("a,1"), &[value("1")])?;
    let e = group.push(&cells("b,x"), &[value("x")]).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidNumber);
    assert_eq!(run(&mut group, &[("a,2", vec![value("2")])])?, ["a,3"]);
    // With several aggregates a failing row counts in none of them.
    let aggs = [
        AggSpec::new(AggKind::CountRows, vec![]),
        AggSpec::new(AggKind::StringAgg, vec![Value::Text("+".into())]),
        AggSpec::new(AggKind::Mean, vec![]),
    ];
    let mut group = Group::new(vec![0], &aggs, Budget::new("group", BIG))?;
    let row = |v: &'static str| vec![Value::Null, value(v), value(v)];
    group.push(&cells("a"), &row("1"))?;
    let e = group.push(&cells("a"), &row("x")).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidNumber);
    assert_eq!(run(&mut group, &[("a", row("2"))])?, ["a,2,1+2,1.5"]);
    Ok(())
}

#[test]
fn partial_states_from_parts_merge_to_one_pass() -> Result<()> {
    let aggs = [
        group_aggs(),
        vec![
            AggSpec::new(AggKind::Median, vec![]),
            AggSpec::new(AggKind::Last, vec![]),
        ],
    ]
    .concat();
    let rows: Vec<_> = group_rows()
        .into_iter()
        .map(|(r, mut v)| {
            v.extend([v[1].clone(), v[1].clone()]);
            (r, v)
        })
        .collect();
    let mut whole = Group::new(vec![0], &aggs, Budget::new("group", BIG))?;
    let expected = run(&mut whole, &rows)?;
    assert_eq!(expected[0], "a,2,4,3,1,1-3,2.0,3");
    for cut in 0..=rows.len() {
        let mut merged = Group::new(vec![0], &aggs, Budget::new("group", BIG))?;
        for (part, piece) in [&rows[..cut], &rows[cut..]].into_iter().enumerate() {
            // The second part's worker spills on every row (natively: wasm cannot spill).
            let spills = part == 1 && !cfg!(target_arch = "wasm32");
            let budget = Budget::new("group", if spills { 1 } else { BIG });
            let worker = Group::new(vec![0], &aggs, budget)?;
            let mut worker = worker.with_part(part as u64);
            for (row, values) in piece {
                worker.push(&cells(row), values)?;
            }
            let mut partials: Vec<Vec<Vec<u8>>> = Vec::new();
            worker.finish_partials(&mut |cells| {
                partials.push(cells.iter().map(|c| c.to_vec()).collect());
                Ok(())
            })?;
            for partial in &partials {
                let cells: Vec<&[u8]> = partial.iter().map(Vec::as_slice).collect();
                merged.push_partial(&cells)?;
            }
        }
        assert_eq!(run(&mut merged, &[])?, expected, "cut at {cut}");
    }
    Ok(())
}

#[test]
fn distinct_rows_and_columns() -> Result<()> {
    let rows: Vec<(&str, Vec<Value>)> = ["a,1", "b,2", "a,1", "a,3", "b,2"]
        .into_iter()
        .map(|r| (r, vec![]))
        .collect();
    let mut whole = Distinct::new(None, Budget::new("distinct", BIG));
    assert_eq!(run(&mut whole, &rows)?, ["a,1", "b,2", "a,3"]);
    let mut first = Distinct::new(Some(vec![0]), Budget::new("distinct", BIG));
    assert_eq!(run(&mut first, &rows)?, ["a,1", "b,2"]);
    let mut second = Distinct::new(Some(vec![1]), Budget::new("distinct", BIG));
    assert_eq!(run(&mut second, &rows)?, ["a,1", "b,2", "a,3"]);
    Ok(())
}

#[test]
fn top_keeps_key_order_and_input_order_for_ties() -> Result<()> {
    let rows = keyed(&["5,a", "10,b", "9,c", "10,d", ",e", "7,f"]);
    let mut top = Top::new(3, vec![true], Budget::new("top", BIG));
    assert_eq!(run(&mut top, &rows)?, ["10,b", "10,d", "9,c"]);
    let mut top = Top::new(10, vec![false], Budget::new("top", BIG));
    assert_eq!(
        run(&mut top, &rows)?,
        ["5,a", "7,f", "9,c", "10,b", "10,d", ",e"]
    );
    let mut none = Top::new(0, vec![false], Budget::new("top", BIG));
    assert_eq!(run(&mut none, &rows)?, Vec::<String>::new());
    Ok(())
}

#[test]
fn top_follows_the_column_type_decided_at_the_end() -> Result<()> {
    // Many numbers first (so candidate sets are pruned as numbers), then one text value:
    // the answer is text order, which a numeric-only heap would have lost.
    let mut texts: Vec<String> = (1..=40).map(|i| format!("{i},n")).collect();
    texts.push("x,t".to_owned());
    let rows: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut top = Top::new(3, vec![false], Budget::new("top", BIG));
    assert_eq!(run(&mut top, &keyed(&rows))?, ["1,n", "10,n", "11,n"]);
    let mut top = Top::new(3, vec![true], Budget::new("top", BIG));
    assert_eq!(
        run(&mut top, &keyed(&rows[..40]))?,
        ["40,n", "39,n", "38,n"]
    );
    Ok(())
}

#[test]
fn top_over_budget_is_an_error_naming_the_step() {
    let mut top = Top::new(1000, vec![false], Budget::new("top", 100));
    let mut result = Ok(());
    for i in 0..100 {
        result = top.push(&cells("row"), &[Value::Int(i)]);
        if result.is_err() {
            break;
        }
    }
    let e = result.unwrap_err();
    assert_eq!(e.kind, ErrorKind::MemoryLimit);
    assert!(e.message.starts_with("top: "), "{}", e.message);
    assert!(e.message.contains("100 bytes"), "{}", e.message);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn spilling_gives_the_in_memory_answer() -> Result<()> {
    // Keys numeric for the first runs, then one text key: runs are sorted again at the end.
    let mut texts: Vec<String> = (0..300)
        .map(|i| format!("{},{i}", (i * 37) % 101))
        .collect();
    texts.push("z9,last".to_owned());
    let rows: Vec<&str> = texts.iter().map(String::as_str).collect();
    let rows = keyed(&rows);
    let mut memory = Sort::new(vec![false], Budget::new("sort", BIG));
    let mut spilling = Sort::new(vec![false], Budget::new("sort", 600));
    let expected = run(&mut memory, &rows)?;
    assert_eq!(expected[0], "0,0");
    assert_eq!(expected[1], "0,101");
    assert_eq!(run(&mut spilling, &rows)?, expected);
    assert!(spilling.usage().spills > 10, "{}", spilling.usage().spills);

    let rows: Vec<_> = group_rows().into_iter().cycle().take(200).collect();
    let mut memory = Group::new(vec![0], &group_aggs(), Budget::new("group", BIG))?;
    let mut spilling = Group::new(vec![0], &group_aggs(), Budget::new("group", 1))?;
    let expected = run(&mut memory, &rows)?;
    assert_eq!(expected.len(), 3);
    assert!(expected[0].starts_with("a,80,160,3,1,1-3-1-3"));
    assert_eq!(run(&mut spilling, &rows)?, expected);
    assert_eq!(spilling.usage().spills, 200);

    let rows: Vec<(&str, Vec<Value>)> = texts.iter().map(|r| (r.as_str(), vec![])).collect();
    let mut memory = Distinct::new(Some(vec![0]), Budget::new("distinct", BIG));
    let mut spilling = Distinct::new(Some(vec![0]), Budget::new("distinct", 300));
    let expected = run(&mut memory, &rows)?;
    assert_eq!(expected.len(), 102);
    assert_eq!(expected[..3], ["0,0", "37,1", "74,2"]);
    assert_eq!(run(&mut spilling, &rows)?, expected);
    assert!(spilling.usage().spills > 0);
    Ok(())
}

/// Without a file system to spill to, going over the budget is an error naming the step.
#[cfg(target_arch = "wasm32")]
#[test]
fn over_budget_without_spilling_is_an_error() -> Result<()> {
    let rows = keyed(&["3,a", "1,b", "2,c", "4,d"]);
    let ops: [Box<dyn Operator>; 3] = [
        Box::new(Sort::new(vec![false], Budget::new("sort", 40))),
        Box::new(Group::new(
            vec![0],
            &group_aggs()[..1],
            Budget::new("group", 40),
        )?),
        Box::new(Distinct::new(None, Budget::new("distinct", 40))),
    ];
    for (mut op, step) in ops.into_iter().zip(["sort", "group", "distinct"]) {
        let e = run(op.as_mut(), &rows).unwrap_err();
        assert_eq!(e.kind, ErrorKind::MemoryLimit);
        let wanted = format!(
            "{step}: needs more memory than the memory limit of 40 bytes allows (raise --memory-limit)"
        );
        assert_eq!(e.message, wanted);
    }
    Ok(())
}
