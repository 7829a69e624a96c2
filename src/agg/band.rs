//! The fast band of an exact sum ([`super::exact::ExactSum`]): a 256-bit two's-complement
//! integer. A term of up to [`TERM_BITS`] bits (after its shift) goes in with two adds and a
//! carry; the exact square of a double's 53-bit mantissa is 106 bits, so a column of prices
//! sums its squares here too, not only its values.

/// The widest shifted term the band takes: the other 55 bits are room for at least 2^54 of
/// the largest terms before an add can overflow (which is checked all the same).
pub(super) const TERM_BITS: u32 = 200;

/// `hi * 2^128 + lo`, kept as 64-bit words so an `ExactSum` is not padded to 16-byte
/// alignment (a variance state holds two and must stay within `State`'s inline size).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Band {
    words: [u64; 4],
}

/// `m << shift` as `(high 128 bits, low 128 bits)`, for `shift < 256`.
fn shifted(m: u128, shift: u32) -> (u128, u128) {
    match shift {
        0 => (0, m),
        1..=127 => (m >> (128 - shift), m << shift),
        _ => (m << (shift - 128), 0),
    }
}

impl Band {
    fn get(&self) -> (i128, u128) {
        let [a, b, c, d] = self.words.map(u128::from);
        (((d << 64) | c) as i128, (b << 64) | a)
    }

    fn set(&mut self, hi: i128, lo: u128) {
        let hi = hi as u128;
        self.words = [lo as u64, (lo >> 64) as u64, hi as u64, (hi >> 64) as u64];
    }

    pub fn is_zero(&self) -> bool {
        self.words == [0; 4]
    }

    /// The sign and the magnitude as four little-endian limbs.
    pub fn magnitude(&self) -> (bool, [u64; 4]) {
        let (hi, mut lo) = self.get();
        let (negative, mut hi) = (hi < 0, hi as u128);
        if negative {
            lo = (!lo).wrapping_add(1);
            hi = (!hi).wrapping_add(u128::from(lo == 0));
        }
        let limbs = [lo as u64, (lo >> 64) as u64, hi as u64, (hi >> 64) as u64];
        (negative, limbs)
    }

    /// How many bits the magnitude can move left and still fit.
    pub fn headroom(&self) -> u32 {
        let (_, limbs) = self.magnitude();
        let mut zeros = 0;
        for &limb in limbs.iter().rev() {
            zeros += limb.leading_zeros();
            if limb != 0 {
                break;
            }
        }
        zeros
    }

    /// Multiplies by `2^by`; the caller checked [`headroom`](Self::headroom).
    pub fn shift_left(&mut self, by: u32) {
        let (hi, lo) = self.get();
        let (hi, lo) = (hi as u128, lo);
        let (hi, lo) = match by {
            0 => (hi, lo),
            1..=127 => ((hi << by) | (lo >> (128 - by)), lo << by),
            128..=255 => (lo << (by - 128), 0),
            _ => (0, 0),
        };
        self.set(hi as i128, lo);
    }

    /// Adds `±(m << shift)`, which must be under `2^TERM_BITS`. False, and the band unchanged,
    /// when the sum would not fit.
    pub fn try_add(&mut self, negative: bool, m: u128, shift: u32) -> bool {
        let (t_hi, t_lo) = shifted(m, shift);
        // Under 2^TERM_BITS, the high half is under 2^72 and converts exactly.
        let t_hi = t_hi as i128;
        let (hi, lo) = self.get();
        let next = if negative {
            let (lo, borrow) = lo.overflowing_sub(t_lo);
            (hi.checked_sub(t_hi))
                .and_then(|h| h.checked_sub(i128::from(borrow)))
                .map(|hi| (hi, lo))
        } else {
            let (lo, carry) = lo.overflowing_add(t_lo);
            (hi.checked_add(t_hi))
                .and_then(|h| h.checked_add(i128::from(carry)))
                .map(|hi| (hi, lo))
        };
        match next {
            Some((hi, lo)) => {
                self.set(hi, lo);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(terms: &[(bool, u128, u32)]) -> Band {
        let mut b = Band::default();
        for &(negative, m, shift) in terms {
            assert!(b.try_add(negative, m, shift));
        }
        b
    }

    #[test]
    fn adds_carry_and_borrow_across_the_halves() {
        let b = band(&[(false, u128::MAX, 0), (false, 1, 0)]);
        assert_eq!(b.magnitude(), (false, [0, 0, 1, 0]));
        let b = band(&[(true, 1, 0)]);
        assert_eq!(b.magnitude(), (true, [1, 0, 0, 0]));
        let b = band(&[(false, 1, 130), (true, 1, 0)]);
        assert_eq!(b.magnitude(), (false, [u64::MAX, u64::MAX, 3, 0]));
        let b = band(&[(true, 1, 130), (false, 1, 0)]);
        assert_eq!(b.magnitude(), (true, [u64::MAX, u64::MAX, 3, 0]));
        assert!(band(&[(false, 5, 199), (true, 5, 199)]).is_zero());
    }

    #[test]
    fn shifts_and_headroom_follow_the_magnitude() {
        let mut b = band(&[(true, 3, 0)]);
        assert_eq!(b.headroom(), 254);
        b.shift_left(200);
        assert_eq!(b.magnitude(), (true, [0, 0, 0, 3 << 8]));
        assert_eq!(b.headroom(), 54);
        let mut b = band(&[(false, 1, 64)]);
        b.shift_left(64);
        assert_eq!(b.magnitude(), (false, [0, 0, 1, 0]));
    }

    #[test]
    fn refuses_an_overflow_and_stays_unchanged() {
        let top = (1u128 << 72) - 1;
        for negative in [false, true] {
            let mut b = band(&[(negative, top, 128)]);
            b.shift_left(55);
            assert_eq!(b.headroom(), 1);
            let before = b;
            assert!(!b.try_add(negative, top, 128));
            assert_eq!(b, before);
            assert!(b.try_add(!negative, top, 128));
        }
    }
}
