//! Eight bytes at a time in a `u64`, for targets without SIMD and for short fields: the reader,
//! the writer and the kernels search bytes this way.

pub const ONES: u64 = 0x0101_0101_0101_0101;

/// 0x80 in each byte of `word` that equals the same byte of `pattern`, exactly (no borrow
/// between bytes, unlike the shorter `(x - 1) & !x` test).
#[inline]
pub fn equal(word: u64, pattern: u64) -> u64 {
    let x = word ^ pattern;
    !(((x & !(ONES * 0x80)).wrapping_add(ONES * 0x7F)) | x | (ONES * 0x7F))
}

/// `bytes` (exactly eight) as a little-endian word.
#[inline]
pub fn word(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(bytes);
    u64::from_le_bytes(eight)
}
