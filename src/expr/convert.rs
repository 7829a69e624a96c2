//! Reading a value as the type an operator needs.
//!
//! Text converts on demand: a cell is read as a number, bool or date only where an expression
//! needs one, and text that cannot be read is a row error (`invalid_number`, `invalid_value`).

use crate::date::{self, MICROS_PER_DAY};
use crate::error::{Error, ErrorKind, Result};
use crate::number::{parse_number, Number};
pub(crate) use crate::value::text::to_text;
use crate::value::Value;

pub(crate) fn shown(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    format!("{cut:?}")
}

pub(crate) fn row_error(kind: ErrorKind, message: impl Into<String>) -> Error {
    Error::plain(kind, message)
}

fn mismatch(value: &Value, wanted: &str) -> Error {
    let kind = value.type_of().map_or("null", |t| t.name());
    row_error(
        ErrorKind::InvalidValue,
        format!("{} ({kind}) is not {wanted}", shown(&to_text(value))),
    )
}

/// A value as a number; `None` for null.
pub(crate) fn to_number(value: &Value) -> Result<Option<Number>> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Int(i) => Number::Int(*i),
        Value::Float(f) => Number::Float(*f),
        Value::Text(t) => parse_number(t.as_bytes()).ok_or_else(|| {
            row_error(
                ErrorKind::InvalidNumber,
                format!("{} is not a number", shown(t)),
            )
        })?,
        other => return Err(mismatch(other, "a number")),
    }))
}

pub(crate) fn to_f64(value: &Value) -> Result<Option<f64>> {
    Ok(to_number(value)?.map(Number::as_f64))
}

/// A value as an exact integer: text must be written as one (`12`, `-3`); floats do not
/// convert silently (use `int(x)` or `round`).
pub(crate) fn to_int(value: &Value) -> Result<Option<i64>> {
    match to_number(value)? {
        None => Ok(None),
        Some(Number::Int(i)) => Ok(Some(i)),
        Some(Number::Float(f)) => Err(row_error(
            ErrorKind::InvalidNumber,
            format!("{} is not an integer", shown(&to_text(&Value::Float(f)))),
        )),
    }
}

pub(crate) fn to_bool(value: &Value) -> Result<Option<bool>> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" | "yes" | "y" => true,
            "false" | "f" | "0" | "no" | "n" => false,
            _ => return Err(mismatch(value, "a bool (true or false)")),
        },
        other => return Err(mismatch(other, "a bool")),
    }))
}

/// A value as a date: a date, the day of a datetime, or ISO text `2024-01-31`.
pub(crate) fn to_date(value: &Value) -> Result<Option<i32>> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Date(d) => *d,
        Value::DateTime(t) => date::datetime_to_date(*t),
        // A datetime's text reads as its day, as DuckDB's cast does.
        Value::Text(t) => {
            date::parse_date(t).ok_or_else(|| mismatch(value, "a date (YYYY-MM-DD)"))?
        }
        other => return Err(mismatch(other, "a date")),
    }))
}

/// A value as a datetime (microseconds): a date is its midnight.
pub(crate) fn to_datetime(value: &Value) -> Result<Option<i64>> {
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::Date(d) => i64::from(*d) * MICROS_PER_DAY,
        Value::DateTime(t) => *t,
        Value::Text(t) => date::parse_datetime(t)
            .ok_or_else(|| mismatch(value, "a datetime (YYYY-MM-DD HH:MM:SS)"))?,
        other => return Err(mismatch(other, "a datetime")),
    }))
}
