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
pub(crate) fn push_u64(out: &mut Vec<u8>, mut value: u64) {
    // The digits are written straight into the vector's spare room: a short copy of a
    // variable size (or a `resize`) is a call to memcpy or memset, which costs more than the
    // digits themselves.
    let count = value.checked_ilog10().unwrap_or(0) as usize + 1;
    out.reserve(count);
    let spare = &mut out.spare_capacity_mut()[..count];
    for slot in spare.iter_mut().rev() {
        slot.write(b'0' + (value % 10) as u8);
        value /= 10;
    }
    // SAFETY: the `count` bytes after the length were reserved and have just been written.
    unsafe { out.set_len(out.len() + count) };
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
