//! A pipeline bound to a header ([`super::builder::Builder`] makes it): column references
//! resolved to slots, expressions compiled, ready to run per row.
//!
//! Slots `0..width` are the input record's fields; each computed column (`derive`, a `select`
//! expression, `cast`) adds one slot after them. `select`, `drop` and `rename` only change
//! which slots later steps see and the output shows, so they cost nothing per row.

use crate::error::{Error, Result};
use crate::expr::{Compiled, Row, Ty};
use crate::options::OnError;
use crate::reader::Record;
use crate::value::write_value;
use crate::value::{Type, Value};
use std::borrow::Cow;
use std::cell::Cell;

pub(super) enum Op {
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
pub(super) type Columns = Vec<(Option<String>, usize, Ty)>;

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
    pub(super) ops: Vec<Op>,
    /// Where each key or aggregate argument of the blocking step that ends the plan comes from.
    pub(super) keys: Vec<Key>,
    /// Every key is [`Key::Null`].
    pub(super) keys_are_null: bool,
    pub(super) output: Vec<usize>,
    /// The output starts with the input record's cells, all of them in order.
    pub(super) keeps_input: bool,
    pub(super) header: Vec<Vec<u8>>,
    pub(super) types: Vec<Option<Type>>,
    pub(super) width: usize,
    pub(super) exhausted: bool,
    pub(super) derived: Vec<Value<'static>>,
    /// The derived values' text, for output: `text[ends[i-1].0..ends[i].0]` is slot
    /// `width + i`; `ends[i].1` says it is a number's or a bool's (see [`Plan::appended`]).
    pub(super) text: Vec<u8>,
    pub(super) ends: Vec<(usize, bool)>,
    /// Whether derived value `i` is an output cell: only those are written as text (a
    /// blocking step's keys and arguments are read as values).
    pub(super) shown: Vec<bool>,
    /// Some derived value is not shown (else `shown` need not be read per row).
    pub(super) some_hidden: bool,
    /// Cells left empty by `on_error = null`.
    pub nulled: u64,
}

/// A blocking step's key: an input cell as it is (no copy), a value computed for it, or
/// null (`count()`'s argument: nothing to compute per row).
#[derive(Clone, Copy)]
pub(super) enum Key {
    Cell(usize),
    Derived(usize),
    Null,
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
