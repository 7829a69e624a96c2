//! One parallel run's state, and what runs its ranges: the prefix every range reads first,
//! the shift of a range's positions to the whole input, a range's job, and the one-thread
//! paths (a wrong cut redone, the rest of an input that cannot be cut).

use super::blocks::read_to;
use super::split;
use crate::error::{Error, Result};
use crate::lang::Pipeline;
use crate::options::Options;
use crate::reader::classify::Classifier;
use crate::reader::{Flow, Reader};
use crate::run::job::{Job, Stats};
use crate::run::RunContext;
use std::io::{self, Read, Write};

/// The input's first record with the line ends after it, and what a job makes of it alone.
pub(super) struct Prefix {
    pub(super) bytes: Vec<u8>,
    pub(super) stats: Stats,
    pub(super) line_ends: u64,
}

impl Prefix {
    /// `None` when the first record fails: one thread then reports it as usual.
    pub(super) fn new(pipeline: &Pipeline, options: &Options, bytes: &[u8]) -> Option<Prefix> {
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
pub(super) struct Shift {
    lines: i64,
    records: i64,
    bytes: i64,
}

impl Shift {
    pub(super) fn apply(&self, mut e: Error) -> Error {
        if e.position.line > 0 {
            let p = &mut e.position;
            p.line = (p.line as i64 + self.lines) as u64;
            p.record = (p.record as i64 + self.records) as u64;
            p.byte = (p.byte as i64 + self.bytes) as u64;
        }
        e
    }
}

/// How a range ended (from its reader, or from a quote walk when redone), and its output with
/// how its job ended.
pub(super) type RangeResult = (split::Walk, (Vec<u8>, Result<Stats>));

pub(super) struct Run<'a> {
    pub(super) context: RunContext<'a>,
    /// The ranges run as parts of a split run (see [`runs_in_parts`]).
    pub(super) parts: bool,
    pub(super) classifier: Classifier,
    /// Input read but not yet run; `buf[0]` is input byte `base` and starts a record.
    pub(super) buf: Vec<u8>,
    pub(super) eof: bool,
    pub(super) stats: Stats,
    pub(super) base: u64,
    /// Line ends and records in the input before `buf` plus the ranges already counted.
    pub(super) lines_before: u64,
    pub(super) records_before: u64,
    /// Output buffers of written ranges, for the next block's ranges: a fresh buffer of
    /// megabytes is new pages, each faulted in and zeroed by the kernel again.
    pub(super) spare: Vec<Vec<u8>>,
    /// The first file's header, when this input is a later file of many ([`run_later_file`]).
    pub(super) later: Option<&'a [u8]>,
}

impl Run<'_> {
    /// Reads until `buf` holds `want` bytes or the input ends.
    pub(super) fn fill(&mut self, input: &mut impl Read, want: usize) -> io::Result<()> {
        self.eof = read_to(&mut self.buf, input, want)?;
        Ok(())
    }

    /// Where the second record starts in `buf`, if `buf` shows it.
    pub(super) fn first_record_end(&self) -> Result<Option<usize>> {
        let mut reader = Reader::new(self.context.options);
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
    pub(super) fn block<T>(
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
    pub(super) fn run_range(
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
            line_ends: reader.line_ends().saturating_sub(prefix_line_ends),
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
    pub(super) fn shift(&self, prefix: &Prefix, first_range: bool, start: usize) -> Shift {
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
    pub(super) fn count(
        &mut self,
        prefix: &Prefix,
        first_range: bool,
        stats: &Stats,
        line_ends: u64,
    ) {
        let s = &mut self.stats;
        s.rows_in += stats.rows_in;
        s.rows_out += stats.rows_out;
        s.rows_skipped += stats.rows_skipped;
        s.cells_nulled += stats.cells_nulled;
        self.records_before += stats.rows_in;
        self.lines_before += line_ends;
        if first_range {
            // The header is a record too; the prefix's line ends precede the walked part.
            self.records_before += u64::from(self.context.options.header);
            self.lines_before += prefix.line_ends;
        }
    }

    /// Runs `buf` from `start` (a record start) to the last record start an exact quote walk
    /// finds, on this thread, and returns where that is; `None` when there is none (or the
    /// input has ended: the rest then goes to [`Run::sequential`]).
    pub(super) fn redo<E>(
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
        let (quote, delimiter) = (self.context.options.quote, self.context.options.delimiter);
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
    pub(super) fn sequential<E>(
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
            chunk.resize(crate::reader::CHUNK_BYTES, 0);
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
    pub(super) fn job(&self, start: u64) -> Job {
        if self.parts {
            Job::part(self.context.pipeline.clone(), *self.context.options, start)
        } else {
            Job::with_pipeline(self.context.pipeline.clone(), *self.context.options)
        }
    }

    pub(super) fn shift_none(&self) -> Shift {
        Shift {
            lines: 0,
            records: 0,
            bytes: 0,
        }
    }
}

/// `stats` without the prefix's counters.
pub(super) fn minus(mut stats: Stats, prefix: Option<&Stats>) -> Stats {
    if let Some(p) = prefix {
        stats.rows_in -= p.rows_in;
        stats.rows_out -= p.rows_out;
        stats.rows_skipped -= p.rows_skipped;
        stats.cells_nulled -= p.cells_nulled;
    }
    stats
}
