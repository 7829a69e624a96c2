//! One pass over a CSV: per column the inferred type, counts, range, mean, text lengths and a
//! histogram for numbers. Push chunks like a [`crate::Job`]; the result prints as JSON.

mod column;
mod histogram;
mod json;

pub use column::{Bound, ColumnProfile, ColumnType};
pub use histogram::Histogram;

use crate::error::{Error, Result};
use crate::options::{OnError, Options};
use crate::reader::{Flow, Reader, Record};
use column::ColumnStats;

/// The profile of a whole input.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Profile {
    /// Data rows profiled (the header and skipped rows excluded).
    pub rows: u64,
    /// Rows dropped by `on_error = skip | null`.
    pub rows_skipped: u64,
    pub columns: Vec<ColumnProfile>,
}

/// A streaming profiler.
///
/// ```
/// let mut p = csv_kernels::Profiler::new(Default::default());
/// p.push(b"n,word\n1,a\n3,bcd\n,e\n")?;
/// let profile = p.finish()?;
/// assert_eq!(profile.to_json(), concat!(
///     r#"{"rows":3,"rows_skipped":0,"columns":["#,
///     r#"{"name":"n","type":"integer","count":2,"nulls":1,"min":1,"max":3,"mean":2.0,"min_length":1,"max_length":1,"#,
///     r#""histogram":{"start":1.0,"width":1.0,"counts":[1,0,1]}},"#,
///     r#"{"name":"word","type":"text","count":3,"nulls":0,"min_length":1,"max_length":3}]}"#));
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub struct Profiler {
    reader: Reader,
    state: State,
    failed: Option<Error>,
}

struct State {
    options: Options,
    columns: Option<Vec<ColumnStats>>,
    rows: u64,
    rows_skipped: u64,
    /// The next record is a later file's header (see [`Profiler::next_file`]).
    skip_header: bool,
}

impl Profiler {
    pub fn new(options: Options) -> Profiler {
        Profiler {
            reader: Reader::new(&options),
            state: State {
                options,
                columns: None,
                rows: 0,
                rows_skipped: 0,
                skip_header: false,
            },
            failed: None,
        }
    }

    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.guard(|p| {
            let state = &mut p.state;
            p.reader
                .feed(chunk, &mut |record, problem| state.record(record, problem))
        })
    }

    /// Ends one file of an input made of many and reads the next from its start, as
    /// [`Job::next_file`](crate::Job::next_file) does: with a header, the next file's first
    /// record is its header, not data.
    pub fn next_file(&mut self) -> Result<()> {
        self.guard(|p| {
            let state = &mut p.state;
            p.reader
                .finish(&mut |record, problem| state.record(record, problem))?;
            p.reader = Reader::new(&state.options);
            state.skip_header = state.options.header && state.columns.is_some();
            Ok(())
        })
    }

    pub fn finish(&mut self) -> Result<Profile> {
        self.guard(|p| {
            let state = &mut p.state;
            p.reader
                .finish(&mut |record, problem| state.record(record, problem))
        })?;
        let columns = self.state.columns.take().unwrap_or_default();
        Ok(Profile {
            rows: self.state.rows,
            rows_skipped: self.state.rows_skipped,
            columns: columns.into_iter().map(ColumnStats::finish).collect(),
        })
    }

    fn guard(&mut self, step: impl FnOnce(&mut Profiler) -> Result<()>) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = step(self);
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }
}

impl State {
    fn record(&mut self, record: &Record, problem: Option<Error>) -> Result<Flow> {
        if std::mem::take(&mut self.skip_header) {
            return Ok(Flow::Continue);
        }
        let columns = match &mut self.columns {
            Some(columns) => columns,
            None => {
                if let Some(problem) = problem {
                    return Err(problem);
                }
                let names: Vec<String> = if self.options.header {
                    record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect()
                } else {
                    (1..=record.len()).map(|i| format!("#{i}")).collect()
                };
                let columns = self
                    .columns
                    .insert(names.into_iter().map(ColumnStats::new).collect());
                if self.options.header {
                    return Ok(Flow::Continue);
                }
                columns
            }
        };
        if let Some(problem) = problem {
            if self.options.on_error == OnError::Fail {
                return Err(problem);
            }
            self.rows_skipped += 1;
            return Ok(Flow::Continue);
        }
        self.rows += 1;
        for (stats, cell) in columns.iter_mut().zip(record.iter()) {
            stats.add(cell);
        }
        Ok(Flow::Continue)
    }
}

/// Profiles a whole input held in memory.
pub fn profile(input: &[u8], options: &Options) -> Result<Profile> {
    let mut p = Profiler::new(*options);
    p.push(input)?;
    p.finish()
}
