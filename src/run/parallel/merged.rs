//! The output of a run in parts, merged on the calling thread.

use crate::error::Error;
use crate::run::job::{Job, Stats};
use std::io::{self, Write};

/// The output of a run in parts: the parts' outputs go into the merge job on this thread,
/// whose output goes to `inner` as it comes.
pub(super) struct Merged<'w, W: Write> {
    job: Job,
    out: Vec<u8>,
    inner: &'w mut W,
    /// The merge's own error, kept whole (the `Write` trait can only pass an io error on).
    failed: Option<Error>,
}

impl<'w, W: Write> Merged<'w, W> {
    pub(super) fn new(job: Job, inner: &'w mut W) -> Merged<'w, W> {
        Merged {
            job,
            out: Vec::new(),
            inner,
            failed: None,
        }
    }

    /// Ends the merge after the parts have run; the counters of rows out are the merge's.
    pub(super) fn finish<E>(
        mut self,
        streamed: std::result::Result<Stats, E>,
    ) -> std::result::Result<Stats, E>
    where
        E: From<Error> + From<io::Error>,
    {
        if let Some(e) = self.failed.take() {
            return Err(e.into());
        }
        let stats = streamed?;
        let merged = crate::run::stream::finish_to::<E>(&mut self.job, &mut self.out, self.inner)?;
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
