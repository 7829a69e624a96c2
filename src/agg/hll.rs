//! `approx_count_distinct`: HyperLogLog with a fixed hash, so sketches built by any runtime
//! merge.
//!
//! - Hash: [`hash_bytes`], written here (64-bit, seeded with a constant, integer operations
//!   only) over a value's canonical key, so every platform hashes every value alike. A crate
//!   would add a dependency to a core that has none, for twenty lines.
//! - Precision 14: 16384 one-byte registers, a standard error of `1.04 / sqrt(16384)` ≈ 0.81%.
//! - Small sets stay exact: up to [`HLL_SPARSE_LIMIT`] distinct hashes are kept as a set and
//!   counted, so a group with a few values costs a few words, not 16 KB. Past the limit the
//!   set turns into registers. Whether a state ends up sparse depends only on the union of
//!   everything it saw, so any merge order gives the same state.
//! - Estimate: Ertl's improved raw estimator ("New cardinality estimation algorithms for
//!   HyperLogLog sketches", 2017), accurate across the whole range without bias tables, and
//!   built from `+ * / sqrt` only, which IEEE rounds the same everywhere.

use crate::hash::HashSet;

use super::codec::{invalid, Dec, Enc};
use super::keyed::value_key;
use super::{AggKind, AggState, Pos};
use crate::value::Value;
use crate::Result;

/// Index bits of the hash: 2^14 registers.
pub const HLL_PRECISION: u32 = 14;
const REGISTERS: usize = 1 << HLL_PRECISION;
/// Hash bits left after the index; a register holds at most this plus one.
const TAIL_BITS: u32 = 64 - HLL_PRECISION;
/// Up to this many distinct hashes the state is an exact set (as many bytes as the registers).
pub const HLL_SPARSE_LIMIT: usize = 2048;

const SEED: u64 = 0x243f_6a88_85a3_08d3; // the first hexadecimal digits of pi
const PRIME: u64 = 0x9e37_79b9_7f4a_7c15;

/// Murmur3's 64-bit finalizer: every input bit moves every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The aggregate hash, version 1: 8-byte little-endian words (the last one zero-padded) folded
/// through [`mix`], then the length. Part of the state format: changing it needs a new
/// format version.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    mix(fold_words(SEED, bytes) ^ bytes.len() as u64)
}

fn fold_word(h: u64, word: u64) -> u64 {
    (h ^ mix(word)).rotate_left(27).wrapping_mul(PRIME)
}

/// Folds `bytes` in 8-byte words, the last one zero-padded.
fn fold_words(mut h: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        h = fold_word(h, u64::from_le_bytes(word.try_into().unwrap_or([0; 8])));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = fold_word(h, u64::from_le_bytes(word));
    }
    h
}

/// `hash_bytes` of a text value's key (tag 4, the u32 length, the bytes; see `value_key`)
/// without writing the key out: its first word holds the five bytes before the text.
fn hash_text_key(text: &[u8], len: u32) -> u64 {
    let len = len.to_le_bytes();
    let mut first = [4, len[0], len[1], len[2], len[3], 0, 0, 0];
    let head = text.len().min(3);
    first[5..5 + head].copy_from_slice(&text[..head]);
    let h = fold_words(fold_word(SEED, u64::from_le_bytes(first)), &text[head..]);
    mix(h ^ (5 + text.len()) as u64)
}

/// The hash of a value, over its canonical key (see `count_distinct`).
pub fn hash_value(value: &Value<'_>) -> u64 {
    if let Value::Text(text) = value {
        if let Ok(len) = u32::try_from(text.len()) {
            return hash_text_key(text.as_bytes(), len);
        }
    }
    hash_bytes(&value_key(value))
}

/// Where a hash lands: its register and the rank of its first one bit after the index.
fn register_of(hash: u64) -> (usize, u8) {
    let index = (hash >> TAIL_BITS) as usize;
    let tail = hash << HLL_PRECISION;
    let rank = tail.leading_zeros().min(TAIL_BITS) + 1;
    (index, rank as u8)
}

#[derive(Clone, Debug, PartialEq)]
enum Sketch {
    Sparse(HashSet<u64>),
    Dense(Box<[u8]>),
}

/// State of `approx_count_distinct(x)`.
#[derive(Clone, Debug, PartialEq)]
pub struct HllState(Sketch);

impl Default for HllState {
    fn default() -> Self {
        HllState(Sketch::Sparse(HashSet::default()))
    }
}

impl HllState {
    pub fn new() -> HllState {
        HllState::default()
    }

    /// Adds a text value exactly as `update` would, without putting its key on the heap when
    /// the text is short: the profile sends every cell of a column through here.
    pub fn add_text(&mut self, text: &str) {
        self.add_text_bytes(text.as_bytes())
    }

    /// [`add_text`](Self::add_text) of text the caller knows is UTF-8 (the profile's cells,
    /// which the reader checked), without checking it again.
    pub fn add_text_bytes(&mut self, text: &[u8]) {
        match u32::try_from(text.len()) {
            Ok(len) => self.add_hash(hash_text_key(text, len)),
            Err(_) => self.add_hash(hash_value(&Value::Text(String::from_utf8_lossy(text)))),
        }
    }

    fn add_hash(&mut self, hash: u64) {
        match &mut self.0 {
            Sketch::Sparse(set) => {
                set.insert(hash);
                if set.len() > HLL_SPARSE_LIMIT {
                    let mut registers = vec![0u8; REGISTERS].into_boxed_slice();
                    set.iter().for_each(|&h| raise(&mut registers, h));
                    self.0 = Sketch::Dense(registers);
                }
            }
            Sketch::Dense(registers) => raise(registers, hash),
        }
    }
}

fn raise(registers: &mut [u8], hash: u64) {
    let (index, rank) = register_of(hash);
    registers[index] = registers[index].max(rank);
}

/// σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k-1), the correction for empty registers.
fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let (mut y, mut z) = (1.0, x);
    loop {
        x *= x;
        let before = z;
        z += x * y;
        y += y;
        if z == before {
            return z;
        }
    }
}

/// τ(x) = (1 - x - Σ_{k≥1} (1 - x^(2^-k))² 2^-k) / 3, the correction for saturated registers.
fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let (mut y, mut z) = (1.0, 1.0 - x);
    loop {
        x = x.sqrt();
        let before = z;
        y *= 0.5;
        z -= (1.0 - x) * (1.0 - x) * y;
        if z == before {
            return z / 3.0;
        }
    }
}

/// Ertl's improved raw estimate from the register histogram.
fn estimate(registers: &[u8]) -> f64 {
    let mut histogram = [0u32; TAIL_BITS as usize + 2];
    registers
        .iter()
        .for_each(|&r| histogram[usize::from(r)] += 1);
    let m = REGISTERS as f64;
    let q = TAIL_BITS as usize;
    let mut z = m * tau(1.0 - f64::from(histogram[q + 1]) / m);
    for k in (1..=q).rev() {
        z = 0.5 * (z + f64::from(histogram[k]));
    }
    z += m * sigma(f64::from(histogram[0]) / m);
    // α∞ = 1 / (2 ln 2), written out so no runtime's logarithm is involved.
    const ALPHA_INF: f64 = 0.721_347_520_444_481_7;
    ALPHA_INF * m * m / z
}

impl AggState for HllState {
    fn update(&mut self, value: &Value<'_>, _at: Pos) -> Result<()> {
        if !value.is_null() {
            self.add_hash(hash_value(value));
        }
        Ok(())
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        match &other.0 {
            Sketch::Sparse(set) => set.iter().for_each(|&h| self.add_hash(h)),
            Sketch::Dense(theirs) => {
                if let Sketch::Sparse(set) = &self.0 {
                    let mut registers = theirs.clone();
                    set.iter().for_each(|&h| raise(&mut registers, h));
                    self.0 = Sketch::Dense(registers);
                } else if let Sketch::Dense(mine) = &mut self.0 {
                    mine.iter_mut()
                        .zip(theirs.iter())
                        .for_each(|(a, &b)| *a = (*a).max(b));
                }
            }
        }
        Ok(())
    }

    fn finalize(&self) -> Result<Value<'static>> {
        let n = match &self.0 {
            Sketch::Sparse(set) => set.len() as i64,
            Sketch::Dense(registers) => estimate(registers).round() as i64,
        };
        Ok(Value::Int(n))
    }

    fn encode(&self, out: &mut Vec<u8>) {
        let mut enc = Enc::header(out, AggKind::ApproxCountDistinct);
        match &self.0 {
            Sketch::Sparse(set) => {
                enc.u8(0);
                let mut hashes: Vec<u64> = set.iter().copied().collect();
                hashes.sort_unstable();
                enc.len(hashes.len());
                hashes.iter().for_each(|&h| enc.u64(h));
            }
            Sketch::Dense(registers) => {
                enc.u8(1);
                registers.iter().for_each(|&r| enc.u8(r));
            }
        }
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        let (mut dec, _) = Dec::header(bytes, &[AggKind::ApproxCountDistinct])?;
        let sketch = match dec.u8()? {
            0 => {
                let n = dec.count(8)?;
                let hashes = (0..n).map(|_| dec.u64()).collect::<Result<Vec<u64>>>()?;
                if n > HLL_SPARSE_LIMIT || hashes.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(invalid(
                        "sparse HyperLogLog not a sorted set within its limit",
                    ));
                }
                Sketch::Sparse(hashes.into_iter().collect())
            }
            1 => {
                let registers = (0..REGISTERS)
                    .map(|_| dec.u8())
                    .collect::<Result<Box<[u8]>>>()?;
                if registers.iter().any(|&r| u32::from(r) > TAIL_BITS + 1) {
                    return Err(invalid("HyperLogLog register out of range"));
                }
                Sketch::Dense(registers)
            }
            _ => return Err(invalid("unknown HyperLogLog form")),
        };
        dec.finish()?;
        Ok(HllState(sketch))
    }

    fn heap_bytes(&self) -> usize {
        match &self.0 {
            // A hash set slot: the hash and a control byte, at the table's load factor.
            Sketch::Sparse(set) => set.capacity() * 10,
            Sketch::Dense(_) => REGISTERS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: u64, salt: &str) -> i64 {
        let mut s = HllState::new();
        for i in 0..n {
            s.update(&Value::Text(format!("{salt}{i}").into()), Pos::row(i))
                .unwrap();
        }
        match s.finalize().unwrap() {
            Value::Int(n) => n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_hash_is_fixed() {
        // Pinned: states written by other builds depend on these exact values.
        assert_eq!(hash_bytes(b""), mix(SEED));
        // The text key's hash without the key written out is the key's hash, at every length.
        let text: Vec<u8> = (0..40u8).map(|i| b'a' + i % 26).collect();
        for n in 0..text.len() {
            let key = value_key(&Value::Text(
                std::str::from_utf8(&text[..n]).unwrap().into(),
            ));
            assert_eq!(hash_text_key(&text[..n], n as u32), hash_bytes(&key), "{n}");
        }
        assert_ne!(hash_bytes(b"a"), hash_bytes(b"a\0"));
        assert_ne!(hash_bytes(b"12345678"), hash_bytes(b"1234567"));
        assert_eq!(hash_bytes(b"csv-kernels"), 0x77b2_c798_cda1_f1d4);
    }

    #[test]
    fn small_sets_are_exact_and_large_ones_close() {
        assert_eq!(count(0, "x"), 0);
        assert_eq!(count(2000, "x"), 2000);
        for n in [3000u64, 20_000, 100_000] {
            let got = count(n, "row-") as f64;
            let error = (got - n as f64).abs() / n as f64;
            // Four standard errors: a fixed hash makes this deterministic, not flaky.
            assert!(error < 4.0 * 0.0081, "{n}: {got}");
        }
    }

    #[test]
    fn text_keys_hash_as_values_do() {
        for text in [
            "",
            "a",
            "fig",
            &"x".repeat(59),
            &"y".repeat(60),
            &"é".repeat(40),
        ] {
            let (mut a, mut b) = (HllState::new(), HllState::new());
            a.add_text(text);
            b.update(&Value::Text(text.into()), Pos::row(0)).unwrap();
            assert_eq!(a, b, "{text:?}");
        }
    }

    #[test]
    fn registers_hold_ranks() {
        assert_eq!(register_of(0), (0, 51));
        assert_eq!(register_of(u64::MAX), (REGISTERS - 1, 1));
        assert_eq!(register_of(1 << 49), (0, 1));
        assert_eq!(register_of(1), (0, 50));
    }
}
