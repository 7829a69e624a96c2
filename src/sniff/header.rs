//! Does the first row name the columns? Each column votes by comparing the first row's field
//! with the fields below it.

use super::cells::{kind, Kind};
use super::split::{split, Dialect};

/// Rows compared with the first one; enough to see a column's type.
const ROWS_LOOKED_AT: usize = 500;

/// What the rows below the first say about one column.
#[derive(Clone, Default)]
struct Column {
    non_empty: usize,
    /// Fields of each typed kind: number, date, bool.
    typed: [usize; 3],
    /// The text length shared by every non-empty field so far, if there is one.
    same_length: Option<Option<usize>>,
    /// A field below repeats the first row's field: names rarely reappear as values.
    repeats_first: bool,
}

impl Column {
    fn add(&mut self, kind: Kind, length: usize) {
        if kind == Kind::Empty {
            return;
        }
        self.non_empty += 1;
        if let Some(slot) = typed_slot(kind) {
            self.typed[slot] += 1;
        }
        self.same_length = match self.same_length {
            None => Some(Some(length)),
            Some(Some(seen)) if seen == length => Some(Some(seen)),
            _ => Some(None),
        };
    }

    /// The typed kind at least 90% of the column's fields share, as a slot index.
    fn dominant_type(&self) -> Option<usize> {
        (0..3).find(|&slot| self.non_empty > 0 && self.typed[slot] * 10 >= self.non_empty * 9)
    }
}

fn typed_slot(kind: Kind) -> Option<usize> {
    match kind {
        Kind::Number => Some(0),
        Kind::Date => Some(1),
        Kind::Bool => Some(2),
        _ => None,
    }
}

/// Decides whether the first row is a header, with the reason in words.
pub(super) fn detect(sample: &[u8], dialect: Dialect) -> (bool, String) {
    let mut rows: Vec<Vec<&[u8]>> = Vec::new();
    split(sample, dialect, &mut |row, text, _| {
        if row <= ROWS_LOOKED_AT {
            if rows.len() <= row {
                rows.resize(row + 1, Vec::new());
            }
            rows[row].push(text.trim_ascii());
        }
    });
    let Some((first, below)) = rows.split_first() else {
        return (true, "header: no rows, taken as column names".into());
    };
    let mut columns: Vec<Column> = Vec::new();
    // A row equal to the first one is the header again (several tables in one file): it
    // says nothing about the columns' values.
    for row in below.iter().filter(|row| *row != first) {
        if columns.len() < row.len() {
            columns.resize(row.len(), Column::default());
        }
        for (index, (column, &text)) in columns.iter_mut().zip(row).enumerate() {
            column.add(kind(text), text.len());
            column.repeats_first |= !text.is_empty() && first.get(index) == Some(&text);
        }
    }
    let (mut for_header, mut against) = (0, 0);
    for (text, column) in first.iter().zip(&columns) {
        let head = kind(text);
        if head == Kind::Empty || column.non_empty == 0 {
            continue;
        }
        if column.repeats_first {
            against += 1;
            continue;
        }
        match column.dominant_type() {
            Some(slot) if typed_slot(head) == Some(slot) => against += 1,
            Some(_) if !head.is_typed() => for_header += 1,
            Some(_) => {}
            // A text column whose fields all have one length (codes, ids) under a first
            // field of another length: Python's csv.Sniffer counts that as a header sign.
            None => match column.same_length {
                Some(Some(length)) if column.non_empty >= 3 => {
                    if text.len() == length {
                        against += 1;
                    } else {
                        for_header += 1;
                    }
                }
                _ => {}
            },
        }
    }
    if for_header > against {
        let reason = format!(
            "header: the first row differs from the rows below in {for_header} of {} columns",
            first.len()
        );
        return (true, reason);
    }
    if against > for_header {
        return (
            false,
            format!("no header: the first row looks like the rows below in {against} columns"),
        );
    }
    if below.is_empty() {
        return (true, "header: a single row, taken as column names".into());
    }
    // Distinct among the first names is enough to judge, and keeps this quadratic check small
    // for very wide rows.
    let names: Vec<&[u8]> = first
        .iter()
        .copied()
        .filter(|n| !n.is_empty())
        .take(256)
        .collect();
    let distinct = names
        .iter()
        .enumerate()
        .all(|(i, name)| !names[..i].contains(name));
    if !names.is_empty() && distinct {
        (
            true,
            "header: no typed column to compare; the first row's fields are distinct".into(),
        )
    } else {
        (
            false,
            "no header: the first row is empty or repeats a field".into(),
        )
    }
}
