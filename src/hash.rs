//! The hasher of the core's in-memory tables (groups, distinct rows, join keys, the profile's
//! value counts). The standard library's SipHash costs about as much as everything else a
//! profile does per cell; this one folds 8 bytes at a time through one 64x64->128 multiply.
//!
//! Seeded once per process from the standard library's random keys, so keys chosen to collide
//! (an upload to the edge server, say) cannot be prepared in advance. Nothing the core returns
//! depends on a table's iteration order, so a seed that differs between runs changes no output;
//! hashes that must be equal everywhere (HyperLogLog, spill partitions) use their own fixed ones.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The high and low halves of a full product, folded: every input bit reaches the output.
#[cfg(target_pointer_width = "64")]
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// wasm32 has no 64x64->128 multiply (it becomes a call doing four): a 64-bit multiply, whose
/// high bits mix well, with the high half rotated down to the low bits a table also uses.
#[cfg(not(target_pointer_width = "64"))]
fn fold(a: u64, b: u64) -> u64 {
    let product = a.wrapping_mul(b);
    product ^ product.rotate_left(32)
}

fn process_seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64))
}

#[derive(Clone, Copy, Debug)]
pub struct TableHasher {
    state: u64,
}

impl Hasher for TableHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            self.state = fold(self.state ^ word, MULTIPLIER);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.state = fold(
                self.state ^ u64::from_le_bytes(word),
                MULTIPLIER ^ rest.len() as u64,
            );
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.state = fold(self.state ^ n, MULTIPLIER);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        // One more fold so the bits a table takes (top 7 for its tags, low ones for the bucket)
        // all depend on the last word.
        fold(self.state, MULTIPLIER.rotate_left(32))
    }
}

/// Builds [`TableHasher`]s with the process's seed.
#[derive(Clone, Copy, Debug)]
pub struct TableHash {
    seed: u64,
}

impl Default for TableHash {
    fn default() -> Self {
        TableHash {
            seed: process_seed(),
        }
    }
}

impl BuildHasher for TableHash {
    type Hasher = TableHasher;

    fn build_hasher(&self) -> TableHasher {
        TableHasher { state: self.seed }
    }
}

pub type HashMap<K, V> = std::collections::HashMap<K, V, TableHash>;
pub type HashSet<K> = std::collections::HashSet<K, TableHash>;

/// Bytes kept inline up to [`Key::INLINE`] bytes: most cells (numbers, dates, codes, short
/// words) then cost a table no allocation when they are new. Hashes, compares and orders as
/// its bytes, so a table of keys is searched with a plain `&[u8]`.
#[derive(Clone)]
pub enum Key {
    Inline { len: u8, bytes: [u8; Key::INLINE] },
    Heap(Box<[u8]>),
}

impl Key {
    /// As many bytes as fit beside the length in the space of a boxed slice and a tag.
    pub const INLINE: usize = 22;

    pub fn new(bytes: &[u8]) -> Key {
        if bytes.len() <= Key::INLINE {
            let mut inline = [0u8; Key::INLINE];
            inline[..bytes.len()].copy_from_slice(bytes);
            Key::Inline {
                len: bytes.len() as u8,
                bytes: inline,
            }
        } else {
            Key::Heap(bytes.into())
        }
    }
}

impl std::ops::Deref for Key {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Key::Inline { len, bytes } => &bytes[..usize::from(*len)],
            Key::Heap(bytes) => bytes,
        }
    }
}

impl std::borrow::Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self
    }
}

impl std::hash::Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        **self == **other
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(bytes: &[u8]) -> u64 {
        TableHash { seed: 1 }.hash_one(bytes)
    }

    #[test]
    fn lengths_and_trailing_zeros_hash_apart() {
        let keys: [&[u8]; 6] = [b"", b"\0", b"a", b"a\0", b"abcdefgh", b"abcdefgh\0"];
        let hashes: std::collections::BTreeSet<u64> = keys.iter().map(|k| hash(k)).collect();
        assert_eq!(hashes.len(), keys.len());
    }

    #[test]
    fn keys_act_as_their_bytes_inline_or_not() {
        let long = [7u8; Key::INLINE + 1];
        let keys: [&[u8]; 4] = [b"", b"12.5", &long[..Key::INLINE], &long];
        let mut map: HashMap<Key, usize> = HashMap::default();
        for (i, k) in keys.iter().enumerate() {
            map.insert(Key::new(k), i);
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(map.get(*k), Some(&i));
            assert_eq!(&*Key::new(k), *k);
        }
        assert!(matches!(Key::new(&long[..Key::INLINE]), Key::Inline { .. }));
        assert!(matches!(Key::new(&long), Key::Heap(_)));
        assert!(Key::new(b"ab") < Key::new(b"b") && Key::new(b"a") < Key::new(b"ab"));
        assert_eq!(std::mem::size_of::<Key>(), 24);
    }

    #[test]
    fn tables_work_with_the_process_seed() {
        let mut map: HashMap<Vec<u8>, u32> = HashMap::default();
        for i in 0..10_000u32 {
            map.insert(i.to_string().into_bytes(), i);
        }
        assert_eq!(map.len(), 10_000);
        assert_eq!(map[&b"9999".to_vec()], 9999);
        assert_eq!(
            TableHash::default().hash_one(7u64),
            TableHash::default().hash_one(7u64)
        );
    }

    #[test]
    fn sequential_keys_spread_over_the_low_and_high_bits() {
        // A table picks buckets from the low bits and tags from the top 7: both must vary.
        let lows: std::collections::HashSet<u64> = (0..4096u32)
            .map(|i| hash(i.to_string().as_bytes()) & 0xfff)
            .collect();
        let tops: std::collections::HashSet<u64> = (0..4096u32)
            .map(|i| hash(i.to_string().as_bytes()) >> 57)
            .collect();
        assert!(
            lows.len() > 2400,
            "{} distinct low 12-bit values",
            lows.len()
        );
        assert_eq!(tops.len(), 128);
    }
}
