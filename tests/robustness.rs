//! Randomized checks that no input panics, and that how the input is chunked never changes
//! the result. A fixed-seed generator keeps every run reproducible.

use csv_kernels::{Error, Job, Options, Pipeline, Profiler};

/// xorshift64*: tiny, deterministic, good enough to spread test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes weighted towards what makes CSV hard: quotes, separators, line ends, NUL, broken UTF-8.
fn random_csv(rng: &mut Rng) -> Vec<u8> {
    const PIECES: &[&[u8]] = &[
        b",",
        b",",
        b"\"",
        b"\"\"",
        b"\n",
        b"\r\n",
        b"\r",
        b"a",
        b"value",
        b"12",
        b"145",
        b"-3",
        b"1.5",
        b" ",
        b"\0",
        b"\xff",
        b"\xc3",
        b"\xc3\xa9",
        b"\xef\xbb\xbf",
        b";",
        b"x\"y",
        b"99999999999999999999",
    ];
    let mut out = if rng.below(3) == 0 {
        b"value,b\n".to_vec()
    } else {
        Vec::new()
    };
    for _ in 0..rng.below(60) {
        let piece = *rng.pick(PIECES);
        out.extend_from_slice(piece);
    }
    out
}

const PIPELINES: &[&str] = &[
    "",
    "derive d = digit_factorial_sum(value)",
    "derive p = is_prime(#1) | where p = \"true\"",
    "where #1 > 10 | limit 3",
    "select #2, #1 | where #1 contains \"a\"",
    "limit 1",
];

fn options(rng: &mut Rng) -> Options {
    use csv_kernels::OnError::{Fail, Null, Skip};
    let mut o = Options {
        on_error: *rng.pick(&[Fail, Skip, Null]),
        header: rng.below(2) == 0,
        ..Options::default()
    };
    if rng.below(4) == 0 {
        o.limits.max_field_bytes = 1 + rng.below(8);
    }
    o
}

fn run_job(
    pipeline: &str,
    options: Options,
    input: &[u8],
    cuts: &[usize],
) -> Result<Vec<u8>, Error> {
    let mut job = Job::new(pipeline, options)?;
    let mut out = Vec::new();
    let mut start = 0;
    for &cut in cuts.iter().chain([input.len()].iter()) {
        job.push(&input[start..cut], &mut out)?;
        start = cut;
    }
    job.finish(&mut out)?;
    Ok(out)
}

fn run_profile(options: Options, input: &[u8], cuts: &[usize]) -> Result<String, Error> {
    let mut p = Profiler::new(options);
    let mut start = 0;
    for &cut in cuts.iter().chain([input.len()].iter()) {
        p.push(&input[start..cut])?;
        start = cut;
    }
    Ok(p.finish()?.to_json())
}

#[test]
fn chunking_never_changes_the_result() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let input = random_csv(&mut rng);
        let options = options(&mut rng);
        let pipeline = *rng.pick(PIPELINES);
        let mut cuts: Vec<usize> = (0..rng.below(6))
            .map(|_| rng.below(input.len() + 1))
            .collect();
        cuts.sort();
        let whole = run_job(pipeline, options, &input, &[]);
        let chunked = run_job(pipeline, options, &input, &cuts);
        assert_eq!(
            whole,
            chunked,
            "pipeline {pipeline:?}, input {:?}, cuts {cuts:?}",
            String::from_utf8_lossy(&input)
        );
        assert_eq!(
            run_profile(options, &input, &[]),
            run_profile(options, &input, &cuts)
        );
    }
}

#[test]
fn random_specs_parse_or_fail_cleanly_and_round_trip() {
    const TOKENS: &[&str] = &[
        "select",
        "where",
        "derive",
        "limit",
        "contains",
        "value",
        "`a b`",
        "#2",
        "#0",
        "=",
        "!=",
        "<",
        ">=",
        "==",
        ",",
        "(",
        ")",
        "|",
        "\n",
        " ",
        "\"t\\\"x\"",
        "\"open",
        "12",
        "-1.5e3",
        "1x",
        "digit_factorial_sum",
        "is_prime",
        "é",
        "`",
        "#",
    ];
    let mut rng = Rng(42);
    for _ in 0..20_000 {
        let spec: String = (0..rng.below(12))
            .map(|_| *rng.pick(TOKENS))
            .collect::<Vec<_>>()
            .join(" ");
        match Pipeline::parse(&spec) {
            Ok(p) => assert_eq!(
                Pipeline::parse(&p.to_string()).map(|q| q.to_string()),
                Ok(p.to_string()),
                "{spec:?}"
            ),
            Err(e) => assert!(
                e.kind.is_spec_error() && e.position.line >= 1 && e.position.column >= 1,
                "{spec:?}: {e:?}"
            ),
        }
    }
}
