//! `count_distinct` and `mode`: states keyed by each distinct value.
//!
//! A value's key is its encoded form ([`Enc::value`]): a type tag and the payload, with `-0.0`
//! folded into `0.0` and every NaN into one, so equal values share a key. Text compares by
//! bytes, as DuckDB compares `VARCHAR`: `"1"` and `"1.0"` are two values. Encoded states list
//! keys in byte order, so equal states encode to equal bytes.

use crate::hash::{HashMap, HashSet};

use super::codec::{invalid, Dec, Enc};
use super::{AggKind, AggState, Pos};
use crate::value::Value;
use crate::Result;

/// Rough heap cost of one hash table entry beyond its key bytes: the boxed slice's pointer and
/// length, the table's slack at its load factor and its control byte.
const ENTRY_OVERHEAD: usize = 40;

/// The key of a non-null value.
pub(crate) fn value_key(value: &Value<'_>) -> Box<[u8]> {
    // Exact for text (tag, length, bytes) and the numbers, so boxing does not reallocate.
    let mut out = Vec::with_capacity(match value {
        Value::Text(t) => 5 + t.len(),
        _ => 9,
    });
    match value {
        Value::Float(f) if *f == 0.0 => Enc(&mut out).value(&Value::Float(0.0)),
        Value::Float(f) if f.is_nan() => Enc(&mut out).value(&Value::Float(f64::NAN)),
        other => Enc(&mut out).value(other),
    }
    out.into_boxed_slice()
}

/// The value behind a key read from an encoded state, checking that the key is canonical.
fn key_value(key: &[u8]) -> Result<Value<'static>> {
    let mut dec = Dec::raw(key);
    let value = dec.value()?;
    dec.finish()?;
    if value.is_null() || *value_key(&value) != *key {
        return Err(invalid("not a canonical value key"));
    }
    Ok(value)
}

/// Keys in byte order, for a canonical encoding.
fn sorted<'a, I: Iterator<Item = &'a Box<[u8]>>>(keys: I) -> Vec<&'a [u8]> {
    let mut keys: Vec<&[u8]> = keys.map(|k| &**k).collect();
    keys.sort_unstable();
    keys
}

/// `count_distinct(x)`: the exact set of distinct non-null values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CountDistinctState {
    seen: HashSet<Box<[u8]>>,
    key_bytes: usize,
}

impl CountDistinctState {
    pub fn new() -> CountDistinctState {
        CountDistinctState::default()
    }

    fn insert(&mut self, key: Box<[u8]>) -> bool {
        let len = key.len();
        let new = self.seen.insert(key);
        if new {
            self.key_bytes += len;
        }
        new
    }
}

impl AggState for CountDistinctState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        if !value.is_null() {
            self.insert(value_key(value));
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        for key in &other.seen {
            if !self.seen.contains(key) {
                self.insert(key.clone());
            }
        }
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        Ok(Value::Int(
            i64::try_from(self.seen.len()).unwrap_or(i64::MAX),
        ))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::CountDistinct);
        enc.len(self.seen.len());
        sorted(self.seen.iter())
            .into_iter()
            .for_each(|k| enc.bytes(k));
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::CountDistinct])?;
        let mut state = CountDistinctState::new();
        for _ in 0..dec.count(5)? {
            let key = dec.bytes()?;
            key_value(key)?;
            if !state.insert(key.into()) {
                return Err(invalid("a distinct value is listed twice"));
            }
        }
        dec.finish()?;
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        self.key_bytes + self.seen.capacity() * ENTRY_OVERHEAD
    }
}

/// How often a value was seen, and where first.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Tally {
    count: u64,
    first: Pos,
}

/// `mode(x)`: counts per distinct non-null value; ties go to the value seen first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModeState {
    tallies: HashMap<Box<[u8]>, Tally>,
    key_bytes: usize,
}

impl ModeState {
    pub fn new() -> ModeState {
        ModeState::default()
    }

    fn add(&mut self, key: &[u8], tally: Tally) {
        if let Some(t) = self.tallies.get_mut(key) {
            t.count = t.count.saturating_add(tally.count);
            t.first = t.first.min(tally.first);
        } else {
            self.key_bytes += key.len();
            self.tallies.insert(key.into(), tally);
        }
    }
}

impl AggState for ModeState {
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()> {
        if !value.is_null() {
            self.add(
                &value_key(value),
                Tally {
                    count: 1,
                    first: at,
                },
            );
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        for (key, tally) in &other.tallies {
            self.add(key, *tally);
        }
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        let best = self.tallies.iter().max_by(|(_, a), (_, b)| {
            // Highest count, then earliest first appearance (reversed: max_by keeps the max).
            a.count.cmp(&b.count).then(b.first.cmp(&a.first))
        });
        match best {
            Some((key, _)) => key_value(key),
            None => Ok(Value::Null),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::Mode);
        enc.len(self.tallies.len());
        for key in sorted(self.tallies.keys()) {
            let tally = self.tallies[key];
            enc.bytes(key);
            enc.u64(tally.count);
            enc.pos(tally.first);
        }
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::Mode])?;
        let mut state = ModeState::new();
        for _ in 0..dec.count(29)? {
            let key = dec.bytes()?;
            let tally = Tally {
                count: dec.u64()?,
                first: dec.pos()?,
            };
            key_value(key)?;
            if tally.count == 0 || state.tallies.contains_key(key) {
                return Err(invalid("bad mode tally"));
            }
            state.add(key, tally);
        }
        dec.finish()?;
        Ok(state)
    }

    fn heap_bytes(&self) -> usize {
        self.key_bytes + self.tallies.capacity() * (ENTRY_OVERHEAD + 24)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed<S: AggState>(state: &mut S, values: &[Value<'_>], first_row: u64) {
        for (i, v) in values.iter().enumerate() {
            state.update(v, Pos::row(first_row + i as u64)).unwrap();
        }
    }

    fn text(s: &str) -> Value<'static> {
        Value::Text(s.to_owned().into())
    }

    #[test]
    fn distinct_counts_text_by_bytes_and_skips_nulls() {
        let mut s = CountDistinctState::new();
        let values = [
            text("1"),
            text("1.0"),
            text("1"),
            Value::Null,
            Value::Float(-0.0),
        ];
        feed(&mut s, &values, 0);
        s.update(&Value::Float(0.0), Pos::row(9)).unwrap();
        assert_eq!(s.finalize(), Ok(Value::Int(3)));
    }

    #[test]
    fn mode_ties_go_to_the_first_seen() {
        let mut s = ModeState::new();
        feed(
            &mut s,
            &[text("b"), text("a"), text("a"), text("b"), Value::Null],
            0,
        );
        assert_eq!(s.finalize(), Ok(text("b")));
        // The same rows arriving as two parts merged the other way round.
        let (mut early, mut late) = (ModeState::new(), ModeState::new());
        feed(&mut early, &[text("b"), text("a")], 0);
        feed(&mut late, &[text("a"), text("b")], 2);
        late.merge(&early).unwrap();
        assert_eq!(late.finalize(), Ok(text("b")));
        assert_eq!(ModeState::new().finalize(), Ok(Value::Null));
    }

    #[test]
    fn encodings_are_canonical() {
        let (mut a, mut b) = (ModeState::new(), ModeState::new());
        feed(&mut a, &[text("x"), text("y"), Value::Int(3)], 0);
        feed(&mut b, &[Value::Int(3), text("y"), text("x")], 0);
        let (mut ea, mut eb) = (Vec::new(), Vec::new());
        a.encode(&mut ea);
        b.encode(&mut eb);
        assert_ne!(ea, eb, "first positions differ");
        assert_eq!(ModeState::decode(&ea).unwrap(), a);
        let mut d = CountDistinctState::new();
        feed(&mut d, &[text("x"), Value::Int(3)], 0);
        let mut ed = Vec::new();
        d.encode(&mut ed);
        assert_eq!(CountDistinctState::decode(&ed).unwrap(), d);
        // A key that is not canonical (negative zero) is refused.
        let mut bad = Vec::new();
        let mut enc = Enc::header(&mut bad, AggKind::CountDistinct);
        enc.len(1);
        let mut key = Vec::new();
        Enc(&mut key).value(&Value::Float(-0.0));
        enc.bytes(&key);
        assert!(CountDistinctState::decode(&bad).is_err());
    }
}
