//! NDJSON and JSON output, and the one JSON string escaper of the crate (the profile uses it
//! too).

use super::{Column, RowWriter};
use crate::number::{parse_number, Number};
use crate::value::Type;

/// Escapes `text` as the inside of a JSON string, handing the pieces to `emit`: runs of plain
/// characters are passed through as slices, so nothing is allocated.
pub(crate) fn escape_json(text: &str, mut emit: impl FnMut(&str)) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut plain_from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        emit(&text[plain_from..i]);
        plain_from = i + 1;
        if escaped.is_empty() {
            let code = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ];
            // Six ASCII bytes are always valid UTF-8.
            emit(std::str::from_utf8(&code).unwrap_or_default());
        } else {
            emit(escaped);
        }
    }
    emit(&text[plain_from..]);
}

/// Appends `text` as a quoted JSON string; invalid UTF-8 becomes U+FFFD.
fn string(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    escape_json(&String::from_utf8_lossy(text), |piece| {
        out.extend_from_slice(piece.as_bytes())
    });
    out.push(b'"');
}

/// Whether `text` is a number exactly as JSON spells one (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`),
/// so it can be copied through unchanged.
fn is_json_number(text: &[u8]) -> bool {
    fn digits(text: &[u8]) -> usize {
        text.iter().take_while(|b| b.is_ascii_digit()).count()
    }
    let mut rest = text.strip_prefix(b"-").unwrap_or(text);
    match digits(rest) {
        0 => return false,
        n if n > 1 && rest[0] == b'0' => return false,
        n => rest = &rest[n..],
    }
    if let Some(after) = rest.strip_prefix(b".") {
        match digits(after) {
            0 => return false,
            n => rest = &after[n..],
        }
    }
    if let Some(after) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) {
        let after = after
            .strip_prefix(b"+")
            .or_else(|| after.strip_prefix(b"-"))
            .unwrap_or(after);
        match digits(after) {
            0 => return false,
            n => rest = &after[n..],
        }
    }
    rest.is_empty()
}

/// Appends a cell as a JSON value of its column's type: an empty cell is `null`; numbers and
/// booleans are bare; a cell that does not read as its type (which a typed pipeline never
/// produces) falls back to a string, so the output is always valid JSON.
fn value(out: &mut Vec<u8>, cell: &[u8], column_type: Option<Type>) {
    if cell.is_empty() {
        out.extend_from_slice(b"null");
        return;
    }
    match column_type {
        Some(Type::Int | Type::Float) => {
            if is_json_number(cell) {
                out.extend_from_slice(cell);
                return;
            }
            match parse_number(cell) {
                Some(Number::Int(i)) => out.extend_from_slice(i.to_string().as_bytes()),
                Some(Number::Float(f)) => out.extend_from_slice(format!("{f:?}").as_bytes()),
                None => string(out, cell),
            }
        }
        Some(Type::Bool) if cell.eq_ignore_ascii_case(b"true") => out.extend_from_slice(b"true"),
        Some(Type::Bool) if cell.eq_ignore_ascii_case(b"false") => out.extend_from_slice(b"false"),
        _ => string(out, cell),
    }
}

/// NDJSON (one object per line) or JSON (an array of those objects, one per line:
/// `[\n{..},\n{..}\n]\n`, and `[\n]\n` for no rows). Keys are the column names in order.
pub struct JsonWriter {
    /// Each column's `"name":`, escaped once.
    keys: Vec<Vec<u8>>,
    types: Vec<Option<Type>>,
    array: bool,
    rows: u64,
}

impl JsonWriter {
    pub fn new(columns: Vec<Column>, array: bool) -> JsonWriter {
        let keys = columns.iter().map(|c| key(&c.name)).collect();
        JsonWriter {
            keys,
            types: columns.iter().map(|c| c.column_type).collect(),
            array,
            rows: 0,
        }
    }
}

fn key(name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(name.len() + 3);
    string(&mut key, name.as_bytes());
    key.push(b':');
    key
}

impl RowWriter for JsonWriter {
    fn begin(&mut self, out: &mut Vec<u8>) {
        if self.array {
            out.extend_from_slice(b"[\n");
        }
    }

    fn row(&mut self, out: &mut Vec<u8>, cells: &[&[u8]]) {
        if self.array && self.rows > 0 {
            out.extend_from_slice(b",\n");
        }
        self.rows += 1;
        out.push(b'{');
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // A row longer than the columns (never made by a pipeline) keeps its extra cells
            // under `#N` names rather than losing them.
            match self.keys.get(i) {
                Some(k) => out.extend_from_slice(k),
                None => out.extend_from_slice(&key(&format!("#{}", i + 1))),
            }
            value(out, cell, self.types.get(i).copied().flatten());
        }
        out.push(b'}');
        if !self.array {
            out.push(b'\n');
        }
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        if self.array {
            if self.rows > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"]\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_value(cell: &str, column_type: Option<Type>) -> String {
        let mut out = Vec::new();
        value(&mut out, cell.as_bytes(), column_type);
        String::from_utf8(out).expect("JSON output is UTF-8")
    }

    #[test]
    fn escapes() {
        let mut out = String::new();
        escape_json("a\"b\\c\nd\re\tf\u{1}g\u{1f}é", |p| out.push_str(p));
        assert_eq!(out, "a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fé");
        let mut out = String::new();
        escape_json("", |p| out.push_str(p));
        assert_eq!(out, "");
    }

    #[test]
    fn json_numbers() {
        for good in ["0", "-0", "12", "-1.5", "1e5", "1E-5", "2.5e+10", "0.001"] {
            assert!(is_json_number(good.as_bytes()), "{good}");
        }
        for bad in [
            "", "-", "01", "+1", ".5", "1.", "1e", "1e+", "0x1", "1 ", "NaN", "--1",
        ] {
            assert!(!is_json_number(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn typed_values() {
        let int = Some(Type::Int);
        let float = Some(Type::Float);
        let boolean = Some(Type::Bool);
        assert_eq!(json_value("", int), "null");
        assert_eq!(json_value("", None), "null");
        assert_eq!(json_value("-12", int), "-12");
        assert_eq!(json_value("+12", int), "12");
        assert_eq!(json_value(" 7 ", int), "7");
        assert_eq!(json_value("007", int), "7");
        assert_eq!(json_value("2.50", float), "2.50");
        assert_eq!(json_value(".5", float), "0.5");
        assert_eq!(json_value("1e400", float), "1e400");
        assert_eq!(json_value("abc", int), "\"abc\"");
        assert_eq!(json_value("inf", float), "\"inf\"");
        assert_eq!(json_value("true", boolean), "true");
        assert_eq!(json_value("FALSE", boolean), "false");
        assert_eq!(json_value("yes", boolean), "\"yes\"");
        assert_eq!(json_value("12", None), "\"12\"");
        assert_eq!(json_value("12", Some(Type::Text)), "\"12\"");
        assert_eq!(json_value("2024-01-31", Some(Type::Date)), "\"2024-01-31\"");
        let mut out = Vec::new();
        value(&mut out, b"a\xffb", None);
        assert_eq!(out, "\"a\u{fffd}b\"".as_bytes());
    }
}
