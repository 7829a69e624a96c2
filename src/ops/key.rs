//! Sort keys: how a key column compares is decided from the whole column (numbers as numbers,
//! dates as dates, otherwise text by bytes), and nulls come last in both directions.
//!
//! Keys are stored as text (a typed value is stored as the text it prints as), so one rule
//! reads every key, whether it came from a cell or from an expression.

use std::cmp::Ordering;
use std::ops::Range;

use crate::Number;

/// How a key column compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum KeyType {
    Number,
    Date,
    Text,
}

impl KeyType {
    /// In order of preference: a column that is all numbers compares as numbers.
    pub const ALL: [KeyType; 3] = [KeyType::Number, KeyType::Date, KeyType::Text];
}

/// What the non-null values of one key column seen so far allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KeyFlags {
    pub all_numbers: bool,
    pub all_dates: bool,
}

impl Default for KeyFlags {
    fn default() -> KeyFlags {
        KeyFlags {
            all_numbers: true,
            all_dates: true,
        }
    }
}

fn date_of(bytes: &[u8]) -> Option<i64> {
    std::str::from_utf8(bytes)
        .ok()
        .and_then(crate::date::parse_datetime)
}

impl KeyFlags {
    /// Takes in one non-null key. Each test runs only while its type is still possible.
    pub fn observe(&mut self, key: &[u8]) {
        if self.all_numbers && crate::parse_number(key).is_none() {
            self.all_numbers = false;
        }
        if self.all_dates && date_of(key).is_none() {
            self.all_dates = false;
        }
    }

    pub fn allows(self, ty: KeyType) -> bool {
        match ty {
            KeyType::Number => self.all_numbers,
            KeyType::Date => self.all_dates,
            KeyType::Text => true,
        }
    }

    /// The type the column compares as, given everything seen.
    pub fn decide(self) -> KeyType {
        KeyType::ALL
            .into_iter()
            .find(|t| self.allows(*t))
            .unwrap_or(KeyType::Text)
    }
}

/// A key read under its column's type; text is a range of the buffer the row lives in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Key {
    Null,
    Number(Number),
    Date(i64),
    Text(Range<usize>),
}

impl Key {
    /// Reads the key at `range` of `buf` (`None`: null) as type `ty`. A key that does not read
    /// as its type (possible only for a type a column has since ruled out) compares as null.
    pub fn read(ty: KeyType, buf: &[u8], range: Option<Range<usize>>) -> Key {
        let Some(range) = range else {
            return Key::Null;
        };
        match ty {
            KeyType::Number => crate::parse_number(&buf[range]).map_or(Key::Null, Key::Number),
            KeyType::Date => date_of(&buf[range]).map_or(Key::Null, Key::Date),
            KeyType::Text => Key::Text(range),
        }
    }
}

/// Compares two rows' keys (`descending[i]` for key i), each against its own buffer. Nulls
/// last whatever the direction; equal keys compare equal, so a stable sort keeps input order.
pub(crate) fn compare(
    descending: &[bool],
    (a, a_buf): (&[Key], &[u8]),
    (b, b_buf): (&[Key], &[u8]),
) -> Ordering {
    for ((x, y), desc) in a.iter().zip(b).zip(descending) {
        let order = compare_key(*desc, (x, a_buf), (y, b_buf));
        if order.is_ne() {
            return order;
        }
    }
    Ordering::Equal
}

/// Compares one key of two rows.
#[inline]
pub(crate) fn compare_key(
    descending: bool,
    (x, a_buf): (&Key, &[u8]),
    (y, b_buf): (&Key, &[u8]),
) -> Ordering {
    let order = match (x, y) {
        (Key::Null, Key::Null) => Ordering::Equal,
        (Key::Null, _) => return Ordering::Greater,
        (_, Key::Null) => return Ordering::Less,
        (Key::Number(m), Key::Number(n)) => m.compare(*n),
        (Key::Date(m), Key::Date(n)) => m.cmp(n),
        (Key::Text(m), Key::Text(n)) => a_buf[m.clone()].cmp(&b_buf[n.clone()]),
        // Keys of one column always share a type; any fixed order will do otherwise.
        (m, n) => rank(m).cmp(&rank(n)),
    };
    if descending {
        order.reverse()
    } else {
        order
    }
}

fn rank(key: &Key) -> u8 {
    match key {
        Key::Number(_) => 0,
        Key::Date(_) => 1,
        Key::Text(_) => 2,
        Key::Null => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_decide_the_type() {
        let decide = |keys: &[&str]| {
            let mut flags = KeyFlags::default();
            keys.iter().for_each(|k| flags.observe(k.as_bytes()));
            flags.decide()
        };
        assert_eq!(decide(&["10", "9", "-1.5"]), KeyType::Number);
        assert_eq!(decide(&["2024-01-02", "2023-12-31 10:00"]), KeyType::Date);
        assert_eq!(decide(&["10", "x"]), KeyType::Text);
        assert_eq!(decide(&["10", "2024-01-02"]), KeyType::Text);
        assert_eq!(decide(&[]), KeyType::Number);
    }

    #[test]
    fn nulls_last_both_ways() {
        let buf = b"10 9";
        let ten = [Key::read(KeyType::Number, buf, Some(0..2))];
        let nine = [Key::read(KeyType::Number, buf, Some(3..4))];
        let null = [Key::Null];
        for desc in [false, true] {
            let d = [desc];
            assert_eq!(compare(&d, (&null, buf), (&ten, buf)), Ordering::Greater);
            assert_eq!(compare(&d, (&ten, buf), (&null, buf)), Ordering::Less);
        }
        assert_eq!(compare(&[false], (&nine, buf), (&ten, buf)), Ordering::Less);
        assert_eq!(
            compare(&[true], (&nine, buf), (&ten, buf)),
            Ordering::Greater
        );
        let as_text = |r| [Key::read(KeyType::Text, buf, Some(r))];
        assert_eq!(
            compare(&[false], (&as_text(3..4), buf), (&as_text(0..2), buf)),
            Ordering::Greater
        );
    }
}
