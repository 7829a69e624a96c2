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

mod split;

use crate::error::{Error, Result};
use crate::format::OutputFormat;
use crate::job::{Job, Stats};
use crate::options::{Options, Sniff};
use crate::pipeline::{Pipeline, Step};
use crate::reader::classify::{Classifier, Path};
use crate::reader::{Flow, Reader};
use crate::sniff::SAMPLE_BYTES;
use std::io::{self, Read, Write};

/// Input bytes per thread in each block: large enough that starting threads costs nothing
/// next to the work, small enough that a file of megabytes is several blocks (the first
/// block's reading and the last one's writing overlap no work) and that the buffers, each
/// page of which the kernel faults in and zeroes once, stay small.
pub const RANGE_BYTES: usize = 1 << 20;

/// Whether `pipeline` gives the same output when its input is cut into ranges run apart:
/// row by row, or in parts merged on the calling thread.
pub fn is_parallel_safe(pipeline: &Pipeline, options: &Options) -> bool {
    (is_row_by_row(pipeline, options) || runs_in_parts(pipeline, options))
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
    matches!(
        step,
        Step::Select(_)
            | Step::Drop(_)
            | Step::Rename(_)
            | Step::Filter { .. }
            | Step::DeriveExprs(_)
            | Step::Derive { .. }
            | Step::Cast(_)
    )
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
    let reduces = matches!(pipeline.steps[at], Step::Group { .. } | Step::Distinct(_));
    options.header && per_row && reduces
}

/// Runs `pipeline` over a whole input in memory on `threads` threads.
///
/// ```
/// use csv_kernels::{reader::parallel::run_ranges, Options, Pipeline};
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
    mut input: impl Read,
    output: &mut impl Write,
    threads: usize,
    range_bytes: usize,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let threads = threads.max(1);
    if options.sniff != Sniff::Off && threads > 1 && is_parallel_safe(pipeline, options) {
        // Every range must read with one dialect: decide it from the input's first bytes (what
        // one job would sniff), then read those bytes again as the start of the input.
        let mut sample = Vec::with_capacity(SAMPLE_BYTES);
        (&mut input)
            .take(SAMPLE_BYTES as u64)
            .read_to_end(&mut sample)?;
        let mut resolved = *options;
        crate::sniff::resolve(&mut resolved, &sample);
        let input = io::Cursor::new(sample).chain(input);
        return run_resolved(
            pipeline,
            &resolved,
            input,
            output,
            threads,
            range_bytes,
            None,
        );
    }
    run_resolved(pipeline, options, input, output, threads, range_bytes, None)
}

/// [`run_parallel`] for a file after the first of many read as one input (with a header:
/// `header` is the first file's, already written), whose own header is read but not written.
/// The dialect must be decided already, and the pipeline row by row ([`is_row_by_row`]).
pub(crate) fn run_later_file<E>(
    pipeline: &Pipeline,
    options: &Options,
    header: &[u8],
    input: impl Read,
    output: &mut impl Write,
    threads: usize,
    range_bytes: usize,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    if threads == 1 || !is_row_by_row(pipeline, options) || cfg!(target_arch = "wasm32") {
        // One job, which the first file's header binds and which then skips this file's.
        let mut job = Job::with_pipeline(pipeline.clone(), *options);
        let mut scratch = Vec::new();
        job.push(header, &mut scratch)?;
        job.next_file(&mut scratch)?;
        let mut stats = crate::stream::run_job::<E>(&mut job, input, output)?;
        stats.bytes_in -= header.len() as u64;
        return Ok(stats);
    }
    let later = Some(header);
    run_resolved(
        pipeline,
        options,
        input,
        output,
        threads,
        range_bytes,
        later,
    )
}

/// [`run_parallel`] once the dialect is known.
fn run_resolved<E>(
    pipeline: &Pipeline,
    options: &Options,
    mut input: impl Read,
    output: &mut impl Write,
    threads: usize,
    range_bytes: usize,
    later: Option<&[u8]>,
) -> std::result::Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    if later.is_none() && (threads == 1 || !is_parallel_safe(pipeline, options)) {
        let mut job = Job::with_pipeline(pipeline.clone(), *options);
        return crate::stream::run_job(&mut job, input, output);
    }
    let parts = runs_in_parts(pipeline, options);
    let mut run = Run {
        pipeline,
        options,
        // Whole jobs until the merge exists: a run that never gets past its first record is
        // one thread's.
        parts: false,
        threads,
        range_bytes,
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

impl Run<'_> {
    /// Cuts the input after the prefix into blocks of ranges and runs them. While a block's
    /// ranges run, this thread writes the previous block's output and reads the next block, so
    /// the input and output (often as much system time as the work itself) overlap the work.
    fn blocks<E>(
        &mut self,
        prefix: &Prefix,
        mut first: bool,
        mut input: impl Read,
        output: &mut impl Write,
    ) -> std::result::Result<Stats, E>
    where
        E: From<Error> + From<io::Error>,
    {
        let run = self;
        let options = run.options;
        let (threads, range_bytes) = (run.threads, run.range_bytes);
        // The previous block's outputs, proven and in order, written while this block runs.
        let mut pending: Vec<Vec<u8>> = Vec::new();
        // The next block: the bytes after this block's last cut, then what is read meanwhile.
        let mut next: Vec<u8> = Vec::new();
        loop {
            let want = threads * range_bytes + if first { prefix.bytes.len() } else { 0 };
            if run.buf.len() < want && !run.eof {
                run.fill(&mut input, want)?;
            }
            let skip = if first { prefix.bytes.len() } else { 0 };
            let Some(cuts) = split::cuts(&run.buf[skip..], options.quote, threads, run.eof) else {
                run.write_pending(&mut pending, output)?;
                // No complete record yet. A record can only be so long before the reader rejects
                // it (an unclosed quote never ends one): past that, let one thread say so.
                let bound = want.saturating_add(options.limits.max_record_bytes.saturating_mul(2));
                if run.buf.len() > bound {
                    return run.sequential((!first).then_some(prefix), 0, input, output);
                }
                run.fill(&mut input, run.buf.len() * 2)?; // read more
                continue;
            };
            let ends: Vec<usize> = cuts.iter().map(|c| c + skip).collect();
            let block_end = ends[ends.len() - 1];
            let at_end = run.eof;
            let next_want = threads * range_bytes;
            next.clear();
            next.extend_from_slice(&run.buf[block_end..]);
            let outs = (0..ends.len())
                .map(|_| run.spare.pop().unwrap_or_default())
                .collect();
            let (results, (wrote, read)) = run.block(prefix, first, &ends, outs, || {
                let wrote = pending.iter().try_for_each(|out| output.write_all(out));
                let read = match (&wrote, at_end) {
                    (Ok(()), false) => {
                        let want = next_want.max(next.len() + 1);
                        read_to(&mut next, &mut input, want)
                    }
                    _ => Ok(at_end),
                };
                (wrote, read)
            });
            for mut out in pending.drain(..) {
                run.stats.bytes_out += out.len() as u64;
                out.clear();
                run.spare.push(out);
            }
            wrote?;
            let mut start = 0;
            let mut redone = None;
            for (k, (walk, result)) in results.into_iter().enumerate() {
                let last_of_input = at_end && k == ends.len() - 1;
                if !last_of_input && !walk.ends_between_records {
                    // A wrong cut: this range's start is proven, so redo from there to the last
                    // record start an exact walk finds, on this thread, with the next block's
                    // bytes; the block after is cut afresh. Only when that fails does the rest
                    // of the input go to one thread.
                    run.write_pending(&mut pending, output)?;
                    run.buf.truncate(block_end);
                    run.buf.extend_from_slice(&next);
                    next.clear();
                    run.eof = *read.as_ref().map_err(clone_io)?;
                    if let Some(end) = run.redo::<E>(prefix, first && k == 0, start, output)? {
                        redone = Some(end);
                        break;
                    }
                    let range = (!(first && k == 0)).then_some(prefix);
                    run.buf.drain(..start);
                    run.base += start as u64;
                    return run.sequential(range, 0, input, output);
                }
                let shift = run.shift(prefix, first && k == 0, start);
                let (out, outcome) = result;
                pending.push(out);
                match outcome {
                    Ok(stats) => run.count(prefix, first && k == 0, &stats, walk.line_ends),
                    Err(e) => {
                        run.write_pending(&mut pending, output)?;
                        output.flush()?;
                        return Err(shift.apply(e).into());
                    }
                }
                start = ends[k];
            }
            if let Some(end) = redone {
                run.buf.drain(..end);
                run.base += end as u64;
            } else {
                // Rows read before a failed read are written, as with one thread.
                let eof = read.inspect_err(|_| {
                    let _ = run.write_pending(&mut pending, output);
                })?;
                std::mem::swap(&mut run.buf, &mut next);
                run.base += block_end as u64;
                run.eof = eof;
            }
            first = false;
            if run.eof && run.buf.is_empty() {
                break;
            }
        }
        run.write_pending(&mut pending, output)?;
        output.flush()?;
        run.stats.bytes_in = run.base;
        Ok(run.stats)
    }

    /// Writes the proven outputs not yet written, in order, and keeps their buffers.
    fn write_pending(
        &mut self,
        pending: &mut Vec<Vec<u8>>,
        output: &mut impl Write,
    ) -> io::Result<()> {
        for mut out in pending.drain(..) {
            output.write_all(&out)?;
            self.stats.bytes_out += out.len() as u64;
            out.clear();
            self.spare.push(out);
        }
        Ok(())
    }
}

/// An io error again, for a read error met while a wrong cut is redone.
fn clone_io(e: &io::Error) -> io::Error {
    io::Error::new(e.kind(), e.to_string())
}

/// Reads into `buf` until it holds `want` bytes; `true` when the input ended first.
fn read_to(buf: &mut Vec<u8>, input: &mut impl Read, want: usize) -> io::Result<bool> {
    let missing = want.saturating_sub(buf.len());
    buf.reserve(missing);
    // Reads into the spare capacity: no zeroing of megabytes that are read over at once.
    let n = input.take(missing as u64).read_to_end(buf)?;
    Ok(n < missing)
}

/// The output of a run in parts: the parts' outputs go into the merge job on this thread,
/// whose output goes to `inner` as it comes.
struct Merged<'w, W: Write> {
    job: Job,
    out: Vec<u8>,
    inner: &'w mut W,
    /// The merge's own error, kept whole (the `Write` trait can only pass an io error on).
    failed: Option<Error>,
}

impl<'w, W: Write> Merged<'w, W> {
    fn new(job: Job, inner: &'w mut W) -> Merged<'w, W> {
        Merged {
            job,
            out: Vec::new(),
            inner,
            failed: None,
        }
    }

    /// Ends the merge after the parts have run; the counters of rows out are the merge's.
    fn finish<E>(mut self, streamed: std::result::Result<Stats, E>) -> std::result::Result<Stats, E>
    where
        E: From<Error> + From<io::Error>,
    {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        let stats = streamed?;
        let merged = crate::stream::finish_to::<E>(&mut self.job, &mut self.out, self.inner)?;
        self.inner.write_all(&self.out)?;
        self.inner.flush()?;
        Ok(Stats {
            rows_out: merged.rows_out,
            bytes_out: merged.bytes_out,
            ..stats
        })
    }
}

impl<W: Write> Write for Merged<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.failed.is_some() {
            return Err(io::Error::other("the merge failed"));
        }
        let pushed = self.job.push(buf, &mut self.out);
        self.inner.write_all(&self.out)?;
        self.out.clear();
        pushed.map_err(|e| {
            let message = e.to_string();
            self.failed = Some(e);
            io::Error::other(message)
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// The input's first record with the line ends after it, and what a job makes of it alone.
struct Prefix {
    bytes: Vec<u8>,
    stats: Stats,
    line_ends: u64,
}

impl Prefix {
    /// `None` when the first record fails: one thread then reports it as usual.
    fn new(pipeline: &Pipeline, options: &Options, bytes: &[u8]) -> Option<Prefix> {
        let mut job = Job::with_pipeline(pipeline.clone(), *options);
        let mut out = Vec::new();
        job.push(bytes, &mut out).ok()?;
        let is_end = |b: &u8| *b == b'\r' || *b == b'\n';
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        Some(Prefix {
            bytes: bytes.to_vec(),
            stats: job.stats(),
            line_ends: (bytes.iter().filter(|b| is_end(b)).count() - crlf) as u64,
        })
    }
}

/// How to move a range's error positions to the whole input.
struct Shift {
    lines: i64,
    records: i64,
    bytes: i64,
}

impl Shift {
    fn apply(&self, mut e: Error) -> Error {
        if e.position.line > 0 {
            let p = &mut e.position;
            p.line = (p.line as i64 + self.lines) as u64;
            p.record = (p.record as i64 + self.records) as u64;
            p.byte = (p.byte as i64 + self.bytes) as u64;
        }
        e
    }
}

/// One range's quote walk, and its output with how its job ended.
type RangeResult = (split::Walk, (Vec<u8>, Result<Stats>));

struct Run<'a> {
    pipeline: &'a Pipeline,
    /// The ranges run as parts of a split run (see [`runs_in_parts`]).
    parts: bool,
    threads: usize,
    range_bytes: usize,
    options: &'a Options,
    classifier: Classifier,
    /// Input read but not yet run; `buf[0]` is input byte `base` and starts a record.
    buf: Vec<u8>,
    eof: bool,
    stats: Stats,
    base: u64,
    /// Line ends and records in the input before `buf` plus the ranges already counted.
    lines_before: u64,
    records_before: u64,
    /// Output buffers of written ranges, for the next block's ranges: a fresh buffer of
    /// megabytes is new pages, each faulted in and zeroed by the kernel again.
    spare: Vec<Vec<u8>>,
    /// The first file's header, when this input is a later file of many ([`run_later_file`]).
    later: Option<&'a [u8]>,
}

impl Run<'_> {
    /// Reads until `buf` holds `want` bytes or the input ends.
    fn fill(&mut self, input: &mut impl Read, want: usize) -> io::Result<()> {
        self.eof = read_to(&mut self.buf, input, want)?;
        Ok(())
    }

    /// Where the second record starts in `buf`, if `buf` shows it.
    fn first_record_end(&self) -> Result<Option<usize>> {
        let mut reader = Reader::new(self.options);
        let mut second = None;
        reader.feed(&self.buf, &mut |record, _| {
            if record.number == 1 {
                return Ok(Flow::Continue);
            }
            second = Some(record.byte as usize);
            Ok(Flow::Stop)
        })?;
        Ok(second)
    }

    /// Runs the ranges `[ends[k-1], ends[k])` of `buf` at the same time, range `k` writing
    /// into `outs[k]`, and `meanwhile` on this thread.
    fn block<T>(
        &self,
        prefix: &Prefix,
        first: bool,
        ends: &[usize],
        outs: Vec<Vec<u8>>,
        meanwhile: impl FnOnce() -> T,
    ) -> (Vec<RangeResult>, T) {
        let last = ends.len() - 1;
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..ends.len())
                .zip(outs)
                .map(|(k, out)| {
                    let start = if k == 0 { 0 } else { ends[k - 1] };
                    let range = &self.buf[start..ends[k]];
                    // The first range of the input holds the prefix itself.
                    let push_prefix = !(first && k == 0);
                    let finish = self.eof && k == last;
                    let part = self.base + start as u64;
                    scope.spawn(move || {
                        self.run_range(prefix, push_prefix, range, finish, part, out)
                    })
                })
                .collect();
            let done = meanwhile();
            let results = handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect();
            (results, done)
        })
    }

    /// One range through its own job, after the prefix when there is one. The job's reader
    /// says how the range ended: a range whose start is a record start was read exactly as
    /// one thread reads it, so whether it ends between records checks the next range's cut
    /// without another pass over its bytes.
    fn run_range(
        &self,
        prefix: &Prefix,
        push_prefix: bool,
        range: &[u8],
        finish: bool,
        part: u64,
        mut out: Vec<u8>,
    ) -> RangeResult {
        // Without the prefix pushed, the range begins with it (the input's first range).
        let prefix_line_ends = prefix.line_ends;
        let prefix = push_prefix.then_some(prefix);
        let mut job = self.job(part);
        // A part hands its group's states over only when it finishes.
        let finish = finish || self.parts;
        out.clear();
        out.reserve(range.len() + range.len() / 4);
        if let Some(p) = prefix {
            if let Err(e) = job.push(&p.bytes, &mut out) {
                return (split::Walk::default(), (Vec::new(), Err(e)));
            }
            out.clear();
        }
        let pushed = job.push(range, &mut out);
        let reader = job.reader();
        let walk = split::Walk {
            ends_between_records: pushed.is_ok() && reader.between_records(),
            line_ends: reader.line_ends() - prefix_line_ends,
            last_record_start: None,
        };
        let result = pushed.and_then(|()| {
            if finish {
                job.finish(&mut out)
            } else {
                Ok(job.stats())
            }
        });
        (
            walk,
            (out, result.map(|s| minus(s, prefix.map(|p| &p.stats)))),
        )
    }

    /// The shift for a range starting at `buf[start]`.
    fn shift(&self, prefix: &Prefix, first_range: bool, start: usize) -> Shift {
        if first_range {
            return Shift {
                lines: 0,
                records: 0,
                bytes: 0,
            };
        }
        Shift {
            lines: self.lines_before as i64 - prefix.line_ends as i64,
            records: self.records_before as i64 - 1,
            bytes: (self.base + start as u64) as i64 - prefix.bytes.len() as i64,
        }
    }

    /// Adds a finished range's counters (already without the prefix's).
    fn count(&mut self, prefix: &Prefix, first_range: bool, stats: &Stats, line_ends: u64) {
        let s = &mut self.stats;
        s.rows_in += stats.rows_in;
        s.rows_out += stats.rows_out;
        s.rows_skipped += stats.rows_skipped;
        s.cells_nulled += stats.cells_nulled;
        self.records_before += stats.rows_in;
        self.lines_before += line_ends;
        if first_range {
            // The header is a record too; the prefix's line ends precede the walked part.
            self.records_before += u64::from(self.options.header);
            self.lines_before += prefix.line_ends;
        }
    }

    /// Runs `buf` from `start` (a record start) to the last record start an exact quote walk
    /// finds, on this thread, and returns where that is; `None` when there is none (or the
    /// input has ended: the rest then goes to [`Run::sequential`]).
    fn redo<E>(
        &mut self,
        prefix: &Prefix,
        first_range: bool,
        start: usize,
        output: &mut impl Write,
    ) -> std::result::Result<Option<usize>, E>
    where
        E: From<Error> + From<io::Error>,
    {
        if self.eof {
            return Ok(None);
        }
        // The first range holds the prefix itself: walk after it.
        let from = start + if first_range { prefix.bytes.len() } else { 0 };
        let (quote, delimiter) = (self.options.quote, self.options.delimiter);
        let walk = split::walk(&self.buf[from..], &self.classifier, quote, delimiter);
        let Some(end) = walk.last_record_start.map(|b| from + b) else {
            return Ok(None);
        };
        let line_ends =
            split::walk(&self.buf[from..end], &self.classifier, quote, delimiter).line_ends;
        let shift = self.shift(prefix, first_range, start);
        let part = self.base + start as u64;
        let range = &self.buf[start..end];
        let (_, (out, outcome)) =
            self.run_range(prefix, !first_range, range, false, part, Vec::new());
        output.write_all(&out)?;
        self.stats.bytes_out += out.len() as u64;
        match outcome {
            Ok(stats) => self.count(prefix, first_range, &stats, line_ends),
            Err(e) => {
                output.flush()?;
                return Err(shift.apply(e).into());
            }
        }
        Ok(Some(end))
    }

    /// The rest of the input, from `buf[from]`, on one thread (after the prefix, if given).
    fn sequential<E>(
        &mut self,
        prefix: Option<&Prefix>,
        from: usize,
        mut input: impl Read,
        output: &mut impl Write,
    ) -> std::result::Result<Stats, E>
    where
        E: From<Error> + From<io::Error>,
    {
        let shift = match prefix {
            Some(p) => self.shift(p, false, from),
            None => self.shift_none(),
        };
        let mut job = self.job(self.base + from as u64);
        let mut out = Vec::new();
        if let Some(p) = prefix {
            job.push(&p.bytes, &mut out).map_err(|e| shift.apply(e))?;
            out.clear();
        } else if let Some(header) = self.later {
            // The first file's header binds the job; this file's own is then skipped.
            job.push(header, &mut out)?;
            job.next_file(&mut out)?;
            out.clear();
        }
        let rest = std::mem::take(&mut self.buf);
        let mut bytes_in = self.base + rest.len() as u64;
        let tail = input.by_ref();
        let mut chunk = rest[from..].to_vec();
        loop {
            let pushed = job.push(&chunk, &mut out);
            output.write_all(&out)?;
            self.stats.bytes_out += out.len() as u64;
            out.clear();
            pushed.map_err(|e| shift.apply(e))?;
            if job.is_done() {
                break;
            }
            chunk.resize(crate::stream::CHUNK_BYTES, 0);
            let n = loop {
                match tail.read(&mut chunk) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other?,
                }
            };
            if n == 0 {
                break;
            }
            chunk.truncate(n);
            bytes_in += n as u64;
        }
        let finished = job.finish(&mut out);
        output.write_all(&out)?;
        self.stats.bytes_out += out.len() as u64;
        output.flush()?;
        let stats = minus(
            finished.map_err(|e| shift.apply(e))?,
            prefix.map(|p| &p.stats),
        );
        let s = &mut self.stats;
        s.rows_in += stats.rows_in;
        s.rows_out += stats.rows_out;
        s.rows_skipped += stats.rows_skipped;
        s.cells_nulled += stats.cells_nulled;
        s.bytes_in = bytes_in;
        Ok(self.stats)
    }

    /// The job for the range starting at byte `start` of the input: a whole job, or a part
    /// numbered by its start so the merge knows the parts' order.
    fn job(&self, start: u64) -> Job {
        if self.parts {
            Job::part(self.pipeline.clone(), *self.options, start)
        } else {
            Job::with_pipeline(self.pipeline.clone(), *self.options)
        }
    }

    fn shift_none(&self) -> Shift {
        Shift {
            lines: 0,
            records: 0,
            bytes: 0,
        }
    }
}

/// `stats` without the prefix's counters.
fn minus(mut stats: Stats, prefix: Option<&Stats>) -> Stats {
    if let Some(p) = prefix {
        stats.rows_in -= p.rows_in;
        stats.rows_out -= p.rows_out;
        stats.rows_skipped -= p.rows_skipped;
        stats.cells_nulled -= p.cells_nulled;
    }
    stats
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
