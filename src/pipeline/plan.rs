//! A pipeline bound to a header: column references resolved to slots, expressions compiled,
//! ready to run per row.
//!
//! Slots `0..width` are the input record's fields; each computed column (`derive`, a `select`
//! expression, `cast`) adds one slot after them. `select`, `drop` and `rename` only change
//! which slots later steps see and the output shows, so they cost nothing per row.

use crate::error::{Error, ErrorKind, Result};
use crate::expr::{compile, BinOp, Compiled, Expr, Literal, Row, Scope, Ty};
use crate::lang::lexer::spec_error;
use crate::lang::{ColumnRef, Derivation, SpecPos, Step};
use crate::options::OnError;
use crate::reader::Record;
use crate::value::write_value;
use crate::value::{Type, Value};
use std::borrow::Cow;
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

/// The columns a plan reads: the input's, or the rows a blocking step or a join hands on.
pub(crate) struct Input {
    /// Names (none without a header).
    pub names: Vec<Option<String>>,
    /// What each column holds as far as the spec decided it upstream ([`Ty::Cell`]: text as
    /// read). A column of a definite type is read back as that type, so a value keeps its type
    /// across a blocking step.
    pub types: Vec<Ty>,
}

pub(crate) struct Plan {
    ops: Vec<Op>,
    /// Where each key or aggregate argument of the blocking step that ends the plan comes from.
    keys: Vec<Key>,
    /// Every key is [`Key::Null`].
    keys_are_null: bool,
    output: Vec<usize>,
    /// The output starts with the input record's cells, all of them in order.
    keeps_input: bool,
    header: Vec<Vec<u8>>,
    types: Vec<Option<Type>>,
    width: usize,
    exhausted: bool,
    derived: Vec<Value<'static>>,
    /// The derived values' text, for output: `text[ends[i-1].0..ends[i].0]` is slot
    /// `width + i`; `ends[i].1` says it is a number's or a bool's (see [`Plan::appended`]).
    text: Vec<u8>,
    ends: Vec<(usize, bool)>,
    /// Whether derived value `i` is an output cell: only those are written as text (a
    /// blocking step's keys and arguments are read as values).
    shown: Vec<bool>,
    /// Some derived value is not shown (else `shown` need not be read per row).
    some_hidden: bool,
    /// Cells left empty by `on_error = null`.
    pub nulled: u64,
}

pub(crate) struct Builder {
    columns: Columns,
    ops: Vec<Op>,
    width: usize,
    next_slot: usize,
    keys: Vec<Key>,
}

/// A blocking step's key: an input cell as it is (no copy), a value computed for it, or
/// null (`count()`'s argument: nothing to compute per row).
#[derive(Clone, Copy)]
enum Key {
    Cell(usize),
    Derived(usize),
    Null,
}

impl Builder {
    pub fn new(input: Input) -> Builder {
        let width = input.names.len();
        let mut builder = Builder {
            columns: input
                .names
                .into_iter()
                .zip(0..)
                .map(|(n, slot)| (n, slot, Ty::Cell))
                .collect(),
            ops: Vec::new(),
            width,
            next_slot: width,
            keys: Vec::new(),
        };
        for (i, ty) in input.types.into_iter().enumerate() {
            builder.read_as(i, ty);
        }
        builder
    }

    /// Reads input column `i` as `ty`: a typed value written out by an earlier stage is read
    /// back as that type (its text is that type's canonical form, so the bytes do not change).
    fn read_as(&mut self, i: usize, ty: Ty) {
        let cell = Expr::Column(ColumnRef::Index(i + 1, SpecPos::default()));
        let expr = match ty {
            Ty::Known(Type::Text) | Ty::Cell | Ty::Null | Ty::Any => return,
            Ty::Known(t) => Expr::Call {
                name: t.name().into(),
                pos: SpecPos::default(),
                args: vec![cell],
            },
            // An int or a float per row: `x * 1` reads either and prints it back unchanged
            // (`-0.0` included, which `x + 0` would not keep).
            Ty::Number => Expr::Binary {
                op: BinOp::Mul,
                pos: SpecPos::default(),
                left: Box::new(cell),
                right: Box::new(Expr::Literal(
                    Literal::Number(crate::Number::Int(1), "1".into()),
                    SpecPos::default(),
                )),
            },
        };
        // A conversion of a cell to its own type's function always compiles.
        if let Ok((slot, _)) = self.derive(&expr) {
            self.columns[i].1 = slot;
            self.columns[i].2 = ty;
        }
    }

    /// The visible columns' names, in order.
    pub fn names(&self) -> Vec<Option<String>> {
        self.columns.iter().map(|c| c.0.clone()).collect()
    }

    /// The visible columns' types, for the stage after a blocking step.
    pub fn tys(&self) -> Vec<Ty> {
        self.columns.iter().map(|c| c.2).collect()
    }

    /// The visible columns' types as an output format reports them.
    pub fn types(&self) -> Vec<Option<Type>> {
        self.columns.iter().map(|c| c.2.output()).collect()
    }

    /// The index among the visible columns of the column `r` names.
    pub fn resolve(&self, r: &ColumnRef) -> Result<usize> {
        self.scope().resolve(r)
    }

    /// Computes `expr` for every row as a key of the blocking step that ends this plan (not
    /// output). Returns its type and the input column an error in it is blamed on.
    pub fn key(&mut self, expr: &Expr) -> Result<(Ty, Option<usize>)> {
        if let Expr::Literal(Literal::Null, _) = expr {
            // What a derived slot would give, without evaluating a literal per row.
            self.keys.push(Key::Null);
            return Ok((Ty::Null, None));
        }
        if let Expr::Column(r) = expr {
            let (_, slot, ty) = self.columns[self.resolve(r)?];
            if slot < self.width && ty == Ty::Cell {
                self.keys.push(Key::Cell(slot));
                return Ok((ty, Some(slot)));
            }
        }
        let (slot, ty) = self.derive(expr)?;
        self.keys.push(Key::Derived(slot - self.width));
        let blame = match self.ops.last() {
            Some(Op::Derive(compiled, _)) => compiled.blame,
            _ => None,
        };
        Ok((ty, blame))
    }

    /// Keeps only the visible columns at `indexes`, in that order: a group's plan hands its
    /// step the key cells alone, so no other cell of a row is gathered for it.
    pub fn keep_only(&mut self, indexes: &[usize]) {
        self.columns = indexes.iter().map(|&i| self.columns[i].clone()).collect();
    }

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

    pub fn step(&mut self, step: &Step) -> Result<()> {
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
            Step::Sort(_)
            | Step::Group { .. }
            | Step::Distinct(_)
            | Step::Top { .. }
            | Step::Join { .. } => {
                unreachable!("stages end a plan before a blocking step or a join")
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

impl Builder {
    /// The plan of the steps given to this builder so far.
    pub fn finish(self) -> Plan {
        let exhausted = self
            .ops
            .iter()
            .any(|op| matches!(op, Op::Take { max: 0, .. }));
        let types = self.types();
        let output: Vec<usize> = self.columns.iter().map(|c| c.1).collect();
        let keeps_input = output.iter().copied().take(self.width).eq(0..self.width);
        let derives = self.next_slot - self.width;
        let shown: Vec<bool> = (self.width..self.next_slot)
            .map(|slot| output.contains(&slot))
            .collect();
        Plan {
            keys_are_null: self.keys.iter().all(|k| matches!(k, Key::Null)),
            keys: self.keys,
            output,
            keeps_input,
            types,
            header: self
                .columns
                .into_iter()
                .map(|c| c.0.unwrap_or_default().into_bytes())
                .collect(),
            ops: self.ops,
            width: self.width,
            exhausted,
            derived: vec![Value::Null; derives],
            text: Vec::new(),
            ends: vec![(0, false); derives],
            some_hidden: shown.contains(&false),
            shown,
            nulled: 0,
        }
    }
}

impl Plan {
    /// The values of the keys of `record`, last passed to [`Plan::eval`] (see [`Builder::key`]).
    pub fn keys<'a>(&'a self, record: &'a Record<'a>) -> impl Iterator<Item = Value<'a>> + 'a {
        self.keys.iter().map(|key| match *key {
            Key::Cell(slot) => match record.text(slot) {
                "" => Value::Null,
                text => Value::Text(Cow::Borrowed(text)),
            },
            Key::Derived(i) => match &self.derived[i] {
                Value::Text(t) => Value::Text(Cow::Borrowed(t.as_ref())),
                value => value.clone(),
            },
            Key::Null => Value::Null,
        })
    }

    /// How many cells [`Plan::output`] gives, and how many values [`Plan::keys`].
    pub fn widths(&self) -> (usize, usize) {
        (self.output.len(), self.keys.len())
    }

    /// True when every key is null whatever the row (`count()`'s).
    pub fn keys_are_null(&self) -> bool {
        self.keys_are_null
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
        // Each derived slot is overwritten in step order, so a step only ever reads slots of
        // this row (the steps before it); there is no vector to empty and refill per row.
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
                    self.derived[*slot - self.width] = value;
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
        let slots = self.derived.iter().zip(&mut self.ends).zip(&self.shown);
        for ((value, end), &shown) in slots {
            if shown || !self.some_hidden {
                write_value(value, &mut self.text);
            }
            let number = matches!(
                value,
                Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null
            );
            *end = (self.text.len(), number);
        }
        RowOutcome::Emit
    }

    /// Whether the output row of `record` is `record` itself (every cell, in order), then
    /// the cells of [`Plan::appended`].
    #[inline]
    pub fn keeps_input(&self, record: &Record) -> bool {
        self.keeps_input && record.len() == self.width
    }

    /// The output cells after the input's, when [`Plan::keeps_input`], each with whether it
    /// is the text of a number or a bool (or empty): text made only of ASCII letters, digits,
    /// `+`, `-` and `.`, which a writer whose delimiter and quote are none of those never
    /// quotes, so it need not look.
    pub fn appended<'a>(&'a self, record: &'a Record<'a>) -> Appended<'a> {
        Appended {
            plan: self,
            record,
            slots: self.output[self.width..].iter(),
        }
    }

    /// The output cells of the row last passed to [`Plan::eval`].
    pub fn output<'a>(&'a self, record: &'a Record) -> impl Iterator<Item = &'a [u8]> + 'a {
        self.output.iter().map(move |&slot| self.cell(record, slot))
    }

    #[inline]
    fn cell<'a>(&'a self, record: &'a Record, slot: usize) -> &'a [u8] {
        if slot < self.width {
            return record.get(slot);
        }
        self.derived_text(slot - self.width)
    }

    /// The text of derived value `i`.
    #[inline]
    fn derived_text(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1].0 };
        &self.text[start..self.ends[i].0]
    }
}

/// The cells of [`Plan::appended`]: an iterator of its own rather than a closure's map, so
/// that it is inlined where the row is written.
pub(crate) struct Appended<'a> {
    plan: &'a Plan,
    record: &'a Record<'a>,
    slots: std::slice::Iter<'a, usize>,
}

impl<'a> Iterator for Appended<'a> {
    type Item = (&'a [u8], bool);

    #[inline(always)]
    fn next(&mut self) -> Option<(&'a [u8], bool)> {
        let slot = *self.slots.next()?;
        let plan = self.plan;
        if slot < plan.width {
            return Some((self.record.get(slot), false));
        }
        let i = slot - plan.width;
        Some((plan.derived_text(i), plan.ends[i].1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.slots.size_hint()
    }
}

impl ExactSizeIterator for Appended<'_> {}

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
