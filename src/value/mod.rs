//! Typed values: what expressions produce and aggregates consume.
//!
//! A cell is text until an expression needs another type; an empty cell is null. Values borrow
//! from the record where they can, so reading a column costs no allocation.

pub(crate) mod text;

use std::borrow::Cow;
pub use text::float_text;
pub(crate) use text::write_value;

/// The type of a value or of an expression's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Float,
    Text,
    Date,
    DateTime,
}

impl Type {
    /// Every type, in the order the spec and the docs list them.
    pub const ALL: [Type; 6] = [
        Type::Int,
        Type::Float,
        Type::Text,
        Type::Bool,
        Type::Date,
        Type::DateTime,
    ];

    /// The name used in the spec (`cast x as int`) and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Type::Bool => "bool",
            Type::Int => "int",
            Type::Float => "float",
            Type::Text => "text",
            Type::Date => "date",
            Type::DateTime => "datetime",
        }
    }
}

/// One value. Dates count days and datetimes microseconds from 1970-01-01T00:00:00, with no
/// time zone, so every runtime computes the same calendar.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value<'a> {
    #[default]
    Null,
    Bool(bool),
    /// Exact 64-bit: arithmetic that overflows is a row error, never a wrap.
    Int(i64),
    Float(f64),
    Text(Cow<'a, str>),
    Date(i32),
    DateTime(i64),
}

impl Value<'_> {
    /// The value's type, or `None` for null.
    pub fn type_of(&self) -> Option<Type> {
        Some(match self {
            Value::Null => return None,
            Value::Bool(_) => Type::Bool,
            Value::Int(_) => Type::Int,
            Value::Float(_) => Type::Float,
            Value::Text(_) => Type::Text,
            Value::Date(_) => Type::Date,
            Value::DateTime(_) => Type::DateTime,
        })
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A value that owns its text, to keep beyond the record it came from.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Date(d) => Value::Date(d),
            Value::DateTime(t) => Value::DateTime(t),
        }
    }
}
