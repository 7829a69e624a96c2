//! The `csv-kernels` command. The same source builds natively and for wasm32-wasip1: only std
//! I/O, no threads, no memory maps.

mod args;

use args::{Command, Io, Usage};
use csv_kernels::{Error, Job, OnError, Pipeline, Profiler};
use std::fs::File;
use std::io::{self, BufWriter, ErrorKind, Read, Write};
use std::process::ExitCode;

const CHUNK: usize = 256 * 1024;

/// Why the command failed, and so which exit status it gets.
enum Failure {
    /// Bad input, a bad pipeline or a bad option: exit 2.
    Input(Error),
    Usage(String),
    /// I/O or anything internal: exit 1.
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Input(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Io(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args::parse(&args) {
        Ok(command) => execute(command),
        Err(Usage(message)) => Err(Failure::Usage(message)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Io(m)) if m.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(Failure::Input(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Io(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(1)
        }
    }
}

fn execute(command: Command) -> Result<(), Failure> {
    match command {
        Command::Help(text) => Ok(io::stdout().write_all(text.as_bytes())?),
        Command::Version => Ok(writeln!(
            io::stdout(),
            "csv-kernels {}",
            env!("CARGO_PKG_VERSION")
        )?),
        Command::Primes { count } => primes(count),
        Command::Run { pipeline, io } => run(pipeline, io),
        Command::Profile { io } => profile(io),
    }
}

fn open_input(path: &Option<String>) -> Result<Box<dyn Read>, Failure> {
    Ok(match path {
        Some(p) => Box::new(File::open(p).map_err(|e| Failure::Io(format!("{p}: {e}")))?),
        None => Box::new(io::stdin().lock()),
    })
}

fn open_output(path: &Option<String>) -> Result<Box<dyn Write>, Failure> {
    Ok(match path {
        Some(p) => Box::new(File::create(p).map_err(|e| Failure::Io(format!("{p}: {e}")))?),
        None => Box::new(io::stdout().lock()),
    })
}

/// Calls `each` with successive chunks of `input` until it ends or `each` says stop.
fn read_chunks(
    mut input: impl Read,
    mut each: impl FnMut(&[u8]) -> Result<bool, Failure>,
) -> Result<(), Failure> {
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if !each(&buf[..n])? {
            return Ok(());
        }
    }
}

fn run(pipeline: Pipeline, io: Io) -> Result<(), Failure> {
    let mut job = Job::with_pipeline(pipeline, io.options);
    let input = open_input(&io.input)?;
    let mut output = open_output(&io.output)?;
    let mut out = Vec::with_capacity(CHUNK * 2);
    // Rows completed before a failure are still written: the output is a prefix of the
    // full result, as a streaming tool's should be, and exit status 2 says it stopped early.
    let streamed = read_chunks(input, |chunk| {
        let pushed = job.push(chunk, &mut out);
        output.write_all(&out)?;
        out.clear();
        pushed?;
        Ok(!job.is_done())
    });
    let finished = streamed.and_then(|()| Ok(job.finish(&mut out)?));
    output.write_all(&out)?;
    output.flush()?;
    let stats = finished?;
    if io.options.on_error != OnError::Fail {
        eprintln!("csv-kernels: {stats}");
    }
    Ok(())
}

fn profile(io: Io) -> Result<(), Failure> {
    let mut profiler = Profiler::new(io.options);
    read_chunks(open_input(&io.input)?, |chunk| {
        profiler.push(chunk)?;
        Ok(true)
    })?;
    let profile = profiler.finish()?;
    let mut output = open_output(&io.output)?;
    writeln!(output, "{}", profile.to_json())?;
    output.flush()?;
    Ok(())
}

fn primes(count: usize) -> Result<(), Failure> {
    let primes = csv_kernels::first_n(count)?;
    let mut out = BufWriter::with_capacity(CHUNK, io::stdout().lock());
    for p in primes {
        writeln!(out, "{p}")?;
    }
    out.flush()?;
    Ok(())
}
