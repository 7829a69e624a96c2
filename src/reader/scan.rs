//! The reader's state machine over a chunk: it jumps from one byte that matters to the next
//! with the classifier's masks, in the quoted or unquoted state.

use super::*;

impl Reader {
    pub(super) fn scan<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        if self.is_stopped() {
            return Ok(()); // after a BOM's probe held the stopping record
        }
        self.batch_start = 0;
        self.batch_end = 0;
        self.utf8_until = valid_utf8_prefix(chunk);
        let mut pos = 0;
        while pos < chunk.len() && !self.is_stopped() {
            // Each arm keeps going while its state lasts, so a run of unquoted fields and
            // records never comes back through this dispatch.
            match self.state {
                State::RecordStart => {
                    if is_line_end(chunk[pos]) {
                        // A blank line holds no field: skip it.
                        self.count_line_end(chunk, pos);
                        pos += 1;
                    } else if u16::from(chunk[pos]) == self.comment {
                        self.state = State::Comment;
                        pos += 1;
                    } else {
                        let after = self.simple_records(chunk, pos, emit)?;
                        if after != pos {
                            pos = after;
                            continue;
                        }
                        // Not a simple record: the states below read it.
                        self.begin_record(pos);
                        pos = self.start_field(chunk, pos);
                    }
                }
                State::Comment => match chunk[pos..].iter().position(|&b| is_line_end(b)) {
                    // What a comment holds is not read: no quotes, NULs or UTF-8 to check.
                    Some(n) => {
                        self.count_line_end(chunk, pos + n);
                        self.state = State::RecordStart;
                        pos += n + 1;
                    }
                    None => pos = chunk.len(),
                },
                State::FieldStart => pos = self.start_field(chunk, pos),
                State::Unquoted => loop {
                    let Some(j) = self.next(chunk, pos, false) else {
                        pos = chunk.len();
                        break;
                    };
                    let b = chunk[j];
                    if b == self.delimiter {
                        self.exact &= !self.field_other;
                        self.end_field(self.rel(j), false)?;
                        pos = self.next_field(chunk, j + 1);
                    } else if b == 0 {
                        self.note_nul();
                        pos = j + 1;
                    } else {
                        self.exact &= !self.field_other;
                        self.end_field(self.rel(j), false)?;
                        self.end_record(chunk, j, emit)?;
                        self.count_line_end(chunk, j);
                        pos = j + 1; // the next record starts in `State::RecordStart`
                    }
                    if self.state != State::Unquoted || pos >= chunk.len() {
                        break;
                    }
                },
                State::Quoted => loop {
                    let Some(j) = self.next(chunk, pos, true) else {
                        pos = chunk.len();
                        break;
                    };
                    pos = j + 1;
                    match chunk[j] {
                        b if b == self.quote => {
                            self.content_end = self.rel(j);
                            self.state = State::QuotedQuote;
                            if pos < chunk.len() {
                                pos = self.after_quote(chunk, pos, emit)?;
                            }
                        }
                        0 => self.note_nul(),
                        _ => {
                            self.field_other = true; // a line end inside needs the quotes
                            self.count_line_end(chunk, j)
                        }
                    }
                    if self.state != State::Quoted || pos >= chunk.len() {
                        break;
                    }
                },
                State::QuotedQuote => pos = self.after_quote(chunk, pos, emit)?,
            }
        }
        if self.is_stopped() {
            self.stopped_at = self.offset + (self.last_end + 1).min(chunk.len()) as u64;
        }
        if !chunk.is_empty() {
            self.prev_cr = chunk[chunk.len() - 1] == b'\r';
        }
        let open = !matches!(self.state, State::RecordStart | State::Comment);
        if open && !self.is_stopped() {
            // The record goes on in the next chunk: keep its raw bytes so far.
            if !self.in_carry {
                self.carry.clear();
                self.carry
                    .extend_from_slice(&chunk[(-self.base) as usize..]);
                self.in_carry = true;
            } else {
                self.carry.extend_from_slice(chunk);
            }
            self.base = self.carry.len() as isize;
            // The open field counts now, so a runaway field stops here instead of filling memory.
            let open = match self.state {
                State::Unquoted | State::Quoted => {
                    self.carry.len() - self.field_start - self.escapes
                }
                State::QuotedQuote => self.content_end - self.field_start - self.escapes,
                _ => 0,
            };
            self.check_limits(open)?;
        }
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// Opens a field at `chunk[pos]`; returns where scanning goes on.
    #[inline]
    pub(super) fn start_field(&mut self, chunk: &[u8], pos: usize) -> usize {
        self.escapes = 0;
        self.field_other = false;
        if chunk[pos] == self.quote {
            self.state = State::Quoted;
            self.quote_line = self.line;
            self.field_start = self.rel(pos + 1);
            pos + 1
        } else {
            self.state = State::Unquoted;
            self.field_start = self.rel(pos);
            pos
        }
    }

    /// After a delimiter: opens the next field if its first byte is in this chunk.
    #[inline]
    pub(super) fn next_field(&mut self, chunk: &[u8], pos: usize) -> usize {
        if pos < chunk.len() {
            self.start_field(chunk, pos)
        } else {
            self.state = State::FieldStart;
            pos
        }
    }

    /// `chunk[pos]` follows a quote inside a quoted field: a second quote (an escaped one),
    /// or what must come after a closing quote. Returns where scanning goes on.
    pub(super) fn after_quote<F>(&mut self, chunk: &[u8], pos: usize, emit: &mut F) -> Result<usize>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        let b = chunk[pos];
        if b == self.quote {
            self.escapes += 1;
            self.state = State::Quoted;
            Ok(pos + 1)
        } else if b == self.delimiter {
            self.exact &= self.quoting_needed(false);
            self.end_field(self.content_end, self.escapes > 0)?;
            Ok(self.next_field(chunk, pos + 1))
        } else if is_line_end(b) {
            self.exact &= self.quoting_needed(true);
            self.end_field(self.content_end, self.escapes > 0)?;
            self.end_record(chunk, pos, emit)?;
            self.count_line_end(chunk, pos);
            Ok(pos + 1)
        } else {
            // The content before the quote came first: a limit it crossed wins.
            self.check_limits(self.content_end - self.field_start - self.escapes)?;
            let position = self.position(self.record_line);
            Err(errors::invalid_quote(b, position, self.line))
        }
    }

    /// Whether the quoted field now closing needs its quotes, so that the writer would quote
    /// it just as it was read: its content holds a quote, the delimiter or a line end, or it
    /// is the empty only field of a record (written `""`, as it must not read as a blank line).
    #[inline]
    pub(super) fn quoting_needed(&self, record_ends: bool) -> bool {
        let empty_alone =
            record_ends && self.fields.is_empty() && self.content_end == self.field_start;
        self.field_other || self.escapes > 0 || empty_alone
    }

    /// The byte of the current record at chunk index `i`.
    #[inline]
    pub(super) fn rel(&self, i: usize) -> usize {
        (i as isize + self.base) as usize
    }

    /// The next byte at or after `pos` that matters in the quoted or unquoted state.
    #[inline]
    pub(super) fn next(&mut self, chunk: &[u8], mut pos: usize, quoted: bool) -> Option<usize> {
        loop {
            if pos >= self.batch_end {
                if pos >= chunk.len() {
                    return None;
                }
                self.batch_start = pos;
                self.batch_end = (pos + BATCH).min(chunk.len());
                let batch = &chunk[pos..self.batch_end];
                self.classifier.classify(batch, &mut self.masks);
            }
            let at = pos - self.batch_start;
            let block = at / BLOCK;
            let masks = self.masks[block];
            let (this, other) = if quoted {
                (masks.quoted, masks.unquoted)
            } else {
                (masks.unquoted, masks.quoted)
            };
            let from = u64::MAX << (at % BLOCK);
            let bits = this & from;
            // The other class's bits before the next structural byte: line ends and NUL are
            // in both classes, so these are quotes (unquoted) or delimiters (quoted).
            let before = if bits != 0 {
                (bits & bits.wrapping_neg()) - 1
            } else {
                u64::MAX
            };
            self.field_other |= other & from & before != 0;
            if bits != 0 {
                return Some(self.batch_start + block * BLOCK + bits.trailing_zeros() as usize);
            }
            pos = self.batch_start + (block + 1) * BLOCK;
        }
    }

    /// Counts the line end at `chunk[i]` (CR or LF; the LF of a CRLF ends no extra line).
    #[inline]
    pub(super) fn count_line_end(&mut self, chunk: &[u8], i: usize) {
        let after_cr = if i == 0 {
            self.prev_cr
        } else {
            chunk[i - 1] == b'\r'
        };
        if chunk[i] == b'\r' || !after_cr {
            self.line += 1;
        }
    }
}
