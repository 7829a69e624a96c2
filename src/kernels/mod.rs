//! Column kernels: pure functions over one cell, and the prime generator.
//!
//! A kernel used by `derive` reads a cell's bytes and appends its result's text to an output
//! buffer, so a whole column is computed without allocating per row.

mod digit_factorial;
mod primes;

pub use digit_factorial::digit_factorial_sum;
pub use primes::{first_n, is_prime, Primes, MAX_FIRST_N};

use crate::error::{Error, ErrorKind, Result};
use crate::number::integer_digits;

/// The kernels a pipeline's `derive` step can call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    DigitFactorialSum,
    IsPrime,
}

impl Kernel {
    pub const ALL: [Kernel; 2] = [Kernel::DigitFactorialSum, Kernel::IsPrime];

    pub fn name(self) -> &'static str {
        match self {
            Kernel::DigitFactorialSum => "digit_factorial_sum",
            Kernel::IsPrime => "is_prime",
        }
    }

    pub fn from_name(name: &str) -> Option<Kernel> {
        Kernel::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Computes the kernel on `cell` and appends the result's text to `out`.
    pub fn apply(self, cell: &[u8], out: &mut Vec<u8>) -> Result<()> {
        match self {
            Kernel::DigitFactorialSum => push_u64(out, digit_factorial_sum(cell)?),
            Kernel::IsPrime => out.extend_from_slice(if is_prime_cell(cell)? {
                b"true"
            } else {
                b"false"
            }),
        }
        Ok(())
    }
}

/// `is_prime` on a cell: integers below 2 (negatives included) are not prime; integers above
/// `u64::MAX` are out of range.
pub(crate) fn is_prime_cell(cell: &[u8]) -> Result<bool> {
    let (negative, digits) = integer_digits(cell).ok_or_else(|| not_an_integer(cell))?;
    if negative {
        return Ok(false);
    }
    let value = std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
        .ok_or_else(|| Error::plain(ErrorKind::InvalidNumber, "value is larger than 2^64 - 1"))?;
    Ok(is_prime(value))
}

pub(crate) fn not_an_integer(cell: &[u8]) -> Error {
    let shown = String::from_utf8_lossy(&cell[..cell.len().min(40)]).into_owned();
    Error::plain(
        ErrorKind::InvalidNumber,
        format!("{shown:?} is not an integer"),
    )
}

/// Appends an integer's digits without going through the formatter (the hot path of
/// `derive`).
pub(crate) fn push_u64(out: &mut Vec<u8>, value: u64) {
    // The digits are written straight into the vector's spare room, last ones first, four per
    // division then pairs from a table: a short copy of a variable size (or a `resize`) is a
    // call to memcpy or memset, which costs more than the digits themselves.
    let count = decimal_digits(value);
    out.reserve(count);
    let start = out.len();
    let mut rest = value;
    // SAFETY: `count` bytes after the length were reserved. `count` is exactly the number of
    // digits of `value` (see `decimal_digits`), and each step below writes the lowest digits
    // left, just before the ones already written, moving `end` down by as many: the last step
    // leaves `end` at the first spare byte, so exactly those `count` bytes are written.
    unsafe {
        let first = out.as_mut_ptr().add(start);
        let mut end = first.add(count);
        while rest >= 10_000 {
            let four = (rest % 10_000) as usize;
            rest /= 10_000;
            end = end.sub(4);
            end.cast::<[u8; 2]>()
                .write_unaligned(DIGIT_PAIRS[four / 100]);
            end.add(2)
                .cast::<[u8; 2]>()
                .write_unaligned(DIGIT_PAIRS[four % 100]);
        }
        let mut rest = rest as usize; // below 10_000
        if rest >= 100 {
            end = end.sub(2);
            end.cast::<[u8; 2]>()
                .write_unaligned(DIGIT_PAIRS[rest % 100]);
            rest /= 100;
        }
        if rest >= 10 {
            end = end.sub(2);
            end.cast::<[u8; 2]>().write_unaligned(DIGIT_PAIRS[rest]);
        } else {
            end = end.sub(1);
            end.write(b'0' + rest as u8);
        }
        debug_assert_eq!(end, first);
        out.set_len(start + count);
    }
}

/// `00` to `99`.
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut pairs = [[0; 2]; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    pairs
};

/// How many decimal digits `value` has (1 for 0), without a loop: `log2 * 1233 / 4096` is
/// `log10` or one less (1233 / 4096 is just above log10(2)), and one comparison settles it.
#[inline]
fn decimal_digits(value: u64) -> usize {
    const POWERS: [u64; 20] = {
        let mut powers = [1u64; 20];
        let mut i = 1;
        while i < 20 {
            powers[i] = powers[i - 1] * 10;
            i += 1;
        }
        powers
    };
    let log2 = 63 - (value | 1).leading_zeros() as usize;
    let guess = (log2 * 1233) >> 12; // at most 18
    guess + 1 + usize::from(value >= POWERS[guess + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_u64_writes_every_digit_count() {
        let mut out = b"x".to_vec();
        for value in [
            0,
            7,
            9,
            10,
            99,
            100,
            1234567,
            u64::MAX,
            i64::MIN.unsigned_abs(),
        ] {
            out.truncate(1);
            push_u64(&mut out, value);
            assert_eq!(out, format!("x{value}").as_bytes());
        }
        // Every power of ten and its neighbours, where the digit count changes.
        for digits in 1..=19 {
            let power = 10u64.pow(digits);
            for value in [
                power - 1,
                power,
                power + 1,
                power / 2,
                power.saturating_mul(2) - 1,
            ] {
                out.truncate(1);
                push_u64(&mut out, value);
                assert_eq!(out, format!("x{value}").as_bytes());
            }
        }
        for shift in 0..64 {
            for value in [1u64 << shift, (1u64 << shift) - 1, u64::MAX >> shift] {
                assert_eq!(decimal_digits(value), value.to_string().len());
            }
        }
    }

    #[test]
    fn apply_writes_text() {
        let mut out = Vec::new();
        Kernel::DigitFactorialSum.apply(b"145", &mut out).unwrap();
        out.push(b' ');
        Kernel::IsPrime.apply(b" 97 ", &mut out).unwrap();
        out.push(b' ');
        Kernel::IsPrime.apply(b"-7", &mut out).unwrap();
        assert_eq!(out, b"145 true false");
        let err = Kernel::IsPrime
            .apply(b"18446744073709551616", &mut out)
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidNumber);
    }
}
