//! An exact accumulator for sums of doubles, integers and squares.
//!
//! Every finite double is an integer times a power of two, so a sum of them is one too. This
//! keeps that sum exactly, as `(pos - neg) * 2^exp` with two non-negative multi-limb integers,
//! and rounds only once, when asked for the result (round to nearest, ties to even, as IEEE
//! addition does). Because nothing is rounded along the way, the result is the correctly
//! rounded exact sum whatever the order of the additions or merges: partial sums computed on
//! other cores, machines or runtimes merge to the same bits. Positive and negative terms go to
//! separate magnitudes so adding never needs a borrow; they meet once, at the end.
//!
//! The limbs only span the exponents actually seen (a column of prices needs two or three
//! 64-bit limbs); the worst case, values from 2^-1074 to 2^1023 squared, is about 70 limbs.

use super::band::{self, Band};
use super::codec::{invalid, Dec, Enc};
pub(super) use super::limbs::pow2;
use super::limbs::{add_shifted, difference, less, multiply, round_to_f64, shift_left};
use crate::Result;

/// The lowest exponent a term can have: the square of the smallest subnormal, 2^-2148.
const MIN_EXP: i32 = -2148;
/// Above any square of a double summed over 2^64 rows, 2^2112, plus a limb of slack.
const MAX_TOP_BIT: i64 = 2112 + 64;

/// `(pos - neg) * 2^exp + fast * 2^fast_exp`, exactly. Limbs are little-endian with no zero
/// limb on top.
///
/// `fast` takes the terms first: while they share a narrow band of exponents (a column of
/// prices, scores or counts) each addition is one shift and one checked 256-bit add (see `band`) instead of
/// a walk over the limbs. A term outside the band, or an overflow, folds `fast` into the
/// limbs, so the value stays exact either way; reading, merging and encoding see the folded
/// sum, so the byte encoding is the same as without it.
#[derive(Clone, Debug, Default)]
pub struct ExactSum {
    exp: i32,
    pos: Vec<u64>,
    neg: Vec<u64>,
    fast: Band,
    fast_exp: i32,
}

impl PartialEq for ExactSum {
    fn eq(&self, other: &ExactSum) -> bool {
        let (a, b) = (self.folded(), other.folded());
        let (a, b) = ((a.signed(), a.exp), (b.signed(), b.exp));
        a == b || (a.0 .1.is_empty() && b.0 .1.is_empty())
    }
}

/// A finite, nonzero double as `(negative, mantissa, exponent)`: `x = ±m * 2^e`.
fn decompose(x: f64) -> (bool, u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let negative = bits >> 63 == 1;
    if biased == 0 {
        (negative, fraction, -1074)
    } else {
        (negative, fraction | (1 << 52), biased - 1075)
    }
}

impl ExactSum {
    /// The same sum with `fast` folded into the limbs.
    fn folded(&self) -> std::borrow::Cow<'_, ExactSum> {
        if self.fast.is_zero() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut sum = self.clone();
        sum.fold();
        std::borrow::Cow::Owned(sum)
    }

    fn fold(&mut self) {
        let fast = std::mem::take(&mut self.fast);
        if !fast.is_zero() {
            let (negative, limbs) = fast.magnitude();
            let used = limbs.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
            self.add_limbs(negative, &limbs[..used], self.fast_exp);
        }
    }

    /// Adds `±m * 2^e` (`m` odd) to `fast` when it fits there exactly.
    fn add_fast(&mut self, negative: bool, m: u128, e: i32) -> bool {
        let bits = 128 - m.leading_zeros();
        if self.fast.is_zero() {
            self.fast_exp = e;
        } else if e < self.fast_exp {
            // Lower the band's exponent if `fast` can take the shift.
            let by = (self.fast_exp - e) as u32;
            if by + 2 > self.fast.headroom() {
                return false;
            }
            self.fast.shift_left(by);
            self.fast_exp = e;
        }
        let shift = (e - self.fast_exp) as u32;
        shift + bits <= band::TERM_BITS && self.fast.try_add(negative, m, shift)
    }

    /// Adds a finite double (callers keep infinities and NaN apart).
    pub fn add_f64(&mut self, x: f64) {
        if x != 0.0 && x.is_finite() {
            let (negative, m, e) = decompose(x);
            self.add_term(negative, u128::from(m), e);
        }
    }

    /// Adds `x * x` exactly: the 106-bit square of the mantissa, never a rounded product.
    pub fn add_f64_square(&mut self, x: f64) {
        if x != 0.0 && x.is_finite() {
            let (_, m, e) = decompose(x);
            self.add_term(false, u128::from(m) * u128::from(m), 2 * e);
        }
    }

    pub fn add_int(&mut self, v: i128) {
        self.add_term(v < 0, v.unsigned_abs(), 0);
    }

    fn add_term(&mut self, negative: bool, mag: u128, e: i32) {
        if mag == 0 {
            return;
        }
        // Dropping the mantissa's trailing zeros keeps `exp` as high as it can be, and with it
        // the number of limbs as small as the data allows.
        let zeros = mag.trailing_zeros();
        if self.add_fast(negative, mag >> zeros, e + zeros as i32) {
            return;
        }
        self.fold();
        let limbs = [(mag >> zeros) as u64, ((mag >> zeros) >> 64) as u64];
        self.add_limbs(negative, &limbs, e + zeros as i32);
    }

    fn add_limbs(&mut self, negative: bool, limbs: &[u64], e: i32) {
        if self.pos.is_empty() && self.neg.is_empty() {
            self.exp = e;
        } else if e < self.exp {
            let by = (self.exp - e) as usize;
            shift_left(&mut self.pos, by);
            shift_left(&mut self.neg, by);
            self.exp = e;
        }
        let target = if negative {
            &mut self.neg
        } else {
            &mut self.pos
        };
        add_shifted(target, limbs, (e - self.exp) as usize);
    }

    /// Adds another sum into this one, exactly.
    pub fn merge(&mut self, other: &ExactSum) {
        let other = other.folded();
        if !other.pos.is_empty() {
            self.add_limbs(false, &other.pos, other.exp);
        }
        if !other.neg.is_empty() {
            self.add_limbs(true, &other.neg, other.exp);
        }
    }

    /// `pos - neg` as a sign and a magnitude.
    fn signed(&self) -> (bool, Vec<u64>) {
        if less(&self.pos, &self.neg) {
            (true, difference(&self.neg, &self.pos))
        } else {
            (false, difference(&self.pos, &self.neg))
        }
    }

    /// The sum, correctly rounded to the nearest double (ties to even).
    pub fn to_f64(&self) -> f64 {
        let sum = self.folded();
        let (negative, mag) = sum.signed();
        let x = round_to_f64(&mag, i64::from(sum.exp));
        if negative {
            -x
        } else {
            x
        }
    }

    pub fn heap_bytes(&self) -> usize {
        8 * (self.pos.capacity() + self.neg.capacity())
    }

    /// Writes the net sum (one magnitude, the other empty), so equal sums encode equally
    /// however their terms were split between `fast`, the limbs and merges.
    pub(crate) fn encode(&self, enc: &mut Enc<'_>) {
        let sum = self.folded();
        let (negative, mag) = sum.signed();
        let empty = Vec::new();
        let (pos, neg) = if negative {
            (&empty, &mag)
        } else {
            (&mag, &empty)
        };
        enc.i32(if mag.is_empty() { 0 } else { sum.exp });
        for limbs in [pos, neg] {
            enc.len(limbs.len());
            limbs.iter().for_each(|&l| enc.u64(l));
        }
    }

    pub(crate) fn decode(dec: &mut Dec<'_>) -> Result<ExactSum> {
        let exp = dec.i32()?;
        let mut read = || -> Result<Vec<u64>> {
            let n = dec.count(8)?;
            let limbs = (0..n).map(|_| dec.u64()).collect::<Result<Vec<u64>>>()?;
            let top = i64::from(exp) + 64 * n as i64;
            if limbs.last() == Some(&0) || (n > 0 && (exp < MIN_EXP || top > MAX_TOP_BIT)) {
                return Err(invalid("exact sum out of range"));
            }
            Ok(limbs)
        };
        let (pos, neg) = (read()?, read()?);
        Ok(ExactSum {
            exp,
            pos,
            neg,
            fast: Band::default(),
            fast_exp: 0,
        })
    }
}

/// `n * Σx² - (Σx)²`, exact until one final rounding: the numerator of the variance, free of
/// the cancellation that ruins the textbook one-pass formula in floating point.
pub fn spread(n: u64, sum: &ExactSum, squares: &ExactSum) -> f64 {
    let (sum, squares) = (sum.folded(), squares.folded());
    let (_, s) = sum.signed();
    let mut square = multiply(&s, &s);
    let mut scaled = multiply(&squares.pos, &[n]);
    let (mut e_square, mut e_scaled) = (2 * i64::from(sum.exp), i64::from(squares.exp));
    // Bring both to the lower exponent; the shift is bounded by the validated exponent range.
    if e_square > e_scaled {
        shift_left(&mut square, (e_square - e_scaled) as usize);
        e_square = e_scaled;
    } else {
        shift_left(&mut scaled, (e_scaled - e_square) as usize);
        e_scaled = e_square;
    }
    debug_assert_eq!(e_square, e_scaled);
    // Cauchy–Schwarz makes this non-negative for exact inputs.
    if less(&scaled, &square) {
        return 0.0;
    }
    round_to_f64(&difference(&scaled, &square), e_square)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(xs: &[f64]) -> f64 {
        let mut s = ExactSum::default();
        xs.iter().for_each(|&x| s.add_f64(x));
        s.to_f64()
    }

    #[test]
    fn sums_are_exact_then_rounded_once() {
        assert_eq!(sum(&[0.1; 10]), 1.0);
        assert_eq!(sum(&[1e16, 1.0, -1e16]), 1.0);
        assert_eq!(sum(&[1e308, 1e308, -1e308]), 1e308);
        assert_eq!(sum(&[1e308, 1e308]), f64::INFINITY);
        assert_eq!(sum(&[-1e308, -1e308]), f64::NEG_INFINITY);
        assert_eq!(sum(&[]), 0.0);
        assert_eq!(sum(&[2.5, -2.5]), 0.0);
        assert_eq!(sum(&[-0.75]), -0.75);
        // Ties go to even: 2^53 + 1 -> 2^53, 2^53 + 3 -> 2^53 + 4.
        let two53 = 9007199254740992.0;
        assert_eq!(sum(&[two53, 1.0]), two53);
        assert_eq!(sum(&[two53, 3.0]), two53 + 4.0);
        // Just past the tie rounds up.
        assert_eq!(sum(&[two53, 1.0, 1e-300]), two53 + 2.0);
        let tiny = f64::from_bits(1);
        assert_eq!(sum(&[tiny, tiny, tiny]), f64::from_bits(3));
        assert_eq!(sum(&[f64::MIN_POSITIVE, -tiny]), f64::MIN_POSITIVE - tiny);
        assert_eq!(sum(&[1.0, 1e-320]), 1.0);
    }

    #[test]
    fn integers_and_squares() {
        let mut s = ExactSum::default();
        s.add_int(i128::from(i64::MAX));
        s.add_int(i128::from(i64::MAX));
        s.add_int(-1);
        assert_eq!(s.to_f64(), 2.0 * 9223372036854775807.0);
        let mut q = ExactSum::default();
        q.add_f64_square(3.0);
        q.add_f64_square(-0.5);
        assert_eq!(q.to_f64(), 9.25);
    }

    #[test]
    fn order_does_not_matter() {
        let xs = [1e-10, 3.3, -7.1e20, 0.1, 7.1e20, 2.2, -1e-300, 5e15];
        let forward = sum(&xs);
        let mut back: Vec<f64> = xs.to_vec();
        back.reverse();
        assert_eq!(forward.to_bits(), sum(&back).to_bits());
        let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
        xs[..3].iter().for_each(|&x| a.add_f64(x));
        xs[3..].iter().for_each(|&x| b.add_f64(x));
        b.merge(&a);
        assert_eq!(b.to_f64().to_bits(), forward.to_bits());
    }

    #[test]
    fn the_fast_band_and_the_limbs_agree() {
        // Sequential adds go through the band (and fold out of it on a far term or an
        // overflow); merging one-term sums into an empty one only ever uses the limbs.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..200 {
            let (mut banded, mut limbs) = (ExactSum::default(), ExactSum::default());
            for _ in 0..300 {
                let r = next();
                // Mostly prices and counts, sometimes far exponents and huge integers.
                let x = match r % 8 {
                    0 => {
                        f64::from_bits(next() & !(1 << 63)) * if r & 256 == 0 { 1.0 } else { -1.0 }
                    }
                    1 => (next() % 1_000_000) as f64 * 1e-9,
                    _ => {
                        (next() % 100_000) as f64 / 100.0 - if round % 2 == 0 { 0.0 } else { 400.0 }
                    }
                };
                if !x.is_finite() {
                    continue;
                }
                let mut one = ExactSum::default();
                match (r >> 8) % 3 {
                    0 => {
                        banded.add_f64(x);
                        one.add_f64(x);
                    }
                    1 => {
                        banded.add_f64_square(x);
                        one.add_f64_square(x);
                    }
                    _ => {
                        let i = (next() as i128) << (next() % 40);
                        banded.add_int(i);
                        one.add_int(i);
                    }
                }
                limbs.merge(&one);
            }
            let encode = |s: &ExactSum| {
                let mut bytes = Vec::new();
                s.encode(&mut Enc(&mut bytes));
                bytes
            };
            assert_eq!(encode(&banded), encode(&limbs), "round {round}");
            assert_eq!(banded.to_f64().to_bits(), limbs.to_f64().to_bits());
        }
    }

    #[test]
    fn spread_is_exact() {
        // Values near 1e9 with unit spread: the naive formula loses every digit here.
        let xs = [1e9 + 1.0, 1e9 + 2.0, 1e9 + 3.0, 1e9 + 4.0];
        let (mut s, mut q) = (ExactSum::default(), ExactSum::default());
        for &x in &xs {
            s.add_f64(x);
            q.add_f64_square(x);
        }
        // n·Σx² − (Σx)² = n² · population variance = 16 · 1.25.
        assert_eq!(spread(4, &s, &q), 20.0);
    }

    #[test]
    fn encoding_round_trips_and_rejects_junk() {
        let mut s = ExactSum::default();
        [0.1, -2.5e-7, 3e200].iter().for_each(|&x| s.add_f64(x));
        let mut bytes = Vec::new();
        s.encode(&mut Enc(&mut bytes));
        let decoded = ExactSum::decode(&mut Dec::raw(&bytes)).unwrap();
        assert_eq!(decoded, s);
        // A zero top limb is not canonical.
        let mut bad = Vec::new();
        let mut enc = Enc(&mut bad);
        enc.i32(0);
        enc.len(1);
        enc.u64(0);
        enc.len(0);
        assert!(ExactSum::decode(&mut Dec::raw(&bad)).is_err());
    }
}
