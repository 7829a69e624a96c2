//! Finding structural bytes many at a time. Each 64-byte block of input becomes two bit masks
//! (bit `i` set when byte `i` of the block matters), so the reader's state machine jumps from one
//! structural byte to the next instead of looking at every byte:
//!
//! - `unquoted`: the delimiter, CR, LF and NUL (what ends or flags an unquoted field);
//! - `quoted`: the quote, CR, LF and NUL (what ends a quoted field or moves the line count).
//!
//! The same masks come from SSE2 or AVX2 (chosen at run time) on x86_64, NEON on aarch64,
//! `simd128` on wasm32 when the build enables it, and a portable 8-bytes-at-a-time (SWAR) path
//! everywhere else; tests hold every path to the byte-by-byte definition.

/// Bytes per block, one bit each in a `u64`.
pub const BLOCK: usize = 64;

/// The structural bits of one block.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Masks {
    pub unquoted: u64,
    pub quoted: u64,
}

/// Which implementation classifies full blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// Eight bytes at a time in a `u64`: every target.
    Swar,
    #[cfg(target_arch = "x86_64")]
    Sse2,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "aarch64")]
    Neon,
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Simd128,
}

impl Path {
    /// The fastest path this machine runs.
    pub fn detect() -> Path {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                return Path::Avx2;
            }
            Path::Sse2
        }
        #[cfg(target_arch = "aarch64")]
        {
            Path::Neon
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        {
            Path::Simd128
        }
        #[cfg(not(any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            all(target_arch = "wasm32", target_feature = "simd128")
        )))]
        {
            Path::Swar
        }
    }

    /// Every path this machine can run, for tests that hold them to each other.
    pub fn all_available() -> Vec<Path> {
        let mut paths = vec![Path::Swar];
        #[cfg(target_arch = "x86_64")]
        {
            paths.push(Path::Sse2);
            if std::arch::is_x86_feature_detected!("avx2") {
                paths.push(Path::Avx2);
            }
        }
        #[cfg(target_arch = "aarch64")]
        paths.push(Path::Neon);
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        paths.push(Path::Simd128);
        paths
    }
}

/// Classifies input for one delimiter and quote.
#[derive(Clone, Copy, Debug)]
pub struct Classifier {
    delimiter: u8,
    quote: u8,
    path: Path,
}

impl Classifier {
    pub fn new(delimiter: u8, quote: u8, path: Path) -> Classifier {
        Classifier {
            delimiter,
            quote,
            path,
        }
    }

    pub fn path(&self) -> Path {
        self.path
    }

    /// Replaces `out` with the masks of `bytes`, block by block from its first byte; the last
    /// block may be partial (its missing bytes are not structural).
    pub fn classify(&self, bytes: &[u8], out: &mut Vec<Masks>) {
        let full = bytes.len() / BLOCK;
        out.clear();
        out.resize(bytes.len().div_ceil(BLOCK), Masks::default());
        let blocks = bytes.chunks_exact(BLOCK).zip(out[..full].iter_mut());
        match self.path {
            Path::Swar => blocks.for_each(|(b, m)| *m = self.swar(b)),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: SSE2 is part of the x86_64 baseline.
            Path::Sse2 => blocks.for_each(|(b, m)| *m = unsafe { self.sse2(b) }),
            #[cfg(target_arch = "x86_64")]
            Path::Avx2 => {
                // SAFETY: `Path::Avx2` is only chosen after `is_x86_feature_detected!("avx2")`.
                unsafe { self.avx2_blocks(&bytes[..full * BLOCK], &mut out[..full]) }
            }
            #[cfg(target_arch = "aarch64")]
            // SAFETY: NEON is part of the aarch64 baseline.
            Path::Neon => blocks.for_each(|(b, m)| *m = unsafe { self.neon(b) }),
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            Path::Simd128 => blocks.for_each(|(b, m)| *m = self.simd128(b)),
        }
        let rest = &bytes[full * BLOCK..];
        if !rest.is_empty() {
            let mut padded = [0xFFu8; BLOCK]; // 0xFF is never structural: both bytes are ASCII
            padded[..rest.len()].copy_from_slice(rest);
            let mut masks = self.swar(&padded);
            let keep = (1u64 << rest.len()) - 1;
            masks.unquoted &= keep;
            masks.quoted &= keep;
            out[full] = masks;
        }
    }

    /// The definition every path must meet, one byte at a time.
    pub fn reference(&self, block: &[u8]) -> Masks {
        let mut m = Masks::default();
        for (i, &b) in block.iter().enumerate() {
            let line = b == b'\r' || b == b'\n' || b == 0;
            if line || b == self.delimiter {
                m.unquoted |= 1 << i;
            }
            if line || b == self.quote {
                m.quoted |= 1 << i;
            }
        }
        m
    }

    fn swar(&self, block: &[u8]) -> Masks {
        use crate::swar::{equal, ONES};
        // The top bit of each byte gathered into the low 8 bits.
        fn gather(high: u64) -> u64 {
            ((high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
        }
        let (delimiter, quote) = (ONES * self.delimiter as u64, ONES * self.quote as u64);
        let mut m = Masks::default();
        for (k, eight) in block.chunks_exact(8).enumerate() {
            let word = crate::swar::word(eight);
            let line = equal(word, ONES * b'\r' as u64)
                | equal(word, ONES * b'\n' as u64)
                | equal(word, 0);
            m.unquoted |= gather(line | equal(word, delimiter)) << (8 * k);
            m.quoted |= gather(line | equal(word, quote)) << (8 * k);
        }
        m
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    unsafe fn sse2(&self, block: &[u8]) -> Masks {
        use std::arch::x86_64::*;
        let splat = |b: u8| _mm_set1_epi8(b as i8);
        let (cr, lf, nul) = (splat(b'\r'), splat(b'\n'), _mm_setzero_si128());
        let (delimiter, quote) = (splat(self.delimiter), splat(self.quote));
        let mut m = Masks::default();
        for k in 0..4 {
            // SAFETY: `block` holds 64 bytes, so 16 from `16 * k` are in bounds.
            let v = _mm_loadu_si128(block.as_ptr().add(16 * k) as *const __m128i);
            let line = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, lf)),
                _mm_cmpeq_epi8(v, nul),
            );
            let u = _mm_movemask_epi8(_mm_or_si128(line, _mm_cmpeq_epi8(v, delimiter)));
            let q = _mm_movemask_epi8(_mm_or_si128(line, _mm_cmpeq_epi8(v, quote)));
            m.unquoted |= (u as u16 as u64) << (16 * k);
            m.quoted |= (q as u16 as u64) << (16 * k);
        }
        m
    }

    /// The whole loop lives inside the AVX2 function so the compiler inlines it there.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn avx2_blocks(&self, bytes: &[u8], out: &mut [Masks]) {
        use std::arch::x86_64::*;
        // No closures here: a closure does not inherit `target_feature`, and 256-bit values
        // passed through one are moved byte by byte.
        let cr = _mm256_set1_epi8(b'\r' as i8);
        let lf = _mm256_set1_epi8(b'\n' as i8);
        let nul = _mm256_setzero_si256();
        let delimiter = _mm256_set1_epi8(self.delimiter as i8);
        let quote = _mm256_set1_epi8(self.quote as i8);
        for (n, slot) in out.iter_mut().enumerate() {
            let block = bytes.as_ptr().add(n * BLOCK);
            let mut m = Masks::default();
            for k in 0..2 {
                // SAFETY: `bytes` holds `out.len()` whole blocks, so 32 bytes from here exist.
                let v = _mm256_loadu_si256(block.add(32 * k) as *const __m256i);
                let line = _mm256_or_si256(
                    _mm256_or_si256(_mm256_cmpeq_epi8(v, cr), _mm256_cmpeq_epi8(v, lf)),
                    _mm256_cmpeq_epi8(v, nul),
                );
                let u =
                    _mm256_movemask_epi8(_mm256_or_si256(line, _mm256_cmpeq_epi8(v, delimiter)));
                let q = _mm256_movemask_epi8(_mm256_or_si256(line, _mm256_cmpeq_epi8(v, quote)));
                m.unquoted |= (u as u32 as u64) << (32 * k);
                m.quoted |= (q as u32 as u64) << (32 * k);
            }
            *slot = m;
        }
    }

    #[cfg(target_arch = "aarch64")]
    #[target_feature(enable = "neon")]
    unsafe fn neon(&self, block: &[u8]) -> Masks {
        use std::arch::aarch64::*;
        // NEON has no movemask: keep one distinct bit per byte lane, then add lanes pairwise
        // until the 64 lanes of four vectors fold into 8 bytes, one bit per input byte.
        const WEIGHTS: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];
        let weights = vld1q_u8(WEIGHTS.as_ptr());
        let (cr, lf, nul) = (vdupq_n_u8(b'\r'), vdupq_n_u8(b'\n'), vdupq_n_u8(0));
        let (delimiter, quote) = (vdupq_n_u8(self.delimiter), vdupq_n_u8(self.quote));
        let mut u = [vdupq_n_u8(0); 4];
        let mut q = [vdupq_n_u8(0); 4];
        for k in 0..4 {
            // SAFETY: `block` holds 64 bytes, so 16 from `16 * k` are in bounds.
            let v = vld1q_u8(block.as_ptr().add(16 * k));
            let line = vorrq_u8(vorrq_u8(vceqq_u8(v, cr), vceqq_u8(v, lf)), vceqq_u8(v, nul));
            u[k] = vandq_u8(vorrq_u8(line, vceqq_u8(v, delimiter)), weights);
            q[k] = vandq_u8(vorrq_u8(line, vceqq_u8(v, quote)), weights);
        }
        let fold = |x: [uint8x16_t; 4]| {
            let ab = vpaddq_u8(x[0], x[1]);
            let cd = vpaddq_u8(x[2], x[3]);
            let abcd = vpaddq_u8(ab, cd);
            let folded = vpaddq_u8(abcd, abcd);
            vgetq_lane_u64::<0>(vreinterpretq_u64_u8(folded))
        };
        Masks {
            unquoted: fold(u),
            quoted: fold(q),
        }
    }

    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn simd128(&self, block: &[u8]) -> Masks {
        use std::arch::wasm32::*;
        let (cr, lf, nul) = (u8x16_splat(b'\r'), u8x16_splat(b'\n'), u8x16_splat(0));
        let (delimiter, quote) = (u8x16_splat(self.delimiter), u8x16_splat(self.quote));
        let mut m = Masks::default();
        for k in 0..4 {
            // SAFETY: `block` holds 64 bytes, so 16 from `16 * k` are in bounds; wasm loads
            // need no alignment.
            let v = unsafe { v128_load(block.as_ptr().add(16 * k) as *const v128) };
            let line = v128_or(v128_or(u8x16_eq(v, cr), u8x16_eq(v, lf)), u8x16_eq(v, nul));
            let u = u8x16_bitmask(v128_or(line, u8x16_eq(v, delimiter)));
            let q = u8x16_bitmask(v128_or(line, u8x16_eq(v, quote)));
            m.unquoted |= (u as u64) << (16 * k);
            m.quoted |= (q as u64) << (16 * k);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_meets_the_definition() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let alphabet = b",;\"'\r\n\0a\xff\x80 x";
        for (delimiter, quote) in [(b',', b'"'), (b';', b'\''), (b'\t', b'"'), (0xFF, 0x80)] {
            for len in [0, 1, 7, 8, 63, 64, 65, 127, 128, 200] {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        alphabet[(seed % alphabet.len() as u64) as usize]
                    })
                    .collect();
                let want: Vec<Masks> = bytes
                    .chunks(BLOCK)
                    .map(|b| Classifier::new(delimiter, quote, Path::Swar).reference(b))
                    .collect();
                for path in Path::all_available() {
                    let mut got = Vec::new();
                    Classifier::new(delimiter, quote, path).classify(&bytes, &mut got);
                    assert_eq!(got, want, "{path:?} len {len}");
                }
            }
        }
    }
}
