//! Number functions and conversions. Integers stay exact where DuckDB keeps them integers
//! (`abs`, `round`, `floor`, `ceil` of an integer); the rest give doubles.

use crate::error::{ErrorKind, Result};
use crate::expr::convert::{row_error, to_bool, to_f64, to_int, to_number, to_text};
use crate::expr::eval::{finite, overflow};
use crate::kernels;
use crate::number::Number;
use crate::value::Value;
use std::borrow::Cow;

fn number(args: &[Value], i: usize) -> Result<Number> {
    Ok(args
        .get(i)
        .map(to_number)
        .transpose()?
        .flatten()
        .unwrap_or(Number::Int(0)))
}

fn float(args: &[Value], i: usize) -> Result<f64> {
    Ok(number(args, i)?.as_f64())
}

fn domain(message: &str) -> crate::Error {
    row_error(ErrorKind::OutOfRange, message)
}

pub(crate) fn abs<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(match number(args, 0)? {
        Number::Int(i) => Value::Int(i.checked_abs().ok_or_else(|| overflow("abs(x)"))?),
        Number::Float(f) => Value::Float(f.abs()),
    })
}

/// Half away from zero, to `digits` decimals (negative: to tens, hundreds, ...).
pub(crate) fn round<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let digits = if args.len() > 1 {
        to_int(&args[1])?.unwrap_or(0)
    } else {
        0
    };
    let digits = digits.clamp(-30, 30) as i32;
    Ok(match number(args, 0)? {
        Number::Int(i) if digits >= 0 => Value::Int(i),
        Number::Int(i) => {
            let unit = 10i128.pow(digits.unsigned_abs());
            let (q, r) = (i128::from(i) / unit, i128::from(i) % unit);
            let q = if 2 * r.abs() >= unit {
                q + r.signum()
            } else {
                q
            };
            Value::Int(i64::try_from(q * unit).map_err(|_| overflow("round(x)"))?)
        }
        Number::Float(f) => {
            let scale = 10f64.powi(digits);
            let rounded = (f * scale).round() / scale;
            // Past what a double can scale, the value is already as round as it gets.
            Value::Float(if rounded.is_finite() { rounded } else { f })
        }
    })
}

pub(crate) fn floor<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(match number(args, 0)? {
        Number::Int(i) => Value::Int(i),
        Number::Float(f) => Value::Float(f.floor()),
    })
}

pub(crate) fn ceil<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(match number(args, 0)? {
        Number::Int(i) => Value::Int(i),
        Number::Float(f) => Value::Float(f.ceil()),
    })
}

pub(crate) fn sqrt<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let x = float(args, 0)?;
    if x < 0.0 {
        return Err(domain("sqrt of a negative number"));
    }
    finite(x.sqrt())
}

pub(crate) fn pow<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    finite(float(args, 0)?.powf(float(args, 1)?))
}

pub(crate) fn ln<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let x = float(args, 0)?;
    if x <= 0.0 {
        return Err(domain("logarithm of a number that is not positive"));
    }
    finite(x.ln())
}

pub(crate) fn log10<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    let x = float(args, 0)?;
    if x <= 0.0 {
        return Err(domain("logarithm of a number that is not positive"));
    }
    finite(x.log10())
}

/// `int(x)`: integer text exactly; a float (or float text) rounds half away from zero, as
/// DuckDB's cast; a bool is 1 or 0.
pub(crate) fn int<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    if let Some(Value::Bool(b)) = args.first() {
        return Ok(Value::Int(i64::from(*b)));
    }
    Ok(match number(args, 0)? {
        Number::Int(i) => Value::Int(i),
        Number::Float(f) => {
            let r = f.round();
            // 2^63 is the first double past i64::MAX.
            if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&r) {
                return Err(overflow("int(x)"));
            }
            Value::Int(r as i64)
        }
    })
}

pub(crate) fn float_of<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    if let Some(Value::Bool(b)) = args.first() {
        return Ok(Value::Float(if *b { 1.0 } else { 0.0 }));
    }
    Ok(Value::Float(
        args.first()
            .map(to_f64)
            .transpose()?
            .flatten()
            .unwrap_or(0.0),
    ))
}

pub(crate) fn text_of<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Text(args.first().map_or(Cow::Borrowed(""), to_text)))
}

pub(crate) fn bool_of<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(args
        .first()
        .map(to_bool)
        .transpose()?
        .flatten()
        .map_or(Value::Null, Value::Bool))
}

/// v1's kernel, on the text of the value (null reads as "", which is not an integer).
pub(crate) fn digit_factorial_sum(text: &[u8]) -> Result<Value<'static>> {
    let sum = kernels::digit_factorial_sum(text)?;
    Ok(Value::Int(
        i64::try_from(sum).map_err(|_| overflow("digit_factorial_sum"))?,
    ))
}

pub(crate) fn is_prime(text: &[u8]) -> Result<Value<'static>> {
    Ok(Value::Bool(kernels::is_prime_cell(text)?))
}

pub(crate) fn is_null<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Bool(args.first().is_none_or(Value::is_null)))
}

/// True for numbers and for text that reads as one; false for null.
pub(crate) fn is_number<'r>(args: &[Value<'r>]) -> Result<Value<'r>> {
    Ok(Value::Bool(match args.first() {
        Some(Value::Int(_) | Value::Float(_)) => true,
        Some(Value::Text(t)) => crate::number::parse_number(t.as_bytes()).is_some(),
        _ => false,
    }))
}
