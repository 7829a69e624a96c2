//! The `csv-kernels` command. The same source builds natively and for wasm32-wasip1: only std
//! I/O and no memory maps; `run` uses every core natively (one thread on wasm32).

mod args;
mod completions;
mod progress;

use args::{Command, Io, Usage};
use csv_kernels::{
    inputs, stream, Error, Job, OnError, OutputFile, Pipeline, Primes, Profiler, Stats,
};
use progress::Feedback;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why the command failed, and so which exit status it gets.
enum Failure {
    /// Bad input, a bad pipeline or a bad option: exit 2.
    Input(Error),
    Usage(String),
    /// A usage failure whose explanation is already on stderr: exit 2.
    Silent,
    /// I/O or anything internal: exit 1.
    Io(String),
    /// Whoever reads our output stopped reading (`| head`): not an error, exit 0.
    OutputClosed,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Input(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        match e.kind() {
            io::ErrorKind::BrokenPipe => Failure::OutputClosed,
            _ => Failure::Io(e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    // args_os, not args: std::env::args panics on an argument that is not UTF-8, and a path
    // may legally be any bytes.
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let result = match args::parse(&args) {
        Ok(command) => execute(command),
        Err(Usage(message)) => Err(Failure::Usage(message)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(Failure::Input(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Silent) => ExitCode::from(2),
        Err(Failure::Io(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
    }
}

fn execute(command: Command) -> Result<(), Failure> {
    match command {
        Command::Help(text) => Ok(stdout().write_all(text.as_bytes())?),
        Command::UsageOnly(text) => {
            io::stderr().write_all(text.as_bytes())?;
            Err(Failure::Silent)
        }
        Command::Version => Ok(writeln!(
            stdout(),
            "csv-kernels {}",
            env!("CARGO_PKG_VERSION")
        )?),
        Command::Primes { count } => primes(count),
        Command::Run { pipeline, io } => run(pipeline, io),
        Command::Profile { io } => profile(io),
        Command::Completions(shell) => {
            Ok(stdout().write_all(completions::script(shell).as_bytes())?)
        }
    }
}

/// Standard output, where a reader that went away (`| head`) is told as
/// [`io::ErrorKind::BrokenPipe`] on every target.
fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

struct Stdout(io::StdoutLock<'static>);

impl Stdout {
    /// wasmtime hands a WASI guest EIO (wasip1 errno 29), not EPIPE, when the pipe it writes
    /// to is closed; on stdout nothing else gives EIO there, so it means the same.
    fn closed(e: io::Error) -> io::Error {
        const WASI_EIO: i32 = 29;
        if cfg!(target_os = "wasi") && e.raw_os_error() == Some(WASI_EIO) {
            return io::Error::from(io::ErrorKind::BrokenPipe);
        }
        e
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(Stdout::closed)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(Stdout::closed)
    }
}

fn open_input(path: &Option<PathBuf>) -> Result<Box<dyn Read>, Failure> {
    Ok(match path {
        Some(p) => Box::new(File::open(p).map_err(|e| io_failure(p, e))?),
        None => Box::new(io::stdin().lock()),
    })
}

/// The open used the path's exact bytes; the message shows it as typed when it is plain text,
/// else quoted with escapes, so the error stays one line whatever bytes the name holds.
fn io_failure(path: &std::path::Path, e: io::Error) -> Failure {
    let shown = match path.to_str() {
        Some(plain) if !plain.chars().any(char::is_control) => plain.to_string(),
        _ => format!("{path:?}"),
    };
    Failure::Io(format!("{shown}: {e}"))
}

/// Opens `--output` (else stdout), refusing a file that is one of `inputs` (exit 2).
fn open_output(path: &Option<PathBuf>, inputs: &[&Path]) -> Result<Output, Failure> {
    Ok(match path {
        Some(p) => Output::File(OutputFile::create(p, inputs).map_err(|e| match e.kind() {
            io::ErrorKind::InvalidInput => Failure::Usage(format!("--output {}: {e}", p.display())),
            _ => io_failure(p, e),
        })?),
        None => Output::Stdout(stdout()),
    })
}

/// Where a command writes: stdout, or the file `--output` names, finished (cut right after
/// the output, an error if that fails) once the command succeeded; after a failure it is cut
/// when dropped (see [`OutputFile`]).
enum Output {
    Stdout(Stdout),
    File(OutputFile),
}

impl Output {
    fn finish(self) -> Result<(), Failure> {
        match self {
            Output::Stdout(_) => Ok(()),
            Output::File(file) => Ok(file.finish()?),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(out) => out.flush(),
        }
    }
}

fn run(pipeline: Pipeline, io: Io) -> Result<(), Failure> {
    let threads = io
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    // A join's second input is a file, named in the spec as a path. A missing one is left
    // for the core to report at its place in the spec, as every door does.
    let mut tables = Vec::new();
    for path in pipeline.join_sources() {
        match std::fs::read(path) {
            Ok(bytes) => tables.push((path.to_string(), bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_failure(path.as_ref(), e)),
        }
    }
    if let Some(files) = many_files(&io)? {
        // Many files have no one reader for a bar to meter: the summary only.
        let feedback = Feedback::new(io.quiet, true);
        let read: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let mut output = open_output(&io.output, &read)?;
        let (stats, sniffed) = inputs::run_files::<Failure>(
            &pipeline,
            &io.options,
            &files,
            tables,
            &mut output,
            threads,
        )?;
        output.finish()?;
        if let Some(sniffed) = sniffed.filter(|_| io.report_sniff) {
            eprintln!("csv-kernels: sniffed: {}", sniffed.reason);
        }
        return report(stats, io.options.on_error, &feedback);
    }
    let feedback = Feedback::new(io.quiet, io.output.is_none() && io::stdout().is_terminal());
    let input = feedback.meter(open_input(&io.input)?, io.input.as_deref());
    let mut output = open_output(&io.output, io.input.as_deref().as_slice())?;
    let mut job = Job::with_pipeline(pipeline, io.options);
    for (name, bytes) in tables {
        job.attach(&name, bytes);
    }
    if io.report_sniff {
        // The dialect reported is the one this job sniffed from the first 64 KB: one job.
        let stats = stream::run_job::<Failure>(&mut job, input, &mut output);
        if let Some(sniffed) = job.sniffed() {
            eprintln!("csv-kernels: sniffed: {}", sniffed.reason);
        }
        let stats = stats?;
        output.finish()?;
        return report(stats, io.options.on_error, &feedback);
    }
    // Rows completed before a failure are still written (a prefix of the full result); exit
    // status 2 says the run stopped early. Any thread count gives the same bytes.
    let stats = stream::run_on_threads::<Failure>(job, input, &mut output, threads)?;
    output.finish()?;
    report(stats, io.options.on_error, &feedback)
}

/// The counts on stderr: always on a terminal; elsewhere after a run that may have skipped
/// rows or emptied cells, as scripts have read them since before the terminal had more.
fn report(stats: Stats, on_error: OnError, feedback: &Feedback) -> Result<(), Failure> {
    feedback.summary(&stats.to_string(), on_error != OnError::Fail);
    Ok(())
}

/// The files of a folder or glob `--input`; `None` for one file or stdin.
fn many_files(io: &Io) -> Result<Option<Vec<PathBuf>>, Failure> {
    match &io.input {
        Some(input) => inputs::expand(input),
        None => Ok(None),
    }
}

fn profile(io: Io) -> Result<(), Failure> {
    // The profile is written only at the end, so a terminal on stdout does not hide the bar.
    let feedback = Feedback::new(io.quiet, false);
    let files = many_files(&io)?;
    let profile = match &files {
        // A folder or glob has no one reader for the bar to meter: no bar.
        Some(files) => inputs::profile_files::<Failure>(&io.options, files)?,
        None => {
            let input = feedback.meter(open_input(&io.input)?, io.input.as_deref());
            let mut profiler = Profiler::new(io.options);
            stream::run_profiler::<Failure>(&mut profiler, input)?
        }
    };
    let read: Vec<&Path> = match &files {
        Some(files) => files.iter().map(PathBuf::as_path).collect(),
        None => io.input.as_deref().into_iter().collect(),
    };
    let mut output = open_output(&io.output, &read)?;
    writeln!(output, "{}", profile.to_json())?;
    output.flush()?;
    output.finish()?;
    let counts = format!(
        "{} rows profiled, {} skipped, {} columns",
        profile.rows,
        profile.rows_skipped,
        profile.columns.len()
    );
    feedback.summary(&counts, false);
    Ok(())
}

/// Streams the primes a sieve segment at a time, so memory stays flat at any N (collecting
/// them first took 4 bytes per prime: 813 MB at the largest N).
fn primes(count: usize) -> Result<(), Failure> {
    let mut primes = Primes::new(count)?;
    let mut out = stdout();
    let mut text = Vec::with_capacity(stream::CHUNK_BYTES + 64 * 1024);
    while let Some(batch) = primes.next_batch() {
        for &p in batch {
            push_line(&mut text, p);
        }
        if text.len() >= stream::CHUNK_BYTES {
            out.write_all(&text)?;
            text.clear();
        }
    }
    out.write_all(&text)?;
    out.flush()?;
    Ok(())
}

/// Appends `n` in decimal and a line end: `primes` prints up to 203 million numbers, and
/// this is several times faster than `writeln!`'s formatting machinery.
fn push_line(text: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 11]; // u32::MAX has 10 digits, then the line end
    let mut at = digits.len() - 1;
    digits[at] = b'\n';
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn push_line_writes_decimal_lines() {
        let mut text = Vec::new();
        for n in [0, 7, 10, 48_611, u32::MAX] {
            super::push_line(&mut text, n);
        }
        assert_eq!(text, b"0\n7\n10\n48611\n4294967295\n");
    }
}
