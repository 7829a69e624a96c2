//! One-pass histograms whose shape depends only on the values counted, never on their order.
//!
//! Bins are `2^e` wide and aligned to multiples of their width: bin `k` holds `[k w, (k+1) w)`.
//! The width is a function of the smallest and largest value alone (the narrowest power of two
//! that spreads them over the bins), so a histogram of part of the data always has bins at
//! most as wide as the whole's, and narrower aligned bins fall exactly into wider ones. Adding
//! a value and merging two histograms therefore give the same counts in any order, on any
//! runtime: every step is an exact IEEE operation (scaling by a power of two, `floor`) or
//! integer arithmetic on bin indexes.

use crate::agg::codec::{invalid, Dec, Enc};
use crate::Result;

/// Bins of the histograms the profile reports.
pub const BINS: usize = 32;
/// The narrowest bin: 2^-20.
const MIN_EXP: i32 = -20;

/// Counts of values in `[start + i * width, start + (i + 1) * width)`.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

/// `2^e` for `-1022 <= e <= 1023`.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// The width exponent for values from `min` to `max` over `bins` bins: the smallest `e` with
/// `2^e (bins - 1) > max - min` (one bin is lost to aligning the start), and never so narrow
/// that the largest magnitude's bin index needs more than 53 bits (narrower bins could not
/// separate values of that size anyway). Monotone: a wider range never gets narrower bins.
fn width_exp(min: f64, max: f64, bins: usize) -> i32 {
    let magnitude = min.abs().max(max.abs());
    let span = max - min;
    // Start just below the answer instead of at the floor (the profile widens a histogram on
    // every new extreme: each row of an ascending column). With at most 2^k bins, any width
    // under `2^(exponent(span) - k - 1)` is too narrow, and finding it needs no division.
    let bits = usize::BITS - (bins.max(2) - 1).leading_zeros();
    let near = exponent(span) - bits as i32 - 1;
    let mut e = MIN_EXP.max(exponent(magnitude) - 52).max(near);
    while e < 1023 && pow2(e) * (bins as f64 - 1.0) <= span {
        e += 1;
    }
    e
}

/// `floor(log2 x)` of a finite double (`-1023` for zero and subnormals, which is low enough).
fn exponent(x: f64) -> i32 {
    ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The bin of `v` at width `2^e`: exact, since dividing by a power of two only moves the
/// exponent, and small enough for an `i64` by the choice of `e`.
fn index(v: f64, e: i32) -> i64 {
    // Multiplying by `2^-e` rounds exactly as dividing by `2^e` does (both are the correctly
    // rounded `v 2^-e`) and is several times faster; `2^-1023` is not a normal double.
    let x = if e < 1023 { v * pow2(-e) } else { v / pow2(e) };
    // `floor` without the libm call it is on x86-64's base instruction set: truncate, then step
    // down for a negative fraction (exact, as `x` fits an `i64`).
    let t = x as i64;
    t - i64::from((t as f64) > x)
}

/// Bin `k`'s index at a width `2^shift` times wider: a floor division, which an arithmetic
/// shift is (and a shift by 64 or more leaves only the sign).
fn coarser(k: i64, shift: i32) -> i64 {
    k >> shift.min(63)
}

/// A histogram being counted, with at most `bins` bins.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Bins {
    bins: usize,
    exp: i32,
    min: f64,
    max: f64,
    /// Bin index of `counts[0]`; `counts` has `bins` slots, so a range that grows in one
    /// direction moves nothing until the width changes.
    base: i64,
    counts: Vec<u64>,
}

impl Bins {
    pub fn new(bins: usize) -> Bins {
        Bins {
            bins,
            exp: MIN_EXP,
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            base: 0,
            counts: Vec::new(),
        }
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, &c| a.saturating_add(c))
    }

    /// Counts a finite value `n` times.
    pub fn add(&mut self, v: f64, n: u64) {
        if v < self.min || v > self.max {
            let (min, max) = (v.min(self.min), v.max(self.max));
            // What `cover` would decide when the width stays (the span still fits it and the
            // magnitude does not raise its floor) and `v`'s bin is a slot we have: a new
            // extreme in an ascending column, without working out the width again.
            let magnitude = min.abs().max(max.abs());
            let keeps_width = !self.counts.is_empty()
                && max - min < pow2(self.exp) * (self.bins as f64 - 1.0)
                && exponent(magnitude) - 52 <= self.exp;
            // Only then does `v`'s index at this width fit an `i64`.
            let has_slot = keeps_width && {
                let k = index(v, self.exp);
                self.base <= k && k < self.base + self.bins as i64
            };
            if has_slot {
                (self.min, self.max) = (min, max);
            } else {
                self.cover(min, max);
            }
        }
        let slot = (index(v, self.exp) - self.base) as usize;
        self.counts[slot] = self.counts[slot].saturating_add(n);
    }

    /// Folds in another histogram's counts; exact, as their bins nest in the merged ones.
    pub fn merge(&mut self, other: &Bins) {
        if other.counts.is_empty() {
            return;
        }
        self.cover(self.min.min(other.min), self.max.max(other.max));
        let shift = self.exp - other.exp;
        for (i, &c) in other.counts.iter().enumerate() {
            if c > 0 {
                let k = coarser(other.base + i as i64, shift);
                let slot = &mut self.counts[(k - self.base) as usize];
                *slot = slot.saturating_add(c);
            }
        }
    }

    /// Widens the bins (if needed) to hold everything from `min` to `max`.
    fn cover(&mut self, min: f64, max: f64) {
        let exp = width_exp(min, max, self.bins).max(self.exp);
        let (low, high) = (index(min, exp), index(max, exp));
        let fits = self.base <= low && high < self.base + self.bins as i64;
        if exp != self.exp || !fits || self.counts.is_empty() {
            // Leave the free slots on the side the range grew towards.
            let base = if min < self.min && !self.counts.is_empty() {
                high - self.bins as i64 + 1
            } else {
                low
            };
            let mut counts = vec![0u64; self.bins];
            let shift = exp - self.exp;
            for (i, &c) in self.counts.iter().enumerate() {
                if c > 0 {
                    let slot = &mut counts[(coarser(self.base + i as i64, shift) - base) as usize];
                    *slot = slot.saturating_add(c);
                }
            }
            (self.exp, self.base, self.counts) = (exp, base, counts);
        }
        (self.min, self.max) = (min, max);
    }

    /// The counts from the bin of the smallest value to the bin of the largest, at the width
    /// `bins` bins need (at least `2^min_exp`: 0 keeps integer bins at least 1 wide).
    pub fn histogram(&self, bins: usize, min_exp: i32) -> Option<Histogram> {
        if self.counts.is_empty() {
            return None;
        }
        let exp = width_exp(self.min, self.max, bins)
            .max(self.exp)
            .max(min_exp);
        let first = index(self.min, exp);
        let mut counts = vec![0u64; (index(self.max, exp) - first + 1) as usize];
        let shift = exp - self.exp;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 {
                let slot = &mut counts[(coarser(self.base + i as i64, shift) - first) as usize];
                *slot = slot.saturating_add(c);
            }
        }
        Some(Histogram {
            start: first as f64 * pow2(exp),
            width: pow2(exp),
            counts,
        })
    }

    /// An estimate of the value of 0-based rank `rank`: a bin's values are taken as spread
    /// evenly from its start, so the answer is within one bin width of the true one.
    pub fn at_rank(&self, rank: u64) -> f64 {
        let rank = rank as f64;
        let width = pow2(self.exp);
        let mut before = 0.0;
        for (i, &c) in self.counts.iter().enumerate() {
            let c = c as f64;
            if c > 0.0 && rank < before + c {
                let start = (self.base + i as i64) as f64 * width;
                let inside = (rank - before) / c * width;
                return (start + inside).clamp(self.min, self.max);
            }
            before += c;
        }
        self.max
    }

    /// Minimum and maximum (the width follows from them), then the non-empty bins as
    /// `(offset from the minimum's bin, count)` pairs: most of a fine histogram is empty.
    pub fn encode(&self, enc: &mut Enc<'_>) {
        enc.f64(self.min);
        enc.f64(self.max);
        let filled: Vec<(usize, u64)> = (self.counts[self.occupied()].iter().enumerate())
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| (i, c))
            .collect();
        enc.len(filled.len());
        for (offset, count) in filled {
            enc.len(offset);
            enc.u64(count);
        }
    }

    pub fn decode(dec: &mut Dec<'_>, bins: usize) -> Result<Bins> {
        let (min, max) = (dec.f64()?, dec.f64()?);
        let n = dec.count(12)?;
        let mut out = Bins::new(bins);
        if n == 0 {
            return Ok(out);
        }
        if !(min.is_finite() && max.is_finite() && min <= max) {
            return Err(invalid("histogram range out of order"));
        }
        out.cover(min, max);
        let first = (index(min, out.exp) - out.base) as usize;
        let span = (index(max, out.exp) - index(min, out.exp)) as usize + 1;
        let mut last = None;
        for _ in 0..n {
            let (offset, count) = (dec.u32()? as usize, dec.u64()?);
            if offset >= span || count == 0 || last.is_some_and(|l| offset <= l) {
                return Err(invalid("histogram bins out of order or range"));
            }
            out.counts[first + offset] = count;
            last = Some(offset);
        }
        if out.counts[first] == 0 || last != Some(span - 1) {
            return Err(invalid("histogram's end bins are empty"));
        }
        Ok(out)
    }

    /// The slots from the smallest value's bin to the largest's.
    fn occupied(&self) -> std::ops::Range<usize> {
        if self.counts.is_empty() {
            return 0..0;
        }
        let low = (index(self.min, self.exp) - self.base) as usize;
        low..(index(self.max, self.exp) - self.base) as usize + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(values: impl IntoIterator<Item = f64>, bins: usize) -> Bins {
        let mut b = Bins::new(bins);
        values.into_iter().for_each(|v| b.add(v, 1));
        b
    }

    #[test]
    fn widens_without_losing_counts() {
        let b = of((0..5000).map(f64::from).chain([-70000.0]), BINS);
        let h = b.histogram(BINS, 0).unwrap();
        assert_eq!(h.counts.iter().sum::<u64>(), 5001);
        assert_eq!((h.start, h.width, h.counts.len()), (-73728.0, 4096.0, 20));
    }

    #[test]
    fn small_columns_get_fine_bins() {
        let h = of([0.25, 0.5, 0.75, 1.0], BINS)
            .histogram(BINS, -1074)
            .unwrap();
        assert_eq!((h.start, h.width, h.counts.len()), (0.25, 0.03125, 25));
        assert_eq!(h.counts.iter().sum::<u64>(), 4);
    }

    #[test]
    fn order_and_merging_do_not_matter() {
        let values: Vec<f64> = (0..3000)
            .map(|i| f64::from(i * 7919 % 3001) * 0.37 - 50.0)
            .collect();
        let forward = of(values.iter().copied(), 1024);
        let backward = of(values.iter().rev().copied(), 1024);
        assert_eq!(
            forward.histogram(BINS, -1074),
            backward.histogram(BINS, -1074)
        );
        let (mut a, b) = (
            of(values[..10].iter().copied(), 1024),
            of(values[10..].iter().copied(), 1024),
        );
        a.merge(&b);
        assert_eq!(a.histogram(1024, -1074), forward.histogram(1024, -1074));
        let mut bytes = Vec::new();
        a.encode(&mut Enc(&mut bytes));
        let back = Bins::decode(&mut Dec::raw(&bytes), 1024).unwrap();
        assert_eq!(back.histogram(1024, -1074), forward.histogram(1024, -1074));
    }

    #[test]
    fn new_extremes_one_by_one_bin_as_a_shuffle_does() {
        // Ascending and descending columns take `add`'s shortcut on almost every row; a
        // shuffle of the same values mostly goes through `cover`.
        for scale in [1.0, 0.001, 1e9, -3.5] {
            let mut values: Vec<f64> = (0..5000).map(|i| f64::from(i) * scale + 0.25).collect();
            let ascending = of(values.iter().copied(), BINS);
            let descending = of(values.iter().rev().copied(), BINS);
            let mut seed = 17u64;
            for i in (1..values.len()).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                values.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let shuffled = of(values.iter().copied(), BINS);
            let want = shuffled.histogram(BINS, -1074);
            assert_eq!(ascending.histogram(BINS, -1074), want, "{scale}");
            assert_eq!(descending.histogram(BINS, -1074), want, "{scale}");
            assert_eq!(ascending.total(), 5000);
        }
    }

    #[test]
    fn huge_values_keep_finite_indexes() {
        let h = of([1e300, 1e300], BINS).histogram(BINS, -1074).unwrap();
        assert_eq!(h.counts, vec![2]);
        let h = of([-1.7e308, 1.7e308], BINS).histogram(BINS, 0).unwrap();
        assert_eq!(h.counts.iter().sum::<u64>(), 2);
    }

    #[test]
    fn widths_can_jump_by_any_factor() {
        let h = of([1e-3, 2e-3, -3e18, 5e18], BINS)
            .histogram(BINS, -1074)
            .unwrap();
        assert_eq!(h.counts.iter().sum::<u64>(), 4);
        assert_eq!(h.width, 2f64.powi(58));
    }

    #[test]
    fn ranks_fall_inside_their_bin() {
        let b = of((1..=100).map(f64::from), 1024);
        assert_eq!(b.at_rank(0), 1.0);
        assert_eq!(b.at_rank(49), 50.0);
        assert_eq!(b.at_rank(99), 100.0);
    }
}
