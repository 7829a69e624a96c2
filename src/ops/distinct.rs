//! `distinct` (whole rows) and `distinct col, …` (rows whose named cells differ): the first
//! row of each kind is kept, in input order.

use super::record::{put_cells, read_fields};
use super::table::{Payload, Table};
use super::{put_selected, Budget, Emit, Operator, Usage};
use crate::Result;

/// The first row of a key, when the key is not the whole row.
enum FirstRow {
    /// Whole-row distinct: the key is the row.
    Key,
    /// The row as a record of cells.
    Row(Vec<u8>),
}

impl Payload for FirstRow {
    fn absorb(&mut self, other: FirstRow, other_is_earlier: bool) -> Result<()> {
        if other_is_earlier {
            *self = other;
        }
        Ok(())
    }

    fn encode(&self, out: &mut Vec<u8>) {
        if let FirstRow::Row(row) = self {
            out.extend_from_slice(row);
        }
    }

    fn decode(bytes: &[u8]) -> Result<FirstRow> {
        if bytes.is_empty() {
            return Ok(FirstRow::Key);
        }
        let mut fields = Vec::new();
        if read_fields(bytes, 0, &mut fields)? != bytes.len() {
            return Err(crate::agg::codec::invalid("a spilled row has extra bytes"));
        }
        Ok(FirstRow::Row(bytes.to_vec()))
    }

    fn heap_bytes(&self) -> usize {
        match self {
            FirstRow::Key => 0,
            FirstRow::Row(row) => row.len(),
        }
    }
}

/// The `distinct` step.
pub struct Distinct {
    /// `None`: whole rows.
    columns: Option<Vec<usize>>,
    table: Table<FirstRow>,
    key: Vec<u8>,
    seq: u64,
}

impl Distinct {
    /// Distinct on the cells at `columns` (indexes into each row's cells), or on whole rows.
    pub fn new(columns: Option<Vec<usize>>, budget: Budget) -> Distinct {
        Distinct {
            columns,
            // A row's first occurrence is all a key holds; later rows change nothing.
            table: Table::new(budget, false),
            key: Vec::new(),
            seq: 0,
        }
    }
}

impl Operator for Distinct {
    fn push(&mut self, cells: &[&[u8]], _values: &[crate::Value<'_>]) -> Result<()> {
        self.key.clear();
        match &self.columns {
            None => put_cells(&mut self.key, cells),
            Some(columns) => put_selected("distinct", &mut self.key, cells, columns)?,
        }
        let whole = self.columns.is_none();
        let make = || {
            Ok(if whole {
                FirstRow::Key
            } else {
                let mut row = Vec::new();
                put_cells(&mut row, cells);
                FirstRow::Row(row)
            })
        };
        self.table.update(&self.key, self.seq, make, |_| Ok(()))?;
        self.seq += 1;
        Ok(())
    }

    fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        let mut render = |key: &[u8], first: &FirstRow, out: &mut Vec<u8>| -> Result<()> {
            out.extend_from_slice(match first {
                FirstRow::Key => key,
                FirstRow::Row(row) => row,
            });
            Ok(())
        };
        self.table.finish(&mut render, emit)
    }

    fn usage(&self) -> Usage {
        self.table.usage()
    }
}
