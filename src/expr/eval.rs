//! The compiled form of an expression: a tree over column slots, run once per row.

use super::convert::{row_error, to_bool, to_date, to_number, to_text};
use crate::error::{Error, ErrorKind, Result};
use crate::lang::BinOp;
use crate::number::{parse_number, Number};
use crate::reader::Record;
use crate::value::{Type, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A function's implementation: takes its evaluated arguments.
pub(crate) type Impl = for<'r> fn(&[Value<'r>]) -> Result<Value<'r>>;

/// A kernel's implementation: takes the text of its one argument.
pub(crate) type BytesImpl = fn(&[u8]) -> Result<Value<'static>>;

/// The most arguments a registry function takes (variadic ones compile to their own nodes).
pub(crate) const MAX_ARGS: usize = 4;

/// Whether comparison `op` holds for an ordering (only comparison operators reach here).
fn holds(op: BinOp, ord: Ordering) -> bool {
    match op {
        BinOp::Eq => ord == Ordering::Equal,
        BinOp::Ne => ord != Ordering::Equal,
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arith {
    Mul,
    Div,
    FloorDiv,
    Rem,
    Add,
    Sub,
}

pub(crate) enum Node {
    Const(Value<'static>),
    /// An input field; an empty field is null.
    Cell(usize),
    /// A value computed by an earlier step of the same row.
    Derived(usize),
    /// A value read as a type: `Float` stands for any number (an int stays an int). A failure
    /// names `column` (1-based; 0 when the value is not a column's).
    Convert(Type, Box<Node>, u64),
    Neg(Box<Node>),
    Not(Box<Node>),
    Arith(Arith, Box<Node>, Box<Node>),
    Compare(BinOp, Box<Node>, Box<Node>),
    /// Two input fields: as numbers when both read as numbers, otherwise as text.
    CompareCells(BinOp, Box<Node>, Box<Node>),
    /// v1's `where col op number`: the field's bytes read as a number, no text in between.
    CellVsNumber(BinOp, usize, Number),
    /// A text comparison with a text literal, by bytes; null compares as "" (v1's rule, so
    /// `filter x != ""` keeps the non-empty rows).
    VsText(BinOp, Box<Node>, Box<str>),
    /// v1's `contains` operator (null reads as "").
    Contains(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Coalesce(Vec<Node>),
    If(Box<[Node; 3]>),
    /// A kernel on an input field's bytes, with no text value in between (the hot path of
    /// v1's `derive d = digit_factorial_sum(value)`).
    CellKernel(BytesImpl, usize),
    Kernel(BytesImpl, Box<Node>),
    Call {
        imp: Impl,
        /// Null in any argument gives null without calling `imp`.
        strict: bool,
        args: Vec<Node>,
    },
}

/// One row as expressions see it: the input record and the values derived so far.
pub(crate) struct Row<'r> {
    pub record: &'r Record<'r>,
    pub derived: &'r [Value<'static>],
}

impl<'r> Row<'r> {
    fn cell(&self, slot: usize) -> Result<Value<'r>> {
        Ok(match self.record.text(slot) {
            "" => Value::Null,
            text => Value::Text(Cow::Borrowed(text)),
        })
    }

    fn derived(&self, index: usize) -> Value<'r> {
        match self.derived.get(index) {
            Some(Value::Text(t)) => Value::Text(Cow::Borrowed(t.as_ref())),
            Some(v) => v.clone(),
            None => Value::Null,
        }
    }
}

impl Node {
    /// The node's value for `row`. The leaves (a constant, a cell, a derived value, a kernel
    /// on a cell) are answered inline where `eval` is called; the operators, which need the
    /// large frame of the general case, are out of line.
    #[inline]
    pub fn eval<'r>(&self, row: &Row<'r>) -> Result<Value<'r>> {
        match self {
            Node::Cell(slot) => row.cell(*slot),
            Node::Derived(i) => Ok(row.derived(*i)),
            Node::CellKernel(imp, slot) => imp(row.record.get(*slot)),
            _ => self.eval_operator(row),
        }
    }

    fn eval_operator<'r>(&self, row: &Row<'r>) -> Result<Value<'r>> {
        Ok(match self {
            Node::Const(v) => v.clone(),
            Node::Cell(slot) => row.cell(*slot)?,
            Node::Derived(i) => row.derived(*i),
            Node::Convert(ty, operand, column) => {
                convert(*ty, operand.eval(row)?).map_err(|mut e| {
                    e.position.column = *column;
                    e
                })?
            }
            Node::Neg(operand) => negate(operand.eval(row)?)?,
            Node::Not(operand) => match to_bool(&operand.eval(row)?)? {
                Some(b) => Value::Bool(!b),
                None => Value::Null,
            },
            Node::Arith(op, a, b) => arith(*op, a.eval(row)?, b.eval(row)?)?,
            Node::Compare(op, a, b) => {
                Value::Bool(compare(&a.eval(row)?, &b.eval(row)?)?.is_some_and(|o| holds(*op, o)))
            }
            Node::CompareCells(op, a, b) => {
                let (a, b) = (a.eval(row)?, b.eval(row)?);
                let numbers = match (&a, &b) {
                    (Value::Text(x), Value::Text(y)) => {
                        parse_number(x.as_bytes()).zip(parse_number(y.as_bytes()))
                    }
                    _ => None,
                };
                let ord = match numbers {
                    Some((x, y)) => Some(x.compare(y)),
                    None => compare(&a, &b)?,
                };
                Value::Bool(ord.is_some_and(|o| holds(*op, o)))
            }
            Node::CellVsNumber(op, slot, literal) => {
                let bytes = row.record.get(*slot);
                if bytes.is_empty() {
                    return Ok(Value::Bool(false));
                }
                let n = parse_number(bytes).ok_or_else(|| not_a_number(bytes))?;
                Value::Bool(holds(*op, n.compare(*literal)))
            }
            Node::VsText(op, a, literal) => {
                let value = a.eval(row)?;
                Value::Bool(holds(
                    *op,
                    to_text(&value).as_bytes().cmp(literal.as_bytes()),
                ))
            }
            Node::Contains(a, b) => {
                let (hay, needle) = (a.eval(row)?, b.eval(row)?);
                Value::Bool(to_text(&hay).contains(to_text(&needle).as_ref()))
            }
            Node::And(a, b) => {
                let left = to_bool(&a.eval(row)?)?;
                if left == Some(false) {
                    return Ok(Value::Bool(false));
                }
                match (left, to_bool(&b.eval(row)?)?) {
                    (_, Some(false)) => Value::Bool(false),
                    (Some(true), Some(true)) => Value::Bool(true),
                    _ => Value::Null,
                }
            }
            Node::Or(a, b) => {
                let left = to_bool(&a.eval(row)?)?;
                if left == Some(true) {
                    return Ok(Value::Bool(true));
                }
                match (left, to_bool(&b.eval(row)?)?) {
                    (_, Some(true)) => Value::Bool(true),
                    (Some(false), Some(false)) => Value::Bool(false),
                    _ => Value::Null,
                }
            }
            Node::Coalesce(options) => {
                for option in options {
                    let value = option.eval(row)?;
                    if !value.is_null() {
                        return Ok(value);
                    }
                }
                Value::Null
            }
            Node::If(parts) => {
                let [cond, then, otherwise] = parts.as_ref();
                if to_bool(&cond.eval(row)?)? == Some(true) {
                    then.eval(row)?
                } else {
                    otherwise.eval(row)?
                }
            }
            Node::CellKernel(imp, slot) => imp(row.record.get(*slot))?,
            Node::Kernel(imp, arg) => imp(to_text(&arg.eval(row)?).as_bytes())?,
            Node::Call { imp, strict, args } => {
                let mut values = [Value::Null, Value::Null, Value::Null, Value::Null];
                for (slot, arg) in values.iter_mut().zip(args) {
                    *slot = arg.eval(row)?;
                }
                let values = &values[..args.len().min(MAX_ARGS)];
                if *strict && values.iter().any(Value::is_null) {
                    return Ok(Value::Null);
                }
                imp(values)?
            }
        })
    }
}

fn not_a_number(bytes: &[u8]) -> Error {
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]).into_owned();
    row_error(
        ErrorKind::InvalidNumber,
        format!("{shown:?} is not a number"),
    )
}

pub(crate) fn overflow(what: &str) -> Error {
    row_error(
        ErrorKind::OutOfRange,
        format!("{what} is out of the 64-bit integer range"),
    )
}

/// A float result must be finite: infinities and NaN are out of range, not values.
pub(crate) fn finite(f: f64) -> Result<Value<'static>> {
    if f.is_finite() {
        Ok(Value::Float(f))
    } else {
        Err(row_error(
            ErrorKind::OutOfRange,
            "the result is not a finite number",
        ))
    }
}

fn convert(ty: Type, value: Value) -> Result<Value> {
    Ok(match ty {
        Type::Int | Type::Float => match to_number(&value)? {
            None => Value::Null,
            Some(Number::Int(i)) => Value::Int(i),
            Some(Number::Float(f)) => Value::Float(f),
        },
        Type::Bool => to_bool(&value)?.map_or(Value::Null, Value::Bool),
        Type::Date => to_date(&value)?.map_or(Value::Null, Value::Date),
        Type::DateTime => super::convert::to_datetime(&value)?.map_or(Value::Null, Value::DateTime),
        Type::Text => value,
    })
}

fn negate(value: Value) -> Result<Value> {
    Ok(match to_number(&value)? {
        None => Value::Null,
        Some(Number::Int(i)) => Value::Int(i.checked_neg().ok_or_else(|| overflow("-x"))?),
        Some(Number::Float(f)) => Value::Float(-f),
    })
}

/// Dates and datetimes compare with each other and with text in ISO form; numbers with
/// numbers and numeric text; bools with bools; text with text by bytes. `None` when either side
/// is null (no comparison holds).
pub(crate) fn compare(a: &Value, b: &Value) -> Result<Option<Ordering>> {
    use Value::*;
    Ok(Some(match (a, b) {
        (Null, _) | (_, Null) => return Ok(None),
        (Text(x), Text(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Int(_) | Float(_), _) | (_, Int(_) | Float(_)) => match (to_number(a)?, to_number(b)?) {
            (Some(x), Some(y)) => x.compare(y),
            _ => return Ok(None),
        },
        (Bool(_), _) | (_, Bool(_)) => to_bool(a)?.cmp(&to_bool(b)?),
        (DateTime(_), _) | (_, DateTime(_)) => {
            use super::convert::to_datetime;
            to_datetime(a)?.cmp(&to_datetime(b)?)
        }
        _ => to_date(a)?.cmp(&to_date(b)?),
    }))
}

fn arith<'r>(op: Arith, a: Value<'r>, b: Value<'r>) -> Result<Value<'r>> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    // Date arithmetic: a date plus or minus whole days, and the days between two dates.
    match (&a, &b, op) {
        (Value::Date(d), _, Arith::Add | Arith::Sub) | (_, Value::Date(d), Arith::Add)
            if !matches!((&a, &b), (Value::Date(_), Value::Date(_))) =>
        {
            let other = if matches!(a, Value::Date(_)) { &b } else { &a };
            let days = super::convert::to_int(other)?.unwrap_or(0);
            let days = if op == Arith::Sub {
                days.checked_neg()
            } else {
                Some(days)
            };
            let sum = days
                .and_then(|n| i64::from(*d).checked_add(n))
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| overflow("the date"))?;
            return Ok(Value::Date(sum));
        }
        (Value::Date(x), Value::Date(y), Arith::Sub) => {
            return Ok(Value::Int(i64::from(*x) - i64::from(*y)))
        }
        _ => {}
    }
    let (x, y) = match (to_number(&a)?, to_number(&b)?) {
        (Some(x), Some(y)) => (x, y),
        _ => return Ok(Value::Null),
    };
    if let (Number::Int(x), Number::Int(y)) = (x, y) {
        let exact = match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::FloorDiv | Arith::Rem if y == 0 => return Ok(Value::Null),
            Arith::FloorDiv => x.checked_div(y).map(|q| {
                if x % y != 0 && ((x < 0) != (y < 0)) {
                    q - 1
                } else {
                    q
                }
            }),
            // i64::MIN % -1 is 0, though the division behind it overflows.
            Arith::Rem => Some(x.checked_rem(y).unwrap_or(0)),
            Arith::Div => None,
        };
        if op != Arith::Div {
            return exact.map(Value::Int).ok_or_else(|| overflow("the result"));
        }
    }
    let (x, y) = (x.as_f64(), y.as_f64());
    if y == 0.0 && matches!(op, Arith::Div | Arith::FloorDiv | Arith::Rem) {
        return Ok(Value::Null); // DuckDB: division by zero is null
    }
    finite(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::FloorDiv => (x / y).floor(),
        Arith::Rem => x % y,
    })
}
