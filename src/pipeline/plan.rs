//! A pipeline bound to a header: column references resolved to slots, expressions compiled,
//! ready to run per row.
//!
//! Slots `0..width` are the input record's fields; each computed column (`derive`, a `select`
//! expression, `cast`) adds one slot after them. `select`, `drop` and `rename` only change
//! which slots later steps see and the output shows, so they cost nothing per row.

use super::{ColumnRef, Derivation, Pipeline, SpecPos, Step};
use crate::error::{Error, ErrorKind, Result};
use crate::expr::lexer::spec_error;
use crate::expr::{compile, write_value, Compiled, Expr, Row, Scope, Ty};
use crate::options::OnError;
use crate::reader::Record;
use crate::value::{Type, Value};
use std::cell::Cell;

enum Op {
    /// Computes the next derived slot.
    Derive(Compiled, usize),
    Filter(Compiled),
    Take {
        max: u64,
        passed: Cell<u64>,
    },
}

/// What happened to one row.
pub(crate) enum RowOutcome {
    Emit,
    Filtered,
    /// A row error (the caller applies the error policy).
    Failed(Error),
}

/// The visible columns at a step: name (none without a header), slot, static type.
type Columns = Vec<(Option<String>, usize, Ty)>;

pub(crate) struct Plan {
    ops: Vec<Op>,
    output: Vec<usize>,
    header: Vec<Vec<u8>>,
    types: Vec<Option<Type>>,
    width: usize,
    exhausted: bool,
    derived: Vec<Value<'static>>,
    /// The derived values' text, for output: `text[ends[i-1]..ends[i]]` is slot `width + i`.
    text: Vec<u8>,
    ends: Vec<usize>,
    /// Cells left empty by `on_error = null`.
    pub nulled: u64,
}

struct Builder {
    columns: Columns,
    ops: Vec<Op>,
    width: usize,
    next_slot: usize,
}

impl Builder {
    fn scope(&self) -> Scope<'_> {
        Scope {
            columns: &self.columns,
            width: self.width,
        }
    }

    fn compile(&self, expr: &Expr) -> Result<Compiled> {
        compile(expr, &self.scope())
    }

    /// Adds a derived slot computing `expr`; returns it with the expression's type.
    fn derive(&mut self, expr: &Expr) -> Result<(usize, Ty)> {
        let compiled = self.compile(expr)?;
        let slot = self.next_slot;
        self.next_slot += 1;
        let ty = compiled.ty;
        self.ops.push(Op::Derive(compiled, slot));
        Ok((slot, ty))
    }

    fn taken(&self, name: &str, except: Option<usize>) -> bool {
        self.columns
            .iter()
            .enumerate()
            .any(|(i, (n, _, _))| Some(i) != except && n.as_deref() == Some(name))
    }

    fn new_column(&mut self, d: &Derivation) -> Result<()> {
        if self.taken(&d.name, None) {
            return Err(duplicate(&d.name, d.name_pos));
        }
        let (slot, ty) = self.derive(&d.expr)?;
        self.columns.push((Some(d.name.clone()), slot, ty));
        Ok(())
    }

    fn step(&mut self, step: &Step) -> Result<()> {
        match step {
            Step::Select(items) => {
                let mut picked = Vec::with_capacity(items.len());
                for item in items {
                    let (name, slot, ty) = match &item.expr {
                        Expr::Column(r) => self.columns[self.scope().resolve(r)?].clone(),
                        expr => {
                            let (slot, ty) = self.derive(expr)?;
                            (Some(expr.to_string()), slot, ty)
                        }
                    };
                    let name = item.alias.as_ref().map(|(n, _)| n.clone()).or(name);
                    picked.push((name, slot, ty));
                }
                self.columns = picked;
            }
            Step::Drop(refs) => {
                let mut gone = Vec::with_capacity(refs.len());
                for r in refs {
                    gone.push(self.scope().resolve(r)?);
                }
                let mut index = 0;
                self.columns.retain(|_| {
                    index += 1;
                    !gone.contains(&(index - 1))
                });
            }
            Step::Rename(pairs) => {
                for (r, name, pos) in pairs {
                    let i = self.scope().resolve(r)?;
                    if self.taken(name, Some(i)) {
                        return Err(duplicate(name, *pos));
                    }
                    self.columns[i].0 = Some(name.clone());
                }
            }
            Step::Filter { expr, .. } => {
                let compiled = self.compile(expr)?;
                if matches!(compiled.ty, Ty::Known(t) if t != Type::Bool && t != Type::Text)
                    || compiled.ty == Ty::Number
                {
                    return Err(spec_error(
                        ErrorKind::TypeMismatch,
                        expr.pos(),
                        "filter needs a condition (a bool), not a number or date",
                    ));
                }
                self.ops.push(Op::Filter(compiled));
            }
            Step::DeriveExprs(items) => {
                for d in items {
                    self.new_column(d)?;
                }
            }
            Step::Derive {
                name,
                name_pos,
                kernel,
                column,
            } => {
                let expr = Expr::Call {
                    name: kernel.name().into(),
                    pos: *name_pos,
                    args: vec![Expr::Column(column.clone())],
                };
                self.new_column(&Derivation {
                    name: name.clone(),
                    name_pos: *name_pos,
                    expr,
                })?;
            }
            Step::Take { rows, .. } => self.ops.push(Op::Take {
                max: *rows,
                passed: Cell::new(0),
            }),
            Step::Cast(items) => {
                for (r, ty, pos) in items {
                    let i = self.scope().resolve(r)?;
                    let expr = Expr::Call {
                        name: ty.name().into(),
                        pos: *pos,
                        args: vec![Expr::Column(ColumnRef::Index(i + 1, column_pos(r)))],
                    };
                    let (slot, _) = self.derive(&expr)?;
                    self.columns[i].1 = slot;
                    self.columns[i].2 = Ty::Known(*ty);
                }
            }
        }
        Ok(())
    }
}

fn column_pos(r: &ColumnRef) -> SpecPos {
    match r {
        ColumnRef::Name(_, p) | ColumnRef::Index(_, p) => *p,
    }
}

fn duplicate(name: &str, pos: SpecPos) -> Error {
    spec_error(
        ErrorKind::DuplicateColumn,
        pos,
        format!("column '{name}' already exists; choose a new name"),
    )
}

impl Plan {
    /// Binds `pipeline` to the input's column names (`None` without a header).
    pub fn compile(pipeline: &Pipeline, names: Option<Vec<String>>, width: usize) -> Result<Plan> {
        let columns = match names {
            Some(names) => names
                .into_iter()
                .zip(0..)
                .map(|(n, slot)| (Some(n), slot, Ty::Cell))
                .collect(),
            None => (0..width).map(|slot| (None, slot, Ty::Cell)).collect(),
        };
        let mut builder = Builder {
            columns,
            ops: Vec::new(),
            width,
            next_slot: width,
        };
        for step in &pipeline.steps {
            builder.step(step)?;
        }
        let exhausted = builder
            .ops
            .iter()
            .any(|op| matches!(op, Op::Take { max: 0, .. }));
        let columns = builder.columns;
        Ok(Plan {
            ops: builder.ops,
            output: columns.iter().map(|c| c.1).collect(),
            types: columns.iter().map(|c| c.2.output()).collect(),
            header: columns
                .into_iter()
                .map(|c| c.0.unwrap_or_default().into_bytes())
                .collect(),
            width,
            exhausted,
            derived: Vec::new(),
            text: Vec::new(),
            ends: Vec::new(),
            nulled: 0,
        })
    }

    /// The output header's cells.
    pub fn header(&self) -> impl Iterator<Item = &[u8]> {
        self.header.iter().map(|h| h.as_slice())
    }

    /// Each output column's type as far as the spec decides it (`None`: text as read).
    pub fn types(&self) -> &[Option<Type>] {
        &self.types
    }

    /// True once a `take` is reached: no later row can be output.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Runs every step on one row.
    pub fn eval(&mut self, record: &Record, on_error: OnError) -> RowOutcome {
        self.derived.clear();
        for op in &self.ops {
            let row = Row {
                record,
                derived: &self.derived,
            };
            match op {
                Op::Derive(compiled, slot) => {
                    let value = match compiled.node.eval(&row) {
                        Ok(value) => value.into_owned(),
                        Err(_) if on_error == OnError::Null => {
                            self.nulled += 1;
                            Value::Null
                        }
                        Err(e) => {
                            return RowOutcome::Failed(at(
                                e,
                                record,
                                compiled.blame.unwrap_or(*slot),
                            ))
                        }
                    };
                    self.derived.push(value);
                }
                Op::Filter(compiled) => match compiled.node.eval(&row).and_then(|v| truth(&v)) {
                    Ok(true) => {}
                    Ok(false) => return RowOutcome::Filtered,
                    Err(e) => {
                        return RowOutcome::Failed(at(e, record, compiled.blame.unwrap_or(0)))
                    }
                },
                Op::Take { max, passed } => {
                    passed.set(passed.get() + 1);
                    if passed.get() >= *max {
                        self.exhausted = true;
                    }
                }
            }
        }
        self.text.clear();
        self.ends.clear();
        for value in &self.derived {
            write_value(value, &mut self.text);
            self.ends.push(self.text.len());
        }
        RowOutcome::Emit
    }

    /// The output cells of the row last passed to [`Plan::eval`].
    pub fn output<'a>(&'a self, record: &'a Record) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.output.iter().map(move |&slot| {
            if slot < self.width {
                return record.get(slot);
            }
            let i = slot - self.width;
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.text[start..self.ends[i]]
        })
    }
}

/// A filter keeps a row only when its condition is true (null and false drop it).
fn truth(value: &Value) -> Result<bool> {
    Ok(crate::expr::to_bool(value)? == Some(true))
}

/// Places a row error in the record: at the column the expression named, or else at `slot`.
fn at(mut e: Error, record: &Record, slot: usize) -> Error {
    let column = match e.position.column {
        0 => slot + 1,
        named => named as usize,
    };
    e.position = record.position(column);
    e
}
