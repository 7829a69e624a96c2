//! `min` and `max`: the result is the value as it came (a text cell keeps its text), compared
//! as numbers when every non-null value is a number, as dates when every one is an ISO date
//! or datetime (as [`crate::date::parse_datetime`] reads them: a date is its midnight), and
//! otherwise as text by bytes.
//!
//! Which comparison applies is only known once the whole column has been seen, so the state
//! keeps the best candidate under each comparison that is still possible, and drops one as
//! soon as a value rules it out. Ties go to the value earliest in the input, as a stable sort
//! would put it first.

use std::borrow::{Borrow, Cow};
use std::cmp::Ordering;

use super::codec::{invalid, Dec, Enc};
use super::{same_kind, AggKind, AggState, Pos};
use crate::value::Value;
use crate::{Number, Result};

#[derive(Clone, Debug, PartialEq)]
struct Best<K> {
    key: K,
    pos: Pos,
    value: Value<'static>,
}

/// State of `min(x)` or `max(x)`.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtremeState {
    kind: AggKind,
    all_numbers: bool,
    all_dates: bool,
    by_number: Option<Best<Number>>,
    by_date: Option<Best<i64>>,
    by_bytes: Option<Best<Vec<u8>>>,
}

fn number_key(value: &Value<'_>) -> Option<Number> {
    match value {
        Value::Int(i) => Some(Number::Int(*i)),
        Value::Float(f) => Some(Number::Float(*f)),
        Value::Text(t) => crate::parse_number(t.as_bytes()),
        _ => None,
    }
}

fn date_key(value: &Value<'_>) -> Option<i64> {
    match value {
        Value::Date(d) => Some(i64::from(*d) * crate::date::MICROS_PER_DAY),
        Value::DateTime(t) => Some(*t),
        Value::Text(t) => crate::date::parse_datetime(t),
        _ => None,
    }
}

fn bytes_key<'v>(value: &'v Value<'_>) -> Cow<'v, [u8]> {
    match value {
        Value::Text(t) => Cow::Borrowed(t.as_bytes()),
        Value::Bool(b) => Cow::Borrowed(if *b { b"true" } else { b"false" }),
        // Typed numbers and dates are compared by their own keys; a stable fallback will do.
        other => {
            let mut out = Vec::new();
            Enc(&mut out).value(other);
            Cow::Owned(out)
        }
    }
}

/// A candidate from a row or another state: its key, position and value.
type Offer<'o, K> = (K, Pos, &'o Value<'o>);

/// Puts the offered candidate in `slot` when it beats the one there; the value is copied only
/// then, so rows that lose cost no allocation.
fn keep<K: ?Sized + ToOwned>(
    max: bool,
    slot: &mut Option<Best<K::Owned>>,
    (key, pos, value): Offer<'_, &K>,
    cmp: fn(&K, &K) -> Ordering,
) {
    let wins = match slot {
        None => true,
        Some(old) => {
            let order = cmp(key, old.key.borrow());
            let order = if max { order.reverse() } else { order };
            order.then(pos.cmp(&old.pos)).is_lt()
        }
    };
    if wins {
        *slot = Some(Best {
            key: key.to_owned(),
            pos,
            value: value.clone().into_owned(),
        });
    }
}

impl ExtremeState {
    pub fn kind(&self) -> AggKind {
        self.kind
    }

    /// `kind` is `Min` or `Max`.
    pub fn new(kind: AggKind) -> ExtremeState {
        debug_assert!(matches!(kind, AggKind::Min | AggKind::Max));
        ExtremeState {
            kind,
            all_numbers: true,
            all_dates: true,
            by_number: None,
            by_date: None,
            by_bytes: None,
        }
    }

    /// Takes in candidates, and what the values behind them rule out.
    fn absorb(
        &mut self,
        number: Option<Offer<'_, Number>>,
        date: Option<Offer<'_, i64>>,
        bytes: Offer<'_, &[u8]>,
        all_numbers: bool,
        all_dates: bool,
    ) {
        let max = self.kind == AggKind::Max;
        self.all_numbers &= all_numbers;
        self.all_dates &= all_dates;
        match number {
            _ if !self.all_numbers => self.by_number = None,
            Some((key, pos, value)) => {
                keep(max, &mut self.by_number, (&key, pos, value), |a, b| {
                    a.compare(*b)
                })
            }
            None => {}
        }
        match date {
            _ if !self.all_dates => self.by_date = None,
            Some((key, pos, value)) => keep(max, &mut self.by_date, (&key, pos, value), i64::cmp),
            None => {}
        }
        keep(max, &mut self.by_bytes, bytes, <[u8]>::cmp);
    }
}

impl AggState for ExtremeState {
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()> {
        if value.is_null() {
            return Ok(());
        }
        let number = number_key(value);
        // A number is never also a date, so a number column never keeps a date candidate.
        let date = number.is_none().then(|| date_key(value)).flatten();
        let bytes = bytes_key(value);
        self.absorb(
            number.map(|key| (key, at, value)),
            date.map(|key| (key, at, value)),
            (&bytes, at, value),
            number.is_some(),
            date.is_some(),
        );
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        same_kind(self.kind, other.kind)?;
        let Some(bytes) = &other.by_bytes else {
            return Ok(()); // other saw no values
        };
        self.absorb(
            other.by_number.as_ref().map(|b| (b.key, b.pos, &b.value)),
            other.by_date.as_ref().map(|b| (b.key, b.pos, &b.value)),
            (&bytes.key, bytes.pos, &bytes.value),
            other.all_numbers,
            other.all_dates,
        );
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        let chosen = match (&self.by_number, &self.by_date, &self.by_bytes) {
            (Some(n), _, _) if self.all_numbers => &n.value,
            (_, Some(d), _) if self.all_dates => &d.value,
            (_, _, Some(b)) => &b.value,
            _ => return Ok(Value::Null),
        };
        Ok(chosen.clone())
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, self.kind);
        enc.bool(self.all_numbers);
        enc.bool(self.all_dates);
        let slots = [
            self.by_number.as_ref().map(|b| (b.pos, &b.value)),
            self.by_date.as_ref().map(|b| (b.pos, &b.value)),
            self.by_bytes.as_ref().map(|b| (b.pos, &b.value)),
        ];
        for slot in slots {
            enc.bool(slot.is_some());
            if let Some((pos, value)) = slot {
                enc.pos(pos);
                enc.value(value);
            }
        }
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, kind) = Dec::header(bytes, &[AggKind::Min, AggKind::Max])?;
        let mut state = ExtremeState::new(kind);
        state.all_numbers = dec.bool()?;
        state.all_dates = dec.bool()?;
        let slot = |dec: &mut Dec<'_>| -> Result<Option<(Pos, Value<'static>)>> {
            if !dec.bool()? {
                return Ok(None);
            }
            Ok(Some((dec.pos()?, dec.value()?)))
        };
        let corrupt = || invalid("min/max candidate does not fit its comparison");
        let (n, d, b) = (slot(&mut dec)?, slot(&mut dec)?, slot(&mut dec)?);
        dec.finish()?;
        // Every value lands in the bytes slot, and in the others while the column allows.
        let consistent = match &b {
            None => n.is_none() && d.is_none() && state.all_numbers && state.all_dates,
            Some(_) => (n.is_some() == state.all_numbers) && (d.is_some() == state.all_dates),
        };
        if !consistent {
            return Err(corrupt());
        }
        // Keys are derived again from the values, so a forged key cannot disagree with them.
        if let Some((pos, value)) = n {
            let key = number_key(&value).ok_or_else(corrupt)?;
            state.by_number = Some(Best { key, pos, value });
        }
        if let Some((pos, value)) = d {
            let key = date_key(&value).ok_or_else(corrupt)?;
            state.by_date = Some(Best { key, pos, value });
        }
        if let Some((pos, value)) = b {
            if value.is_null() {
                return Err(corrupt());
            }
            state.by_bytes = Some(Best {
                key: bytes_key(&value).into_owned(),
                pos,
                value,
            });
        }
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        let text = |v: &Value<'_>| match v {
            Value::Text(t) => t.len(),
            _ => 0,
        };
        self.by_number.as_ref().map_or(0, |b| text(&b.value))
            + self.by_date.as_ref().map_or(0, |b| text(&b.value))
            + self
                .by_bytes
                .as_ref()
                .map_or(0, |b| 2 * text(&b.value) + b.key.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extreme(kind: AggKind, cells: &[&str]) -> Value<'static> {
        let mut state = ExtremeState::new(kind);
        crate::agg::feed_cells(&mut state, cells).unwrap();
        state.finalize().unwrap()
    }

    fn text(s: &str) -> Value<'static> {
        Value::Text(s.to_owned().into())
    }

    #[test]
    fn numbers_compare_as_numbers_and_keep_their_text() {
        assert_eq!(extreme(AggKind::Max, &["9", "", "10", "8.5"]), text("10"));
        assert_eq!(
            extreme(AggKind::Min, &["9", "1e1", " -3 ", "8.5"]),
            text(" -3 ")
        );
        // Equal numbers: the first in input order wins, for min and for max.
        assert_eq!(extreme(AggKind::Max, &["1.0", "01", "1"]), text("1.0"));
        assert_eq!(extreme(AggKind::Min, &["2", "1.0", "01"]), text("1.0"));
    }

    #[test]
    fn dates_compare_as_dates() {
        let cells = [
            "2024-01-31",
            "2023-12-31 23:59:59",
            "2024-01-31T00:00:00.5",
            "2024-02-29",
        ];
        assert_eq!(extreme(AggKind::Max, &cells), text("2024-02-29"));
        assert_eq!(extreme(AggKind::Min, &cells), text("2023-12-31 23:59:59"));
        // One impossible date makes the column text: bytes order.
        assert_eq!(
            extreme(AggKind::Max, &["2024-01-31", "2023-02-29"]),
            text("2024-01-31")
        );
        // A date is its midnight: ties with a datetime go to the earlier row.
        let cells = ["2024-01-31 00:00:00", "2024-01-31", "2023-06-01T08:00Z"];
        assert_eq!(extreme(AggKind::Max, &cells), text("2024-01-31 00:00:00"));
        assert_eq!(extreme(AggKind::Min, &cells), text("2023-06-01T08:00Z"));
    }

    #[test]
    fn mixed_columns_compare_as_text() {
        assert_eq!(extreme(AggKind::Max, &["9", "10", "apple"]), text("apple"));
        assert_eq!(extreme(AggKind::Min, &["9", "10", "apple"]), text("10"));
        assert_eq!(
            extreme(AggKind::Min, &["2024-01-01", "5"]),
            text("2024-01-01")
        );
        assert_eq!(extreme(AggKind::Min, &["", ""]), Value::Null);
    }

    #[test]
    fn typed_values() {
        let mut state = ExtremeState::new(AggKind::Min);
        for (i, d) in [19000, 18000, 20000].into_iter().enumerate() {
            state.update(&Value::Date(d), Pos::row(i as u64)).unwrap();
        }
        assert_eq!(state.finalize(), Ok(Value::Date(18000)));
    }

    #[test]
    fn a_merged_text_value_demotes_the_numbers() {
        let (mut a, mut b) = (
            ExtremeState::new(AggKind::Max),
            ExtremeState::new(AggKind::Max),
        );
        a.update(&text("5"), Pos::row(0)).unwrap();
        b.update(&text("x"), Pos::row(1)).unwrap();
        let mut ab = a.clone();
        ab.merge(&b).unwrap();
        b.merge(&a).unwrap();
        assert_eq!(ab.finalize(), Ok(text("x")));
        assert_eq!(b.finalize(), Ok(text("x")));
        let mut empty = ExtremeState::new(AggKind::Max);
        empty.merge(&a).unwrap();
        assert_eq!(empty, a);
    }
}
