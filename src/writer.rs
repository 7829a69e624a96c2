//! CSV writing with minimal quoting, byte-identical to Python's
//! `csv.writer(f, lineterminator="\n")` (QUOTE_MINIMAL) for the same rows.

use crate::options::Options;
use crate::reader::Record;

/// Appends records to a byte buffer.
#[derive(Clone, Debug)]
pub struct Writer {
    delimiter: u8,
    quote: u8,
    line_end: &'static [u8],
    /// Neither the delimiter nor the quote can appear in a number's or a bool's text, so such
    /// a cell never needs quoting (see [`Writer::write_raw`]).
    numbers_plain: bool,
}

impl Writer {
    pub fn new(options: &Options) -> Writer {
        Writer {
            delimiter: options.delimiter,
            quote: options.quote,
            line_end: if options.crlf { b"\r\n" } else { b"\n" },
            numbers_plain: ![options.delimiter, options.quote]
                .iter()
                .any(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b)),
        }
    }

    /// Writes one record. A record of a single empty field is written as `""` so that it reads
    /// back as a field rather than as a blank line (Python does the same).
    pub fn write_record<'a, I>(&self, out: &mut Vec<u8>, fields: I)
    where
        I: IntoIterator<Item = &'a [u8]>,
    {
        let start = out.len();
        let mut count = 0;
        for field in fields {
            if count > 0 {
                out.push(self.delimiter);
            }
            self.write_field(out, field);
            count += 1;
        }
        if count == 1 && out.len() == start {
            out.push(self.quote);
            out.push(self.quote);
        }
        out.extend_from_slice(self.line_end);
    }

    /// Writes `record` followed by the `appended` fields, copying the record's raw bytes when
    /// they are exactly what [`Writer::write_record`] would write for its fields (the reader
    /// knows: see [`Record::exact_raw`]). Most rows of most files pass this way, as one copy.
    /// When they are not, nothing is written and `appended` is handed back. An appended field
    /// marked `true` is a number's or a bool's text (ASCII letters, digits, `+`, `-`, `.`).
    #[inline]
    pub(crate) fn write_raw<'a, I>(
        &self,
        out: &mut Vec<u8>,
        record: &Record,
        appended: I,
    ) -> Result<(), I>
    where
        I: ExactSizeIterator<Item = (&'a [u8], bool)>,
    {
        let Some(raw) = record.exact_raw(self.delimiter, self.quote) else {
            return Err(appended);
        };
        // A lone empty field is raw `""`, which stays quoted only while it is alone.
        if appended.len() > 0 && raw == [self.quote, self.quote] && record.len() == 1 {
            return Err(appended);
        }
        append(out, raw);
        for (field, number) in appended {
            out.push(self.delimiter);
            if number && self.numbers_plain {
                append(out, field);
            } else {
                self.write_field(out, field);
            }
        }
        self.end_line(out);
        Ok(())
    }

    /// Appends the line end: one byte unless it is CRLF.
    #[inline]
    fn end_line(&self, out: &mut Vec<u8>) {
        match self.line_end {
            [one] => out.push(*one),
            both => out.extend_from_slice(both),
        }
    }

    #[inline]
    fn write_field(&self, out: &mut Vec<u8>, field: &[u8]) {
        if !self.needs_quoting(field) {
            append(out, field);
            return;
        }
        out.push(self.quote);
        for part in field.split(|&b| b == self.quote).enumerate() {
            if part.0 > 0 {
                out.push(self.quote);
                out.push(self.quote);
            }
            out.extend_from_slice(part.1);
        }
        out.push(self.quote);
    }
}

impl Writer {
    /// Whether `field` holds the delimiter, the quote, CR or LF. Fields are mostly short, so
    /// eight bytes are tested at a time in a `u64` (SWAR) rather than with vector set-up; a
    /// short field is read as one word made of its own bytes.
    #[inline]
    fn needs_quoting(&self, field: &[u8]) -> bool {
        use crate::swar::{equal, word, ONES};
        let (delimiter, quote) = (ONES * self.delimiter as u64, ONES * self.quote as u64);
        let special = |w: u64| {
            equal(w, delimiter)
                | equal(w, quote)
                | equal(w, ONES * b'\r' as u64)
                | equal(w, ONES * b'\n' as u64)
                != 0
        };
        let n = field.len();
        if n < 8 {
            // Two overlapping 4-byte loads (or three single bytes) cover every byte; repeated
            // bytes change no answer, and fixed-size loads avoid a memcpy call per field.
            let four = |b: &[u8]| {
                let mut a = [0u8; 4];
                a.copy_from_slice(&b[..4]);
                u32::from_le_bytes(a) as u64
            };
            let w = match n {
                0 => return false,
                1..=3 => {
                    let x = u32::from_le_bytes([field[0], field[n / 2], field[n - 1], field[0]]);
                    x as u64 * 0x1_0000_0001
                }
                _ => four(field) | four(&field[n - 4..]) << 32,
            };
            return special(w);
        }
        // Whole words, then the last eight bytes (overlapping the words already seen).
        field.chunks_exact(8).any(|eight| special(word(eight))) || special(word(&field[n - 8..]))
    }
}

/// Appends `bytes` to `out`. Cells and records are mostly short, and `extend_from_slice` of a
/// length known only at run time is a call to memcpy, which costs more than the copy itself:
/// up to 16 bytes are copied here with two fixed-size, possibly overlapping, loads and stores.
#[inline(always)]
pub(crate) fn append(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    if n > 16 {
        out.extend_from_slice(bytes);
        return;
    }
    out.reserve(16);
    let spare = out.spare_capacity_mut();
    let (src, dst) = (bytes.as_ptr(), spare.as_mut_ptr().cast::<u8>());
    // SAFETY: `spare` holds at least 16 bytes and `bytes` holds `n`; each branch reads only
    // inside `bytes` and writes only its first `n` bytes' places (the overlapping halves write
    // the same bytes twice), so the `n` bytes after the length are written before `set_len`.
    unsafe {
        if n >= 8 {
            dst.cast::<u64>()
                .write_unaligned(src.cast::<u64>().read_unaligned());
            dst.add(n - 8)
                .cast::<u64>()
                .write_unaligned(src.add(n - 8).cast::<u64>().read_unaligned());
        } else if n >= 4 {
            dst.cast::<u32>()
                .write_unaligned(src.cast::<u32>().read_unaligned());
            dst.add(n - 4)
                .cast::<u32>()
                .write_unaligned(src.add(n - 4).cast::<u32>().read_unaligned());
        } else if n > 0 {
            *dst = *src;
            *dst.add(n / 2) = *src.add(n / 2);
            *dst.add(n - 1) = *src.add(n - 1);
        }
        out.set_len(out.len() + n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(fields: &[&str]) -> String {
        let mut out = Vec::new();
        Writer::new(&Options::default())
            .write_record(&mut out, fields.iter().map(|f| f.as_bytes()));
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn raw_records_with_appended_fields_match_the_field_by_field_writer() {
        use crate::reader::{Flow, Reader};
        let options = Options::default();
        let writer = Writer::new(&options);
        let input = b"\"\"\na,\"b,c\"\n\"a\"\n\"x\"\"y\"\r\n\"\",\n";
        let mut copied = Vec::new();
        let mut emit = |record: &Record, _: Option<crate::Error>| {
            for appended in [&[][..], &[&b"z"[..], b"q,r"][..]] {
                let mut want = Vec::new();
                let cells = record.iter().chain(appended.iter().copied());
                writer.write_record(&mut want, cells);
                let mut got = Vec::new();
                if writer
                    .write_raw(&mut got, record, appended.iter().map(|&c| (c, false)))
                    .is_ok()
                {
                    assert_eq!(got, want);
                    copied.push(String::from_utf8(got).unwrap());
                }
            }
            Ok(Flow::Continue)
        };
        let mut reader = Reader::new(&options);
        reader.feed(input, &mut emit).unwrap();
        reader.finish(&mut emit).unwrap();
        assert_eq!(
            copied,
            [
                "\"\"\n",
                "a,\"b,c\"\n",
                "a,\"b,c\",z,\"q,r\"\n",
                "\"x\"\"y\"\n",
                "\"x\"\"y\",z,\"q,r\"\n"
            ]
        );
    }

    /// A number's text is written without a look for characters to quote, unless the
    /// delimiter or the quote is a character numbers are written with.
    #[test]
    fn numbers_are_quoted_only_by_a_writer_whose_delimiter_they_may_hold() {
        use crate::reader::{Flow, Reader};
        for (delimiter, input, want) in [
            (b',', &b"a\n"[..], &b"a,-1.5e+07\n"[..]),
            (b'.', b"a\n", b"a.\"-1.5e+07\"\n"),
            (b'e', b"a\n", b"ae\"-1.5e+07\"\n"),
            (b';', b"a\n", b"a;-1.5e+07\n"),
        ] {
            let options = Options {
                delimiter,
                ..Options::default()
            };
            let writer = Writer::new(&options);
            let mut out = Vec::new();
            let mut emit = |record: &Record, _: Option<crate::Error>| {
                let cells = [(&b"-1.5e+07"[..], true)].into_iter();
                assert!(writer.write_raw(&mut out, record, cells).is_ok());
                Ok(Flow::Continue)
            };
            let mut reader = Reader::new(&options);
            reader.feed(input, &mut emit).unwrap();
            assert_eq!(out, want, "delimiter {}", delimiter as char);
        }
    }

    #[test]
    fn append_copies_every_length() {
        let source: Vec<u8> = (0..40).collect();
        for len in 0..source.len() {
            let mut out = b"ab".to_vec();
            append(&mut out, &source[..len]);
            assert_eq!(out[..2], *b"ab");
            assert_eq!(out[2..], source[..len]);
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(line(&["a", "b c", ""]), "a,b c,\n");
        assert_eq!(
            line(&["a,b", "say \"hi\"", "x\ny", "x\ry"]),
            "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"x\ry\"\n"
        );
        assert_eq!(line(&[""]), "\"\"\n");
        assert_eq!(line(&["", ""]), ",\n");
        // Every place in fields of every length around the 8-byte words.
        for len in 1..20 {
            for at in 0..len {
                for special in [",", "\"", "\r", "\n"] {
                    let mut field = "x".repeat(len);
                    field.replace_range(at..at + 1, special);
                    let quoted = format!("\"{}\"\n", field.replace('"', "\"\""));
                    assert_eq!(line(&[&field]), quoted);
                }
            }
            assert_eq!(line(&[&"é".repeat(len)]), format!("{}\n", "é".repeat(len)));
        }
    }
}
