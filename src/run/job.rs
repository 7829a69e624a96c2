//! A streaming run of a pipeline: push chunks in, get output bytes out, in constant memory.

use super::engine::{Engine, Output};
pub use super::stats::Stats;
use crate::error::{Error, Result};
use crate::format::OutputFormat;
use crate::input::{Decoder, Sink};
use crate::options::{Options, Sniff};
use crate::pipeline::{Mode, Pipeline, Stages, Tables};
use crate::reader::{Flow, Record};
use crate::run::intake::{column_names, Intake};
use crate::sniff::{Sniffed, SAMPLE_BYTES};
use crate::writer::Writer;

/// A pipeline run over a stream of chunks.
///
/// ```
/// use csv_kernels::{Job, Options};
/// let mut job = Job::new("derive dfs = digit_factorial_sum(value) | where dfs > 100", Options::default())?;
/// let mut out = Vec::new();
/// job.push(b"id,value\n1,145\n2,1", &mut out)?; // a chunk may end mid-record
/// job.push(b"2\n", &mut out)?;
/// let stats = job.finish(&mut out)?;
/// assert_eq!(out, b"id,value,dfs\n1,145,145\n");
/// assert_eq!((stats.rows_in, stats.rows_out), (2, 1));
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub struct Job {
    /// Decompresses a compressed input before anything else sees it.
    decoder: Decoder,
    intake: Intake,
    engine: Engine,
    /// With `Options::sniff`, the input held back until the dialect is decided (64 KB at most).
    sample: Option<Vec<u8>>,
    sniffed: Option<Sniffed>,
}

/// Takes the output so far (and clears it): see [`Job::finish_with`].
pub type Flush<'f> = dyn FnMut(&mut Vec<u8>) -> Result<()> + 'f;

impl Job {
    /// Parses `pipeline` and prepares a run.
    pub fn new(pipeline: &str, options: Options) -> Result<Job> {
        Ok(Job::with_pipeline(Pipeline::parse(pipeline)?, options))
    }

    pub fn with_pipeline(pipeline: Pipeline, options: Options) -> Job {
        Job {
            decoder: Decoder::default(),
            sample: (options.sniff != Sniff::Off).then(Vec::new),
            sniffed: None,
            intake: Intake::new(&options),
            engine: Engine {
                pipeline,
                writer: Writer::new(&options),
                formatted: None,
                options,
                stages: None,
                tables: Tables::new(),
                sniff: options.sniff,
                mode: Mode::Whole,
                part: 0,
                merge_names: None,
                stats: Stats::default(),
            },
        }
    }

    /// One part of a run split across cores or machines: the part's input is the whole
    /// input's header (with `header = false`, nothing) then a stretch of whole records. The
    /// job runs the pipeline's steps up to the first one that needs every row (`take`, `sort`,
    /// `group`, `aggregate`, `distinct`, `top`) and outputs, as CSV without a header, what that
    /// step needs from this part: its rows (for `take N` only the first N, for `distinct` only
    /// each kind's first), or for `group`/`aggregate` the group keys then the partial states
    /// in hex. `part` numbers the parts in input order. The dialect must be decided before
    /// the split: parts do not sniff. [`Job::merging`] finishes the run.
    ///
    /// ```
    /// use csv_kernels::{Job, Options, Pipeline};
    /// let pipeline = Pipeline::parse("group k aggregate n = count(), s = string_agg(v, \"\")")?;
    /// let options = Options::default();
    /// let mut parts = Vec::new();
    /// for (i, part) in [&b"k,v\na,1\nb,2\n"[..], b"k,v\na,3\n"].into_iter().enumerate() {
    ///     let mut job = Job::part(pipeline.clone(), options, i as u64);
    ///     job.push(part, &mut parts)?;
    ///     job.finish(&mut parts)?;
    /// }
    /// let mut merge = Job::merging(pipeline, options, b"k,v\n")?;
    /// let mut out = Vec::new();
    /// merge.push(&parts, &mut out)?;
    /// merge.finish(&mut out)?;
    /// assert_eq!(out, b"k,n,s\na,2,13\nb,1,2\n");
    /// # Ok::<(), csv_kernels::Error>(())
    /// ```
    pub fn part(pipeline: Pipeline, options: Options, part: u64) -> Job {
        let part_options = Options {
            sniff: Sniff::Off,
            format: OutputFormat::Csv,
            crlf: false,
            ..options
        };
        let mut job = Job::with_pipeline(pipeline, part_options);
        job.engine.sniff = options.sniff; // a join's second input is still sniffed
        job.engine.mode = Mode::Part;
        job.engine.part = part;
        job
    }

    /// The job that finishes a split run (see [`Job::part`]): push it the parts' outputs in
    /// part order, then finish it; its output is what one job over the whole input writes.
    /// `header` is the whole input's first record (its header; with `header = false` its first
    /// row, for the column count).
    pub fn merging(pipeline: Pipeline, options: Options, header: &[u8]) -> Result<Job> {
        let sniff = options.sniff;
        let options = Options {
            sniff: Sniff::Off,
            ..options
        };
        let mut names = None;
        let mut reader = Intake::new(&options);
        let mut first = |record: &Record, problem: Option<Error>| {
            names = Some(column_names(record, problem, options.header)?);
            Ok(Flow::Stop)
        };
        reader.feed(header, &mut first)?;
        reader.finish(&mut first)?;
        let names = names.ok_or_else(|| {
            Error::plain(crate::ErrorKind::EmptyInput, "merging: the header is empty")
        })?;
        let mut job = Job::with_pipeline(pipeline, options);
        // The parts' outputs are rows only.
        job.intake = Intake::new(&Options {
            header: false,
            ..options
        });
        job.engine.mode = Mode::Merge;
        job.decoder = Decoder::plain();
        job.engine.sniff = sniff;
        job.engine.merge_names = Some(names);
        Ok(job)
    }

    /// Gives the second input a `join (name)` step reads (CSV bytes, read with this job's
    /// options). Attach every one before the first `push`.
    ///
    /// ```
    /// use csv_kernels::{Job, Options};
    /// let mut job = Job::new("join (cities) on city", Options::default())?;
    /// job.attach("cities", b"city,country\nOslo,Norway\n".to_vec());
    /// let mut out = Vec::new();
    /// job.push(b"name,city\nAda,Oslo\nBo,Lima\n", &mut out)?;
    /// job.finish(&mut out)?;
    /// assert_eq!(out, b"name,city,country\nAda,Oslo,Norway\n");
    /// # Ok::<(), csv_kernels::Error>(())
    /// ```
    pub fn attach(&mut self, name: &str, csv: Vec<u8>) {
        self.engine.tables.retain(|(n, _)| n != name);
        self.engine.tables.push((name.to_string(), csv));
    }

    /// Feeds one chunk; appends the output that is complete so far to `out`. A compressed
    /// input (gzip, told by its first bytes) is decompressed on the way in.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if self.decoder.is_plain() {
            return self.push_plain(chunk, out);
        }
        self.decode(out, |decoder, sink| decoder.feed(chunk, sink))
    }

    /// Runs the decoder with [`Job::push_plain`] as where its plain bytes go; a corrupt
    /// compressed stream fails the job as a bad input does.
    fn decode(
        &mut self,
        out: &mut Vec<u8>,
        run: impl FnOnce(&mut Decoder, &mut Sink<'_>) -> Result<()>,
    ) -> Result<()> {
        self.intake.check()?;
        let mut decoder = std::mem::take(&mut self.decoder);
        let result = run(&mut decoder, &mut |plain| {
            self.push_plain(plain, out)?;
            Ok(!self.is_done())
        });
        self.decoder = decoder;
        result.map_err(|e| self.intake.fail(e))
    }

    /// [`Job::push`] once the bytes are plain.
    fn push_plain(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if let Some(sample) = &mut self.sample {
            sample.extend_from_slice(chunk);
            if sample.len() < SAMPLE_BYTES {
                return Ok(());
            }
            return self.end_sample(out);
        }
        self.feed(chunk, out)
    }

    /// Decides the dialect from the sample held back, then reads the sample with it.
    fn end_sample(&mut self, out: &mut Vec<u8>) -> Result<()> {
        let Some(sample) = self.sample.take() else {
            return Ok(());
        };
        let options = &mut self.engine.options;
        let sniffed = crate::sniff::resolve(options, &sample);
        self.intake.reread_with(options);
        self.engine.writer = Writer::new(options);
        self.sniffed = Some(sniffed);
        self.feed(&sample, out)
    }

    /// How the input is compressed, once its first bytes are in.
    pub fn compression(&self) -> Option<crate::input::Compression> {
        self.decoder.compression()
    }

    /// What sniffing decided (with its reason), once it has run.
    pub fn sniffed(&self) -> Option<&Sniffed> {
        self.sniffed.as_ref()
    }

    fn feed(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> Result<()> {
        self.guard(out, |intake, engine, out| {
            engine.begin_merge(out)?;
            intake.feed(chunk, &mut |record, problem| {
                engine.record(record, problem, out)
            })
        })
    }

    /// Ends one file of an input made of many (a folder) and reads the next from its start:
    /// the last record is completed, so an unclosed quote is this file's error; lines count
    /// from 1 again; with a header, the next file's first record is its header, not data (the
    /// caller checks that it matches). The output goes on as one stream.
    ///
    /// ```
    /// use csv_kernels::{Job, Options};
    /// let mut job = Job::new("derive d = digit_factorial_sum(v)", Options::default())?;
    /// let mut out = Vec::new();
    /// job.push(b"v\n145", &mut out)?; // no final line end
    /// job.next_file(&mut out)?;
    /// job.push(b"v\n2\n", &mut out)?;
    /// job.finish(&mut out)?;
    /// assert_eq!(out, b"v,d\n145,145\n2,2\n");
    /// # Ok::<(), csv_kernels::Error>(())
    /// ```
    pub fn next_file(&mut self, out: &mut Vec<u8>) -> Result<()> {
        self.decode(out, |decoder, sink| decoder.finish(sink))?;
        // Each file is compressed or not on its own.
        self.decoder = Decoder::default();
        self.end_sample(out)?;
        if self.is_done() {
            return Ok(()); // a `take` has all its rows: the reader stays stopped
        }
        self.guard(out, |intake, engine, out| {
            intake.finish(&mut |record, problem| engine.record(record, problem, out))?;
            intake.next_file(&engine.options, engine.stages.is_some());
            Ok(())
        })
    }

    /// Ends the input, appends the last output and returns the final counters.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<Stats> {
        self.finish_with(out, &mut |_| Ok(()))
    }

    /// Like [`Job::finish`], but hands `out` to `flush` whenever it holds over 1 MiB, for the
    /// caller to write out and clear: what a sort or a group outputs at the end can be as large
    /// as the input, and this keeps it from being held whole.
    ///
    /// ```
    /// use csv_kernels::{Job, Options};
    /// let mut job = Job::new("sort -n", Options::default())?;
    /// let mut out = Vec::new();
    /// job.push(b"n\n1\n3\n2\n", &mut out)?;
    /// let mut written = Vec::new();
    /// job.finish_with(&mut out, &mut |part| {
    ///     written.append(part);
    ///     Ok(())
    /// })?;
    /// written.append(&mut out);
    /// assert_eq!(written, b"n\n3\n2\n1\n");
    /// # Ok::<(), csv_kernels::Error>(())
    /// ```
    pub fn finish_with(&mut self, out: &mut Vec<u8>, flush: &mut Flush<'_>) -> Result<Stats> {
        self.decode(out, |decoder, sink| decoder.finish(sink))?;
        self.end_sample(out)?;
        let mut flushed = 0;
        let mut counted = |part: &mut Vec<u8>| {
            flushed += part.len() as u64;
            flush(part)
        };
        self.guard(out, |intake, engine, out| {
            engine.begin_merge(out)?;
            intake.finish(&mut |record, problem| engine.record(record, problem, out))?;
            if let Some(stages) = &mut engine.stages {
                stages.finish(&mut Output {
                    writer: &engine.writer,
                    formatted: &mut engine.formatted,
                    out,
                    rows: &mut engine.stats.rows_out,
                    flush: Some(&mut counted),
                })?;
            }
            if let Some(writer) = &mut engine.formatted {
                writer.end(out);
            }
            Ok(())
        })?;
        self.engine.stats.bytes_out += flushed;
        Ok(self.stats())
    }

    /// Counters so far.
    pub fn stats(&self) -> Stats {
        let mut stats = self.engine.stats;
        stats.bytes_in = self.intake.bytes_consumed();
        if let Some(stages) = &self.engine.stages {
            stats.cells_nulled = stages.nulled();
            stats.rows_skipped = stages.skipped();
        }
        stats
    }

    /// How many times the pipeline's blocking steps have spilled to temporary files (always 0
    /// in wasm, where going over `memory_limit` is an error instead).
    pub fn spills(&self) -> usize {
        self.engine.stages.as_ref().map_or(0, Stages::spills)
    }

    /// True once a `limit` is reached: later input would be ignored, so callers may stop reading.
    pub fn is_done(&self) -> bool {
        self.intake.is_stopped()
    }

    /// Where the reader stands in the input fed so far (the parallel runner's check of a cut).
    pub(crate) fn reader(&self) -> &crate::reader::Reader {
        self.intake.reader()
    }

    /// The pipeline this job runs.
    /// True once a join's second input is attached (see [`Job::attach`]).
    pub fn has_tables(&self) -> bool {
        !self.engine.tables.is_empty()
    }

    /// The pipeline and the options the job was made with.
    pub(crate) fn plan(&self) -> (&Pipeline, &Options) {
        (&self.engine.pipeline, &self.engine.options)
    }

    pub fn pipeline(&self) -> &Pipeline {
        &self.engine.pipeline
    }

    /// Runs `step` in the intake's guard (see [`Intake::guard`]), counting output bytes.
    fn guard(
        &mut self,
        out: &mut Vec<u8>,
        step: impl FnOnce(&mut Intake, &mut Engine, &mut Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        let before = out.len();
        let engine = &mut self.engine;
        let result = self.intake.guard(|intake| step(intake, engine, out));
        // A flush may have taken bytes out of `out`; finish_with counts those.
        self.engine.stats.bytes_out += out.len().saturating_sub(before) as u64;
        result
    }
}

/// Runs `pipeline` over a whole input held in memory.
///
/// ```
/// let (out, _) = csv_kernels::run("select b", b"a,b\n1,\"x,y\"\n", &Default::default())?;
/// assert_eq!(out, b"b\n\"x,y\"\n");
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub fn run(pipeline: &str, input: &[u8], options: &Options) -> Result<(Vec<u8>, Stats)> {
    let mut job = Job::new(pipeline, *options)?;
    let mut out = Vec::with_capacity(input.len() + input.len() / 4);
    job.push(input, &mut out)?;
    let stats = job.finish(&mut out)?;
    Ok((out, stats))
}

#[cfg(test)]
mod tests {
    use crate::{Job, Options};

    /// A `take` stops the read at the line end of the row that fills it: `bytes_in` is the
    /// same however the input was cut into chunks.
    #[test]
    fn bytes_in_after_a_take_do_not_depend_on_the_chunks() {
        let input = b"v\n1\n2\n3\n";
        for size in [input.len(), 1, 2, 3] {
            let mut job = Job::new("take 2", Options::default()).unwrap();
            let mut out = Vec::new();
            for chunk in input.chunks(size) {
                job.push(chunk, &mut out).unwrap();
            }
            let stats = job.finish(&mut out).unwrap();
            assert_eq!(out, b"v\n1\n2\n");
            assert_eq!((stats.rows_in, stats.bytes_in), (2, 6), "chunks of {size}");
        }
    }
}
