//! Many files as one input: a folder (every `*.csv` and `*.csv.gz` in it, in name order) or a glob
//! (`data/2024-*.csv`, see [`glob`]) is read as the files concatenated with the header once.
//!
//! - The dialect is decided once, from the first file (as one job over the concatenation
//!   decides it from its first bytes), and every file is read with it.
//! - Every file's first record must equal the first file's header (without a header: have its
//!   width), else the run stops before any output with `header_mismatch` naming both files.
//! - Each file is read by a reader of its own, so a file that ends without a line end or
//!   inside a quote is that file's to report, and error positions are the file's own lines:
//!   [`Error::file`] names the file.
//! - Per-row pipelines (the ones [`parallel::is_row_by_row`] allows) run the files at once,
//!   one job a file on each core, and write the outputs in order; anything else (sort, group,
//!   distinct, top, take, JSON and Arrow output) feeds the files in order into one job, so
//!   the result is the concatenation's by construction.
//!
//! This module and the temporary files of spilling steps are the only places where the core
//! opens files itself: a folder or glob is a set of paths, and every door that has a file
//! system (the CLI, native Python, Pyodide's) shares this one expansion.

pub mod glob;
mod headers;
mod pool;

use headers::check_headers;

use crate::error::{Error, ErrorKind};
use crate::lang::Pipeline;
use crate::options::{Options, Sniff};
use crate::profile::Profile;
use crate::run::job::{Job, Stats};
use crate::run::parallel::{self, Failure};
use crate::run::stream::for_each_chunk;
use crate::run::Profiler;
use crate::run::RunContext;
use crate::sniff::{Sniffed, SAMPLE_BYTES};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The files `input` stands for: `None` when it is one file (or names nothing, which the
/// caller's open reports as usual); the `*.csv` files of a folder; the files a glob matches.
/// A folder or glob that yields no file is an `empty_input` error naming it.
pub fn expand<E>(input: &Path) -> Result<Option<Vec<PathBuf>>, E>
where
    E: From<Error> + From<io::Error>,
{
    expand_paths(input).map_err(into::<E>)
}

fn expand_paths(input: &Path) -> Result<Option<Vec<PathBuf>>, Failure> {
    let files = if input.is_dir() {
        let mut files = Vec::new();
        for entry in fs::read_dir(input).map_err(|e| with_path(input, e))? {
            let name = entry.map_err(|e| with_path(input, e))?.file_name();
            let bytes = name.as_encoded_bytes();
            // `*.csv` and `*.csv.gz` as a shell reads them: no hidden files.
            let csv = bytes.ends_with(b".csv") || bytes.ends_with(b".csv.gz");
            if csv && !bytes.starts_with(b".") {
                let path = input.join(&name);
                if path.is_file() {
                    files.push(path);
                }
            }
        }
        files.sort_by(|a, b| {
            let name = |p: &PathBuf| p.file_name().map(|n| n.as_encoded_bytes().to_vec());
            name(a).cmp(&name(b))
        });
        files
    } else if !input.exists() && glob::is_pattern(input.as_os_str().as_encoded_bytes()) {
        glob::expand(input).map_err(|e| with_path(input, e))?
    } else {
        return Ok(None);
    };
    if files.is_empty() {
        let what = if input.is_dir() {
            "holds no *.csv or *.csv.gz file"
        } else {
            "matches no file"
        };
        let shown = input.display().to_string();
        return Err(Failure::Csv(
            Error::plain(ErrorKind::EmptyInput, format!("{shown} {what}")).in_file(shown),
        ));
    }
    Ok(Some(files))
}

/// Runs `pipeline` over `files` as one input and writes the output to `output`: the bytes
/// one job gives on the files concatenated with the header once. `tables` are the second
/// inputs of the pipeline's joins (see [`Job::attach`]); `threads` bounds the files run at
/// once. Returns the counters and, when `options` asked to sniff, what was decided.
pub fn run_files<E>(
    pipeline: &Pipeline,
    options: &Options,
    files: &[PathBuf],
    tables: Vec<(String, Vec<u8>)>,
    output: &mut impl Write,
    threads: usize,
) -> Result<(Stats, Option<Sniffed>), E>
where
    E: From<Error> + From<io::Error>,
{
    let (options, sniffed) = resolve(options, files).map_err(into::<E>)?;
    let (header, every_file) = check_headers(&options, files).map_err(into::<E>)?;
    let run = RunContext::new(pipeline, &options, threads);
    let stats = if threads > 1
        && files.len() > 1
        && !cfg!(target_arch = "wasm32")
        && parallel::is_row_by_row(pipeline, &options)
    {
        if every_file && all_large(files, threads) {
            each_on_every_core(run, files, header.as_deref(), output)
        } else {
            pool::run(run, files, header.as_deref(), output)
        }
    } else {
        let mut job = Job::with_pipeline(pipeline.clone(), options);
        for (name, csv) in tables {
            job.attach(&name, csv);
        }
        let mut out = Vec::new();
        feed(&mut job, files, &mut out, output)
    };
    Ok((stats.map_err(into::<E>)?, sniffed))
}

/// Whether each file is a few blocks of the parallel reader: then the files run one after
/// another, each on every core. Smaller files run at once instead, one a core ([`pool`]),
/// which for large files would keep all but the file being written waiting.
fn all_large(files: &[PathBuf], threads: usize) -> bool {
    let large = (2 * threads * parallel::RANGE_BYTES) as u64;
    files
        .iter()
        .all(|f| fs::metadata(f).is_ok_and(|m| m.len() >= large))
}

/// Runs the files one after another through the parallel reader, the header written once.
fn each_on_every_core(
    run: RunContext,
    files: &[PathBuf],
    header: Option<&[u8]>,
    output: &mut impl Write,
) -> Result<Stats, Failure> {
    // The dialect was decided from the first file (`resolve`), for every file.
    let options = Options {
        sniff: Sniff::Off,
        ..*run.options
    };
    let run = run.with_options(&options);
    let mut total = Stats::default();
    for (i, path) in files.iter().enumerate() {
        let header = header.filter(|_| i > 0);
        let stats = run_file(run, path, header, output)?;
        pool::add(&mut total, &stats);
    }
    Ok(total)
}

/// One file of many on `threads` threads, its errors naming it: the first file as it is, a
/// later one after `header`, the first file's (with a header), its own read but not written.
fn run_file(
    run: RunContext,
    path: &Path,
    header: Option<&[u8]>,
    output: &mut impl Write,
) -> Result<Stats, Failure> {
    let input = File::open(path).map_err(|e| with_path(path, e))?;
    let stats = match header {
        Some(header) => parallel::run_later_file::<Failure>(run, header, input, output),
        None => parallel::run_input::<Failure>(run, input, output),
    };
    stats.map_err(|f| match f {
        Failure::Csv(e) => at(e, path),
        io => io,
    })
}

/// The profile of `files` read as one input (header once), as [`run_files`] reads them.
pub fn profile_files<E>(options: &Options, files: &[PathBuf]) -> Result<Profile, E>
where
    E: From<Error> + From<io::Error>,
{
    let run = || {
        let (options, _) = resolve(options, files)?;
        check_headers(&options, files)?;
        let mut profiler = Profiler::new(options);
        feed(&mut profiler, files, &mut Vec::new(), &mut io::sink())?;
        let last = files.last().map(PathBuf::as_path).unwrap_or(Path::new(""));
        profiler.finish().map_err(|e| at(e, last))
    };
    run().map_err(into::<E>)
}

/// A job or profiler fed file after file.
trait Consumer {
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> crate::Result<()>;
    fn next_file(&mut self, out: &mut Vec<u8>) -> crate::Result<()>;
    /// The output so far is complete and the counters final.
    fn finish(&mut self, out: &mut Vec<u8>) -> crate::Result<Stats>;
    fn is_done(&self) -> bool;
}

impl Consumer for Job {
    fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) -> crate::Result<()> {
        Job::push(self, chunk, out)
    }
    fn next_file(&mut self, out: &mut Vec<u8>) -> crate::Result<()> {
        Job::next_file(self, out)
    }
    fn finish(&mut self, out: &mut Vec<u8>) -> crate::Result<Stats> {
        Job::finish(self, out)
    }
    fn is_done(&self) -> bool {
        Job::is_done(self)
    }
}

/// [`profile_files`] finishes the profiler itself, for the profile.
impl Consumer for Profiler {
    fn push(&mut self, chunk: &[u8], _: &mut Vec<u8>) -> crate::Result<()> {
        Profiler::push(self, chunk)
    }
    fn next_file(&mut self, _: &mut Vec<u8>) -> crate::Result<()> {
        Profiler::next_file(self)
    }
    fn finish(&mut self, _: &mut Vec<u8>) -> crate::Result<Stats> {
        Ok(Stats::default())
    }
    fn is_done(&self) -> bool {
        false
    }
}

/// Feeds `files` in order into one consumer, writing its output as it comes; an error is
/// given the file it happened in.
fn feed<C: Consumer>(
    consumer: &mut C,
    files: &[PathBuf],
    out: &mut Vec<u8>,
    output: &mut impl Write,
) -> Result<Stats, Failure> {
    let mut result = Ok(());
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            result = consumer.next_file(out).map_err(|e| at(e, &files[i - 1]));
        }
        if result.is_err() || consumer.is_done() {
            break;
        }
        let input = File::open(path).map_err(|e| with_path(path, e))?;
        result = for_each_chunk(input, |chunk| -> Result<bool, Failure> {
            let pushed = consumer.push(chunk, out).map_err(|e| at(e, path));
            output.write_all(out)?;
            out.clear();
            pushed?;
            Ok(!consumer.is_done())
        });
        if result.is_err() {
            break;
        }
    }
    let last = files.last().map(PathBuf::as_path).unwrap_or(Path::new(""));
    let finished = result.and_then(|()| consumer.finish(out).map_err(|e| at(e, last)));
    output.write_all(out)?;
    output.flush()?;
    finished
}

/// Names the file of an error that points at one of its lines (an error after a blocking
/// step points at an output row, line 0, and a spec error at the spec: neither has a file).
fn at(error: Error, path: &Path) -> Failure {
    Failure::Csv(if error.position.line > 0 && !error.kind.is_spec_error() {
        error.in_file(path.display().to_string())
    } else {
        error
    })
}

/// An I/O error that says which path it is about (its kind kept, so Python still raises
/// FileNotFoundError and the like).
fn with_path(path: &Path, e: io::Error) -> Failure {
    Failure::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

fn into<E: From<Error> + From<io::Error>>(failure: Failure) -> E {
    match failure {
        Failure::Csv(e) => e.into(),
        Failure::Io(e) => e.into(),
    }
}

/// Decides the dialect once, from the first file's first bytes, for every file.
fn resolve(options: &Options, files: &[PathBuf]) -> Result<(Options, Option<Sniffed>), Failure> {
    if options.sniff == Sniff::Off {
        return Ok((*options, None));
    }
    let first = files.first().map(PathBuf::as_path).unwrap_or(Path::new(""));
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    File::open(first)
        .and_then(|f| f.take(SAMPLE_BYTES as u64).read_to_end(&mut sample))
        .map_err(|e| with_path(first, e))?;
    let mut resolved = *options;
    let sniffed = crate::sniff::resolve(&mut resolved, &sample);
    Ok((resolved, Some(sniffed)))
}

#[cfg(test)]
mod tests;
