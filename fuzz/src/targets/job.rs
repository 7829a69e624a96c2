//! Whole jobs: chunked against whole, and the parallel reader against one thread.

use crate::{chunks, options, Input};
use csv_kernels::format::OutputFormat;
use csv_kernels::run::parallel::run_parallel;
use csv_kernels::{Error, Job, Options, Pipeline, Stats};

fn run_job(spec: &str, pieces: &[&[u8]], options: Options) -> Option<JobRun> {
    let mut job = Job::new(spec, options).ok()?;
    let mut out = Vec::new();
    for piece in pieces {
        if let Err(e) = job.push(piece, &mut out) {
            return Some((out, Err(e)));
        }
        if job.is_done() {
            break;
        }
    }
    let result = job.finish(&mut out);
    Some((out, result))
}

/// Output bytes and the final result of a job.
type JobRun = (Vec<u8>, Result<Stats, Error>);

/// A job over random input and spec never panics, and feeding the input in chunks gives the
/// same output bytes and result (counters or error) as one chunk, and as the one-call `run`.
/// Input: spec length, spec, options byte, chunking seed, then the CSV.
pub fn job(data: &[u8]) {
    let mut input = Input::new(data);
    let spec_len = usize::from(input.byte());
    let Ok(spec) = std::str::from_utf8(input.take(spec_len)) else {
        return;
    };
    let options = options(input.byte());
    let seed = input.byte();
    let csv = input.rest();
    let Some(whole) = run_job(spec, &[csv], options) else {
        return; // a spec error: the pipeline target covers those
    };
    let Some(chunked) = run_job(spec, &chunks(csv, seed.max(1)), options) else {
        panic!("{spec:?} parsed once and then failed");
    };
    assert_eq!(
        (&whole.0, &whole.1),
        (&chunked.0, &chunked.1),
        "whole vs chunked (seed {seed})"
    );
    if let (Ok(stats), Ok((out, run_stats))) = (&whole.1, csv_kernels::run(spec, csv, &options)) {
        assert_eq!((&whole.0, stats), (&out, &run_stats), "Job vs run");
    }
}

/// What `run_parallel` may fail with: the core's error, or I/O (never, on a slice and a Vec).
#[derive(Debug)]
enum Failed {
    Csv(Error),
    Io(String),
}

impl From<Error> for Failed {
    fn from(e: Error) -> Failed {
        Failed::Csv(e)
    }
}

impl From<std::io::Error> for Failed {
    fn from(e: std::io::Error) -> Failed {
        Failed::Io(e.to_string())
    }
}

/// The parallel reader on 2 to 5 threads with tiny ranges (so small inputs still cut into
/// many) writes the same bytes and ends with the same counters or error as one thread, in
/// every output format. Input: spec length, spec, options byte, threads and format, range
/// size, then the CSV.
pub fn parallel(data: &[u8]) {
    let mut input = Input::new(data);
    let spec_len = usize::from(input.byte());
    let Ok(spec) = std::str::from_utf8(input.take(spec_len)) else {
        return;
    };
    let Ok(pipeline) = Pipeline::parse(spec) else {
        return;
    };
    let mut options = options(input.byte());
    let shape = input.byte();
    let threads = 2 + usize::from(shape % 4);
    options.format = [
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Ndjson,
        OutputFormat::Json,
    ][usize::from(shape >> 2 & 3)];
    let range_bytes = 1 + usize::from(input.byte()) * 4;
    let csv = input.rest();
    let Some((one_out, one_result)) = run_job(spec, &[csv], options) else {
        panic!("{spec:?} parsed once and then failed");
    };
    let mut out = Vec::new();
    let result = run_parallel::<Failed>(&pipeline, &options, csv, &mut out, threads, range_bytes);
    let result = match result {
        Ok(stats) => Ok(stats),
        Err(Failed::Csv(e)) => Err(e),
        Err(Failed::Io(e)) => panic!("I/O error on a slice: {e}"),
    };
    assert_eq!(
        (&out, &result),
        (&one_out, &one_result),
        "{threads} threads, {range_bytes}-byte ranges vs one thread"
    );
}
