//! Splitting a sample into rows and fields under one candidate dialect. Tolerant on purpose:
//! a sniffer must score broken dialects rather than stop at their first error.

/// A candidate dialect: a delimiter byte (`None`: one column per line) and a quote byte
/// (`None`: quotes are plain text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dialect {
    pub delimiter: Option<u8>,
    pub quote: Option<u8>,
}

/// What splitting saw: each row's field count, and how many fields were cleanly quoted (the
/// closing quote followed by a delimiter or a line end).
#[derive(Debug, Default)]
pub(super) struct Shape {
    pub field_counts: Vec<usize>,
    pub quoted_fields: usize,
}

/// Splits `sample` and calls `field(row, text, quoted)` for every field: `text` is a cleanly
/// quoted field's inside (a doubled or backslash-escaped quote stays as written, which is
/// enough for typing), or else the field's raw bytes.
/// Blank lines are skipped, as the reader skips them. `field` is a trait object so that one
/// copy of this loop serves every caller in a wasm build. A quote that opens a field but never
/// closes runs to the end of the sample.
pub(super) fn split<'a>(
    sample: &'a [u8],
    dialect: Dialect,
    field: &mut dyn FnMut(usize, &'a [u8], bool),
) -> Shape {
    let mut shape = Shape::default();
    let mut fields_in_row = 0;
    let mut i = 0;
    let n = sample.len();
    while i < n {
        // At the start of a field.
        let row = shape.field_counts.len();
        if fields_in_row == 0 && matches!(sample[i], b'\n' | b'\r') {
            i += 1; // a blank line, or the LF of a CRLF
            continue;
        }
        let opens_quote = dialect.quote == Some(sample[i]);
        let (text, end, quoted) = if opens_quote {
            let q = sample[i];
            let start = i + 1;
            let mut j = start;
            loop {
                match sample.get(j) {
                    None => break (&sample[start..j], j, false),
                    Some(&b) if b == q && sample.get(j + 1) == Some(&q) => j += 2,
                    Some(b'\\') if sample.get(j + 1) == Some(&q) => j += 2,
                    Some(&b) if b == q => {
                        // Text after the closing quote means the quote did not delimit the
                        // field: the field runs on to its end and is not cleanly quoted.
                        let mut k = j + 1;
                        while k < n && !is_field_end(sample[k], dialect) {
                            k += 1;
                        }
                        break if k == j + 1 {
                            (&sample[start..j], k, true)
                        } else {
                            (&sample[i..k], k, false)
                        };
                    }
                    Some(_) => j += 1,
                }
            }
        } else {
            let mut j = i;
            while j < n && !is_field_end(sample[j], dialect) {
                j += 1;
            }
            (&sample[i..j], j, false)
        };
        shape.quoted_fields += usize::from(quoted);
        field(row, text, quoted);
        fields_in_row += 1;
        i = end;
        match sample.get(i) {
            Some(&b) if Some(b) == dialect.delimiter => {
                i += 1;
                if i == n {
                    // A trailing delimiter at the very end still makes an (empty) field.
                    field(row, b"", false);
                    fields_in_row += 1;
                }
            }
            _ => {
                // A line end or the end of the sample closes the row.
                shape.field_counts.push(fields_in_row);
                fields_in_row = 0;
                if sample.get(i) == Some(&b'\r') && sample.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
            }
        }
    }
    if fields_in_row > 0 {
        shape.field_counts.push(fields_in_row);
    }
    shape
}

fn is_field_end(b: u8, dialect: Dialect) -> bool {
    b == b'\n' || b == b'\r' || Some(b) == dialect.delimiter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(sample: &str, delimiter: Option<u8>, quote: Option<u8>) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        let shape = split(
            sample.as_bytes(),
            Dialect { delimiter, quote },
            &mut |row, text, _| {
                if out.len() <= row {
                    out.resize(row + 1, Vec::new());
                }
                out[row].push(String::from_utf8_lossy(text).into_owned());
            },
        );
        let counts: Vec<usize> = out.iter().map(Vec::len).collect();
        assert_eq!(shape.field_counts, counts, "{sample:?}");
        out
    }

    #[test]
    fn splits_rows_and_fields() {
        assert_eq!(
            rows("a,b\n1,\"x,y\"\r\n\n2,3", Some(b','), Some(b'"')),
            [vec!["a", "b"], vec!["1", "x,y"], vec!["2", "3"]]
        );
        assert_eq!(
            rows("a;\"b\"\"c\"\r3;\"multi\nline\"\n", Some(b';'), Some(b'"')),
            [vec!["a", "b\"\"c"], vec!["3", "multi\nline"]]
        );
        assert_eq!(rows("a,b,\n", Some(b','), None), [vec!["a", "b", ""]]);
        assert_eq!(rows("a,b,", Some(b','), None), [vec!["a", "b", ""]]);
        assert_eq!(
            rows("\"a\"x,b", Some(b','), Some(b'"')),
            [vec!["\"a\"x", "b"]]
        );
        assert_eq!(
            rows("\"a\\\"b\",c", Some(b','), Some(b'"')),
            [vec!["a\\\"b", "c"]]
        );
        assert_eq!(
            rows("\"open,b\nc", Some(b','), Some(b'"')),
            [vec!["open,b\nc"]]
        );
        assert_eq!(rows("a,b\nc", None, None), [vec!["a,b"], vec!["c"]]);
        assert!(rows("", Some(b','), None).is_empty());
        assert!(rows("\n\r\n", Some(b','), None).is_empty());
    }
}
