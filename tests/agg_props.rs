//! Property tests of the mergeable aggregate states: merging with an empty state changes
//! nothing, merge order does not matter, splitting the input at any row and merging gives what
//! one pass gives, encodings round-trip, and decoding junk is an error, never a panic.
//!
//! A small deterministic PRNG drives them, so every run checks the same cases.

use csv_kernels::agg::{AggKind, AggState, Pos, State};
use csv_kernels::{ErrorKind, Value};

/// SplitMix64: tiny, fast, and good enough to shuffle test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn text(s: String) -> Value<'static> {
    Value::Text(s.into())
}

/// A number cell: integers up to 10^15 (so sums of a few hundred stay in i64) or decimals of
/// many magnitudes, as text or typed, with some empty cells.
fn number_cell(rng: &mut Rng, ints_only: bool) -> Value<'static> {
    let magnitude = 10f64.powi(rng.below(30) as i32 - 12);
    let int = (rng.next() % 2_000_000_000_000_001) as i64 - 1_000_000_000_000_000;
    match rng.below(if ints_only { 3 } else { 6 }) {
        0 => Value::Null,
        1 => text(format!("{}", int / 10i64.pow(rng.below(15) as u32))),
        2 => Value::Int(int % 1000),
        3 => Value::Float((rng.next() as f64 / u64::MAX as f64 - 0.3) * magnitude),
        4 => text(format!(
            "{:e}",
            (rng.below(2000) as f64 - 700.0) / 7.0 * magnitude
        )),
        _ => text(format!("{:.3}", (rng.below(100_000) as f64) / 1000.0)),
    }
}

/// Any cell: words from a small vocabulary (so modes and duplicates happen), numbers, ISO
/// dates and empty cells.
fn any_cell(rng: &mut Rng) -> Value<'static> {
    const WORDS: [&str; 6] = ["apple", "Pear", "fig", "apple ", "10", "9.5"];
    match rng.below(5) {
        0 => Value::Null,
        1 | 2 => text(rng.pick(&WORDS).to_string()),
        3 => text(format!("2024-0{}-1{}", 1 + rng.below(9), rng.below(10))),
        _ => number_cell(rng, false),
    }
}

struct Case {
    name: &'static str,
    cells: Vec<Value<'static>>,
    numeric: bool,
}

fn cases() -> Vec<Case> {
    let mut rng = Rng(11);
    let mut make = |name, numeric, n: usize, cell: &dyn Fn(&mut Rng) -> Value<'static>| Case {
        name,
        cells: (0..n).map(|_| cell(&mut rng)).collect(),
        numeric,
    };
    vec![
        make("integers", true, 120, &|r| number_cell(r, true)),
        make("numbers", true, 150, &|r| number_cell(r, false)),
        make("mixed text", false, 150, &any_cell),
        make("dates", false, 60, &|r| {
            text(format!(
                "20{:02}-0{}-2{}",
                r.below(30),
                1 + r.below(9),
                r.below(8)
            ))
        }),
        make("empty", true, 0, &|_| Value::Null),
        make("nulls", true, 5, &|_| Value::Null),
    ]
}

fn args(kind: AggKind) -> Vec<Value<'static>> {
    match kind {
        AggKind::Quantile => vec![Value::Float(0.3)],
        AggKind::ApproxQuantile => vec![Value::Text("0.9".into())],
        AggKind::StringAgg => vec![Value::Text("|".into())],
        _ => vec![],
    }
}

fn fresh(kind: AggKind) -> State {
    State::new(kind, &args(kind)).expect("valid arguments")
}

fn takes_numbers(kind: AggKind) -> bool {
    use AggKind::*;
    matches!(
        kind,
        Sum | Mean | Stddev | Var | Median | Quantile | ApproxQuantile
    )
}

/// The cells `range` of a case folded into one state, at positions `(part, row)`.
fn build(
    kind: AggKind,
    cells: &[Value<'static>],
    range: std::ops::Range<usize>,
    part: u64,
) -> State {
    let mut state = fresh(kind);
    for (row, cell) in cells[range].iter().enumerate() {
        state
            .update(
                cell,
                Pos {
                    part,
                    row: row as u64,
                },
            )
            .expect("cells the aggregate takes");
    }
    state
}

/// Results compared exactly, floats by their bits (so NaN equals NaN and -0 differs from 0).
fn key(result: csv_kernels::Result<Value<'static>>) -> String {
    match result {
        Ok(Value::Float(f)) => format!("float {:#x}", f.to_bits()),
        Ok(other) => format!("{other:?}"),
        Err(e) => format!("error {}", e.kind),
    }
}

/// Every aggregate paired with every case it accepts.
fn each_pair(mut check: impl FnMut(AggKind, &Case)) {
    for case in cases() {
        for kind in AggKind::ALL {
            if case.numeric || !takes_numbers(kind) {
                check(kind, &case);
            }
        }
    }
}

#[test]
fn merging_an_empty_state_changes_nothing() {
    each_pair(|kind, case| {
        let full = build(kind, &case.cells, 0..case.cells.len(), 0);
        let mut left = full.clone();
        left.merge(&fresh(kind)).unwrap();
        let mut right = fresh(kind);
        right.merge(&full).unwrap();
        let want = key(full.finalize());
        assert_eq!(key(left.finalize()), want, "{kind:?} on {}", case.name);
        assert_eq!(key(right.finalize()), want, "{kind:?} on {}", case.name);
        assert_eq!(left, full, "{kind:?} on {}", case.name);
    });
}

#[test]
fn splitting_at_any_row_gives_one_pass() {
    each_pair(|kind, case| {
        let n = case.cells.len();
        let want = key(build(kind, &case.cells, 0..n, 0).finalize());
        for cut in 0..=n {
            let head = build(kind, &case.cells, 0..cut, 0);
            let tail = build(kind, &case.cells, cut..n, 1);
            let (mut forward, mut backward) = (head.clone(), tail.clone());
            forward.merge(&tail).unwrap();
            backward.merge(&head).unwrap();
            assert_eq!(
                key(forward.finalize()),
                want,
                "{kind:?} on {} cut {cut}",
                case.name
            );
            assert_eq!(
                key(backward.finalize()),
                want,
                "{kind:?} on {} cut {cut}",
                case.name
            );
        }
    });
}

#[test]
fn merge_order_does_not_matter() {
    let mut rng = Rng(7);
    each_pair(|kind, case| {
        let n = case.cells.len();
        let want = key(build(kind, &case.cells, 0..n, 0).finalize());
        for _ in 0..8 {
            // Random cut points make parts; merge them in a random order, some into a
            // partial merge first, as a tree of workers would.
            let mut cuts: Vec<usize> = (0..rng.below(6))
                .map(|_| rng.below(n as u64 + 1) as usize)
                .collect();
            cuts.extend([0, n]);
            cuts.sort_unstable();
            let mut parts: Vec<State> = cuts
                .windows(2)
                .enumerate()
                .map(|(i, w)| build(kind, &case.cells, w[0]..w[1], i as u64))
                .collect();
            while parts.len() > 1 {
                let a = parts.swap_remove(rng.below(parts.len() as u64) as usize);
                let b = rng.below(parts.len() as u64) as usize;
                parts[b].merge(&a).unwrap();
            }
            assert_eq!(key(parts[0].finalize()), want, "{kind:?} on {}", case.name);
        }
    });
}

#[test]
fn encodings_round_trip() {
    each_pair(|kind, case| {
        let state = build(kind, &case.cells, 0..case.cells.len(), 3);
        let mut bytes = Vec::new();
        state.encode(&mut bytes);
        let back =
            State::decode(&bytes).unwrap_or_else(|e| panic!("{kind:?} on {}: {e}", case.name));
        assert_eq!(back, state, "{kind:?} on {}", case.name);
        assert_eq!(back.kind(), kind);
        let mut again = Vec::new();
        back.encode(&mut again);
        assert_eq!(
            again, bytes,
            "{kind:?} on {}: encoding is canonical",
            case.name
        );
        assert_eq!(bytes[0], 1, "version byte");
        assert_eq!(bytes[1], kind.code());
    });
}

#[test]
fn decoding_junk_is_an_error_never_a_panic() {
    let mut rng = Rng(99);
    each_pair(|kind, case| {
        let mut bytes = Vec::new();
        build(kind, &case.cells, 0..case.cells.len(), 0).encode(&mut bytes);
        // Every truncation is an error (a sample of them for long states: each decode reads
        // the whole state, so all of them would be quadratic).
        let lengths: Vec<usize> = match bytes.len() {
            n if n <= 2000 => (0..n).collect(),
            n => (0..500)
                .chain(n - 500..n)
                .chain((0..500).map(|_| rng.below(n as u64) as usize))
                .collect(),
        };
        for len in lengths {
            let err = State::decode(&bytes[..len]).expect_err("a truncated state");
            assert_eq!(err.kind, ErrorKind::InvalidState);
        }
        // Corrupted bytes may happen to decode, but must not panic, and neither may using
        // what they decode to.
        for _ in 0..200 {
            let mut bad = bytes.clone();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(bad.len() as u64) as usize;
                bad[i] = rng.next() as u8;
            }
            if let Ok(state) = State::decode(&bad) {
                let _ = state.finalize();
                let mut merged = fresh(state.kind());
                let _ = merged.merge(&state);
            }
        }
        let mut wrong_version = bytes.clone();
        wrong_version[0] = 2;
        assert_eq!(
            State::decode(&wrong_version).unwrap_err().kind,
            ErrorKind::InvalidState
        );
        bytes.push(0);
        assert_eq!(
            State::decode(&bytes).unwrap_err().kind,
            ErrorKind::InvalidState
        );
    });
    for _ in 0..20_000 {
        let len = rng.below(40) as usize;
        let mut junk: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if len > 2 && rng.below(2) == 0 {
            junk[0] = 1; // a valid version, to reach the payload readers
            junk[1] = 1 + rng.below(17) as u8;
        }
        if let Ok(state) = State::decode(&junk) {
            let _ = state.finalize();
        }
    }
}

#[test]
fn states_of_different_aggregates_do_not_merge() {
    let mut sum = fresh(AggKind::Sum);
    assert_eq!(
        sum.merge(&fresh(AggKind::Mean)).unwrap_err().kind,
        ErrorKind::InvalidState
    );
    let mut min = fresh(AggKind::Min);
    assert!(min.merge(&fresh(AggKind::Max)).is_err());
    let mut q = State::new(AggKind::Quantile, &[Value::Float(0.1)]).unwrap();
    assert!(q
        .merge(&State::new(AggKind::Quantile, &[Value::Float(0.2)]).unwrap())
        .is_err());
}

#[test]
fn constant_arguments_are_checked() {
    assert!(State::new(AggKind::Quantile, &[]).is_err());
    assert!(State::new(AggKind::Quantile, &[Value::Float(2.0)]).is_err());
    assert!(State::new(AggKind::Quantile, &[Value::Text("half".into())]).is_err());
    assert!(State::new(AggKind::StringAgg, &[Value::Int(1)]).is_err());
    assert!(State::new(AggKind::Sum, &[Value::Int(1)]).is_err());
    assert_eq!(
        State::new(AggKind::Median, &[]).unwrap().kind(),
        AggKind::Median
    );
}

#[test]
fn sketches_stay_within_their_documented_error() {
    let mut rng = Rng(5);
    for q in [0.0, 0.01, 0.25, 0.5, 0.9, 0.99, 1.0] {
        let (mut approx, mut exact) = (
            State::new(AggKind::ApproxQuantile, &[Value::Float(q)]).unwrap(),
            State::new(AggKind::Quantile, &[Value::Float(q)]).unwrap(),
        );
        for i in 0..5000 {
            // Positive values over nine orders of magnitude.
            let v = Value::Float(10f64.powf(rng.below(9_000_000) as f64 / 1e6) * 1e-3);
            approx.update(&v, Pos::row(i)).unwrap();
            exact.update(&v, Pos::row(i)).unwrap();
        }
        let (Ok(Value::Float(a)), Ok(Value::Float(e))) = (approx.finalize(), exact.finalize())
        else {
            panic!("floats expected");
        };
        assert!((a - e).abs() <= 0.01 * e, "q {q}: {a} vs {e}");
    }
    for n in [10u64, 2048, 2049, 5000, 60_000] {
        let mut hll = State::new(AggKind::ApproxCountDistinct, &[]).unwrap();
        for i in 0..n {
            // Each value twice: duplicates must not count.
            let v = Value::Int((i * 7919) as i64);
            hll.update(&v, Pos::row(2 * i)).unwrap();
            hll.update(&v, Pos::row(2 * i + 1)).unwrap();
        }
        let Ok(Value::Int(got)) = hll.finalize() else {
            panic!()
        };
        if n <= 2048 {
            assert_eq!(got as u64, n);
        } else {
            let error = (got as f64 - n as f64).abs() / n as f64;
            assert!(error < 4.0 * 0.0081, "{n}: {got}");
        }
    }
}

#[test]
fn sum_overflow_is_an_error_in_every_order() {
    let cells = [
        Value::Int(i64::MAX),
        Value::Int(5),
        Value::Int(i64::MAX),
        Value::Int(-i64::MAX),
    ];
    for cut in 0..=cells.len() {
        let mut head = build(AggKind::Sum, &cells, 0..cut, 0);
        head.merge(&build(AggKind::Sum, &cells, cut..cells.len(), 1))
            .unwrap();
        assert_eq!(head.finalize().unwrap_err().kind, ErrorKind::OutOfRange);
    }
}

#[test]
fn heap_estimates_grow_with_content() {
    for kind in [
        AggKind::Median,
        AggKind::CountDistinct,
        AggKind::Mode,
        AggKind::StringAgg,
    ] {
        let small = build(kind, &[Value::Int(1)], 0..1, 0).heap_bytes();
        let cells: Vec<Value> = (0..1000).map(Value::Int).collect();
        let large = build(kind, &cells, 0..1000, 0).heap_bytes();
        assert!(
            large >= 8000 && large > small,
            "{kind:?}: {small} -> {large}"
        );
    }
    assert_eq!(fresh(AggKind::CountRows).heap_bytes(), 0);
    // The docs quote the inline size; heap_bytes counts only what lies beyond it.
    #[cfg(target_pointer_width = "64")]
    assert!(std::mem::size_of::<State>() <= 192);
}
