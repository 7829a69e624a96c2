//! `join [left] (source) on col [= col]`: each row gains the columns of the second input's
//! rows whose key cell has the same bytes, one output row per match, in the second input's
//! order. The second input is read whole into memory, within the step's share of the memory
//! budget; the rows streaming through are never held.
//!
//! As in SQL, an empty (null) key matches nothing. `join left` keeps a row without matches,
//! its new cells empty. The second input's key column is not repeated; its other columns keep
//! their names, with `_right` added to any name the row already has.

use crate::hash::HashMap;

use super::builder::Builder;
use super::plan::Input;
use crate::error::{Error, Result};
use crate::expr::Ty;
use crate::lang::ColumnRef;
use crate::ops::Budget;
use crate::options::{Options, Sniff};
use crate::reader::{Field, Flow, Reader, Record};

/// Cells laid out as one record, to run through the stages after a join or a blocking step.
#[derive(Default)]
pub(crate) struct RowBuf {
    bytes: Vec<u8>,
    fields: Vec<Field>,
}

impl RowBuf {
    fn clear(&mut self) {
        self.bytes.clear();
        self.fields.clear();
    }

    fn push(&mut self, cell: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(cell);
        self.fields.push(Field {
            start,
            end: self.bytes.len(),
            escaped: false,
        });
    }

    fn as_record(&self, line: u64, number: u64, byte: u64) -> Record<'_> {
        Record::new(&self.bytes, &[], &self.fields, line, number, byte)
    }

    /// `cells` as a record at the given position (line 0: not from an input line).
    pub fn record(&mut self, cells: &[&[u8]], line: u64, number: u64, byte: u64) -> Record<'_> {
        self.clear();
        for cell in cells {
            self.push(cell);
        }
        self.as_record(line, number, byte)
    }
}

pub(crate) struct Join {
    left: bool,
    /// The key's index among the rows' cells.
    on: usize,
    /// The second input's cells without its key column, `width` per row, back to back.
    data: Vec<u8>,
    ends: Vec<usize>,
    width: usize,
    /// Key bytes to the rows that have them, in input order.
    index: HashMap<Vec<u8>, Vec<u32>>,
    row: RowBuf,
}

/// Bytes counted per stored cell and per index entry beside their content.
const CELL_OVERHEAD: usize = std::mem::size_of::<usize>();
const ENTRY_OVERHEAD: usize = 64;

impl Join {
    /// Reads the second input `bytes` (named `source`) and prepares to join rows whose columns
    /// are `rows` on their column `on` with its column `key`. Returns the join and the
    /// columns of the rows it hands on.
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        source: &str,
        bytes: &[u8],
        key: &ColumnRef,
        on: usize,
        left: bool,
        rows: Input,
        options: &Options,
        budget: Budget,
    ) -> Result<(Join, Input)> {
        let context = |mut e: Error| {
            e.message = format!("join ({source}): {}", e.message);
            e
        };
        let mut options = *options;
        if options.sniff != Sniff::Off {
            let sample = &bytes[..bytes.len().min(crate::sniff::SAMPLE_BYTES)];
            crate::sniff::resolve(&mut options, sample);
        }
        let mut table = Table {
            header: None,
            key: None,
            join: Join {
                left,
                on,
                data: Vec::new(),
                ends: Vec::new(),
                width: 0,
                index: HashMap::default(),
                row: RowBuf::default(),
            },
            rows: 0,
            held: 0,
        };
        let mut reader = Reader::new(&options);
        let mut take = |record: &Record, problem: Option<Error>| -> Result<Flow> {
            if let Some(problem) = problem {
                return Err(problem);
            }
            table.take(record, key, options.header, budget)?;
            Ok(Flow::Continue)
        };
        reader.feed(bytes, &mut take).map_err(context)?;
        reader.finish(&mut take).map_err(context)?;
        let Some(names) = table.header else {
            return Err(context(Error::plain(
                crate::ErrorKind::EmptyInput,
                "the second input is empty",
            )));
        };
        let key = table.key.expect("set with the header");
        let mut next = rows;
        for (_, name) in names.into_iter().enumerate().filter(|(i, _)| *i != key) {
            let name = name.map(|mut name| {
                while next.names.iter().flatten().any(|n| *n == name) {
                    name.push_str("_right");
                }
                name
            });
            next.names.push(name);
            next.types.push(Ty::Cell);
        }
        Ok((table.join, next))
    }

    /// Hands each joined row for `cells` (a row at `record`'s place) to `each`.
    pub fn each_match(
        &mut self,
        cells: &[&[u8]],
        record: &Record,
        each: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        let key = cells[self.on];
        let matches = if key.is_empty() {
            None
        } else {
            self.index.get(key)
        };
        match matches {
            Some(rows) => {
                for &r in rows {
                    self.row.clear();
                    for cell in cells {
                        self.row.push(cell);
                    }
                    let first = r as usize * self.width;
                    for c in first..first + self.width {
                        let start = if c == 0 { 0 } else { self.ends[c - 1] };
                        self.row.push(&self.data[start..self.ends[c]]);
                    }
                    each(&self.row.as_record(record.line, record.number, record.byte))?;
                }
                Ok(())
            }
            None if self.left => {
                self.row.clear();
                for cell in cells {
                    self.row.push(cell);
                }
                for _ in 0..self.width {
                    self.row.push(b"");
                }
                each(&self.row.as_record(record.line, record.number, record.byte))
            }
            None => Ok(()),
        }
    }
}

/// The second input as it is read.
struct Table {
    /// Column names (none without a header), once the first record is read.
    header: Option<Vec<Option<String>>>,
    key: Option<usize>,
    join: Join,
    rows: u32,
    /// Bytes held, as counted against the budget.
    held: usize,
}

impl Table {
    fn take(
        &mut self,
        record: &Record,
        key: &ColumnRef,
        header: bool,
        budget: Budget,
    ) -> Result<()> {
        if self.key.is_none() {
            let names: Vec<Option<String>> = record
                .iter()
                .map(|f| header.then(|| String::from_utf8_lossy(f).into_owned()))
                .collect();
            let columns = Input {
                types: vec![Ty::Cell; names.len()],
                names: names.clone(),
            };
            self.key = Some(Builder::new(columns).resolve(key)?);
            self.join.width = names.len() - 1;
            self.header = Some(names);
            if header {
                return Ok(());
            }
        }
        let key = self.key.expect("set above");
        let row = self.rows;
        self.rows += 1;
        for (i, cell) in record.iter().enumerate() {
            if i == key {
                continue;
            }
            self.join.data.extend_from_slice(cell);
            self.join.ends.push(self.join.data.len());
            self.held += cell.len() + CELL_OVERHEAD;
        }
        let cell = record.get(key);
        if !cell.is_empty() {
            self.held += ENTRY_OVERHEAD;
            match self.join.index.get_mut(cell) {
                Some(rows) => rows.push(row),
                None => {
                    self.held += cell.len();
                    self.join.index.insert(cell.to_vec(), vec![row]);
                }
            }
        }
        if budget.exceeded(self.held) {
            return Err(budget.error());
        }
        Ok(())
    }
}
