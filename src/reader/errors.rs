//! The reader's structural errors. Each carries the position of the record it stopped in: the
//! record's first line, its number and first byte, and the field (column) being read.

use crate::error::{Error, ErrorKind, Position};

pub(super) fn empty_input() -> Error {
    let start = Position {
        line: 1,
        column: 1,
        record: 1,
        byte: 0,
    };
    Error::new(
        ErrorKind::EmptyInput,
        start,
        "the input is empty: expected a header row",
    )
}

/// An unclosed quote, reported at its record like every error; `quote_on` is the line of the
/// open quote, named in the message when the record started on an earlier line.
pub(super) fn unclosed_quote(record: Position, quote_on: u64) -> Error {
    Error::new(
        ErrorKind::UnclosedQuote,
        record,
        match line_in_record(record, quote_on) {
            Some(n) => format!(
                "the quoted field opened on line {n} of the record is not closed before the end of the input"
            ),
            None => "quoted field is not closed before the end of the input".to_string(),
        },
    )
}

/// Which line of a multi-line record `line` is (1-based), or `None` on the record's first line.
/// Messages count within the record, so they stay true wherever the record sits (a parallel
/// range shifts only the position).
fn line_in_record(record: Position, line: u64) -> Option<u64> {
    (line != record.line).then(|| line - record.line + 1)
}

/// Text after a closing quote; `found_on` is the line the stray byte is on.
pub(super) fn invalid_quote(byte: u8, record: Position, found_on: u64) -> Error {
    let shown = if byte.is_ascii_graphic() || byte == b' ' {
        format!("'{}'", byte as char)
    } else {
        format!("byte 0x{byte:02X}")
    };
    let place = line_in_record(record, found_on)
        .map(|n| format!(" on line {n} of the record"))
        .unwrap_or_default();
    Error::new(
        ErrorKind::InvalidQuote,
        record,
        format!(
            "unexpected {shown} after a closing quote{place} (double a quote inside a quoted field)"
        ),
    )
}

pub(super) fn field_too_long(at: Position, max: usize) -> Error {
    Error::new(
        ErrorKind::FieldTooLong,
        at,
        format!("field is longer than max_field_bytes = {max}"),
    )
}

pub(super) fn record_too_long(at: Position, max: usize) -> Error {
    Error::new(
        ErrorKind::RecordTooLong,
        at,
        format!("record is longer than max_record_bytes = {max}"),
    )
}

pub(super) fn too_many_columns(at: Position, max: usize) -> Error {
    Error::new(
        ErrorKind::TooManyColumns,
        at,
        format!("record has more than max_columns = {max} fields"),
    )
}
