//! Property tests of the profile's mergeable state: an input cut into parts at any rows, each
//! part profiled on its own (with the header), the states sent through their byte encoding and
//! merged in any order, gives exactly the one-pass profile.

use csv_kernels::profile::{ProfileState, EXACT_LIMIT};
use csv_kernels::{Options, Profile, Profiler};

/// xorshift64*: a few lines of deterministic noise, so every run checks the same inputs.
struct Noise(u64);

impl Noise {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// One cell of a column of the given kind; every kind leaves some cells empty.
fn cell(kind: usize, row: usize, noise: &mut Noise) -> String {
    if noise.below(9) == 0 {
        return String::new();
    }
    let r = noise.below(1_000_000);
    match kind {
        0 => format!("{}", r as i64 % 2001 - 1000),
        // Floats written many ways, equal values among them (10, 1e1, 10.0; 0, -0.0).
        1 => ["10", "1e1", "10.0", "-0.0", "0", "2.5", "-3.25e2", "1e-3"][r as usize % 8].into(),
        2 => format!("{}.{}", r % 97, r % 10),
        3 => ["apple", "Pear", "fig", "fig ", "kiwi", "\u{e9}t\u{e9}"][r as usize % 6].into(),
        4 => ["true", "false", "TRUE"][r as usize % 3].into(),
        5 => format!("2024-0{}-1{}", 1 + r % 9, r % 10),
        // Day and month both at most 12 until one late row decides the order.
        6 if row == 150 => "25/12/2023".into(),
        6 => format!("0{}/1{}/2024", 1 + r % 9, r % 3),
        7 => format!(
            "2024-03-0{} {:02}:{:02}:0{}.5",
            1 + r % 9,
            r % 24,
            r % 60,
            r % 10
        ),
        // Dates until a word turns the column into text.
        _ if row == 90 => "soon".into(),
        _ => format!("2023-1{}-0{}", r % 3, 1 + r % 9),
    }
}

fn table(rows: usize, noise: &mut Noise) -> Vec<String> {
    let kinds = 9;
    let mut lines = vec![(0..kinds)
        .map(|k| format!("c{k}"))
        .collect::<Vec<_>>()
        .join(",")];
    for row in 0..rows {
        let cells: Vec<String> = (0..kinds).map(|k| cell(k, row, noise)).collect();
        lines.push(cells.join(","));
    }
    lines
}

fn csv(header: &str, rows: &[String]) -> Vec<u8> {
    let mut out = format!("{header}\n");
    rows.iter().for_each(|r| {
        out.push_str(r);
        out.push('\n');
    });
    out.into_bytes()
}

/// A part's state, sent through its bytes as another runtime would receive it.
fn state(bytes: &[u8]) -> ProfileState {
    let mut p = Profiler::new(Options::default());
    p.push(bytes).unwrap();
    let mut encoded = Vec::new();
    p.finish_state().unwrap().encode(&mut encoded);
    ProfileState::decode(&encoded).unwrap()
}

fn one_pass(bytes: &[u8]) -> Profile {
    csv_kernels::profile(bytes, &Options::default()).unwrap()
}

/// The profile of the parts cut at `cuts`, merged right to left (the last part first).
fn merged(lines: &[String], cuts: &[usize]) -> Profile {
    let (header, rows) = (&lines[0], &lines[1..]);
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(rows.len());
    let mut parts: Vec<ProfileState> = (bounds.windows(2))
        .map(|w| state(&csv(header, &rows[w[0]..w[1]])))
        .collect();
    let mut total = parts.pop().unwrap();
    while let Some(part) = parts.pop() {
        total.merge(&part).unwrap();
    }
    total.finish()
}

#[test]
fn any_split_merges_to_the_one_pass_profile() {
    let mut noise = Noise(0x5eed_cafe);
    for round in 0..12 {
        let rows = [0, 1, 2, 40, 200, 400][round % 6];
        let lines = table(rows, &mut noise);
        let whole = one_pass(&csv(&lines[0], &lines[1..]));
        for _ in 0..6 {
            let a = noise.below(rows as u64 + 1) as usize;
            let b = noise.below(rows as u64 + 1) as usize;
            let cuts = [a.min(b), a.max(b)];
            assert_eq!(
                merged(&lines, &cuts[..1]),
                whole,
                "rows {rows}, cut {cuts:?}"
            );
            assert_eq!(
                merged(&lines, &cuts).to_json(),
                whole.to_json(),
                "rows {rows}, cuts {cuts:?}"
            );
        }
    }
}

#[test]
fn the_merged_types_are_the_one_pass_types() {
    // Checks the table above really exercises every type, and the late deciding rows.
    let lines = table(400, &mut Noise(7));
    let whole = one_pass(&csv(&lines[0], &lines[1..]));
    let types: Vec<&str> = whole.columns.iter().map(|c| c.column_type.name()).collect();
    let expected = [
        "integer", "float", "float", "text", "boolean", "date", "date", "datetime", "text",
    ];
    assert_eq!(types, expected);
    assert_eq!(whole.columns[6].date_format.as_deref(), Some("%d/%m/%Y"));
    assert_eq!(
        merged(&lines, &[100]).columns[6].date_format.as_deref(),
        Some("%d/%m/%Y")
    );
}

/// Word `k` of twelve comes `12 - k` times in every 78 calls: counts far apart.
fn frequent_word(call: usize) -> String {
    let mut m = call % 78;
    for k in 0..12 {
        if m < 12 - k {
            return format!("w{k}");
        }
        m -= 12 - k;
    }
    unreachable!()
}

#[test]
fn past_the_exact_limit_the_sketches_merge_exactly() {
    // Unique ids, numbers and datetimes, and twelve frequent words far apart in count.
    let mut lines = vec!["id,x,t,word".to_owned()];
    let mut noise = Noise(99);
    for i in 0..EXACT_LIMIT + 6000 {
        let r = noise.below(1 << 40);
        let word = match i % 4 {
            0 => frequent_word(i / 4),
            _ => format!("rare{i}"),
        };
        lines.push(format!(
            "id{i},{}.{},2024-01-01T{:02}:{:02}:{:02}.{:06},{word}",
            r % 100_000,
            r % 1000,
            (r >> 8) % 24,
            (r >> 16) % 60,
            (r >> 24) % 60,
            r % 1_000_000
        ));
    }
    let whole = one_pass(&csv(&lines[0], &lines[1..]));
    assert!(whole.columns.iter().all(|c| c.approximate));
    // Unique ids have no value frequent enough to report; the words do.
    assert_eq!(whole.columns[0].top_values, Some(vec![]));
    let words = whole.columns[3].top_values.as_ref().unwrap();
    assert_eq!(
        words.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(),
        ["w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9"]
    );
    let n = whole.columns[0].count as f64;
    let id_error = (whole.columns[0].distinct as f64 - n).abs() / n;
    assert!(
        id_error < 0.04,
        "HyperLogLog estimate {}",
        whole.columns[0].distinct
    );
    for cuts in [
        vec![3],
        vec![EXACT_LIMIT - 1],
        vec![2000, 9000],
        vec![15000],
    ] {
        let mut parts = merged(&lines, &cuts);
        // Misra–Gries merges within its bound, not exactly: compare its counts apart.
        let bound = (n / (EXACT_LIMIT as f64 + 1.0)).ceil() as u64;
        for (mine, whole) in parts.columns.iter_mut().zip(&whole.columns) {
            let got = mine.top_values.take().unwrap_or_default();
            let want = whole.top_values.clone().unwrap_or_default();
            assert_eq!(got.len(), want.len(), "{}: cuts {cuts:?}", whole.name);
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g.value, w.value, "cuts {cuts:?}");
                assert!(g.count.abs_diff(w.count) <= bound, "{g:?} vs {w:?}");
            }
            mine.top_values = whole.top_values.clone();
        }
        assert_eq!(parts, whole, "cuts {cuts:?}");
    }
}

#[test]
fn states_from_other_inputs_are_refused() {
    let a = state(b"x,y\n1,2\n");
    let mut b = state(b"x\n1\n");
    assert!(b.merge(&a).is_err());
    let mut bytes = Vec::new();
    a.encode(&mut bytes);
    for cut in 0..bytes.len() {
        assert!(ProfileState::decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    bytes.push(0);
    assert!(ProfileState::decode(&bytes).is_err());
}

#[test]
fn corrupt_states_are_errors_or_profiles_never_panics() {
    // Few rows keep the state short enough to corrupt at every byte.
    let lines = table(6, &mut Noise(3));
    let mut p = Profiler::new(Options::default());
    p.push(&csv(&lines[0], &lines[1..])).unwrap();
    let mut bytes = Vec::new();
    p.finish_state().unwrap().encode(&mut bytes);
    assert!(bytes.len() < 4000, "{} bytes", bytes.len());
    for i in 2..bytes.len() {
        for value in [0u8, 1, 2, 0x7f, 0xff] {
            let mut bad = bytes.clone();
            bad[i] = value;
            if let Ok(mut state) = ProfileState::decode(&bad) {
                let copy = state.clone();
                let _ = state.merge(&copy);
                let _ = state.finish().to_json();
            }
        }
    }
}
