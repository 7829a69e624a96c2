//! A column's distinct values: every distinct cell text with its count while there are at most
//! [`EXACT_LIMIT`], which makes the distinct count, the most frequent values and the quartiles
//! exact; past that, a HyperLogLog for the distinct count ([`HllState`], ~0.8% standard error)
//! and a Misra–Gries summary of [`EXACT_LIMIT`] to twice as many counters for the most frequent values, whose
//! counts are then low by at most `non-empty cells / (EXACT_LIMIT + 1)`.
//!
//! Cells compare as text, byte for byte: `1` and `1.0` are two values.

use crate::hash::{HashMap, Key};

use crate::agg::codec::{invalid, Dec, Enc};
use crate::agg::{AggState, HllState};
use crate::value::Value;
use crate::Result;

/// Distinct values counted exactly; the 10,001st makes the column approximate.
pub const EXACT_LIMIT: usize = 10_000;
/// Most frequent values reported.
pub const TOP: usize = 10;

type Counts = HashMap<Key, u64>;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Values {
    Exact(Counts),
    Approx { hll: HllState, frequent: Counts },
}

fn add_count(counts: &mut Counts, key: &[u8], n: u64) {
    // A short key is cheap to make, so it is made first and looked up once (a new one would
    // otherwise be hashed and probed for twice); a long one is made only when it is new.
    if key.len() <= Key::INLINE {
        let c = counts.entry(Key::new(key)).or_insert(0);
        *c = c.saturating_add(n);
        return;
    }
    match counts.get_mut(key) {
        Some(c) => *c = c.saturating_add(n),
        None => {
            counts.insert(Key::new(key), n);
        }
    }
}

/// Misra–Gries: with more than [`EXACT_LIMIT`] counters, take the largest count beyond the
/// limit off every counter and drop those that reach zero. A function of the counters alone.
/// Each cut takes that count from more than [`EXACT_LIMIT`] counters, so all the cuts
/// together come to at most `cells / (EXACT_LIMIT + 1)`: the bound on a count's error.
fn reduce(counts: &mut Counts) {
    if counts.len() <= EXACT_LIMIT {
        return;
    }
    let mut all: Vec<u64> = counts.values().copied().collect();
    let cut = *all.select_nth_unstable_by(EXACT_LIMIT, |a, b| b.cmp(a)).1;
    counts.retain(|_, c| {
        *c -= cut;
        *c > 0
    });
}

impl Default for Values {
    fn default() -> Self {
        Values::Exact(Counts::default())
    }
}

impl Values {
    /// Counts a non-empty cell.
    pub fn add(&mut self, cell: &[u8]) {
        match self {
            Values::Exact(counts) => add_count(counts, cell, 1),
            Values::Approx { hll, frequent } => {
                hll.add_text_bytes(cell);
                add_count(frequent, cell, 1);
                // Misra–Gries in batches: let the counters grow to twice the limit, then cut
                // back (see `reduce`). The same bound as cutting at every new value, which
                // swept all the counters for each new value of a column of distinct ones.
                if frequent.len() > 2 * EXACT_LIMIT {
                    reduce(frequent);
                }
            }
        }
    }

    /// The exact counts, while the column has at most [`EXACT_LIMIT`] distinct values.
    pub fn exact(&self) -> Option<&Counts> {
        match self {
            Values::Exact(counts) if counts.len() <= EXACT_LIMIT => Some(counts),
            _ => None,
        }
    }

    /// The exact counts while the state is exact, within the limit or not (yet) past it.
    pub fn counts(&self) -> Option<&Counts> {
        match self {
            Values::Exact(counts) => Some(counts),
            Values::Approx { .. } => None,
        }
    }

    /// Past the limit, the exact counts become the sketches (callers that keep sketches of
    /// their own seed them from [`counts`](Self::counts) first).
    pub fn settle(&mut self) {
        if let Values::Exact(counts) = self {
            if counts.len() > EXACT_LIMIT {
                let mut hll = HllState::new();
                counts.keys().for_each(|key| hll.add_text_bytes(key));
                let mut frequent = std::mem::take(counts);
                reduce(&mut frequent);
                *self = Values::Approx { hll, frequent };
            }
        }
    }

    pub fn merge(&mut self, other: &Values) {
        match (&mut *self, other) {
            (Values::Exact(mine), Values::Exact(theirs)) => {
                theirs.iter().for_each(|(k, &n)| add_count(mine, k, n));
            }
            (
                Values::Approx { hll, frequent },
                Values::Approx {
                    hll: h,
                    frequent: f,
                },
            ) => {
                let _ = hll.merge(h);
                f.iter().for_each(|(k, &n)| add_count(frequent, k, n));
                reduce(frequent);
            }
            (Values::Approx { hll, frequent }, Values::Exact(theirs)) => {
                for (k, &n) in theirs {
                    hll.add_text_bytes(k);
                    add_count(frequent, k, n);
                }
                reduce(frequent);
            }
            (Values::Exact(_), Values::Approx { .. }) => {
                let mut theirs = other.clone();
                theirs.merge(self);
                *self = theirs;
            }
        }
    }

    /// The number of distinct values, exact or estimated.
    pub fn distinct(&self) -> u64 {
        match self {
            Values::Exact(counts) => counts.len() as u64,
            Values::Approx { hll, .. } => match hll.finalize() {
                Ok(Value::Int(n)) => n.max(0) as u64,
                _ => 0,
            },
        }
    }

    /// The [`TOP`] most frequent values, most frequent first, ties in byte order. Past the
    /// exact limit only values counted more than `cells / (EXACT_LIMIT + 1)` times, the
    /// summary's error, are reported: below that a count says nothing.
    pub fn top(&self, cells: u64) -> Vec<(String, u64)> {
        let (counts, floor) = match self {
            Values::Exact(counts) => (counts, 0),
            Values::Approx { frequent, .. } => (frequent, cells / (EXACT_LIMIT as u64 + 1)),
        };
        let mut all: Vec<(&[u8], u64)> = (counts.iter())
            .filter(|(_, &n)| n > floor)
            .map(|(k, &n)| (&**k, n))
            .collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(TOP);
        (all.into_iter())
            .map(|(k, n)| (String::from_utf8_lossy(k).into_owned(), n))
            .collect()
    }

    pub fn encode(&self, enc: &mut Enc<'_>) {
        let counts = match self {
            Values::Exact(counts) => {
                enc.u8(0);
                counts
            }
            Values::Approx { hll, frequent } => {
                enc.u8(1);
                let mut bytes = Vec::new();
                hll.encode(&mut bytes);
                enc.bytes(&bytes);
                frequent
            }
        };
        let mut keys: Vec<&Key> = counts.keys().collect();
        keys.sort_unstable();
        enc.len(keys.len());
        for key in keys {
            enc.bytes(key);
            enc.u64(counts[key]);
        }
    }

    pub fn decode(dec: &mut Dec<'_>) -> Result<Values> {
        let tag = dec.u8()?;
        let hll = match tag {
            0 => None,
            1 => Some(HllState::decode(dec.bytes()?)?),
            _ => return Err(invalid("unknown distinct-values form")),
        };
        let mut counts = Counts::default();
        for _ in 0..dec.count(12)? {
            let key = dec.bytes()?;
            let n = dec.u64()?;
            if n == 0 || counts.insert(Key::new(key), n).is_some() {
                return Err(invalid("bad distinct-value count"));
            }
        }
        if counts.len() > EXACT_LIMIT && hll.is_none() {
            return Err(invalid("too many exact distinct values"));
        }
        Ok(match hll {
            None => Values::Exact(counts),
            Some(hll) => Values::Approx {
                hll,
                frequent: counts,
            },
        })
    }
}
