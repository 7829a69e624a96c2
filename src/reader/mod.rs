//! A push CSV reader: feed it chunks that may end anywhere (mid-quote, mid-CRLF, mid-UTF-8
//! sequence); it calls back once per complete record. Memory is bounded by [`Limits`].
//!
//! Dialect: RFC 4180 plus what real files contain: LF, CRLF or lone-CR line ends, a leading
//! UTF-8 BOM (dropped), blank lines (skipped: they hold no field), and a quote inside an
//! unquoted field (kept as a literal character). Text after a closing quote is an error.
//!
//! Speed: [`classify`] marks the structural bytes of 64-byte blocks with SIMD, so the state
//! machine below jumps between delimiters, quotes and line ends. A record that lies inside one
//! chunk and holds no doubled quote is handed out as slices of the chunk itself; only a record
//! that spans chunks (kept raw in `carry`) or needs unescaping is copied.
//!
//! Every error reports the line where its record starts, whatever line inside the record the
//! problem is on (the message then says which line of the record).

pub mod classify;
pub mod cuts;
mod errors;
mod record;
mod simple;

/// Bytes read per step: large enough to amortise the per-chunk work, small enough to keep
/// memory flat.
pub const CHUNK_BYTES: usize = 256 * 1024;

use crate::error::Result;
use crate::options::{Limits, Options};
use classify::{Classifier, Masks, Path, BLOCK};
pub(crate) use record::Field;
pub use record::Record;

const BOM: &[u8] = b"\xEF\xBB\xBF";
/// Bytes classified at a time: small enough that the masks stay in L1.
const BATCH: usize = 64 * BLOCK;

/// Whether the consumer wants more records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: either an escaped quote or the field's end.
    QuotedQuote,
}

/// The push reader. See the module docs for the dialect.
pub struct Reader {
    quote: u8,
    delimiter: u8,
    /// The first record is a header, so an input without any record is an error.
    header: bool,
    limits: Limits,
    classifier: Classifier,
    masks: Vec<Masks>,
    /// The chunk range `masks` describes.
    batch_start: usize,
    batch_end: usize,
    state: State,
    /// Fields of the current record; `start`/`end` count from the record's first byte.
    fields: Vec<Field>,
    /// The raw bytes of a record that began in an earlier chunk.
    carry: Vec<u8>,
    in_carry: bool,
    /// Chunk index `i` is record byte `i + base`.
    base: isize,
    unescaped: record::Unescaped,
    field_start: usize,
    /// Doubled quotes seen in the current field: its content is that much shorter than raw.
    escapes: usize,
    /// Where a quoted field's content ends if the quote just seen closes it.
    content_end: usize,
    /// Chunk bytes before this index are known to be valid UTF-8 (from a record start on).
    utf8_until: usize,
    /// Content bytes of the record's completed fields, for `max_record_bytes`.
    content_total: usize,
    /// Some completed field of the record holds doubled quotes.
    any_escaped: bool,
    /// Absolute offset of the next chunk's first byte.
    offset: u64,
    line: u64,
    /// The previous chunk ended with a CR, so an LF starting this one ends no new line.
    prev_cr: bool,
    /// Bytes seen so far while deciding whether the input starts with a BOM.
    bom_probe: Option<Vec<u8>>,
    records: u64,
    expected_fields: Option<usize>,
    record_line: u64,
    record_byte: u64,
    quote_line: u64,
    nul_column: Option<usize>,
    /// The open field holds a byte of the other state's class: a quote in an unquoted field,
    /// a delimiter or line end in a quoted one (see [`Reader::next`]).
    field_other: bool,
    /// So far every field of the record is written by the [`crate::Writer`] exactly as it
    /// was read, so the raw record can be copied out as it is.
    exact: bool,
    stopped: bool,
}

impl Reader {
    pub fn new(options: &Options) -> Reader {
        Reader::with_path(options, Path::detect())
    }

    /// A reader that classifies with `path` (tests hold the paths to each other).
    #[doc(hidden)]
    pub fn with_path(options: &Options, path: Path) -> Reader {
        Reader {
            quote: options.quote,
            delimiter: options.delimiter,
            header: options.header,
            limits: options.limits,
            classifier: Classifier::new(options.delimiter, options.quote, path),
            masks: Vec::with_capacity(BATCH / BLOCK),
            batch_start: 0,
            batch_end: 0,
            state: State::RecordStart,
            fields: Vec::new(),
            carry: Vec::new(),
            in_carry: false,
            base: 0,
            unescaped: record::Unescaped::new(options.quote),
            field_start: 0,
            escapes: 0,
            content_end: 0,
            utf8_until: 0,
            content_total: 0,
            any_escaped: false,
            offset: 0,
            line: 1,
            prev_cr: false,
            bom_probe: Some(Vec::with_capacity(3)),
            records: 0,
            expected_fields: None,
            record_line: 1,
            record_byte: 0,
            quote_line: 1,
            nul_column: None,
            field_other: false,
            exact: true,
            stopped: false,
        }
    }

    /// Bytes consumed so far (including a BOM).
    pub fn bytes_consumed(&self) -> u64 {
        self.offset
    }

    /// True once a callback returned [`Flow::Stop`]; later input is ignored.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Line ends read so far (a CRLF counts once), quoted ones included.
    pub(crate) fn line_ends(&self) -> u64 {
        self.line - 1
    }

    /// The bytes fed so far end between two records: after a line end, no record open.
    pub(crate) fn between_records(&self) -> bool {
        self.state == State::RecordStart && !self.stopped
    }

    /// Parses `chunk`, calling `emit` for every complete record with the record's row-level
    /// problem, if any (ragged, NUL byte, invalid UTF-8). Structural errors are returned.
    pub fn feed<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        if self.stopped {
            return Ok(());
        }
        if let Some(mut probe) = self.bom_probe.take() {
            if probe.is_empty() && chunk.len() >= BOM.len() {
                // The usual case: the first chunk holds the whole probe, so it needs no copy.
                let bom = chunk.starts_with(BOM);
                if bom {
                    self.offset += BOM.len() as u64;
                }
                return self.scan(&chunk[if bom { BOM.len() } else { 0 }..], emit);
            }
            let need = (BOM.len() - probe.len()).min(chunk.len());
            probe.extend_from_slice(&chunk[..need]);
            if probe.len() < BOM.len() && BOM.starts_with(&probe) {
                self.bom_probe = Some(probe);
                return Ok(());
            }
            let rest = &chunk[need..];
            if probe == BOM {
                self.offset += BOM.len() as u64;
            } else {
                self.scan(&probe, emit)?;
            }
            return self.scan(rest, emit);
        }
        self.scan(chunk, emit)
    }

    /// Ends the input: emits a last record without a line end, or reports an open quote or,
    /// when a header is expected, an input without any record.
    pub fn finish<F>(&mut self, emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        if let Some(probe) = self.bom_probe.take() {
            self.scan(&probe, emit)?;
        }
        if self.stopped {
            return Ok(());
        }
        // Whatever record is open now lies whole in `carry` (see the end of `scan`).
        let end = self.carry.len();
        match self.state {
            State::RecordStart if self.header && self.records == 0 => Err(errors::empty_input()),
            State::RecordStart => Ok(()),
            State::FieldStart | State::Unquoted => {
                if self.state == State::FieldStart {
                    // A delimiter was the last byte: an empty field ends the input.
                    self.field_start = end;
                    self.escapes = 0;
                    self.field_other = false;
                }
                self.exact &= !self.field_other;
                self.end_field(end, false)?;
                self.end_record(&[], 0, emit)
            }
            State::QuotedQuote => {
                self.exact &= self.quoting_needed(true);
                self.end_field(self.content_end, self.escapes > 0)?;
                self.end_record(&[], 0, emit)
            }
            State::Quoted => Err(errors::unclosed_quote(
                self.position(self.record_line),
                self.quote_line,
            )),
        }
    }

    fn scan<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        self.batch_start = 0;
        self.batch_end = 0;
        self.utf8_until = valid_utf8_prefix(chunk);
        let mut pos = 0;
        while pos < chunk.len() && !self.stopped {
            // Each arm keeps going while its state lasts, so a run of unquoted fields and
            // records never comes back through this dispatch.
            match self.state {
                State::RecordStart => {
                    if is_line_end(chunk[pos]) {
                        // A blank line holds no field: skip it.
                        self.count_line_end(chunk, pos);
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
        if !chunk.is_empty() {
            self.prev_cr = chunk[chunk.len() - 1] == b'\r';
        }
        if self.state != State::RecordStart && !self.stopped {
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
    fn start_field(&mut self, chunk: &[u8], pos: usize) -> usize {
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
    fn next_field(&mut self, chunk: &[u8], pos: usize) -> usize {
        if pos < chunk.len() {
            self.start_field(chunk, pos)
        } else {
            self.state = State::FieldStart;
            pos
        }
    }

    /// `chunk[pos]` follows a quote inside a quoted field: a second quote (an escaped one),
    /// or what must come after a closing quote. Returns where scanning goes on.
    fn after_quote<F>(&mut self, chunk: &[u8], pos: usize, emit: &mut F) -> Result<usize>
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
    fn quoting_needed(&self, record_ends: bool) -> bool {
        let empty_alone =
            record_ends && self.fields.is_empty() && self.content_end == self.field_start;
        self.field_other || self.escapes > 0 || empty_alone
    }

    /// The byte of the current record at chunk index `i`.
    #[inline]
    fn rel(&self, i: usize) -> usize {
        (i as isize + self.base) as usize
    }

    /// The next byte at or after `pos` that matters in the quoted or unquoted state.
    #[inline]
    fn next(&mut self, chunk: &[u8], mut pos: usize, quoted: bool) -> Option<usize> {
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
    fn count_line_end(&mut self, chunk: &[u8], i: usize) {
        let after_cr = if i == 0 {
            self.prev_cr
        } else {
            chunk[i - 1] == b'\r'
        };
        if chunk[i] == b'\r' || !after_cr {
            self.line += 1;
        }
    }

    fn begin_record(&mut self, pos: usize) {
        self.record_line = self.line;
        self.record_byte = self.offset + pos as u64;
        self.base = -(pos as isize);
        self.in_carry = false;
        self.fields.clear();
        self.content_total = 0;
        self.any_escaped = false;
        self.nul_column = None;
        self.exact = true;
        self.state = State::FieldStart;
    }

    fn note_nul(&mut self) {
        if self.nul_column.is_none() {
            self.nul_column = Some(self.fields.len() + 1);
        }
    }

    /// The position of the field being read, on `line`.
    fn position(&self, line: u64) -> crate::Position {
        crate::Position {
            line,
            column: self.fields.len() as u64 + 1,
            record: self.records + 1,
            byte: self.record_byte,
        }
    }

    /// Checks the open field's `content` bytes against the limits: whichever limit the field's
    /// bytes cross first is reported (the field limit on a tie), so the answer does not
    /// depend on where chunks end.
    #[inline]
    fn check_limits(&self, content: usize) -> Result<()> {
        let room = self.limits.max_record_bytes - self.content_total;
        if content <= self.limits.max_field_bytes && content <= room {
            return Ok(());
        }
        self.limit_error(content)
    }

    #[cold]
    fn limit_error(&self, content: usize) -> Result<()> {
        let Limits {
            max_field_bytes,
            max_record_bytes,
            ..
        } = self.limits;
        let field_cross = (content > max_field_bytes).then_some(max_field_bytes);
        let room = max_record_bytes.saturating_sub(self.content_total);
        let record_cross = (content > room).then_some(room);
        let position = self.position(self.record_line);
        match (field_cross, record_cross) {
            (Some(f), Some(r)) if r < f => Err(errors::record_too_long(position, max_record_bytes)),
            (Some(_), _) => Err(errors::field_too_long(position, max_field_bytes)),
            (None, Some(_)) => Err(errors::record_too_long(position, max_record_bytes)),
            (None, None) => Ok(()),
        }
    }

    /// The open field ends with content byte `end` (exclusive).
    #[inline(always)]
    fn end_field(&mut self, end: usize, escaped: bool) -> Result<()> {
        let content = end - self.field_start - self.escapes;
        self.check_limits(content)?;
        if self.fields.len() == self.limits.max_columns {
            let position = self.position(self.record_line);
            return Err(errors::too_many_columns(position, self.limits.max_columns));
        }
        self.fields.push(Field {
            start: self.field_start,
            end,
            escaped,
        });
        self.content_total += content;
        self.any_escaped |= escaped;
        Ok(())
    }

    /// The record ends at `chunk[end]` (its line end; or at the end of the input, when it
    /// lies whole in `carry`).
    fn end_record<F>(&mut self, chunk: &[u8], end: usize, emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        self.records += 1;
        self.state = State::RecordStart;
        let raw = if self.in_carry {
            self.carry.extend_from_slice(&chunk[..end]);
            &self.carry[..]
        } else {
            &chunk[(-self.base) as usize..end]
        };
        // One validation per chunk covers every record inside its valid prefix; past the
        // first invalid byte, validity is worked out again from the end of this record.
        let raw_is_utf8 = if !self.in_carry && end <= self.utf8_until {
            true
        } else {
            self.utf8_until = end + valid_utf8_prefix(&chunk[end..]);
            std::str::from_utf8(raw).is_ok()
        };
        // Only a record with escaped fields reads `unescaped`: the collapse of an earlier
        // record is forgotten before one does.
        if self.any_escaped {
            self.unescaped.reset();
        }
        let record = Record::new(
            raw,
            &[],
            &self.fields,
            self.record_line,
            self.records,
            self.record_byte,
        )
        .with_exact(self.exact.then_some([self.delimiter, self.quote]))
        .with_lazy(self.any_escaped.then_some(&self.unescaped));
        let expected = *self.expected_fields.get_or_insert(record.len());
        let problem = record::problem(&record, self.nul_column, raw_is_utf8, expected);
        // The usual record passes a constant `None`, which costs less to hand on.
        let flow = match problem {
            None => emit(&record, None)?,
            problem => emit(&record, problem)?,
        };
        self.in_carry = false;
        self.carry.clear();
        self.stopped = flow == Flow::Stop;
        Ok(())
    }
}

fn is_line_end(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// The length of the longest prefix of `bytes` that is valid UTF-8.
fn valid_utf8_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

#[cfg(test)]
mod tests;
