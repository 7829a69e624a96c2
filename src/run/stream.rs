//! Driving a [`Job`] or [`Profiler`] from any `std::io` reader, for the doors that have one
//! (the CLI's stdin and files, Python's paths). The core still opens nothing itself: callers
//! hand in the reader and writer.

use crate::error::Error;
use crate::profile::Profile;
use crate::run::job::{Job, Stats};
use crate::run::Profiler;
use std::io::{self, Read, Write};

pub use crate::reader::CHUNK_BYTES;

/// Feeds `input` through `job` in chunks, writing each chunk's output as it is produced, and
/// stops reading once a `limit` is reached. On an error the rows completed before it are
/// still written, so `output` holds a prefix of the full result.
///
/// `E` is the caller's error type, so core and I/O errors keep their own meaning.
pub fn run_job<E>(job: &mut Job, input: impl Read, output: &mut impl Write) -> Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let mut out = Vec::with_capacity(CHUNK_BYTES * 2);
    let streamed = for_each_chunk(input, |chunk| -> Result<bool, E> {
        let pushed = job.push(chunk, &mut out);
        output.write_all(&out)?;
        out.clear();
        pushed?;
        Ok(!job.is_done())
    });
    let finished = streamed.and_then(|()| finish_to(job, &mut out, output));
    output.write_all(&out)?;
    output.flush()?;
    finished
}

/// Runs `job` over `input` on up to `threads` threads: ranges of the input at once through the
/// parallel reader (the same bytes as one thread) when the job can be split, else the job
/// itself. A job holding a join's second input ([`Job::attach`]) runs as itself, since its
/// ranges could not share that input; so does every job on wasm, which has no threads.
pub fn run_on_threads<E>(
    mut job: Job,
    input: impl Read,
    output: &mut impl Write,
    threads: usize,
) -> Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    if threads <= 1 || job.has_tables() || cfg!(target_family = "wasm") {
        return run_job(&mut job, input, output);
    }
    let (pipeline, options) = job.plan();
    let range = crate::run::parallel::RANGE_BYTES;
    crate::run::parallel::run_parallel(pipeline, options, input, output, threads, range)
}

/// Ends `job`, writing what it outputs to `output` as it comes (the end of a sort or a group
/// can be as large as the input); what is left in `out` is for the caller to write. An I/O
/// error stays an I/O error.
pub(crate) fn finish_to<E>(
    job: &mut Job,
    out: &mut Vec<u8>,
    output: &mut impl Write,
) -> Result<Stats, E>
where
    E: From<Error> + From<io::Error>,
{
    let mut failed_write = None;
    let mut flush = |part: &mut Vec<u8>| {
        output.write_all(part).map_err(|e| {
            let message = e.to_string();
            failed_write = Some(e);
            Error::plain(crate::ErrorKind::JobFailed, message)
        })?;
        part.clear();
        Ok(())
    };
    let finished = job.finish_with(out, &mut flush);
    if let Some(e) = failed_write {
        return Err(e.into());
    }
    Ok(finished?)
}

/// Feeds `input` through `profiler` in chunks and returns the profile.
pub fn run_profiler<E>(profiler: &mut Profiler, input: impl Read) -> Result<Profile, E>
where
    E: From<Error> + From<io::Error>,
{
    for_each_chunk(input, |chunk| -> Result<bool, E> {
        profiler.push(chunk)?;
        Ok(true)
    })?;
    Ok(profiler.finish()?)
}

/// Calls `each` with successive chunks of `input` until it ends or `each` returns `false`.
pub(crate) fn for_each_chunk<E: From<io::Error>>(
    mut input: impl Read,
    mut each: impl FnMut(&[u8]) -> Result<bool, E>,
) -> Result<(), E> {
    let mut buf = vec![0u8; CHUNK_BYTES];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if !each(&buf[..n])? {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::parallel::Failure;
    use crate::{ErrorKind, Options};

    #[test]
    fn writes_the_prefix_before_an_error() {
        let mut job = Job::new("derive d = digit_factorial_sum(v)", Options::default()).unwrap();
        let mut out = Vec::new();
        let result = run_job::<Failure>(&mut job, &b"v\n1\nx\n2\n"[..], &mut out);
        assert!(matches!(result, Err(Failure::Csv(e)) if e.kind == ErrorKind::InvalidNumber));
        assert_eq!(out, b"v,d\n1,1\n");
    }

    #[test]
    fn profiles_a_reader() {
        let mut p = Profiler::new(Options::default());
        let profile = run_profiler::<Failure>(&mut p, &b"n\n1\n2\n"[..]).unwrap();
        assert_eq!(profile.rows, 2);
        let failing =
            run_profiler::<Failure>(&mut Profiler::new(Options::default()), FailingReader);
        assert!(matches!(failing, Err(Failure::Io(e)) if e.to_string() == "disk on fire"));
    }

    struct FailingReader;
    impl Read for FailingReader {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }
}
