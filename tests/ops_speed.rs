//! Rough throughput of the blocking steps, for the report (not a timed assertion):
//! `cargo test --release --test ops_speed -- --ignored --nocapture`.

use std::time::Instant;

use csv_kernels::agg::AggKind;
use csv_kernels::ops::{AggSpec, Budget, Group, Operator, Sort};
use csv_kernels::{Result, Value};

fn rows(n: usize) -> Vec<[String; 3]> {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            [
                i.to_string(),
                format!("g{}", x % 1000),
                (x % 100_000).to_string(),
            ]
        })
        .collect()
}

fn drive(op: &mut dyn Operator, data: &[[String; 3]], values: usize) -> Result<usize> {
    for row in data {
        let cells = [row[0].as_bytes(), row[1].as_bytes(), row[2].as_bytes()];
        let value = Value::Text(row[2].as_str().into());
        let vals = vec![value; values];
        op.push(&cells, &vals)?;
    }
    let mut out = 0;
    op.finish(&mut |_| {
        out += 1;
        Ok(())
    })?;
    Ok(out)
}

fn timed(
    name: &str,
    op: &mut dyn Operator,
    data: &[[String; 3]],
    values: usize,
    budget: usize,
) -> Result<()> {
    let start = Instant::now();
    let rows_out = drive(op, data, values)?;
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name}: {} rows in, {rows_out} out, budget {budget} B: {secs:.2} s = {:.0} ns/row, {} spills",
        data.len(),
        secs * 1e9 / data.len() as f64,
        op.usage().spills
    );
    Ok(())
}

#[test]
#[ignore]
fn throughput() -> Result<()> {
    let n = 2_000_000;
    let data = rows(n);
    let aggs = [
        AggSpec::new(AggKind::CountRows, vec![]),
        AggSpec::new(AggKind::Sum, vec![]),
        AggSpec::new(AggKind::Mean, vec![]),
    ];
    for budget in [256 << 20, 1 << 20] {
        let mut group = Group::new(vec![1], &aggs, Budget::new("group", budget))?;
        timed(
            "group by 1000 keys, 3 aggregates",
            &mut group,
            &data,
            3,
            budget,
        )?;
        let mut sort = Sort::new(vec![false], Budget::new("sort", budget));
        timed("sort by a number", &mut sort, &data, 1, budget)?;
    }
    Ok(())
}
