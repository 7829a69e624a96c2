//! The reader's fast path: whole records read straight off the classifier's masks.
//!
//! Most records of most files are simple: they lie inside one classified batch, hold no NUL,
//! no line end inside quotes, no doubled quote and no quote inside an unquoted field, and
//! cross no limit. Such a record is read here in one tight loop over its structural bytes
//! (taken one by one off the masks) instead of through the state machine's states. Any
//! other record is left, untouched, to the state machine, which reads it from its first byte
//! as before: so what is reported (fields, positions, problems, errors) cannot differ.

use super::classify::{Masks, BLOCK};
use super::{Field, Flow, Reader, BATCH};
use crate::error::Result;

impl Reader {
    /// Reads simple records from `pos`, a record's first byte (not a line end), emitting each.
    /// Returns where the state machine goes on: `pos` itself when the record there is not
    /// simple, else a later record start (maybe a blank line, or the end of the chunk).
    pub(super) fn simple_records<F>(
        &mut self,
        chunk: &[u8],
        mut pos: usize,
        emit: &mut F,
    ) -> Result<usize>
    where
        F: FnMut(&super::Record, Option<crate::Error>) -> Result<Flow>,
    {
        // A record read here lies inside one batch, so it has fewer than BATCH bytes and at
        // most BATCH fields: limits at least that large cannot be crossed, and need no test
        // per field. Smaller limits leave every record to the state machine.
        // The loop below also takes the delimiter and the quote to be neither a line end nor a
        // NUL (the options refuse those, but `Options` can be built by hand).
        let limits = self.limits;
        let odd = |b: u8| b == 0 || super::is_line_end(b);
        if limits.max_field_bytes < BATCH
            || limits.max_record_bytes < BATCH
            || limits.max_columns <= BATCH
            || odd(self.delimiter)
            || odd(self.quote)
        {
            return Ok(pos);
        }
        loop {
            if pos >= self.batch_end {
                self.batch_start = pos;
                self.batch_end = (pos + BATCH).min(chunk.len());
                let batch = &chunk[pos..self.batch_end];
                self.classifier.classify(batch, &mut self.masks);
            }
            let Some((end, exact)) = self.simple_record(chunk, pos) else {
                return Ok(pos);
            };
            // What `begin_record` sets, for a record read whole.
            self.record_line = self.line;
            self.record_byte = self.offset + pos as u64;
            self.base = -(pos as isize);
            self.in_carry = false;
            self.any_escaped = false;
            self.nul_column = None;
            self.exact = exact;
            self.end_record(chunk, end, emit)?;
            // The record's last byte is not a CR (that would have ended it), so its line end
            // ends a line; an LF right after a CR ends none.
            self.line += 1;
            pos = end + 1;
            if chunk[end] == b'\r' && chunk.get(pos) == Some(&b'\n') {
                pos += 1;
            }
            if self.is_stopped() || pos >= chunk.len() || super::is_line_end(chunk[pos]) {
                return Ok(pos);
            }
            if u16::from(chunk[pos]) == self.comment {
                return Ok(pos); // the dispatcher skips the comment
            }
        }
    }

    /// Reads the record at `pos` into `self.fields` if it is simple (see the module docs);
    /// returns the index of its line end and whether its raw bytes are exactly what the
    /// writer gives back for its fields.
    #[inline(always)]
    fn simple_record(&mut self, chunk: &[u8], pos: usize) -> Option<(usize, bool)> {
        let (delimiter, quote) = (self.delimiter, self.quote);
        let mut bits = Bits::at(&self.masks, pos - self.batch_start)?;
        let fields = &mut self.fields;
        fields.clear();
        let field = |start: usize, end: usize| Field {
            start: start - pos,
            end: end - pos,
            escaped: false,
        };
        let mut exact = true;
        let mut start = pos;
        loop {
            let j = self.batch_start + bits.next(&self.masks)?;
            let b = chunk[j];
            if b == delimiter {
                fields.push(field(start, j));
                start = j + 1;
                continue;
            }
            if super::is_line_end(b) {
                fields.push(field(start, j));
                return Some((j, exact));
            }
            if b != quote || j != start {
                return None; // a NUL, or a quote inside an unquoted field
            }
            // A quoted field: delimiters until the closing quote are content.
            let mut delimiter_inside = false;
            let close = loop {
                let k = self.batch_start + bits.next(&self.masks)?;
                match chunk[k] {
                    c if c == delimiter => delimiter_inside = true,
                    c if c == quote => break k,
                    _ => return None, // a line end or a NUL inside the quotes
                }
            };
            // Next comes the field's end, right after the quote (a quote there is a doubled
            // one, anything else an error: the state machine deals with both).
            let after = self.batch_start + bits.next(&self.masks)?;
            let b = chunk[after];
            if after != close + 1 || (b != delimiter && !super::is_line_end(b)) {
                return None;
            }
            let ends_record = b != delimiter;
            // The writer quotes only what must be: a field quoted without need is not
            // written back as read; the empty only field of a record is written `""`.
            exact &= delimiter_inside || (close == j + 1 && ends_record && fields.is_empty());
            fields.push(field(j + 1, close));
            if ends_record {
                return Some((after, exact));
            }
            start = after + 1;
        }
    }
}

/// The structural bytes (either class) of a batch, in order from a place in it.
struct Bits {
    /// The current block's bits not yet handed out.
    bits: u64,
    block: usize,
}

impl Bits {
    /// From batch byte `at` on.
    #[inline(always)]
    fn at(masks: &[Masks], at: usize) -> Option<Bits> {
        let block = at / BLOCK;
        let bits = any(masks.get(block)?) & (u64::MAX << (at % BLOCK));
        Some(Bits { bits, block })
    }

    /// The batch index of the next structural byte, if the batch holds one.
    #[inline(always)]
    fn next(&mut self, masks: &[Masks]) -> Option<usize> {
        while self.bits == 0 {
            self.block += 1;
            self.bits = any(masks.get(self.block)?);
        }
        let bit = self.bits.trailing_zeros() as usize;
        self.bits &= self.bits - 1;
        Some(self.block * BLOCK + bit)
    }
}

/// Delimiters, quotes, line ends and NULs.
#[inline(always)]
fn any(masks: &Masks) -> u64 {
    masks.unquoted | masks.quoted
}

#[cfg(test)]
mod tests {
    use crate::reader::{Flow, Reader, Record};
    use crate::Options;

    /// Records that take the fast path and records that do not, side by side: the same fields
    /// and exactness as when every record goes through the state machine (cut into one-byte
    /// chunks, no record lies inside a chunk, so none is simple).
    #[test]
    fn simple_and_general_records_agree() {
        let input: &[u8] = b"a,b\r\n\"x\",\"y,z\"\n\"\"\n,\n\"q\"\"r\",s\n1,\"2\" \nt\"u,v\n";
        let read = |chunks: &[&[u8]]| {
            let mut got = Vec::new();
            let mut emit = |r: &Record, p: Option<crate::Error>| {
                let fields: Vec<Vec<u8>> = r.iter().map(<[u8]>::to_vec).collect();
                got.push((r.line, r.byte, fields, r.exact_raw(b',', b'"').is_some(), p));
                Ok(Flow::Continue)
            };
            let mut reader = Reader::new(&Options::default());
            let mut result = Ok(());
            for chunk in chunks {
                result = result.and_then(|()| reader.feed(chunk, &mut emit));
            }
            (result.map_err(|e| e.to_string()), got)
        };
        let whole = read(&[input]);
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(whole, read(&bytes));
        // The record with text after a closing quote is the error.
        assert!(whole
            .0
            .unwrap_err()
            .starts_with("line 6, column 2: invalid_quote"));
        let exact: Vec<bool> = whole.1.iter().map(|r| r.3).collect();
        assert_eq!(exact, [true, false, true, true, true]);
    }

    /// A delimiter or quote the options would refuse (a line end, NUL) leaves every record
    /// to the state machine: read whole or byte by byte, the same records.
    #[test]
    fn odd_dialects_built_by_hand_read_as_the_state_machine_does() {
        let input: &[u8] = b"a\nb\r\n\"x\ny\"\r\"p\0q\"\rz\r0,\nd,e\n\nf,\0g\0\rh\r";
        for (delimiter, quote) in [(b'\n', b'"'), (0, b'"'), (b',', b'\n'), (b',', 0)] {
            let options = Options {
                delimiter,
                quote,
                ..Options::default()
            };
            let read = |chunks: &[&[u8]]| {
                let mut got = Vec::new();
                let mut emit = |r: &Record, p: Option<crate::Error>| {
                    let fields: Vec<Vec<u8>> = r.iter().map(<[u8]>::to_vec).collect();
                    got.push((r.line, r.byte, fields, p.map(|e| e.to_string())));
                    Ok(Flow::Continue)
                };
                let mut reader = Reader::new(&options);
                let mut result = Ok(());
                for chunk in chunks {
                    result = result.and_then(|()| reader.feed(chunk, &mut emit));
                }
                result = result.and_then(|()| reader.finish(&mut emit));
                (result.map_err(|e| e.to_string()), got)
            };
            let bytes: Vec<&[u8]> = input.chunks(1).collect();
            assert_eq!(read(&[input]), read(&bytes), "{delimiter} {quote}");
        }
    }
}
