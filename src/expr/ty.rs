//! What is known of an expression's type before any row is read, and how types combine.

use super::registry::Param;
use crate::lang::Literal;
use crate::number::Number;
use crate::value::{Type, Value};

/// What is known of an expression's type before the data is seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// An input field: text, read as whatever its use needs.
    Cell,
    Known(Type),
    /// An int or a float, decided per row (arithmetic on cells).
    Number,
    Null,
    Any,
}

impl Ty {
    /// The column type an output format reports (`None`: untyped text).
    pub fn output(self) -> Option<Type> {
        match self {
            Ty::Known(t) => Some(t),
            Ty::Number => Some(Type::Float),
            _ => None,
        }
    }

    pub(super) fn fits(self, param: Param) -> bool {
        let known = match self {
            Ty::Known(t) => t,
            Ty::Number => Type::Float,
            _ => return true,
        };
        match param {
            Param::Any | Param::Text => true,
            Param::Number | Param::Int => matches!(known, Type::Int | Type::Float | Type::Text),
            Param::Bool => matches!(known, Type::Bool | Type::Int | Type::Text),
            Param::Temporal => matches!(known, Type::Date | Type::DateTime | Type::Text),
        }
    }
}

pub(super) fn ty_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Known(t) => t.name(),
        Ty::Number => "number",
        Ty::Null => "null",
        Ty::Cell | Ty::Any => "text",
    }
}

pub(super) fn literal_value(literal: &Literal) -> (Value<'static>, Ty) {
    match literal {
        Literal::Text(t) => (Value::Text(t.clone().into()), Ty::Known(Type::Text)),
        Literal::Number(Number::Int(i), _) => (Value::Int(*i), Ty::Known(Type::Int)),
        Literal::Number(Number::Float(f), _) => (Value::Float(*f), Ty::Known(Type::Float)),
        Literal::Bool(b) => (Value::Bool(*b), Ty::Known(Type::Bool)),
        Literal::Null => (Value::Null, Ty::Null),
        Literal::Date(d, _) => (Value::Date(*d), Ty::Known(Type::Date)),
        Literal::DateTime(t, _) => (Value::DateTime(*t), Ty::Known(Type::DateTime)),
    }
}

/// The type two branches share (`if`, `coalesce`, `??`). An input field beside a typed
/// branch takes that branch's type ([`coerce`] converts it), so `b ?? 2` is a number.
pub(super) fn common(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        (Ty::Null, t) | (t, Ty::Null) => t,
        (x, y) if x == y => x,
        (Ty::Cell, Ty::Known(Type::Int | Type::Float))
        | (Ty::Known(Type::Int | Type::Float), Ty::Cell) => Ty::Number,
        (Ty::Cell, t @ (Ty::Known(_) | Ty::Number))
        | (t @ (Ty::Known(_) | Ty::Number), Ty::Cell) => t,
        (
            Ty::Known(Type::Int | Type::Float) | Ty::Number,
            Ty::Known(Type::Int | Type::Float) | Ty::Number,
        ) => Ty::Number,
        _ => Ty::Any,
    }
}

pub(super) fn is_numeric(ty: Ty) -> bool {
    matches!(ty, Ty::Known(Type::Int | Type::Float) | Ty::Number)
}

pub(super) fn known(ty: Ty) -> Type {
    match ty {
        Ty::Known(t) => t,
        _ => Type::Text,
    }
}

pub(super) fn family(ty: Ty) -> Option<u8> {
    match ty {
        Ty::Known(Type::Int | Type::Float) | Ty::Number => Some(0),
        Ty::Known(Type::Bool) => Some(1),
        Ty::Known(Type::Date | Type::DateTime) => Some(2),
        _ => None, // text and unknowns convert at run time
    }
}
