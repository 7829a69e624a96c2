//! Running a pipeline on every core: the input is read in blocks, each block is cut into byte
//! ranges that start at record starts ([`split`]), and the ranges run at the same time, each
//! in its own [`Job`], while this thread writes the block before and reads the block after.
//! Output, counters and errors are exactly those of one thread:
//!
//! - every range's job first reads the input's first record (the header, or the first row
//!   without a header) so it binds the pipeline and checks field counts as one thread would;
//!   that record's output and counters are taken off again;
//! - outputs are written in input order; an error's line, record and byte are shifted from
//!   its range to the whole input, and the first range to fail ends the run, after the output
//!   of the ranges before it and of its own rows before the error;
//! - a cut that proves wrong (see [`split`]) is redone on one thread from the last proven record
//!   start to the last record start an exact quote walk finds in the block; cutting then
//!   resumes (only a block without any such start sends the rest of the input to one thread).
//!
//! Pipelines whose steps are per-row (select, drop, rename, filter, derive, cast) with a
//! row-by-row output format run in parallel, and so do per-row steps ending at a `group`,
//! `aggregate` or `distinct` (as parts merged on this thread); `take`/`limit` and anything
//! else run on one thread. On wasm32 (no threads) everything runs on one thread.

mod blocks;
mod merged;
mod ranges;
mod split;

use crate::error::{Error, Result};
use crate::format::OutputFormat;
use crate::input::Compression;
use crate::lang::{Pipeline, Role, Step};
use crate::options::{Options, Sniff};
use crate::reader::classify::{Classifier, Path};
use crate::run::job::{Job, Stats};
use crate::run::RunContext;
use crate::sniff::SAMPLE_BYTES;
use merged::Merged;
use ranges::{Prefix, Run};
use std::io::{self, Read, Write};

/// Input bytes per thread in each block: large enough that starting threads costs nothing
/// next to the work, small enough that a file of megabytes is several blocks (the first
/// block's reading and the last one's writing overlap no work) and that the buffers, each
/// page of which the kernel faults in and zeroes once, stay small.
pub const RANGE_BYTES: usize = 1 << 20;

/// Whether `pipeline` gives the same output when its input is cut into ranges run apart:
/// row by row, or in parts merged on the calling thread.
pub fn is_parallel_safe(pipeline: &Pipeline, options: &Options) -> bool {
    // A comment line may hold a quote, which would mislead the search for record starts.
    (is_row_by_row(pipeline, options) || runs_in_parts(pipeline, options))
        && options.comment.is_none()
        && !cfg!(target_arch = "wasm32")
}

/// Whether ranges run apart give the output when their outputs are simply concatenated: every
/// step is per row (select, drop, rename, filter, derive, cast) and so is the output format.
pub fn is_row_by_row(pipeline: &Pipeline, options: &Options) -> bool {
    let row_by_row_output = matches!(
        options.format,
        OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Ndjson
    );
    // Sniffing is decided once from the input's first bytes, before any cut (run_parallel).
    row_by_row_output && pipeline.steps.iter().all(is_per_row)
}

fn is_per_row(step: &Step) -> bool {
    step.role() == Role::PerRow
}

/// Whether the ranges run as parts of a split run ([`Job::part`]) merged on this thread: a
/// pipeline whose per-row steps end at a `group`, `aggregate` or `distinct`, whose parts hand
/// over much less than they read. The input needs a header (every range reads it first; a
/// first data row could not be taken off a part's partial states again).
fn runs_in_parts(pipeline: &Pipeline, options: &Options) -> bool {
    let Some(at) = pipeline.steps.iter().position(Step::is_blocking) else {
        return false;
    };
    let per_row = pipeline.steps[..at].iter().all(is_per_row);
    let reduces = pipeline.steps[at].role() == Role::Reduces;
    options.header && per_row && reduces
}

/// Runs `pipeline` over a whole input in memory on `threads` threads.
///
/// ```
/// use csv_kernels::{run::parallel::run_ranges, Options, Pipeline};
/// let pipeline = Pipeline::parse("derive d = digit_factorial_sum(value)")?;
/// let input = b"id,value\n1,145\n2,\"40585\"\n";
/// let (out, stats) = run_ranges(&pipeline, input, &Options::default(), 2)?;
/// assert_eq!(out, b"id,value,d\n1,145,145\n2,40585,40585\n");
/// assert_eq!(stats.rows_out, 2);
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub fn run_ranges(
    pipeline: &Pipeline,
    input: &[u8],
    options: &Options,
    threads: usize,
) -> Result<(Vec<u8>, Stats)> {
    let mut out = Vec::with_capacity(input.len() + input.len() / 4);
    let stats = run_parallel::<Failure>(pipeline, options, input, &mut out, threads, RANGE_BYTES)
        .map_err(|f| match f {
        Failure::Csv(e) => e,
        // Reading a slice and writing a Vec cannot fail; keep the message if it ever does.
        Failure::Io(e) => Error::plain(crate::ErrorKind::JobFailed, e.to_string()),
    })?;
    Ok((out, stats))
}

/// Streams `input` through `pipeline` on `threads` threads, `range_bytes` of input per thread
/// at a time, writing the output in order as each block completes. Rows completed before an
/// error are written, as with one thread.
pub fn run_parallel<E>(
    pipeline: &Pipeline,
    options: &Options,
    input: impl Read,
    output: &mut impl Write,
    threads: usize,
    range_bytes: usize,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let run = RunContext {
        range_bytes,
        ..RunContext::new(pipeline, options, threads)
    };
    run_input(run, input, output)
}

/// [`run_parallel`] as the runners call it.
pub(crate) fn run_input<E>(
    run: RunContext,
    input: impl Read,
    output: &mut impl Write,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let (compressed, input) = peek_compressed(input)?;
    if compressed {
        // A compressed input cannot be cut into ranges: one job decompresses and runs it.
        let mut job = Job::with_pipeline(run.pipeline.clone(), *run.options);
        return crate::run::stream::run_job(&mut job, input, output);
    }
    run_plain(run, input, output)
}

/// Whether `input` starts compressed, and `input` to read from its start again.
fn peek_compressed(mut input: impl Read) -> io::Result<(bool, impl Read)> {
    let mut magic = Vec::with_capacity(2);
    (&mut input).take(2).read_to_end(&mut magic)?;
    let compressed = Compression::of(&magic).is_some_and(|c| c != Compression::None);
    Ok((compressed, io::Cursor::new(magic).chain(input)))
}

/// [`run_input`] for an input that is not compressed.
fn run_plain<E>(
    run: RunContext,
    mut input: impl Read,
    output: &mut impl Write,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let (pipeline, options) = (run.pipeline, run.options);
    if options.sniff != Sniff::Off && run.threads > 1 && is_parallel_safe(pipeline, options) {
        // Every range must read with one dialect: decide it from the input's first bytes (what
        // one job would sniff), then read those bytes again as the start of the input.
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        (&mut input)
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)?;
        let mut resolved = *options;
        crate::sniff::resolve(&mut resolved, &sample);
        let input = io::Cursor::new(sample).chain(input);
        return run_resolved(run.with_options(&resolved), input, output, None);
    }
    run_resolved(run, input, output, None)
}

/// [`run_parallel`] for a file after the first of many read as one input (with a header:
/// `header` is the first file's, already written), whose own header is read but not written.
/// The dialect must be decided already, and the pipeline row by row ([`is_row_by_row`]).
pub(crate) fn run_later_file<E>(
    run: RunContext,
    header: &[u8],
    input: impl Read,
    output: &mut impl Write,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let (pipeline, options) = (run.pipeline, run.options);
    let (compressed, input) = peek_compressed(input)?;
    let one_job =
        run.threads == 1 || !is_row_by_row(pipeline, options) || options.comment.is_some();
    if one_job || compressed || cfg!(target_arch = "wasm32") {
        // One job, which the first file's header binds and which then skips this file's.
        let mut job = Job::with_pipeline(pipeline.clone(), *options);
        let mut scratch = Vec::new();
        job.push(header, &mut scratch)?;
        job.next_file(&mut scratch)?;
        let mut stats = crate::run::stream::run_job::<E>(&mut job, input, output)?;
        stats.bytes_in -= header.len() as u64;
        return Ok(stats);
    }
    run_resolved(run, input, output, Some(header))
}

/// [`run_parallel`] once the dialect is known.
fn run_resolved<E>(
    context: RunContext,
    mut input: impl Read,
    output: &mut impl Write,
    later: Option<&[u8]>,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let (pipeline, options) = (context.pipeline, context.options);
    let range_bytes = context.range_bytes;
    if later.is_none() && (context.threads == 1 || !is_parallel_safe(pipeline, options)) {
        let mut job = Job::with_pipeline(pipeline.clone(), *options);
        return crate::run::stream::run_job(&mut job, input, output);
    }
    let parts = runs_in_parts(pipeline, options);
    let mut run = Run {
        context,
        // Whole jobs until the merge exists: a run that never gets past its first record is
        // one thread's.
        parts: false,
        classifier: Classifier::new(options.delimiter, options.quote, Path::detect()),
        buf: Vec::new(),
        eof: false,
        stats: Stats::default(),
        base: 0,
        lines_before: 0,
        records_before: 0,
        spare: Vec::new(),
        later,
    };
    // The first record, found exactly by the reader, is what every range reads first.
    let prefix = loop {
        match run.first_record_end() {
            Ok(Some(end)) => match Prefix::new(pipeline, options, &run.buf[..end]) {
                Some(prefix) => break prefix,
                None => return run.sequential(None, 0, input, output),
            },
            Ok(None) if !run.eof => {
                let want = (run.buf.len() * 2).max(range_bytes.clamp(64, 64 << 10));
                run.fill(&mut input, want)?;
            }
            _ => return run.sequential(None, 0, input, output),
        }
    };
    if later.is_some() {
        // This file's header is read first by every range, as by any range after an input's
        // first; no range writes it (the first file's output began with it).
        let n = prefix.bytes.len();
        run.buf.drain(..n);
        run.base = n as u64;
        run.lines_before = prefix.line_ends;
        run.records_before = 1;
        return run.blocks(&prefix, false, input, output);
    }
    if parts {
        run.parts = true;
        // The ranges' outputs are parts: a merge on this thread turns them into the output.
        let merge = Job::merging(pipeline.clone(), *options, &prefix.bytes)?;
        let mut merged = Merged::new(merge, output);
        let streamed = run.blocks::<E>(&prefix, true, input, &mut merged);
        return merged.finish(streamed);
    }
    run.blocks(&prefix, true, input, output)
}

/// The two ways a streamed run fails: for [`run_ranges`] and tests that stream.
#[derive(Debug)]
pub(crate) enum Failure {
    Csv(Error),
    Io(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Csv(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e)
    }
}

#[cfg(test)]
mod tests;
