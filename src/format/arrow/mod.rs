//! Arrow IPC stream output (`format = arrow`), written here without an Arrow library (the
//! messages are few and fixed; arrow-rs would not fit the web build's size budget).
//!
//! Each column's Arrow type is its expression type: text (or untyped) → Utf8, int → Int64,
//! float → Float64, bool → Boolean, date → Date32, datetime → Timestamp(µs, no zone). Every
//! field is nullable and an empty cell is null, as in JSON output. Rows are gathered into
//! record batches of up to [`BATCH_ROWS`] rows (fewer when their text grows large), each
//! written as soon as it is full, so a job streams Arrow in bounded memory too.
//!
//! ```
//! use csv_kernels::format::{arrow, OutputFormat};
//! use csv_kernels::Options;
//! let options = Options { format: OutputFormat::Arrow, ..Options::default() };
//! let (ipc, _) = csv_kernels::run("derive n = int(value) * 2", b"id,value\n1,1\n2,\n", &options)?;
//! let stream = arrow::read_stream(&ipc)?;
//! assert_eq!(stream.fields[2], ("n".to_string(), arrow::ArrowType::Int64));
//! let n = &stream.batches[0].columns[2];
//! assert_eq!((n.null_count, &ipc[n.buffers[1].clone()][..8]), (1, &2i64.to_le_bytes()[..]));
//! # Ok::<(), csv_kernels::Error>(())
//! ```

mod flatbuf;
mod ipc;
mod read;

pub use read::{read_stream, Batch, ColumnBuffers, Stream};

use super::{Column, RowWriter};
use crate::value::Type;

/// Rows in a full record batch.
pub const BATCH_ROWS: usize = 64 * 1024;
/// Text bytes at which a batch is written early (Utf8 offsets are 32-bit).
const BATCH_TEXT_BYTES: usize = 64 << 20;

/// The Arrow types this crate writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowType {
    Utf8,
    Int64,
    Float64,
    Boolean,
    Date32,
    TimestampMicros,
}

impl ArrowType {
    /// The type of a column whose values have expression type `ty` (`None`: untyped text).
    pub fn of(ty: Option<Type>) -> ArrowType {
        match ty {
            None | Some(Type::Text) => ArrowType::Utf8,
            Some(Type::Int) => ArrowType::Int64,
            Some(Type::Float) => ArrowType::Float64,
            Some(Type::Bool) => ArrowType::Boolean,
            Some(Type::Date) => ArrowType::Date32,
            Some(Type::DateTime) => ArrowType::TimestampMicros,
        }
    }

    /// The format string of the Arrow C data interface.
    pub fn c_format(self) -> &'static str {
        match self {
            ArrowType::Utf8 => "u",
            ArrowType::Int64 => "l",
            ArrowType::Float64 => "g",
            ArrowType::Boolean => "b",
            ArrowType::Date32 => "tdD",
            ArrowType::TimestampMicros => "tsu:",
        }
    }
}

/// One column of the batch being gathered.
struct Builder {
    ty: ArrowType,
    /// One bit a row, set when the value is present.
    validity: Vec<u8>,
    nulls: usize,
    /// Fixed-width values (little-endian), or a Utf8 column's bytes, or Boolean bits.
    values: Vec<u8>,
    /// Utf8 only: where each value ends in `values`, after a leading 0.
    offsets: Vec<u8>,
}

fn set_bit(bits: &mut Vec<u8>, i: usize, on: bool) {
    if i / 8 >= bits.len() {
        bits.push(0);
    }
    if on {
        bits[i / 8] |= 1 << (i % 8);
    }
}

impl Builder {
    fn new(ty: ArrowType) -> Builder {
        let mut b = Builder {
            ty,
            validity: Vec::new(),
            nulls: 0,
            values: Vec::new(),
            offsets: Vec::new(),
        };
        b.reset();
        b
    }

    fn reset(&mut self) {
        self.validity.clear();
        self.values.clear();
        self.offsets.clear();
        self.nulls = 0;
        if self.ty == ArrowType::Utf8 {
            self.offsets.extend_from_slice(&0i32.to_le_bytes());
        }
    }

    /// Appends row `i`'s cell. A cell that does not read as the column's type (a typed
    /// pipeline never makes one) is null rather than a wrong value.
    fn push(&mut self, i: usize, cell: &[u8]) {
        let text = std::str::from_utf8(cell).ok().filter(|t| !t.is_empty());
        let present = match (self.ty, text) {
            (_, None) => false,
            (ArrowType::Utf8, Some(t)) => {
                self.values.extend_from_slice(t.as_bytes());
                true
            }
            (ArrowType::Int64, Some(t)) => self.fixed(t.parse::<i64>().ok().map(i64::to_le_bytes)),
            (ArrowType::Float64, Some(t)) => {
                self.fixed(t.parse::<f64>().ok().map(f64::to_le_bytes))
            }
            (ArrowType::Date32, Some(t)) => {
                self.fixed(crate::date::parse_date(t).map(i32::to_le_bytes))
            }
            (ArrowType::TimestampMicros, Some(t)) => {
                self.fixed(crate::date::parse_datetime(t).map(i64::to_le_bytes))
            }
            (ArrowType::Boolean, Some(t)) => {
                let value = match t {
                    _ if t.eq_ignore_ascii_case("true") => Some(true),
                    _ if t.eq_ignore_ascii_case("false") => Some(false),
                    _ => None,
                };
                set_bit(&mut self.values, i, value == Some(true));
                value.is_some()
            }
        };
        match self.ty {
            ArrowType::Utf8 => {
                let end = self.values.len() as i32;
                self.offsets.extend_from_slice(&end.to_le_bytes());
            }
            ArrowType::Boolean => {}
            _ if !present => {
                let width = if self.ty == ArrowType::Date32 { 4 } else { 8 };
                self.values.resize(self.values.len() + width, 0);
            }
            _ => {}
        }
        set_bit(&mut self.validity, i, present);
        self.nulls += usize::from(!present);
    }

    fn fixed<const N: usize>(&mut self, bytes: Option<[u8; N]>) -> bool {
        match bytes {
            Some(bytes) => {
                self.values.extend_from_slice(&bytes);
                true
            }
            None => false,
        }
    }

    /// This column's buffers in IPC order; no validity buffer when nothing is null.
    fn buffers(&self) -> Vec<&[u8]> {
        let validity: &[u8] = if self.nulls == 0 { &[] } else { &self.validity };
        match self.ty {
            ArrowType::Utf8 => vec![validity, &self.offsets, &self.values],
            _ => vec![validity, &self.values],
        }
    }
}

/// The Arrow IPC stream writer: a schema message at the start, a record batch each
/// [`BATCH_ROWS`] rows, the last batch and the end-of-stream marker at the end.
pub struct ArrowWriter {
    fields: Vec<(String, ArrowType)>,
    columns: Vec<Builder>,
    rows: usize,
}

impl ArrowWriter {
    pub fn new(columns: Vec<Column>) -> ArrowWriter {
        let fields: Vec<_> = columns
            .into_iter()
            .map(|c| (c.name, ArrowType::of(c.column_type)))
            .collect();
        ArrowWriter {
            columns: fields.iter().map(|(_, ty)| Builder::new(*ty)).collect(),
            fields,
            rows: 0,
        }
    }

    fn flush(&mut self, out: &mut Vec<u8>) {
        let nodes = self
            .columns
            .iter()
            .map(|c| (self.rows as i64, c.nulls as i64))
            .collect();
        let buffers: Vec<&[u8]> = self.columns.iter().flat_map(Builder::buffers).collect();
        ipc::record_batch(out, self.rows, nodes, &buffers);
        self.columns.iter_mut().for_each(Builder::reset);
        self.rows = 0;
    }
}

impl RowWriter for ArrowWriter {
    fn begin(&mut self, out: &mut Vec<u8>) {
        ipc::schema(out, &self.fields);
    }

    fn row(&mut self, out: &mut Vec<u8>, cells: &[&[u8]]) {
        for (column, cell) in self.columns.iter_mut().zip(cells) {
            column.push(self.rows, cell);
        }
        self.rows += 1;
        let text: usize = self.columns.iter().map(|c| c.values.len()).sum();
        if self.rows == BATCH_ROWS || text >= BATCH_TEXT_BYTES {
            self.flush(out);
        }
    }

    fn end(&mut self, out: &mut Vec<u8>) {
        if self.rows > 0 {
            self.flush(out);
        }
        out.extend_from_slice(&ipc::END);
    }
}

#[cfg(test)]
mod tests;
