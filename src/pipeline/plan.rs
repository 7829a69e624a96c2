//! A pipeline bound to a header: column references resolved to slots, ready to run per row.
//!
//! Slots `0..width` are the input record's fields; each `derive` adds one slot after them.
//! `select` only changes which slots later steps see and the output shows, so it costs nothing
//! per row.

use super::lexer::spec_error;
use super::{ColumnRef, CompareOp, Literal, Pipeline, Step};
use crate::error::{Error, ErrorKind, Result};
use crate::kernels::Kernel;
use crate::number::{parse_number, Number};
use crate::options::OnError;
use crate::reader::Record;
use std::cmp::Ordering;

enum Test {
    Text(CompareOp, Vec<u8>),
    Number(CompareOp, Number),
}

enum Op {
    Derive { src: usize, kernel: Kernel },
    Where { src: usize, test: Test },
    Limit { max: u64, passed: u64 },
}

/// What happened to one row.
pub(crate) enum RowOutcome {
    Emit,
    Filtered,
    /// A row error (the caller applies the error policy).
    Failed(Error),
}

pub(crate) struct Plan {
    ops: Vec<Op>,
    output: Vec<usize>,
    header: Vec<Vec<u8>>,
    width: usize,
    exhausted: bool,
    derived: Vec<u8>,
    derived_ends: Vec<usize>,
    arg: Vec<u8>,
    /// Cells left empty by `on_error = null`.
    pub nulled: u64,
}

impl Plan {
    /// Binds `pipeline` to the input's column names (`None` without a header).
    pub fn compile(pipeline: &Pipeline, names: Option<Vec<String>>, width: usize) -> Result<Plan> {
        // The visible columns at the current step: (name, slot).
        let mut columns: Vec<(Option<String>, usize)> = match names {
            Some(names) => names.into_iter().map(Some).zip(0..).collect(),
            None => (0..width).map(|slot| (None, slot)).collect(),
        };
        let mut ops = Vec::new();
        let mut next_slot = width;
        for step in &pipeline.steps {
            match step {
                Step::Select(refs) => {
                    let picked: Result<Vec<_>> = refs
                        .iter()
                        .map(|r| resolve(&columns, r).map(|i| columns[i].clone()))
                        .collect();
                    columns = picked?;
                }
                Step::Where {
                    column,
                    op,
                    literal,
                } => {
                    let src = columns[resolve(&columns, column)?].1;
                    let test = match literal {
                        Literal::Number(_, text) if *op == CompareOp::Contains => {
                            Test::Text(*op, text.as_bytes().to_vec())
                        }
                        Literal::Number(n, _) => Test::Number(*op, *n),
                        Literal::Text(t) => Test::Text(*op, t.as_bytes().to_vec()),
                    };
                    ops.push(Op::Where { src, test });
                }
                Step::Derive {
                    name,
                    name_pos,
                    kernel,
                    column,
                } => {
                    let src = columns[resolve(&columns, column)?].1;
                    if columns.iter().any(|(n, _)| n.as_deref() == Some(name)) {
                        return Err(spec_error(
                            ErrorKind::DuplicateColumn,
                            *name_pos,
                            format!("column '{name}' already exists; derive a new name"),
                        ));
                    }
                    ops.push(Op::Derive {
                        src,
                        kernel: *kernel,
                    });
                    columns.push((Some(name.clone()), next_slot));
                    next_slot += 1;
                }
                Step::Limit(max) => ops.push(Op::Limit {
                    max: *max,
                    passed: 0,
                }),
            }
        }
        let exhausted = ops.iter().any(|op| matches!(op, Op::Limit { max: 0, .. }));
        Ok(Plan {
            ops,
            output: columns.iter().map(|c| c.1).collect(),
            header: columns
                .into_iter()
                .map(|c| c.0.unwrap_or_default().into_bytes())
                .collect(),
            width,
            exhausted,
            derived: Vec::new(),
            derived_ends: Vec::new(),
            arg: Vec::new(),
            nulled: 0,
        })
    }

    /// The output header's cells.
    pub fn header(&self) -> impl Iterator<Item = &[u8]> {
        self.header.iter().map(|h| h.as_slice())
    }

    /// True once a `limit` is reached: no later row can be output.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Runs every step on one row.
    pub fn eval(&mut self, record: &Record, on_error: OnError) -> RowOutcome {
        self.derived.clear();
        self.derived_ends.clear();
        for op in &mut self.ops {
            match op {
                Op::Derive { src, kernel } => {
                    let start = self.derived.len();
                    let applied = if *src < self.width {
                        kernel.apply(record.get(*src), &mut self.derived)
                    } else {
                        // A derived source lives in the buffer the kernel appends to: copy it.
                        self.arg.clear();
                        self.arg.extend_from_slice(cell(
                            record,
                            self.width,
                            &self.derived,
                            &self.derived_ends,
                            *src,
                        ));
                        kernel.apply(&self.arg, &mut self.derived)
                    };
                    if let Err(e) = applied {
                        self.derived.truncate(start);
                        if on_error != OnError::Null {
                            return RowOutcome::Failed(at(e, record, *src));
                        }
                        self.nulled += 1;
                    }
                    self.derived_ends.push(self.derived.len());
                }
                Op::Where { src, test } => {
                    let cell = cell(record, self.width, &self.derived, &self.derived_ends, *src);
                    match matches(test, cell) {
                        Ok(true) => {}
                        Ok(false) => return RowOutcome::Filtered,
                        Err(e) => return RowOutcome::Failed(at(e, record, *src)),
                    }
                }
                Op::Limit { max, passed } => {
                    *passed += 1;
                    if *passed >= *max {
                        self.exhausted = true;
                    }
                }
            }
        }
        RowOutcome::Emit
    }

    /// The output cells of the row last passed to [`Plan::eval`].
    pub fn output<'a>(&'a self, record: &'a Record) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.output
            .iter()
            .map(move |&slot| cell(record, self.width, &self.derived, &self.derived_ends, slot))
    }
}

fn cell<'a>(
    record: &Record<'a>,
    width: usize,
    derived: &'a [u8],
    ends: &[usize],
    slot: usize,
) -> &'a [u8] {
    if slot < width {
        return record.get(slot);
    }
    let i = slot - width;
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &derived[start..ends[i]]
}

fn at(mut e: Error, record: &Record, slot: usize) -> Error {
    e.position = record.position(slot + 1);
    e
}

fn resolve(columns: &[(Option<String>, usize)], r: &ColumnRef) -> Result<usize> {
    let found = match r {
        ColumnRef::Name(name, _) => columns.iter().position(|(n, _)| n.as_deref() == Some(name)),
        ColumnRef::Index(i, _) => (*i <= columns.len()).then(|| i - 1),
    };
    found.ok_or_else(|| {
        let pos = match r {
            ColumnRef::Name(_, p) | ColumnRef::Index(_, p) => *p,
        };
        let names: Vec<String> = columns
            .iter()
            .take(12)
            .enumerate()
            .map(|(i, (n, _))| n.clone().unwrap_or(format!("#{}", i + 1)))
            .collect();
        let more = if columns.len() > 12 { ", ..." } else { "" };
        spec_error(
            ErrorKind::UnknownColumn,
            pos,
            format!("no column {r} (columns: {}{more})", names.join(", ")),
        )
    })
}

fn matches(test: &Test, cell: &[u8]) -> Result<bool> {
    Ok(match test {
        Test::Text(CompareOp::Contains, needle) => {
            needle.is_empty() || cell.windows(needle.len()).any(|w| w == &needle[..])
        }
        Test::Text(op, literal) => holds(*op, cell.cmp(&literal[..])),
        Test::Number(op, literal) => {
            if cell.is_empty() {
                return Ok(false); // an empty cell is null: no comparison holds
            }
            let value = parse_number(cell).ok_or_else(|| {
                let shown = String::from_utf8_lossy(&cell[..cell.len().min(40)]).into_owned();
                Error::plain(
                    ErrorKind::InvalidNumber,
                    format!(
                        "{shown:?} is not a number (compared with {})",
                        number_text(*literal)
                    ),
                )
            })?;
            holds(*op, value.compare(*literal))
        }
    })
}

fn number_text(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => f.to_string(),
    }
}

fn holds(op: CompareOp, ord: Ordering) -> bool {
    match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Ne => ord != Ordering::Equal,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Contains => unreachable!("contains always compares text"),
    }
}
