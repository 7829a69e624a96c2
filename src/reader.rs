//! A push CSV reader: feed it chunks that may end anywhere (mid-quote, mid-CRLF, mid-UTF-8
//! sequence); it calls back once per complete record. Memory is bounded by [`Limits`].
//!
//! Dialect: RFC 4180 plus what real files contain: LF, CRLF or lone-CR line ends, a leading
//! UTF-8 BOM (dropped), blank lines (skipped: they hold no field), and a quote inside an
//! unquoted field (kept as a literal character). Text after a closing quote is an error.

use crate::error::{Error, ErrorKind, Position, Result};
use crate::options::{Limits, Options};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether the consumer wants more records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// One parsed record, borrowed from the reader until the callback returns.
#[derive(Debug)]
pub struct Record<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
    /// Line on which the record starts (1-based).
    pub line: u64,
    /// Record number; the header, if any, is record 1.
    pub number: u64,
    /// Byte offset of the record's first byte in the input.
    pub byte: u64,
}

impl<'a> Record<'a> {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` (0-based), unescaped.
    pub fn get(&self, i: usize) -> &'a [u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
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
    stop_unquoted: [bool; 256],
    stop_quoted: [bool; 256],
    state: State,
    buf: Vec<u8>,
    ends: Vec<usize>,
    /// Absolute offset of the next chunk's first byte.
    offset: u64,
    line: u64,
    /// The last byte consumed was a CR, so a following LF does not start another line.
    cr_pending: bool,
    /// Bytes seen so far while deciding whether the input starts with a BOM.
    bom_probe: Option<Vec<u8>>,
    records: u64,
    expected_fields: Option<usize>,
    record_line: u64,
    record_byte: u64,
    quote_line: u64,
    nul_column: Option<usize>,
    stopped: bool,
}

impl Reader {
    pub fn new(options: &Options) -> Reader {
        let mut stop_unquoted = [false; 256];
        let mut stop_quoted = [false; 256];
        for b in [options.delimiter, b'\r', b'\n', 0] {
            stop_unquoted[b as usize] = true;
        }
        for b in [options.quote, b'\r', b'\n', 0] {
            stop_quoted[b as usize] = true;
        }
        Reader {
            quote: options.quote,
            delimiter: options.delimiter,
            header: options.header,
            limits: options.limits,
            stop_unquoted,
            stop_quoted,
            state: State::RecordStart,
            buf: Vec::new(),
            ends: Vec::new(),
            offset: 0,
            line: 1,
            cr_pending: false,
            bom_probe: Some(Vec::with_capacity(3)),
            records: 0,
            expected_fields: None,
            record_line: 1,
            record_byte: 0,
            quote_line: 1,
            nul_column: None,
            stopped: false,
        }
    }

    /// Bytes consumed so far (including a BOM).
    pub fn bytes_consumed(&self) -> u64 {
        self.offset
    }

    /// Records emitted so far (the header counts).
    pub fn records(&self) -> u64 {
        self.records
    }

    /// True once a callback returned [`Flow::Stop`]; later input is ignored.
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// Parses `chunk`, calling `emit` for every complete record with the record's row-level
    /// problem, if any (ragged, NUL byte, invalid UTF-8). Structural errors are returned.
    pub fn feed<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<Error>) -> Result<Flow>,
    {
        if self.stopped {
            return Ok(());
        }
        if let Some(mut probe) = self.bom_probe.take() {
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
        F: FnMut(&Record, Option<Error>) -> Result<Flow>,
    {
        if let Some(probe) = self.bom_probe.take() {
            self.scan(&probe, emit)?;
        }
        if self.stopped {
            return Ok(());
        }
        match self.state {
            State::RecordStart if self.header && self.records == 0 => Err(Error::new(
                ErrorKind::EmptyInput,
                Position {
                    line: 1,
                    column: 1,
                    record: 1,
                    byte: 0,
                },
                "the input is empty: expected a header row",
            )),
            State::RecordStart => Ok(()),
            State::FieldStart | State::Unquoted | State::QuotedQuote => {
                self.end_field()?;
                self.end_record(emit)
            }
            State::Quoted => Err(Error::new(
                ErrorKind::UnclosedQuote,
                self.here(self.quote_line),
                "quoted field is not closed before the end of the input",
            )),
        }
    }

    fn scan<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<Error>) -> Result<Flow>,
    {
        let mut i = 0;
        while i < chunk.len() && !self.stopped {
            match self.state {
                State::RecordStart => {
                    match chunk[i] {
                        // A blank line holds no field: skip it.
                        b'\n' => self.newline_lf(),
                        b'\r' => self.newline_cr(),
                        _ => {
                            self.cr_pending = false;
                            self.record_line = self.line;
                            self.record_byte = self.offset + i as u64;
                            self.state = State::FieldStart;
                            continue;
                        }
                    }
                    i += 1;
                }
                State::FieldStart => {
                    if chunk[i] == self.quote {
                        self.state = State::Quoted;
                        self.quote_line = self.line;
                        i += 1;
                    } else {
                        self.state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    let end = find(&chunk[i..], &self.stop_unquoted).map_or(chunk.len(), |n| i + n);
                    self.append(&chunk[i..end])?;
                    i = end;
                    let Some(&b) = chunk.get(i) else { break };
                    i += 1;
                    if b == self.delimiter {
                        self.end_field()?;
                        self.state = State::FieldStart;
                    } else if b == 0 {
                        self.note_nul();
                        self.append(&[0])?;
                    } else {
                        self.end_line(b, emit)?;
                    }
                }
                State::Quoted => {
                    let end = find(&chunk[i..], &self.stop_quoted).map_or(chunk.len(), |n| i + n);
                    if end > i {
                        self.cr_pending = false;
                        self.append(&chunk[i..end])?;
                    }
                    i = end;
                    let Some(&b) = chunk.get(i) else { break };
                    i += 1;
                    if b == self.quote {
                        self.cr_pending = false;
                        self.state = State::QuotedQuote;
                        continue;
                    }
                    if b == 0 {
                        self.note_nul();
                    }
                    self.append(&[b])?;
                    match b {
                        b'\r' => self.newline_cr(),
                        b'\n' => self.newline_lf(),
                        _ => self.cr_pending = false,
                    }
                }
                State::QuotedQuote => {
                    let b = chunk[i];
                    i += 1;
                    if b == self.quote {
                        self.append(&[b])?;
                        self.state = State::Quoted;
                    } else if b == self.delimiter {
                        self.end_field()?;
                        self.state = State::FieldStart;
                    } else if b == b'\r' || b == b'\n' {
                        self.end_line(b, emit)?;
                    } else {
                        return Err(Error::new(
                            ErrorKind::InvalidQuote,
                            self.here(self.record_line),
                            format!(
                                "unexpected {} after a closing quote (double a quote inside a quoted field)",
                                describe_byte(b)
                            ),
                        ));
                    }
                }
            }
        }
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// A line end outside quotes (`b` is CR or LF): the field and the record are complete.
    fn end_line<F>(&mut self, b: u8, emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<Error>) -> Result<Flow>,
    {
        self.end_field()?;
        self.end_record(emit)?;
        if b == b'\r' {
            self.newline_cr()
        } else {
            self.newline_lf()
        }
        Ok(())
    }

    fn newline_lf(&mut self) {
        if !self.cr_pending {
            self.line += 1;
        }
        self.cr_pending = false;
    }

    fn newline_cr(&mut self) {
        self.line += 1;
        self.cr_pending = true;
    }

    fn note_nul(&mut self) {
        if self.nul_column.is_none() {
            self.nul_column = Some(self.ends.len() + 1);
        }
    }

    /// The position of the field being read, on `line`.
    fn here(&self, line: u64) -> Position {
        Position {
            line,
            column: self.ends.len() as u64 + 1,
            record: self.records + 1,
            byte: self.record_byte,
        }
    }

    fn append(&mut self, bytes: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(bytes);
        let field_start = self.ends.last().copied().unwrap_or(0);
        if self.buf.len() - field_start > self.limits.max_field_bytes {
            return Err(Error::new(
                ErrorKind::FieldTooLong,
                self.here(self.record_line),
                format!(
                    "field is longer than max_field_bytes = {}",
                    self.limits.max_field_bytes
                ),
            ));
        }
        if self.buf.len() > self.limits.max_record_bytes {
            return Err(Error::new(
                ErrorKind::RecordTooLong,
                self.here(self.record_line),
                format!(
                    "record is longer than max_record_bytes = {}",
                    self.limits.max_record_bytes
                ),
            ));
        }
        Ok(())
    }

    fn end_field(&mut self) -> Result<()> {
        if self.ends.len() == self.limits.max_columns {
            return Err(Error::new(
                ErrorKind::TooManyColumns,
                self.here(self.record_line),
                format!(
                    "record has more than max_columns = {} fields",
                    self.limits.max_columns
                ),
            ));
        }
        self.ends.push(self.buf.len());
        Ok(())
    }

    fn end_record<F>(&mut self, emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<Error>) -> Result<Flow>,
    {
        self.records += 1;
        self.state = State::RecordStart;
        let record = Record {
            bytes: &self.buf,
            ends: &self.ends,
            line: self.record_line,
            number: self.records,
            byte: self.record_byte,
        };
        let expected = *self.expected_fields.get_or_insert(record.len());
        let problem = problem(&record, self.nul_column, expected);
        let flow = emit(&record, problem)?;
        self.buf.clear();
        self.ends.clear();
        self.nul_column = None;
        self.stopped = flow == Flow::Stop;
        Ok(())
    }
}

/// The row-level problem of a complete record, if any.
fn problem(record: &Record, nul_column: Option<usize>, expected: usize) -> Option<Error> {
    if let Some(column) = nul_column {
        return Some(Error::new(
            ErrorKind::NulByte,
            record.position(column),
            "field contains a NUL byte",
        ));
    }
    if let Some(column) = invalid_utf8_column(record) {
        return Some(Error::new(
            ErrorKind::InvalidUtf8,
            record.position(column),
            "field is not valid UTF-8",
        ));
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

/// The 1-based column of the first field that is not valid UTF-8 on its own.
fn invalid_utf8_column(record: &Record) -> Option<usize> {
    // Fast path: the whole record is valid and no field boundary splits a character.
    let whole_ok = std::str::from_utf8(record.bytes).is_ok()
        && record
            .ends
            .iter()
            .all(|&e| record.bytes.get(e).is_none_or(|&b| (b as i8) >= -0x40));
    if whole_ok {
        return None;
    }
    (0..record.len())
        .find(|&i| std::str::from_utf8(record.get(i)).is_err())
        .map(|i| i + 1)
}

/// Index of the first byte in `hay` that is marked in `stops`.
#[inline]
fn find(hay: &[u8], stops: &[bool; 256]) -> Option<usize> {
    hay.iter().position(|&b| stops[b as usize])
}

fn describe_byte(b: u8) -> String {
    if b.is_ascii_graphic() || b == b' ' {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02X}")
    }
}
