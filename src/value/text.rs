//! Values printed as cell text: the one spelling every writer, key and aggregate uses.

use super::Value;
use crate::date;
use std::borrow::Cow;

/// Prints a double as the shortest text that reads back to the same double, laid out as
/// Python's `repr` does: positional between 1e-4 and 1e16 with at least one decimal (`2.0`,
/// `0.0001`, `1234.5`), scientific outside (`1e+16`, `1.5e-07`).
///
/// ```
/// let text = |f| { let mut s = String::new(); csv_kernels::value::float_text(f, &mut s); s };
/// assert_eq!(text(2.0), "2.0");
/// assert_eq!(text(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(text(1e16), "1e+16");
/// assert_eq!(text(-1.5e-7), "-1.5e-07");
/// ```
pub fn float_text(f: f64, out: &mut String) {
    use std::fmt::Write;
    if !f.is_finite() {
        out.push_str(if f.is_nan() {
            "nan"
        } else if f > 0.0 {
            "inf"
        } else {
            "-inf"
        });
        return;
    }
    // `{:e}` gives the shortest round-trip digits: "-1.2345e3".
    let sci = format!("{f:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    out.push_str(sign);
    if (-4..16).contains(&exponent) {
        let point = exponent + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else if point as usize >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point as usize - digits.len()));
            out.push_str(".0");
        } else {
            let (whole, fraction) = digits.split_at(point as usize);
            let _ = write!(out, "{whole}.{fraction}");
        }
    } else {
        let _ = write!(
            out,
            "{mantissa}e{}{:02}",
            if exponent < 0 { '-' } else { '+' },
            exponent.abs()
        );
    }
}

/// Appends a value's cell text (null is the empty cell).
pub(crate) fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => {}
        Value::Text(t) => out.extend_from_slice(t.as_bytes()),
        Value::Int(i) => {
            if *i < 0 {
                out.push(b'-');
            }
            crate::kernels::push_u64(out, i.unsigned_abs());
        }
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        other => out.extend_from_slice(to_text(other).as_bytes()),
    }
}

/// A value's text (null reads as empty text).
pub(crate) fn to_text<'r>(value: &Value<'r>) -> Cow<'r, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Text(t) => t.clone(),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Int(i) => Cow::Owned(i.to_string()),
        Value::Float(f) => {
            let mut s = String::new();
            float_text(*f, &mut s);
            Cow::Owned(s)
        }
        Value::Date(d) => Cow::Owned(date::date_text(*d)),
        Value::DateTime(t) => Cow::Owned(date::datetime_text(*t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: f64) -> String {
        let mut s = String::new();
        float_text(f, &mut s);
        s
    }

    #[test]
    fn floats_print_like_python_repr() {
        for (f, want) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123456789012345.6, "123456789012345.6"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (1.0 / 3.0, "0.3333333333333333"),
        ] {
            assert_eq!(text(f), want);
            assert_eq!(text(f).parse::<f64>().unwrap().to_bits(), f.to_bits());
        }
    }

    #[test]
    fn integers_print_exactly() {
        for i in [0, 7, -7, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            write_value(&Value::Int(i), &mut out);
            assert_eq!(out, i.to_string().as_bytes());
        }
    }
}
