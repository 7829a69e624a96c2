//! What a field looks like, for the type score of a dialect and for header detection.

use crate::date::{detect_date_format, parse_datetime};
use crate::number::parse_number;

/// The kind of one field's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Empty,
    Number,
    Date,
    Bool,
    /// Words: letters, digits, spaces and a little punctuation that real names and labels use.
    Word,
    /// Anything else: often a sign that the dialect split a field in the wrong place.
    Other,
}

impl Kind {
    /// A kind the type score counts as recognised.
    pub fn is_known(self) -> bool {
        self != Kind::Other
    }

    /// Kinds that make a column typed for header detection.
    pub fn is_typed(self) -> bool {
        matches!(self, Kind::Number | Kind::Date | Kind::Bool)
    }
}

pub(super) fn kind(text: &[u8]) -> Kind {
    let text = text.trim_ascii();
    if text.is_empty() {
        return Kind::Empty;
    }
    if is_number_like(text) {
        return Kind::Number;
    }
    let Ok(text) = std::str::from_utf8(text) else {
        return Kind::Other;
    };
    if is_bool(text) {
        return Kind::Bool;
    }
    if parse_datetime(text).is_some() || detect_date_format([text]).is_some() || is_time(text) {
        return Kind::Date;
    }
    if is_missing_marker(text) || is_url_or_email(text) || is_word(text) {
        return Kind::Word;
    }
    Kind::Other
}

/// A number, allowing what tables print around numbers: a sign, a currency symbol, a `%`
/// suffix and thousands separators (`-$1,234.50`, `12%`).
fn is_number_like(text: &[u8]) -> bool {
    if parse_number(text).is_some() {
        return true;
    }
    let text = text.strip_suffix(b"%").unwrap_or(text);
    let text = text.strip_prefix(b"-").unwrap_or(text);
    let text = ["$", "€", "£"]
        .iter()
        .find_map(|c| text.strip_prefix(c.as_bytes()))
        .unwrap_or(text);
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(dot) => (&text[..dot], Some(&text[dot + 1..])),
        None => (text, None),
    };
    let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    let whole_ok = if whole.contains(&b',') {
        let mut groups = whole.split(|&b| b == b',');
        let first = groups.next().unwrap_or_default();
        digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g))
    } else {
        digits(whole)
    };
    whole_ok && fraction.is_none_or(digits)
}

fn is_bool(text: &str) -> bool {
    ["true", "false", "yes", "no"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
}

/// `12:30` or `12:30:45`.
fn is_time(text: &str) -> bool {
    let mut parts = 0;
    for part in text.as_bytes().split(|&b| b == b':') {
        parts += 1;
        if !(1..=2).contains(&part.len()) || !part.iter().all(u8::is_ascii_digit) {
            return false;
        }
    }
    (2..=3).contains(&parts)
}

fn is_missing_marker(text: &str) -> bool {
    ["na", "n/a", "null", "none", "nan", "-", "--", "?"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
}

fn is_url_or_email(text: &str) -> bool {
    let no_space = !text.bytes().any(|b| b.is_ascii_whitespace());
    let url = text.starts_with("http://") || text.starts_with("https://");
    let email = text.matches('@').count() == 1 && !text.starts_with('@') && !text.ends_with('@');
    no_space && (url || email)
}

/// Letters, digits and spaces, with the punctuation of ordinary names (`O'Brien`,
/// `St. John-Smith (Jr.)`, `A&B`, `a/b`, `x_y`); no delimiter-like characters. Any non-ASCII
/// character counts as a letter: in table cells they nearly always are, and Unicode's
/// letter tables would cost their bytes in every wasm build.
fn is_word(text: &str) -> bool {
    text.bytes()
        .all(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || b" _-.'()&/".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let cases = [
            ("", Kind::Empty),
            ("  ", Kind::Empty),
            ("12", Kind::Number),
            ("-1.5e3", Kind::Number),
            ("1,234,567.89", Kind::Number),
            ("$12.50", Kind::Number),
            ("12%", Kind::Number),
            ("1,23", Kind::Other),
            ("2024-01-31", Kind::Date),
            ("31/01/2024", Kind::Date),
            ("2024-01-31 12:00:00", Kind::Date),
            ("12:30", Kind::Date),
            ("TRUE", Kind::Bool),
            ("no", Kind::Bool),
            ("N/A", Kind::Word),
            ("St. John-Smith (Jr.)", Kind::Word),
            ("Zürich", Kind::Word),
            ("https://example.org/a?b=c", Kind::Word),
            ("ada@example.org", Kind::Word),
            ("a;b", Kind::Other),
            ("x,y", Kind::Other),
            ("say \"hi\"", Kind::Other),
        ];
        for (text, expected) in cases {
            assert_eq!(kind(text.as_bytes()), expected, "{text:?}");
        }
        assert_eq!(kind(b"\xff"), Kind::Other);
    }
}
