//! How a cell is read as a number. One definition shared by the kernels, `where` and the
//! profile, so every door agrees on what "a number" is.

/// A cell read as a number: exact for integers that fit `i64`, `f64` otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize), serde(untagged))]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// Order for comparisons: exact between integers, by `f64` otherwise, where `-0.0`
    /// equals `0` (a parsed number is never NaN; if one were, it would order as `total_cmp`).
    pub fn compare(self, other: Number) -> std::cmp::Ordering {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a.cmp(&b),
            (a, b) => {
                let (x, y) = (a.as_f64(), b.as_f64());
                x.partial_cmp(&y).unwrap_or_else(|| x.total_cmp(&y))
            }
        }
    }
}

/// Strips ASCII spaces and tabs on both sides.
pub fn trim(cell: &[u8]) -> &[u8] {
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = cell.iter().position(|b| !is_space(b)).unwrap_or(cell.len());
    let end = cell
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    &cell[start..end]
}

/// An integer's sign and its digits: `[+-]?[0-9]+` after trimming, any length.
pub fn integer_digits(cell: &[u8]) -> Option<(bool, &[u8])> {
    let text = trim(cell);
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some((negative, digits))
}

/// A cell as a number: an integer (`[+-]?[0-9]+`, exact when it fits `i64`) or a finite
/// decimal float such as `1.5`, `-2e3`, `.5`. Words like `inf` and `nan` are not numbers.
pub fn parse_number(cell: &[u8]) -> Option<Number> {
    let text = trim(cell);
    if let Some((negative, digits)) = integer_digits(text) {
        // Up to 18 digits always fit an i64: the common case, without going through str.
        if digits.len() <= 18 {
            let magnitude = digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            return Some(Number::Int(if negative { -magnitude } else { magnitude }));
        }
        if let Some(i) = std::str::from_utf8(text)
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
        {
            return Some(Number::Int(i));
        }
    }
    let looks_decimal = text
        .iter()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(b))
        && text.iter().any(u8::is_ascii_digit);
    if !looks_decimal {
        return None;
    }
    let value: f64 = std::str::from_utf8(text).ok()?.parse().ok()?;
    value.is_finite().then_some(Number::Float(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number(b" 42 "), Some(Number::Int(42)));
        assert_eq!(parse_number(b"-000123"), Some(Number::Int(-123)));
        assert_eq!(
            parse_number(b"-9223372036854775808"),
            Some(Number::Int(i64::MIN))
        );
        assert_eq!(
            parse_number(b"9223372036854775808"),
            Some(Number::Float(9223372036854775808.0))
        );
        assert_eq!(parse_number(b"-1.5e2"), Some(Number::Float(-150.0)));
        assert_eq!(
            parse_number(b"99999999999999999999"),
            Some(Number::Float(1e20))
        );
        for bad in [&b""[..], b"inf", b"nan", b"1e999", b"12a", b"-", b"."] {
            assert_eq!(parse_number(bad), None, "{:?}", bad);
        }
        assert_eq!(integer_digits(b"+007"), Some((false, &b"007"[..])));
        assert_eq!(integer_digits(b"1.0"), None);
    }
}
