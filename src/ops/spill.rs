//! Temporary files for the steps that go over their memory budget: the only code that knows
//! about them.
//!
//! A spill file holds records (a `u32` length, then the bytes), written once and then read
//! back from the start. Files live in [`std::env::temp_dir`] under a name starting with
//! [`FILE_PREFIX`] and the process id. On Unix the name is removed as soon as the file is
//! open, so nothing is left behind whatever happens to the process (an error, a panic,
//! Ctrl-C, a kill); elsewhere the file is removed when its handle is dropped, which also
//! happens on every error path.

use std::fs::{File, OpenOptions};
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, ErrorKind, Result};

/// Every spill file's name starts with this, then the process id.
pub const FILE_PREFIX: &str = "csv-kernels-spill-";

static NEXT_FILE: AtomicU64 = AtomicU64::new(0);

fn io_error(step: &str, e: std::io::Error) -> Error {
    Error::plain(ErrorKind::JobFailed, format!("{step}: temporary file: {e}"))
}

/// The file's handle, and its path while the path still exists.
struct TempFile {
    file: File,
    path: Option<PathBuf>,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // Nothing more can be done about a file that cannot be removed at this point.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A spill file being written.
pub(crate) struct SpillWriter {
    step: &'static str,
    out: BufWriter<TempFile>,
    records: u64,
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl SpillWriter {
    /// Creates a new, empty temporary file for `step`.
    pub fn create(step: &'static str) -> Result<SpillWriter> {
        let name = format!(
            "{FILE_PREFIX}{}-{}-{step}",
            std::process::id(),
            NEXT_FILE.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| io_error(step, e))?;
        let mut temp = TempFile {
            file,
            path: Some(path),
        };
        // An open file outlives its name on Unix: remove the name now.
        #[cfg(unix)]
        if let Some(path) = temp.path.take() {
            std::fs::remove_file(&path).map_err(|e| io_error(step, e))?;
        }
        Ok(SpillWriter {
            step,
            out: BufWriter::with_capacity(64 * 1024, temp),
            records: 0,
        })
    }

    /// Appends one record.
    pub fn record(&mut self, bytes: &[u8]) -> Result<()> {
        let len = u32::try_from(bytes.len()).map_err(|_| {
            Error::plain(
                ErrorKind::RecordTooLong,
                format!(
                    "{}: a row of {} bytes is too long to spill",
                    self.step,
                    bytes.len()
                ),
            )
        })?;
        let step = self.step;
        self.out
            .write_all(&len.to_le_bytes())
            .and_then(|()| self.out.write_all(bytes))
            .map_err(|e| io_error(step, e))?;
        self.records += 1;
        Ok(())
    }

    /// Ends writing; the file can now be read back.
    pub fn finish(self) -> Result<Run> {
        let step = self.step;
        let records = self.records;
        let mut temp = self
            .out
            .into_inner()
            .map_err(|e| io_error(step, e.into_error()))?;
        temp.file
            .seek(SeekFrom::Start(0))
            .map_err(|e| io_error(step, e))?;
        Ok(Run {
            step,
            input: BufReader::with_capacity(64 * 1024, temp),
            left: records,
        })
    }
}

impl Read for TempFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

/// A finished spill file, read once from the start.
pub(crate) struct Run {
    step: &'static str,
    input: BufReader<TempFile>,
    left: u64,
}

impl Run {
    /// Reads the next record into `buf` (replacing its contents); false at the end.
    pub fn next_record(&mut self, buf: &mut Vec<u8>) -> Result<bool> {
        if self.left == 0 {
            return Ok(false);
        }
        let step = self.step;
        let mut len = [0u8; 4];
        self.input
            .read_exact(&mut len)
            .map_err(|e| io_error(step, e))?;
        buf.clear();
        buf.resize(u32::from_le_bytes(len) as usize, 0);
        self.input.read_exact(buf).map_err(|e| io_error(step, e))?;
        self.left -= 1;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_in_order() -> Result<()> {
        let mut writer = SpillWriter::create("test")?;
        for record in [&b"one"[..], b"", b"three"] {
            writer.record(record)?;
        }
        let mut run = writer.finish()?;
        let mut buf = Vec::new();
        let mut seen = Vec::new();
        while run.next_record(&mut buf)? {
            seen.push(buf.clone());
        }
        assert_eq!(seen, vec![b"one".to_vec(), vec![], b"three".to_vec()]);
        assert!(!run.next_record(&mut buf)?);
        Ok(())
    }
}
