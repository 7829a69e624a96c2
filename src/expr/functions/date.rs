//! Date functions over `crate::date`'s calendar. A date argument may be a date, a datetime or
//! ISO text; results keep DuckDB's types (`year` is an int, `date_trunc` keeps the argument's
//! type).

use crate::date::{self, Unit};
use crate::error::{ErrorKind, Result};
use crate::expr::convert::{row_error, shown, to_datetime, to_text};
use crate::value::Value;
use std::borrow::Cow;

fn micros(args: &[Value], i: usize) -> Result<i64> {
    Ok(args
        .get(i)
        .map(to_datetime)
        .transpose()?
        .flatten()
        .unwrap_or(0))
}

fn text_arg<'r>(args: &[Value<'r>], i: usize) -> Cow<'r, str> {
    args.get(i).map_or(Cow::Borrowed(""), to_text)
}

fn bad_value(what: &str) -> crate::Error {
    row_error(ErrorKind::InvalidValue, what)
}

fn unit(args: &[Value], i: usize) -> Result<Unit> {
    let name = text_arg(args, i);
    Unit::parse(&name).ok_or_else(|| bad_value(&format!("{} is not a date unit", shown(&name))))
}

/// Reads `x` with an optional strftime format; ISO 8601 without one.
fn read(args: &[Value], what: &str) -> Result<i64> {
    if args.len() < 2 {
        return micros(args, 0);
    }
    let text = text_arg(args, 0);
    let format = text_arg(args, 1);
    date::parse_with_format(&text, &format).ok_or_else(|| {
        bad_value(&format!(
            "{} is not a {what} in the format {}",
            shown(&text),
            shown(&format)
        ))
    })
}

pub(crate) fn date<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    if args.len() < 2 {
        return Ok(match crate::expr::convert::to_date(&args[0])? {
            Some(d) => Value::Date(d),
            None => Value::Null,
        });
    }
    Ok(Value::Date(date::datetime_to_date(read(args, "date")?)))
}

pub(crate) fn datetime<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::DateTime(read(args, "datetime")?))
}

pub(crate) fn year<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(date::year(micros(args, 0)?)))
}

pub(crate) fn month<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(date::month(micros(args, 0)?)))
}

pub(crate) fn day<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(date::day(micros(args, 0)?)))
}

pub(crate) fn weekday<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(date::weekday(micros(args, 0)?)))
}

pub(crate) fn hour<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Int(date::hour(micros(args, 0)?)))
}

pub(crate) fn date_diff<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let unit = unit(args, 0)?;
    date::date_diff(unit, micros(args, 1)?, micros(args, 2)?)
        .map(Value::Int)
        .ok_or_else(|| row_error(ErrorKind::OutOfRange, "the difference is out of range"))
}

/// A date truncates to a date (DuckDB gives a timestamp; a date reads better in a CSV and
/// compares equal), a datetime to a datetime.
pub(crate) fn date_trunc<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let unit = unit(args, 0)?;
    let start = date::date_trunc(unit, micros(args, 1)?)
        .ok_or_else(|| row_error(ErrorKind::OutOfRange, "the date is out of range"))?;
    Ok(match args.get(1) {
        Some(Value::Date(_)) => Value::Date(date::datetime_to_date(start)),
        // Date text (no time of day) truncates to a date too.
        Some(Value::Text(t)) if !t.contains(':') => Value::Date(date::datetime_to_date(start)),
        _ => Value::DateTime(start),
    })
}

pub(crate) fn format_date<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let t = micros(args, 0)?;
    let format = text_arg(args, 1);
    date::format(t, &format)
        .map(|s| Value::Text(Cow::Owned(s)))
        .ok_or_else(|| bad_value(&format!("{} is not a date format", shown(&format))))
}
