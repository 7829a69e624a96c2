//! Output formats (csv, tsv, ndjson, json, arrow) behind one trait, [`RowWriter`].
//!
//! A writer gets the column names and each column's type once, then rows of cells as the
//! pipeline produces them (text bytes), and appends its format's bytes to a buffer, so a job
//! can stream any format in chunks.
//!
//! ```
//! use csv_kernels::format::{writer, Column, OutputFormat};
//! use csv_kernels::{Options, Type};
//! let columns = vec![Column::new("id", Some(Type::Int)), Column::new("name", None)];
//! let options = Options { format: OutputFormat::Ndjson, ..Options::default() };
//! let mut w = writer(&options, columns);
//! let mut out = Vec::new();
//! w.begin(&mut out);
//! w.row(&mut out, &[b"1", b"Ada"]);
//! w.row(&mut out, &[b"2", b""]);
//! w.end(&mut out);
//! assert_eq!(out, b"{\"id\":1,\"name\":\"Ada\"}\n{\"id\":2,\"name\":null}\n");
//! ```

pub mod arrow;
mod json;

pub use crate::options::OutputFormat;
pub(crate) use json::escape_json;
pub use json::JsonWriter;

use crate::options::Options;
use crate::value::Type;
use crate::writer::Writer;

/// One output column: its name and the type of its values (`None`: text that no expression
/// typed, written as a string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub column_type: Option<Type>,
}

impl Column {
    pub fn new(name: impl Into<String>, column_type: Option<Type>) -> Column {
        Column {
            name: name.into(),
            column_type,
        }
    }
}

/// Writes rows in one output format. Call [`begin`](RowWriter::begin) once, then
/// [`row`](RowWriter::row) for each row, then [`end`](RowWriter::end) once, even when there
/// are no rows. `Send`, so a running Job can move between threads (an async HTTP body).
pub trait RowWriter: Send {
    /// Writes what comes before the first row (a CSV header, a JSON `[`).
    fn begin(&mut self, out: &mut Vec<u8>);
    /// Writes one row; `cells` are in column order.
    fn row(&mut self, out: &mut Vec<u8>, cells: &[&[u8]]);
    /// Writes what closes the output (a JSON `]`).
    fn end(&mut self, out: &mut Vec<u8>);
}

/// The writer for `options.format`. CSV and TSV write the header row only when
/// `options.header` is set, as the CSV output does today; JSON always names its fields.
pub fn writer(options: &Options, columns: Vec<Column>) -> Box<dyn RowWriter> {
    match options.format {
        OutputFormat::Csv => Box::new(CsvWriter::new(options, columns)),
        OutputFormat::Tsv => {
            let tabs = Options {
                delimiter: b'\t',
                ..*options
            };
            Box::new(CsvWriter::new(&tabs, columns))
        }
        OutputFormat::Ndjson => Box::new(JsonWriter::new(columns, false)),
        OutputFormat::Json => Box::new(JsonWriter::new(columns, true)),
        OutputFormat::Arrow => Box::new(arrow::ArrowWriter::new(columns)),
    }
}

/// CSV and TSV, through the crate's one CSV [`Writer`].
pub struct CsvWriter {
    writer: Writer,
    header: Option<Vec<String>>,
}

impl CsvWriter {
    pub fn new(options: &Options, columns: Vec<Column>) -> CsvWriter {
        CsvWriter {
            writer: Writer::new(options),
            header: options
                .header
                .then(|| columns.into_iter().map(|c| c.name).collect()),
        }
    }
}

impl RowWriter for CsvWriter {
    fn begin(&mut self, out: &mut Vec<u8>) {
        if let Some(names) = self.header.take() {
            self.writer
                .write_record(out, names.iter().map(|n| n.as_bytes()));
        }
    }

    fn row(&mut self, out: &mut Vec<u8>, cells: &[&[u8]]) {
        self.writer.write_record(out, cells.iter().copied());
    }

    fn end(&mut self, _out: &mut Vec<u8>) {}
}

#[cfg(test)]
mod tests;
