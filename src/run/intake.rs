//! The lifecycle a [`Job`](crate::Job) and a [`Profiler`](crate::Profiler) share between the
//! reader and what consumes its records: after a failure every later call returns the same
//! error (a half-fed reader cannot be trusted again), an input of many files reads each from
//! its start and skips the later files' headers, and the first record names the columns.

use crate::error::{Error, Result};
use crate::options::Options;
use crate::reader::{Flow, Reader, Record};

/// A reader and the state around it; the consumer of the records is passed in on each call.
pub(crate) struct Intake {
    reader: Reader,
    failed: Option<Error>,
    /// The next record is a later file's header, checked by the caller: not data.
    skip_header: bool,
    /// Input bytes of the files before this one (see [`Intake::next_file`]).
    bytes_before: u64,
}

/// The callback a [`Reader`] calls with each record and its row-level problem.
pub(crate) type Emit<'e> = dyn FnMut(&Record, Option<Error>) -> Result<Flow> + 'e;

impl Intake {
    pub fn new(options: &Options) -> Intake {
        Intake {
            reader: Reader::new(options),
            failed: None,
            skip_header: false,
            bytes_before: 0,
        }
    }

    /// Reads from here on with other options (the dialect sniffing decided).
    pub fn reread_with(&mut self, options: &Options) {
        self.reader = Reader::new(options);
    }

    /// Runs `step`; once a step has failed, every call returns that error without running.
    pub fn guard(&mut self, step: impl FnOnce(&mut Intake) -> Result<()>) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = step(self);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// The error of a failed step, if one failed.
    pub fn check(&self) -> Result<()> {
        match &self.failed {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Fails with `e` (unless a step failed already), as a failed step does.
    pub fn fail(&mut self, e: Error) -> Error {
        self.failed.get_or_insert(e).clone()
    }

    pub fn feed(&mut self, chunk: &[u8], emit: &mut Emit<'_>) -> Result<()> {
        let skip_header = &mut self.skip_header;
        self.reader.feed(chunk, &mut |record, problem| {
            skip_or(skip_header, record, problem, emit)
        })
    }

    /// Ends the input (the last record, or the error of an unclosed quote or an empty input).
    pub fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        let skip_header = &mut self.skip_header;
        self.reader
            .finish(&mut |record, problem| skip_or(skip_header, record, problem, emit))
    }

    /// After [`Intake::finish`] of one file of many, reads the next from its start: lines count
    /// from 1 again, and once the columns are `bound` (asked after the finish, which may have
    /// bound them), a header is the next file's first record, not data.
    pub fn next_file(&mut self, options: &Options, bound: bool) {
        self.bytes_before += self.reader.bytes_consumed();
        self.reader = Reader::new(options);
        self.skip_header = options.header && bound;
    }

    /// Input bytes read so far, over every file.
    pub fn bytes_consumed(&self) -> u64 {
        self.bytes_before + self.reader.bytes_consumed()
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// True once the consumer stopped the reading (a `take` has all its rows).
    pub fn is_stopped(&self) -> bool {
        self.reader.is_stopped()
    }
}

fn skip_or(
    skip_header: &mut bool,
    record: &Record,
    problem: Option<Error>,
    emit: &mut Emit<'_>,
) -> Result<Flow> {
    if std::mem::take(skip_header) {
        return Ok(Flow::Continue);
    }
    emit(record, problem)
}

/// The column names the first record gives: its fields with a header, else one `None` per
/// column. A first record with a problem has nothing to bind to: the problem is the error.
pub(crate) fn column_names(
    record: &Record,
    problem: Option<Error>,
    header: bool,
) -> Result<Vec<Option<String>>> {
    if let Some(problem) = problem {
        return Err(problem);
    }
    Ok(record
        .iter()
        .map(|f| header.then(|| String::from_utf8_lossy(f).into_owned()))
        .collect())
}

#[cfg(test)]
mod tests {
    use crate::{Job, Options, Pipeline, Profiler};

    /// A first file that is only a header without a line end is bound when it ends: the next
    /// file's header is still a header, for the job and the profiler alike.
    #[test]
    fn a_header_only_file_binds_as_it_ends() {
        let mut job = Job::with_pipeline(Pipeline::seed("v", "d"), Options::default());
        let mut out = Vec::new();
        job.push(b"v", &mut out).unwrap();
        job.next_file(&mut out).unwrap();
        job.push(b"v\n145\n", &mut out).unwrap();
        job.finish(&mut out).unwrap();
        assert_eq!(out, b"v,d\n145,145\n");

        let mut profiler = Profiler::new(Options::default());
        profiler.push(b"v").unwrap();
        profiler.next_file().unwrap();
        profiler.push(b"v\n145\n").unwrap();
        let profile = profiler.finish().unwrap();
        assert_eq!((profile.rows, profile.columns[0].count), (1, 1));
    }
}
