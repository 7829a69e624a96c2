//! The byte form of a stored row, in memory and in spill files: a `u32` field count, then
//! each field as a `u32` length and its bytes, or `u32::MAX` alone for a null (a sort key of
//! an empty value; cells are never null). Little-endian, like the aggregate states.

use std::ops::Range;

use crate::agg::codec;
use crate::value::Value;
use crate::Result;

const NULL: u32 = u32::MAX;

/// Appends a field count; the fields follow with [`put_field`].
pub(crate) fn put_count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

/// Appends one field.
pub(crate) fn put_field(out: &mut Vec<u8>, field: Option<&[u8]>) {
    match field {
        None => out.extend_from_slice(&NULL.to_le_bytes()),
        Some(bytes) => {
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(bytes);
        }
    }
}

/// Appends a whole record of cells.
pub(crate) fn put_cells(out: &mut Vec<u8>, cells: &[&[u8]]) {
    put_count(out, cells.len());
    for cell in cells {
        put_field(out, Some(cell));
    }
}

/// Appends a value as a field: null stays null, anything else is its text.
pub(crate) fn put_value(out: &mut Vec<u8>, value: &Value<'_>, scratch: &mut Vec<u8>) {
    match value {
        Value::Null => put_field(out, None),
        Value::Text(t) => put_field(out, Some(t.as_bytes())),
        other => {
            scratch.clear();
            crate::value::write_value(other, scratch);
            put_field(out, Some(scratch));
        }
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32> {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| codec::invalid("a stored row is truncated"))
}

/// Reads the fields of the record starting at `start` in `bytes` into `fields` (ranges of
/// `bytes`, `None` for nulls); returns where the record ends.
pub(crate) fn read_fields(
    bytes: &[u8],
    start: usize,
    fields: &mut Vec<Option<Range<usize>>>,
) -> Result<usize> {
    fields.clear();
    let count = u32_at(bytes, start)? as usize;
    let mut at = start + 4;
    for _ in 0..count {
        let len = u32_at(bytes, at)?;
        at += 4;
        if len == NULL {
            fields.push(None);
            continue;
        }
        let end = at + len as usize;
        if end > bytes.len() {
            return Err(codec::invalid("a stored row is truncated"));
        }
        fields.push(Some(at..end));
        at = end;
    }
    Ok(at)
}

/// The cells of a record as slices (a null field reads as an empty cell).
pub(crate) fn cells_of<'b>(bytes: &'b [u8], fields: &[Option<Range<usize>>]) -> Vec<&'b [u8]> {
    fields
        .iter()
        .map(|f| f.clone().map_or(&b""[..], |r| &bytes[r]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut out = Vec::new();
        put_count(&mut out, 3);
        put_field(&mut out, Some(b"ab"));
        put_field(&mut out, None);
        let mut scratch = Vec::new();
        put_value(&mut out, &Value::Int(-12), &mut scratch);
        let mut fields = Vec::new();
        assert_eq!(read_fields(&out, 0, &mut fields), Ok(out.len()));
        assert_eq!(fields, vec![Some(8..10), None, Some(18..21)]);
        assert_eq!(cells_of(&out, &fields), vec![&b"ab"[..], b"", b"-12"]);
        for cut in 0..out.len() {
            assert!(read_fields(&out[..cut], 0, &mut fields).is_err(), "{cut}");
        }
    }
}
