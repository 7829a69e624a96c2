//! The streaming [`Profiler`]: the reader's records into a profile's column statistics.

use crate::error::{Error, Result};
use crate::input::{Decoder, Sink};
use crate::options::{OnError, Options};
use crate::profile::{ColumnStats, Profile, ProfileState};
use crate::reader::{Flow, Record};
use crate::run::intake::{column_names, Intake};

/// A streaming profiler.
///
/// ```
/// let mut p = csv_kernels::Profiler::new(Default::default());
/// p.push(b"n,word\n1,a\n3,bcd\n,e\n")?;
/// let profile = p.finish()?;
/// assert_eq!(profile.to_json(), concat!(
///     r#"{"version":2,"rows":3,"rows_skipped":0,"columns":["#,
///     r#"{"name":"n","type":"integer","count":2,"nulls":1,"distinct":2,"min":1,"max":3,"#,
///     r#""mean":2.0,"stddev":1.4142135623730951,"q1":1.5,"median":2.0,"q3":2.5,"#,
///     r#""min_length":1,"max_length":1,"histogram":{"start":1.0,"width":1.0,"counts":[1,0,1]}},"#,
///     r#"{"name":"word","type":"text","count":3,"nulls":0,"distinct":3,"min_length":1,"max_length":3,"#,
///     r#""top_values":[{"value":"a","count":1},{"value":"bcd","count":1},{"value":"e","count":1}]}]}"#));
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub struct Profiler {
    /// Decompresses a compressed input before the reader sees it.
    decoder: Decoder,
    intake: Intake,
    state: State,
}

struct State {
    options: Options,
    columns: Option<Vec<ColumnStats>>,
    rows: u64,
    rows_skipped: u64,
}

impl Profiler {
    pub fn new(options: Options) -> Profiler {
        Profiler {
            decoder: Decoder::default(),
            intake: Intake::new(&options),
            state: State {
                options,
                columns: None,
                rows: 0,
                rows_skipped: 0,
            },
        }
    }

    /// Feeds one chunk; a compressed input (gzip) is decompressed on the way in.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if self.decoder.is_plain() {
            return self.push_plain(chunk);
        }
        self.decode(|decoder, sink| decoder.feed(chunk, sink))
    }

    /// Runs the decoder with [`Profiler::push_plain`] as where its plain bytes go.
    fn decode(
        &mut self,
        run: impl FnOnce(&mut Decoder, &mut Sink<'_>) -> Result<()>,
    ) -> Result<()> {
        self.intake.check()?;
        let mut decoder = std::mem::take(&mut self.decoder);
        let result = run(&mut decoder, &mut |plain| {
            self.push_plain(plain).map(|()| true)
        });
        self.decoder = decoder;
        result.map_err(|e| self.intake.fail(e))
    }

    fn push_plain(&mut self, chunk: &[u8]) -> Result<()> {
        let state = &mut self.state;
        self.intake.guard(|intake| {
            intake.feed(chunk, &mut |record, problem| state.record(record, problem))
        })
    }

    /// Ends one file of an input made of many and reads the next from its start, as
    /// [`Job::next_file`](crate::Job::next_file) does: with a header, the next file's first
    /// record is its header, not data.
    pub fn next_file(&mut self) -> Result<()> {
        self.decode(|decoder, sink| decoder.finish(sink))?;
        // Each file is compressed or not on its own.
        self.decoder = Decoder::default();
        let state = &mut self.state;
        self.intake.guard(|intake| {
            intake.finish(&mut |record, problem| state.record(record, problem))?;
            intake.next_file(&state.options, state.columns.is_some());
            Ok(())
        })
    }

    pub fn finish(&mut self) -> Result<Profile> {
        Ok(self.finish_state()?.finish())
    }

    /// Ends the input and returns what was counted, to merge with other parts' states (see
    /// [`ProfileState`]) instead of finishing here.
    pub fn finish_state(&mut self) -> Result<ProfileState> {
        self.decode(|decoder, sink| decoder.finish(sink))?;
        let state = &mut self.state;
        self.intake
            .guard(|intake| intake.finish(&mut |record, problem| state.record(record, problem)))?;
        Ok(ProfileState {
            rows: self.state.rows,
            rows_skipped: self.state.rows_skipped,
            columns: self.state.columns.take(),
        })
    }
}

impl State {
    fn record(&mut self, record: &Record, mut problem: Option<Error>) -> Result<Flow> {
        let columns = match &mut self.columns {
            Some(columns) => columns,
            None => {
                let names = column_names(record, problem.take(), self.options.header)?;
                // Without a header the profile still names columns: by their numbers.
                let names = names
                    .into_iter()
                    .enumerate()
                    .map(|(i, name)| name.unwrap_or_else(|| format!("#{}", i + 1)));
                let columns = self.columns.insert(names.map(ColumnStats::new).collect());
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
