//! The files of one input must agree on their first record: the same header (or, without a
//! header, the same width), read from each file's plain bytes.

use super::{with_path, Failure};
use crate::error::{Error, ErrorKind, Position};
use crate::input::Decoder;
use crate::options::Options;
use crate::reader::{Flow, Reader};
use crate::run::stream::for_each_chunk;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Checks that every file starts with the first file's header (or, without a header, has
/// its width). Returns the header as CSV bytes, which a job reads first to stand for it, and
/// whether every file has a good first record.
pub(super) fn check_headers(
    options: &Options,
    files: &[PathBuf],
) -> Result<(Option<Vec<u8>>, bool), Failure> {
    let mut first: Option<(&PathBuf, Vec<Vec<u8>>)> = None;
    let mut every_file = true;
    for path in files {
        // A file with no record adds nothing; one whose first record is broken is left for
        // the run to report at its place.
        let Some(fields) = first_record(options, path)? else {
            every_file = false;
            continue;
        };
        let Some((first_path, header)) = &first else {
            first = Some((path, fields));
            continue;
        };
        if let Some(message) = differs(options, header, &fields, first_path, path) {
            let column = header
                .iter()
                .zip(&fields)
                .take_while(|(a, b)| a == b)
                .count()
                + 1;
            let position = Position {
                line: 1,
                column: column as u64,
                record: 1,
                byte: 0,
            };
            let error = Error::new(ErrorKind::HeaderMismatch, position, message);
            return Err(Failure::Csv(error.in_file(path.display().to_string())));
        }
    }
    let header = first.filter(|_| options.header).map(|(_, header)| {
        let mut csv = Vec::new();
        crate::Writer::new(options).write_record(&mut csv, header.iter().map(Vec::as_slice));
        csv
    });
    Ok((header, every_file))
}

/// Why `fields`, the first record of `path`, does not fit the first file's `header`.
fn differs(
    options: &Options,
    header: &[Vec<u8>],
    fields: &[Vec<u8>],
    first: &Path,
    path: &Path,
) -> Option<String> {
    let show = |f: &[Vec<u8>]| {
        let names: Vec<_> = f.iter().map(|n| String::from_utf8_lossy(n)).collect();
        names.join(",")
    };
    let (first, path) = (first.display(), path.display());
    if options.header && header != fields {
        Some(format!(
            "the header of {path} ({}) differs from the header of {first} ({})",
            show(fields),
            show(header)
        ))
    } else if header.len() != fields.len() {
        Some(format!(
            "{path} has {} columns where {first} has {}",
            fields.len(),
            header.len()
        ))
    } else {
        None
    }
}

/// The fields of the first record of `path`, or `None` when it has none or it is broken.
fn first_record(options: &Options, path: &Path) -> Result<Option<Vec<Vec<u8>>>, Failure> {
    let mut reader = Reader::new(options);
    let mut fields = None;
    let mut keep = |record: &crate::reader::Record, problem: Option<Error>| {
        if problem.is_none() {
            fields = Some(record.iter().map(<[u8]>::to_vec).collect());
        }
        Ok(Flow::Stop)
    };
    let input = File::open(path).map_err(|e| with_path(path, e))?;
    // A compressed file's first record is read from its plain bytes.
    let mut decoder = Decoder::default();
    let more = std::cell::Cell::new(true);
    let mut read = |plain: &[u8]| {
        more.set(reader.feed(plain, &mut keep).is_ok() && !reader.is_stopped());
        Ok(more.get())
    };
    let mut broken = false;
    for_each_chunk(input, |chunk| -> Result<bool, Failure> {
        broken = decoder.feed(chunk, &mut read).is_err();
        Ok(!broken && more.get())
    })?;
    if !broken && more.get() {
        // A broken last record or stream is the run's to report.
        if decoder.finish(&mut read).is_ok() && more.get() {
            let _ = reader.finish(&mut keep);
        }
    }
    Ok(fields)
}
