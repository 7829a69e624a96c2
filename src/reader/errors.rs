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

/// `at` is the line of the open quote, which is where the reader's contract points for this
/// one kind: the record may have started earlier, but the quote is what the user must find.
pub(super) fn unclosed_quote(at: Position) -> Error {
    Error::new(
        ErrorKind::UnclosedQuote,
        at,
        "quoted field is not closed before the end of the input",
    )
}

/// Text after a closing quote; `found_on` is the line the stray byte is on. When the record
/// spans lines the message says which of its lines, counted within the record, so the text
/// stays true wherever the record sits (a parallel range shifts only the position).
pub(super) fn invalid_quote(byte: u8, record: Position, found_on: u64) -> Error {
    let shown = if byte.is_ascii_graphic() || byte == b' ' {
        format!("'{}'", byte as char)
    } else {
        format!("byte 0x{byte:02X}")
    };
    let place = if found_on == record.line {
        String::new()
    } else {
        format!(" on line {} of the record", found_on - record.line + 1)
    };
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
