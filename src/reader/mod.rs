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
mod fields;
mod record;
mod scan;
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
    /// A comment line, skipped to its line end.
    Comment,
}

/// The push reader. See the module docs for the dialect.
pub struct Reader {
    quote: u8,
    delimiter: u8,
    /// The comment byte, or 256 for none: a byte compares with it without an unwrap.
    comment: u16,
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
    /// A callback returned [`Flow::Stop`]: later input is ignored.
    stopped: bool,
    /// Where the read stopped: the end of the stopping record's line end (its first byte: an
    /// LF after a CR is not read), so the bytes consumed end there wherever the chunks ended.
    stopped_at: u64,
    /// The chunk index of the last record's line end.
    last_end: usize,
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
            comment: options.comment.map_or(256, u16::from),
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
            stopped_at: 0,
            last_end: 0,
        }
    }

    /// Bytes consumed so far (including a BOM).
    pub fn bytes_consumed(&self) -> u64 {
        if self.stopped {
            self.stopped_at
        } else {
            self.offset
        }
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
        self.state == State::RecordStart && !self.is_stopped()
    }

    /// Parses `chunk`, calling `emit` for every complete record with the record's row-level
    /// problem, if any (ragged, NUL byte, invalid UTF-8). Structural errors are returned.
    pub fn feed<F>(&mut self, chunk: &[u8], emit: &mut F) -> Result<()>
    where
        F: FnMut(&Record, Option<crate::Error>) -> Result<Flow>,
    {
        if self.is_stopped() {
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
        if self.is_stopped() {
            return Ok(());
        }
        // A record ended by the input's end: a stop there consumed everything.
        self.stopped_at = self.offset;
        // Whatever record is open now lies whole in `carry` (see the end of `scan`).
        let end = self.carry.len();
        match self.state {
            State::RecordStart | State::Comment if self.header && self.records == 0 => {
                Err(errors::empty_input())
            }
            State::RecordStart | State::Comment => Ok(()),
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
}

pub(crate) fn is_line_end(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// The length of the longest prefix of `bytes` that is valid UTF-8.
pub(crate) fn valid_utf8_prefix(bytes: &[u8]) -> usize {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    }
}

#[cfg(test)]
mod tests;
