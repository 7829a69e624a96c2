//! Every golden case through the core, fed whole and in many chunkings (a chunk may end
//! anywhere: mid-quote, mid-CRLF, mid-UTF-8 sequence, mid-BOM).

mod common;

use common::{load_cases, Case, Expected};
use csv_kernels::{Error, Job, Options, Profiler, Stats};

const CHUNK_SIZES: [usize; 7] = [usize::MAX, 1, 2, 3, 5, 7, 64];

fn options(case: &Case) -> Options {
    let mut o = Options::default();
    for (k, v) in &case.options {
        o.set(k, v).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    }
    o
}

fn chunks(input: &[u8], size: usize) -> impl Iterator<Item = &[u8]> {
    input
        .chunks(size.min(input.len().max(1)))
        .chain(input.is_empty().then_some(&[][..]))
}

fn run_case(case: &Case, size: usize) -> Result<(Vec<u8>, Option<Stats>), Error> {
    let options = options(case);
    match &case.pipeline {
        Some(pipeline) => {
            let mut job = Job::new(pipeline, options)?;
            for (name, bytes) in &case.tables {
                job.attach(name, bytes.clone());
            }
            let mut out = Vec::new();
            for chunk in chunks(&case.input, size) {
                job.push(chunk, &mut out)?;
            }
            let stats = job.finish(&mut out)?;
            Ok((out, Some(stats)))
        }
        None => {
            let mut profiler = Profiler::new(options);
            for chunk in chunks(&case.input, size) {
                profiler.push(chunk)?;
            }
            Ok(((profiler.finish()?.to_json() + "\n").into_bytes(), None))
        }
    }
}

fn stats_line(s: &Stats) -> String {
    format!(
        "rows_in={} rows_out={} rows_skipped={} cells_nulled={}",
        s.rows_in, s.rows_out, s.rows_skipped, s.cells_nulled
    )
}

#[test]
fn golden_cases() {
    let cases = load_cases();
    // Every folder of tests/cases is a case this runner runs: none left out.
    let folders = std::fs::read_dir(common::cases_dir())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(cases.len(), folders, "a case folder was not loaded");
    let mut failures = Vec::new();
    for case in &cases {
        for size in CHUNK_SIZES {
            let got = run_case(case, size);
            let problem = match (&case.expected, &got) {
                (Expected::Output(want), Ok((out, stats))) => {
                    if out != want {
                        Some(format!(
                            "output differs:\n want {:?}\n  got {:?}",
                            String::from_utf8_lossy(want),
                            String::from_utf8_lossy(out)
                        ))
                    } else {
                        match (&case.stats, stats) {
                            (Some(want), Some(s)) if *want != stats_line(s) => {
                                Some(format!("stats: want {want}, got {}", stats_line(s)))
                            }
                            _ => None,
                        }
                    }
                }
                (Expected::Error { kind, line, column }, Err(e)) => {
                    let got = (e.kind.name(), e.position.line, e.position.column);
                    (got != (kind.as_str(), *line, *column)).then(|| {
                        format!(
                            "error: want {kind} {line} {column}, got {} {} {} ({e})",
                            got.0, got.1, got.2
                        )
                    })
                }
                (Expected::Output(_), Err(e)) => Some(format!("unexpected error: {e}")),
                (Expected::Error { kind, .. }, Ok((out, _))) => Some(format!(
                    "expected {kind}, got output {:?}",
                    String::from_utf8_lossy(out)
                )),
            };
            if let Some(p) = problem {
                failures.push(format!("{} (chunk size {size}): {p}", case.name));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// A function is one registry entry, its code and at least one golden case: every function
/// and every available step appears in some case's pipeline.
#[test]
fn every_function_and_step_has_a_golden_case() {
    let pipelines: Vec<String> = load_cases()
        .into_iter()
        .filter_map(|c| c.pipeline)
        .collect();
    let used = |needle: &str| pipelines.iter().any(|p| p.contains(needle));
    for f in csv_kernels::registry::functions() {
        assert!(
            used(&format!("{}(", f.name)),
            "no golden case calls {}",
            f.name
        );
    }
    for step in csv_kernels::registry::steps() {
        for word in std::iter::once(&step.name).chain(step.aliases) {
            assert!(
                used(&format!("{word} ")),
                "no golden case uses the step {word}"
            );
        }
    }
}
