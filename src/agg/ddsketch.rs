//! DDSketch (Masson, Rim and Lee, VLDB 2019): a quantile sketch with relative error.
//!
//! Values fall into buckets whose bounds grow geometrically, so any value reported for a
//! bucket is within [`RELATIVE_ACCURACY`] (1%) of every value in it. Merging adds bucket
//! counts, which is exact: a merged sketch is the sketch of all the rows, in any order.
//!
//! The bucket index uses the cheap "linearly interpolated" logarithm: for `x = (1 + t) 2^e`
//! with `t` in `[0, 1)`, `log2 x ≈ e + t`, read straight from the double's bits. Only IEEE
//! basic operations are involved (no `ln`, whose last bit differs between math libraries), so
//! every runtime puts every value in the same bucket and states from anywhere merge. The
//! approximation is coarser than the true logarithm by up to a factor `1/ln 2`, which
//! [`BUCKETS_PER_OCTAVE`] pays for: 50 buckets per power of two make neighbouring bounds at
//! most 2% apart, and the harmonic mean of a bucket's bounds is then within
//! `0.02 / 2.02 < 1%` of anything in it.

use super::codec::{invalid, Dec, Enc};
use super::exact::pow2;
use crate::Result;

/// The relative error of every value the sketch reports (for normal doubles, |x| ≥ 2^-1022:
/// subnormals carry too few bits for it).
pub const RELATIVE_ACCURACY: f64 = 0.01;
/// Buckets per unit of the approximate `log2`: `1 + 1/50 <= (1 + 0.01) / (1 - 0.01)`.
const BUCKETS_PER_OCTAVE: f64 = 50.0;
/// Bucket indexes of positive doubles lie in `[-1074 * 50, 1024 * 50]`: the top one because
/// `e + t` rounds up to 1024 for the largest doubles. `MAX_INDEX` is exclusive.
const MIN_INDEX: i64 = -1074 * 50;
const MAX_INDEX: i64 = 1024 * 50 + 1;

/// The approximate `log2` of a positive finite double, times [`BUCKETS_PER_OCTAVE`].
fn index(x: f64) -> i32 {
    let (x, shift) = if x < f64::MIN_POSITIVE {
        (x * pow2(64), 64) // subnormal: scale into the normal range first
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023 - shift;
    let fraction = (bits & ((1 << 52) - 1)) as f64 / pow2(52);
    ((exponent as f64 + fraction) * BUCKETS_PER_OCTAVE).floor() as i32
}

/// The lower bound of bucket `k`: the inverse of [`index`] at `k`.
fn lower_bound(k: i64) -> f64 {
    let log = k as f64 / BUCKETS_PER_OCTAVE;
    let exponent = log.floor();
    if exponent >= 1024.0 {
        return f64::MAX;
    }
    let (e, t) = (exponent as i64, log - exponent);
    // Below 2^-1022 the mantissa is scaled in two steps so no step leaves the double range.
    if e < -1022 {
        (1.0 + t) * pow2(e + 64) * pow2(-64)
    } else {
        (1.0 + t) * pow2(e)
    }
}

/// The value reported for bucket `k`: the harmonic mean of its bounds, whose relative distance
/// to both bounds is the same and at most 1%.
fn estimate(k: i64) -> f64 {
    // Written with the bounds' ratio so that no step overflows near the top of the range.
    let lo = lower_bound(k);
    let ratio = lower_bound(k + 1) / lo;
    lo * (2.0 * ratio / (1.0 + ratio))
}

/// Counts of consecutive buckets: `counts[i]` belongs to bucket `offset + i`. No zero count
/// sits at either end, so equal contents have equal representations.
#[derive(Clone, Debug, Default, PartialEq)]
struct Store {
    offset: i32,
    counts: Vec<u64>,
}

impl Store {
    fn add(&mut self, k: i32, n: u64) {
        if self.counts.is_empty() {
            self.offset = k;
        } else if k < self.offset {
            let grow = (self.offset - k) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = k;
        }
        let i = (k - self.offset) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, 0);
        }
        self.counts[i] = self.counts[i].saturating_add(n);
    }

    fn total(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, &c| a.saturating_add(c))
    }

    /// `(bucket, count)` from the lowest bucket up.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (i64, u64)> + '_ {
        let offset = i64::from(self.offset);
        (self.counts.iter().enumerate())
            .filter(|(_, c)| **c > 0)
            .map(move |(i, &c)| (offset + i as i64, c))
    }

    /// Non-empty buckets only, as `(index, count)` pairs from the lowest up: values spread
    /// over many magnitudes leave most buckets between them empty.
    fn encode(&self, enc: &mut Enc<'_>) {
        enc.len(self.buckets().count());
        for (k, c) in self.buckets() {
            enc.i32(k as i32);
            enc.u64(c);
        }
    }

    fn decode(dec: &mut Dec<'_>) -> Result<Store> {
        let mut store = Store::default();
        let mut previous = MIN_INDEX - 1;
        for _ in 0..dec.count(12)? {
            let (k, c) = (dec.i32()?, dec.u64()?);
            if i64::from(k) <= previous || i64::from(k) >= MAX_INDEX || c == 0 {
                return Err(invalid("sketch buckets out of order or range"));
            }
            previous = i64::from(k);
            store.add(k, c);
        }
        Ok(store)
    }
}

/// A mergeable quantile sketch over finite doubles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DdSketch {
    positive: Store,
    negative: Store,
    zeros: u64,
}

impl DdSketch {
    /// Adds a finite value (callers refuse infinities and NaN).
    pub fn add(&mut self, x: f64) {
        self.add_n(x, 1);
    }

    /// Adds a finite value `n` times.
    pub fn add_n(&mut self, x: f64, n: u64) {
        if x > 0.0 {
            self.positive.add(index(x), n);
        } else if x < 0.0 {
            self.negative.add(index(-x), n);
        } else if x == 0.0 {
            self.zeros = self.zeros.saturating_add(n);
        }
    }

    pub fn merge(&mut self, other: &DdSketch) {
        for (store, theirs) in [
            (&mut self.positive, &other.positive),
            (&mut self.negative, &other.negative),
        ] {
            theirs.buckets().for_each(|(k, c)| store.add(k as i32, c));
        }
        self.zeros = self.zeros.saturating_add(other.zeros);
    }

    pub fn count(&self) -> u64 {
        (self.positive.total())
            .saturating_add(self.negative.total())
            .saturating_add(self.zeros)
    }

    /// The estimate of the value with 0-based rank `rank` in sorted order.
    fn at_rank(&self, rank: u64) -> f64 {
        let negatives = (self.negative.buckets().rev()).map(|(k, c)| (-estimate(k), c));
        let zeros = std::iter::once((0.0, self.zeros));
        let positives = self.positive.buckets().map(|(k, c)| (estimate(k), c));
        let mut seen = 0u64;
        for (value, count) in negatives.chain(zeros).chain(positives) {
            seen = seen.saturating_add(count);
            if seen > rank {
                return value;
            }
        }
        f64::NAN // unreachable for rank < count
    }

    /// The `q` quantile, interpolated between neighbouring ranks as `quantile_cont` does, or
    /// `None` when empty. Each rank's estimate is within 1% of the true value there, so the
    /// result is within 1% of the exact quantile when the two neighbours share a sign.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = q * (n - 1) as f64;
        let (lo, hi) = (rank.floor(), rank.ceil());
        let low = self.at_rank(lo as u64);
        if lo == hi {
            return Some(low);
        }
        Some(low + (rank - lo) * (self.at_rank(hi as u64) - low))
    }

    pub fn heap_bytes(&self) -> usize {
        8 * (self.positive.counts.capacity() + self.negative.counts.capacity())
    }

    pub(crate) fn encode(&self, enc: &mut Enc<'_>) {
        self.positive.encode(enc);
        self.negative.encode(enc);
        enc.u64(self.zeros);
    }

    pub(crate) fn decode(dec: &mut Dec<'_>) -> Result<DdSketch> {
        Ok(DdSketch {
            positive: Store::decode(dec)?,
            negative: Store::decode(dec)?,
            zeros: dec.u64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_within_one_percent_of_its_estimate() {
        // Subnormals hold too few bits to be reported within 1%; they still index and order.
        assert!(index(f64::from_bits(1)) < index(f64::from_bits(3)));
        let mut x = f64::MIN_POSITIVE;
        while x < 1e300 {
            let k = index(x);
            let e = estimate(i64::from(k));
            assert!(
                (e - x).abs() <= RELATIVE_ACCURACY * x,
                "{x} -> bucket {k} ~ {e}"
            );
            assert!(lower_bound(i64::from(k)) <= x * (1.0 + 1e-12));
            x *= 1.0037;
        }
        assert!(i64::from(index(f64::MAX)) < MAX_INDEX);
        assert!(i64::from(index(f64::from_bits(1))) >= MIN_INDEX);
    }

    #[test]
    fn quantiles() {
        let mut s = DdSketch::default();
        assert_eq!(s.quantile(0.5), None);
        for v in [-5.0, 0.0, 1.0, 2.0, 100.0] {
            s.add(v);
        }
        let close = |got: Option<f64>, want: f64| {
            let got = got.unwrap();
            assert!(
                (got - want).abs() <= RELATIVE_ACCURACY * want.abs(),
                "{got} vs {want}"
            );
        };
        close(s.quantile(0.0), -5.0);
        close(s.quantile(0.25), 0.0);
        close(s.quantile(0.5), 1.0);
        close(s.quantile(1.0), 100.0);
        close(s.quantile(0.875), 51.0); // halfway between 2 and 100
    }

    #[test]
    fn merge_is_exact() {
        let (mut a, mut b, mut all) = (
            DdSketch::default(),
            DdSketch::default(),
            DdSketch::default(),
        );
        for i in 0..200 {
            let v = f64::from(i * i) - 300.5;
            all.add(v);
            if i % 3 == 0 {
                a.add(v)
            } else {
                b.add(v)
            }
        }
        let mut ab = a.clone();
        ab.merge(&b);
        b.merge(&a);
        assert_eq!(ab, all);
        assert_eq!(b, all);
    }
}
