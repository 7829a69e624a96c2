//! Where to cut an input into parts for a split run ([`crate::Job::part`]): record starts
//! found by reading, so no cut falls inside a quoted field, each with the line and record
//! number it starts at, so a part's error positions can be moved to the whole input.

use super::{Flow, Reader};
use crate::input::Compression;
use crate::{Error, Options, Result};
use std::io::Read;

/// Where one part starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cut {
    /// Byte offset of the part's first record.
    pub byte: u64,
    /// Line on which that record starts (1-based).
    pub line: u64,
    /// That record's number (the header, if any, is record 1).
    pub record: u64,
}

fn read_failed(e: std::io::Error) -> Error {
    Error::plain(
        crate::ErrorKind::JobFailed,
        format!("reading the input: {e}"),
    )
}

impl Cut {
    /// Moves the position of an error of the part starting here (read after `first_record`,
    /// the input's first record, as [`crate::Job::part`]'s caller feeds it) to the whole input.
    /// Spec errors and errors without a line are left as they are.
    pub fn place(&self, mut error: Error, first_record: &[u8], options: &Options) -> Error {
        let p = &mut error.position;
        if error.kind.is_spec_error() || p.line == 0 {
            return error;
        }
        let first_lines = first_record.iter().filter(|&&b| b == b'\n').count() as u64;
        let first_records = u64::from(options.header);
        if p.line > first_lines {
            p.line = self.line + (p.line - first_lines - 1);
        }
        if p.record > first_records {
            p.record = self.record + (p.record - first_records - 1);
        }
        if p.byte >= first_record.len() as u64 {
            p.byte = self.byte + (p.byte - first_record.len() as u64);
        }
        error
    }
}

/// How to cut an input: where its first record ends, and where each part starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cuts {
    /// The end of the first record: the header, or without one the first row (a split run's
    /// merge reads it for the column names or count).
    pub first_record_end: u64,
    pub parts: Vec<Cut>,
}

/// The cuts of `input` into parts of about `size` bytes each: the first data record, then the
/// first record starting at or after every further `size` bytes. An error that stops a run
/// (an unclosed quote, a limit) stops this too; a bad row is left to the part that reads it.
///
/// ```
/// use csv_kernels::reader::cuts::{cuts, Cut};
/// let input = &b"a,b\n1,\"x\ny\"\n2,z\n3,w\n"[..];
/// let found = cuts(input, &Default::default(), 8)?;
/// assert_eq!(found.first_record_end, 4);
/// assert_eq!(found.parts[0], Cut { byte: 4, line: 2, record: 2 });
/// assert_eq!(found.parts[1], Cut { byte: 12, line: 4, record: 3 });
/// # Ok::<(), csv_kernels::Error>(())
/// ```
pub fn cuts(mut input: impl Read, options: &Options, size: u64) -> Result<Cuts> {
    let mut magic = Vec::with_capacity(2);
    (&mut input)
        .take(2)
        .read_to_end(&mut magic)
        .map_err(read_failed)?;
    if Compression::of(&magic).is_some_and(|c| c != Compression::None) {
        return Err(Error::plain(
            crate::ErrorKind::JobFailed,
            "a compressed input cannot be cut into parts: run it as one job",
        ));
    }
    let mut input = std::io::Cursor::new(magic).chain(input);
    let size = size.max(1);
    let mut found: Vec<Cut> = Vec::new();
    let mut first_record_end = None;
    let mut bytes = 0u64;
    let mut reader = Reader::new(options);
    let mut next = 0u64;
    let mut each = |record: &super::Record, problem: Option<crate::Error>| {
        match problem {
            // A bad row is the parts' to report or skip, by the run's policy.
            Some(problem) if problem.kind.is_row_error() => return Ok(Flow::Continue),
            Some(problem) => return Err(problem),
            None => {}
        }
        if record.number == 2 {
            first_record_end = Some(record.byte);
        }
        let data = !options.header || record.number > 1;
        if data && record.byte >= next {
            found.push(Cut {
                byte: record.byte,
                line: record.line,
                record: record.number,
            });
            next = record.byte + size;
        }
        Ok(Flow::Continue)
    };
    let mut buf = vec![0u8; crate::reader::CHUNK_BYTES];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_failed(e)),
        };
        bytes += n as u64;
        reader.feed(&buf[..n], &mut each)?;
    }
    reader.finish(&mut each)?;
    Ok(Cuts {
        first_record_end: first_record_end.unwrap_or(bytes),
        parts: found,
    })
}
