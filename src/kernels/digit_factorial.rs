use crate::error::Result;
use crate::number::integer_digits;

const FACTORIAL: [u64; 10] = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880];

/// The sum of the factorials of the decimal digits of an integer, computed on its text so any
/// length works. Surrounding ASCII spaces and a leading `+`/`-` are ignored, and so are leading
/// zeros: they are not digits of the integer (the seed's `str(abs(int(value)))` drops them).
///
/// ```
/// use csv_kernels::digit_factorial_sum;
/// assert_eq!(digit_factorial_sum("145").unwrap(), 1 + 24 + 120);
/// assert_eq!(digit_factorial_sum("0145").unwrap(), 1 + 24 + 120);
/// assert_eq!(digit_factorial_sum(" -0 ").unwrap(), 1);
/// assert_eq!(digit_factorial_sum("000").unwrap(), 1);
/// assert_eq!(digit_factorial_sum("99999999999999999999").unwrap(), 20 * 362880);
/// assert_eq!(digit_factorial_sum("1.5").unwrap_err().kind.name(), "invalid_number");
/// ```
pub fn digit_factorial_sum(value: impl AsRef<[u8]>) -> Result<u64> {
    let cell = value.as_ref();
    // The usual cell is bare digits: one pass both checks and sums them, eight digits at a
    // time while eight are left. No overflow: a field is at most `max_field_bytes` long, far
    // below u64::MAX / 9!.
    let mut sum = 0;
    let mut words = cell.chunks_exact(8);
    for eight in &mut words {
        let w = crate::swar::word(eight);
        match eight_digits(w) {
            Some(s) => sum += s,
            None => return with_sign_or_spaces(cell),
        }
    }
    for &b in words.remainder() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return with_sign_or_spaces(cell);
        }
        sum += FACTORIAL[digit as usize];
    }
    if cell.is_empty() {
        return Err(super::not_an_integer(cell));
    }
    if cell[0] == b'0' {
        return Ok(without_leading_zeros(cell, sum));
    }
    Ok(sum)
}

/// `sum` over `digits` less the leading zeros' (each 0! = 1), keeping one zero for zero.
fn without_leading_zeros(digits: &[u8], sum: u64) -> u64 {
    let zeros = digits.iter().take_while(|&&d| d == b'0').count();
    sum - zeros.min(digits.len() - 1) as u64
}

/// The sum of the factorials of the eight bytes of `w`, if each is an ASCII digit.
#[inline]
fn eight_digits(w: u64) -> Option<u64> {
    const ONES: u64 = crate::swar::ONES;
    // Each byte is 0x30..=0x3F, and stays below 0x40 with 6 added: 0x30..=0x39. The first
    // test keeps the addition from carrying between bytes.
    let high = ONES * 0xF0;
    if w & high != ONES * 0x30 || w.wrapping_add(ONES * 6) & high != ONES * 0x30 {
        return None;
    }
    // Two digits' values side by side in one byte, looked up as a pair.
    let low = w & (ONES * 0x0F);
    let pairs = low | (low >> 4);
    let pair = |shift: u32| u64::from(PAIR_SUMS[(pairs >> shift) as usize & 0xFF]);
    Some(pair(0) + pair(16) + pair(32) + pair(48))
}

/// `FACTORIAL[i & 15] + FACTORIAL[i >> 4]` for two digits packed as nibbles (other entries
/// unused).
const PAIR_SUMS: [u32; 256] = {
    let mut sums = [0; 256];
    let mut i = 0;
    while i < 256 {
        let (a, b) = (i & 15, i >> 4);
        if a < 10 && b < 10 {
            sums[i] = (FACTORIAL[a] + FACTORIAL[b]) as u32;
        }
        i += 1;
    }
    sums
};

#[cold]
fn with_sign_or_spaces(cell: &[u8]) -> Result<u64> {
    let (_, digits) = integer_digits(cell).ok_or_else(|| super::not_an_integer(cell))?;
    let sum = digits.iter().map(|d| FACTORIAL[(d - b'0') as usize]).sum();
    Ok(without_leading_zeros(digits, sum))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every length around the eight-digit words, every digit in every place, and a non-digit
    /// in every place of a word (the bytes next to '0' and '9', and ones that would carry).
    #[test]
    fn words_of_digits_sum_like_digit_by_digit() {
        let one_by_one = |t: &[u8]| {
            let sum = t.iter().map(|d| FACTORIAL[(d - b'0') as usize]).sum();
            without_leading_zeros(t, sum)
        };
        for len in 1..20 {
            for digit in b'0'..=b'9' {
                for at in 0..len {
                    let mut text = vec![b'7'; len];
                    text[at] = digit;
                    assert_eq!(digit_factorial_sum(&text).unwrap(), one_by_one(&text));
                }
            }
            for bad in [b'/', b':', b'?', b'@', 0x3F, 0xFF, 0x39 + 0x80, b' ', b'a'] {
                for at in 0..len {
                    let mut text = vec![b'9'; len];
                    text[at] = bad;
                    let err = digit_factorial_sum(&text);
                    let allowed = bad == b' ' && (at == 0 || at == len - 1) && len > 1;
                    assert_eq!(err.is_ok(), allowed, "{text:?}");
                }
            }
        }
    }
}
