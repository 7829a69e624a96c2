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
    // The usual cell is bare digits: one pass both checks and sums them. No overflow: a field
    // is at most `max_field_bytes` long, far below u64::MAX / 9!.
    let mut sum = 0;
    for &b in cell {
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

#[cold]
fn with_sign_or_spaces(cell: &[u8]) -> Result<u64> {
    let (_, digits) = integer_digits(cell).ok_or_else(|| super::not_an_integer(cell))?;
    let sum = digits.iter().map(|d| FACTORIAL[(d - b'0') as usize]).sum();
    Ok(without_leading_zeros(digits, sum))
}
