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
    if let Some(number) = plain_number(cell) {
        return Some(number);
    }
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

/// Powers of ten that an f64 holds exactly.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The usual number cell, read in one pass: `[+-]?digits` with at most 18 digits (which
/// always fit an i64), or `[+-]?digits.digits` with at most 15 digits in all, the usual price
/// or score. The decimal is `m / 10^k` where both `m` (below 2^53) and `10^k` are exact f64s,
/// so one division, correctly rounded, is the correctly rounded value (Clinger's fast path,
/// the general parser's own first step). Anything else (spaces, exponents, more digits) is
/// left to the general path.
fn plain_number(cell: &[u8]) -> Option<Number> {
    let (negative, rest) = match cell.first()? {
        b'-' => (true, &cell[1..]),
        b'+' => (false, &cell[1..]),
        _ => (false, cell),
    };
    let mut m = 0u64;
    let mut digits = 0;
    let mut fraction = None;
    for (i, &b) in rest.iter().enumerate() {
        let d = b.wrapping_sub(b'0');
        if d <= 9 {
            if digits == 18 {
                return None;
            }
            m = m * 10 + u64::from(d);
            digits += 1;
        } else if b == b'.' && fraction.is_none() {
            fraction = Some(rest.len() - i - 1);
        } else {
            return None;
        }
    }
    match fraction {
        _ if digits == 0 => None,
        None => Some(Number::Int(if negative { -(m as i64) } else { m as i64 })),
        Some(k) if digits <= 15 => {
            let value = m as f64 / POW10[k];
            Some(Number::Float(if negative { -value } else { value }))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_read_as_the_general_parser_reads_them() {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..200_000 {
            let mut text = String::new();
            match next(4) {
                0 => text.push('-'),
                1 => text.push('+'),
                _ => {}
            }
            let length = next(21);
            // A dot at a digit's place, after the last, twice, or none at all.
            let dot = next(length + 3);
            for i in 0..length {
                if i == dot {
                    text.push('.');
                }
                text.push((b'0' + next(10) as u8) as char);
            }
            if dot == length || dot == length + 1 && next(2) == 0 {
                text.push('.');
            }
            if next(5) == 0 {
                text.push('.');
            }
            let want = match text.parse::<i64>() {
                Ok(i) => Some(Number::Int(i)),
                Err(_) => text.parse::<f64>().ok().map(Number::Float),
            };
            let bits = |n: Option<Number>| {
                n.map(|n| match n {
                    Number::Int(i) => (0, i as u64),
                    Number::Float(f) => (1, f.to_bits()),
                })
            };
            assert_eq!(bits(parse_number(text.as_bytes())), bits(want), "{text:?}");
        }
        assert_eq!(plain_number(b"0.1"), Some(Number::Float(0.1)));
        let negative_zero = plain_number(b"-0.0");
        assert!(
            matches!(negative_zero, Some(Number::Float(z)) if z.to_bits() == (-0.0f64).to_bits())
        );
        assert_eq!(plain_number(b"-000123"), Some(Number::Int(-123)));
        assert_eq!(plain_number(b"1.2.3"), None);
        assert_eq!(plain_number(b"1234567890.123456"), None); // 16 digits: the general parser
        assert_eq!(plain_number(b"1234567890123456789"), None); // 19 digits: likewise
    }

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
