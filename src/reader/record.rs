//! One parsed record as the reader hands it out, and the row-level problems it can carry.

use crate::error::{Error, ErrorKind, Position};
use std::cell::{Cell, OnceCell};

/// Where one field's content lies in its record's bytes (quotes excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    pub start: usize,
    pub end: usize,
    /// In the reader's fields: the content holds doubled quotes still to collapse. In a
    /// [`Record`]'s: the field was collapsed and lives in the record's `copy`.
    pub escaped: bool,
}

/// One parsed record, borrowed from the reader until the callback returns. Fields are slices
/// of the input itself when the record lay inside one chunk (else of the reader's copy of its
/// raw bytes); only a field with doubled quotes is copied, collapsed, into `copy`, or (for
/// the reader's records) into `lazy` the first time such a field is read, so a row that is
/// copied out whole never collapses anything.
#[derive(Debug)]
pub struct Record<'a> {
    bytes: &'a [u8],
    copy: &'a [u8],
    fields: &'a [Field],
    lazy: Option<&'a Unescaped>,
    /// Line on which the record starts (1-based).
    pub line: u64,
    /// Record number; the header, if any, is record 1.
    pub number: u64,
    /// Byte offset of the record's first byte in the input.
    pub byte: u64,
    /// Set when `bytes` is the whole raw record and writing its fields with this delimiter and
    /// quote (minimal quoting) gives back exactly those bytes: see [`Record::exact_raw`].
    exact: Option<[u8; 2]>,
}

impl<'a> Record<'a> {
    pub(crate) fn new(
        bytes: &'a [u8],
        copy: &'a [u8],
        fields: &'a [Field],
        line: u64,
        number: u64,
        byte: u64,
    ) -> Record<'a> {
        Record {
            bytes,
            copy,
            fields,
            lazy: None,
            line,
            number,
            byte,
            exact: None,
        }
    }

    /// The fields flagged `escaped` still hold doubled quotes in the raw bytes; `unescaped`
    /// collapses them when one is first read.
    pub(crate) fn with_lazy(mut self, unescaped: Option<&'a Unescaped>) -> Record<'a> {
        self.lazy = unescaped;
        self
    }

    /// Marks the record's raw bytes as written exactly by a writer of `[delimiter, quote]`.
    pub(crate) fn with_exact(mut self, exact: Option<[u8; 2]>) -> Record<'a> {
        self.exact = exact;
        self
    }

    /// The raw record (line end excluded), when writing its fields with `delimiter` and
    /// `quote` and minimal quoting gives back exactly these bytes, so a row that passes
    /// unchanged can be copied out whole.
    #[inline]
    pub(crate) fn exact_raw(&self, delimiter: u8, quote: u8) -> Option<&'a [u8]> {
        (self.exact == Some([delimiter, quote])).then_some(self.bytes)
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Field `i` (0-based), unescaped. Panics if `i >= len()`, like slice indexing.
    #[inline]
    pub fn get(&self, i: usize) -> &'a [u8] {
        let f = &self.fields[i];
        if f.escaped {
            return self.escaped(i);
        }
        &self.bytes[f.start..f.end]
    }

    /// Field `i`, which held doubled quotes: out of line, so that [`Record::get`] of the
    /// usual field is a slice and nothing more.
    #[cold]
    fn escaped(&self, i: usize) -> &'a [u8] {
        let f = &self.fields[i];
        match self.lazy {
            Some(lazy) => {
                let (out, fields) = lazy.collapse(self.bytes, self.fields);
                &out[fields[i].start..fields[i].end]
            }
            None => &self.copy[f.start..f.end],
        }
    }

    /// Field `i` as text, without checking its UTF-8 again.
    ///
    /// Every record reaches the engine's expressions only once its UTF-8 is known good: the
    /// reader hands a record that is not valid UTF-8 out with an `invalid_utf8` problem, and a
    /// record with a problem is rejected, never evaluated; records the engine builds itself
    /// (after a blocking step or a join) are made of such fields and of text it wrote.
    #[inline]
    pub(crate) fn text(&self, i: usize) -> &'a str {
        let bytes = self.get(i);
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: see above; the debug assertion checks it in every test run.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.fields.len()).map(|i| self.get(i))
    }

    /// The record's raw bytes, for tests of [`Record::exact_raw`].
    #[cfg(test)]
    pub(crate) fn raw(&self) -> &'a [u8] {
        self.bytes
    }

    /// The position of column `column` (1-based) of this record, for error messages.
    pub fn position(&self, column: usize) -> Position {
        Position {
            line: self.line,
            column: column as u64,
            record: self.number,
            byte: self.byte,
        }
    }
}

/// The collapsed fields of the reader's current record, made when one is first read.
pub(crate) struct Unescaped {
    quote: u8,
    done: OnceCell<(Vec<u8>, Vec<Field>)>,
    /// The buffers of an earlier record's collapse, for the next one.
    spare: Cell<(Vec<u8>, Vec<Field>)>,
}

impl std::fmt::Debug for Unescaped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unescaped")
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Unescaped {
    pub fn new(quote: u8) -> Unescaped {
        Unescaped {
            quote,
            done: OnceCell::new(),
            spare: Cell::default(),
        }
    }

    /// The collapsed copy of the record `raw` with reader fields `source` (see [`unescape`]).
    fn collapse(&self, raw: &[u8], source: &[Field]) -> &(Vec<u8>, Vec<Field>) {
        self.done.get_or_init(|| {
            let (mut out, mut fields) = self.spare.take();
            unescape(raw, self.quote, source, &mut out, &mut fields);
            (out, fields)
        })
    }

    /// Forgets the last record's collapse, keeping its buffers.
    pub fn reset(&mut self) {
        if let Some(buffers) = self.done.take() {
            self.spare.set(buffers);
        }
    }
}

/// Copies the escaped fields of `raw` into `out`, collapsing each doubled quote into one,
/// and writes every field's place into `fields` (escaped ones now pointing into `out`).
pub(crate) fn unescape(
    raw: &[u8],
    quote: u8,
    source: &[Field],
    out: &mut Vec<u8>,
    fields: &mut Vec<Field>,
) {
    out.clear();
    fields.clear();
    fields.extend_from_slice(source);
    for f in fields.iter_mut().filter(|f| f.escaped) {
        let start = out.len();
        // Inside an escaped quoted field quotes only come in pairs: keep the first of each.
        let mut rest = &raw[f.start..f.end];
        while let Some(q) = rest.iter().position(|&b| b == quote) {
            out.extend_from_slice(&rest[..=q]);
            rest = rest.get(q + 2..).unwrap_or_default();
        }
        out.extend_from_slice(rest);
        (f.start, f.end) = (start, out.len());
    }
}

/// The row-level problem of a complete record, if any. `raw_is_utf8` says whether the record's
/// raw bytes (quotes and delimiters included) are valid UTF-8: those separators are ASCII, so
/// that holds exactly when every field is valid on its own.
#[inline]
pub(crate) fn problem(
    record: &Record,
    nul_column: Option<usize>,
    raw_is_utf8: bool,
    expected: usize,
) -> Option<Error> {
    // Nearly every record has none: three tests, with the messages built out of line.
    if nul_column.is_none() && raw_is_utf8 && record.len() == expected {
        return None;
    }
    found_problem(record, nul_column, raw_is_utf8, expected)
}

#[cold]
fn found_problem(
    record: &Record,
    nul_column: Option<usize>,
    raw_is_utf8: bool,
    expected: usize,
) -> Option<Error> {
    if let Some(column) = nul_column {
        return Some(Error::new(
            ErrorKind::NulByte,
            record.position(column),
            "field contains a NUL byte",
        ));
    }
    if !raw_is_utf8 {
        if let Some(i) = (0..record.len()).find(|&i| std::str::from_utf8(record.get(i)).is_err()) {
            return Some(Error::new(
                ErrorKind::InvalidUtf8,
                record.position(i + 1),
                "field is not valid UTF-8",
            ));
        }
    }
    if record.len() != expected {
        return Some(Error::new(
            ErrorKind::RaggedRow,
            record.position(record.len().min(expected) + 1),
            format!(
                "record has {} field{}, expected {expected}",
                record.len(),
                if record.len() == 1 { "" } else { "s" }
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_collapses_only_escaped_fields() {
        let raw = b"a\"\"b\"\"x\"y";
        let source = [
            Field {
                start: 0,
                end: 6,
                escaped: true,
            },
            Field {
                start: 6,
                end: 9,
                escaped: false,
            },
        ];
        let (mut out, mut fields) = (Vec::new(), Vec::new());
        unescape(raw, b'"', &source, &mut out, &mut fields);
        let record = Record::new(raw, &out, &fields, 1, 1, 0);
        assert_eq!(record.get(0), b"a\"b\"");
        assert_eq!(record.get(1), b"x\"y");
        assert_eq!(record.iter().count(), 2);
    }
}
