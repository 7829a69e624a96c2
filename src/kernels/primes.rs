use crate::error::{Error, ErrorKind, Result};

/// The largest `count` [`first_n`] accepts: the number of primes below 2^32, so every prime
/// fits a `u32` (and a JS `Uint32Array`).
pub const MAX_FIRST_N: usize = 203_280_221;

/// Odd numbers per sieve segment: one byte each, sized to stay in L1/L2 cache.
const SEGMENT: usize = 1 << 15;

/// The primes whose multiples are crossed off by copying [`PRESIEVE`] instead of one by one:
/// together they cross off most of what the sieve ever crosses off.
const SMALL: [u64; 5] = [3, 5, 7, 11, 13];
/// Odd numbers after which the pattern of multiples of [`SMALL`] repeats (3·5·7·11·13).
const PERIOD: usize = 15_015;

/// The first `count` primes, in order, as one vector. For large counts prefer [`Primes`],
/// which produces the same numbers a segment at a time in a fixed ~300 KB, where this
/// vector takes 4 bytes per prime (813 MB at [`MAX_FIRST_N`]).
///
/// ```
/// use csv_kernels::first_n;
/// assert_eq!(first_n(5).unwrap(), [2, 3, 5, 7, 11]);
/// assert_eq!(*first_n(5000).unwrap().last().unwrap(), 48611);
/// assert!(first_n(0).unwrap().is_empty());
/// ```
pub fn first_n(count: usize) -> Result<Vec<u32>> {
    let mut primes = Primes::new(count)?;
    let mut all = Vec::with_capacity(count);
    while let Some(batch) = primes.next_batch() {
        all.extend_from_slice(batch);
    }
    Ok(all)
}

/// The first `count` primes, streamed: a segmented sieve of Eratosthenes over odd numbers up
/// to a proven bound on the `count`-th prime (Rosser: p_n < n (ln n + ln ln n) for n >= 6).
/// Memory is the segment, its batch of primes and the sieving primes up to 2^16, whatever
/// `count` is, so the CLI's `primes N` runs in bounded memory even at [`MAX_FIRST_N`].
///
/// Take the numbers a batch at a time with [`Primes::next_batch`] (fast, for writers) or one
/// by one as an [`Iterator`]; the two can be mixed and never repeat or skip a prime.
///
/// ```
/// use csv_kernels::Primes;
/// let mut primes = Primes::new(10_000).unwrap();
/// let mut last = 0;
/// while let Some(batch) = primes.next_batch() {
///     last = *batch.last().unwrap();
/// }
/// assert_eq!(last, 104_729);
/// assert_eq!(Primes::new(6).unwrap().collect::<Vec<_>>(), [2, 3, 5, 7, 11, 13]);
/// ```
pub struct Primes {
    /// Primes still to produce after the current batch.
    remaining: usize,
    /// Odd sieving primes up to the square root of the bound.
    base: Vec<u64>,
    /// `next[i]`: the next odd-number index `base[i]` crosses off (odd n is index (n - 1) / 2).
    next: Vec<u64>,
    /// 1 for a number not yet crossed off, 0 for a composite.
    segment: Vec<u8>,
    /// For odd number index `i`: `presieve[i % PERIOD]` is 0 when a [`SMALL`] prime divides
    /// the number; repeated so one copy can fill a segment from any offset.
    presieve: Vec<u8>,
    /// Index of the first odd number of the next segment, and of the last one to sieve.
    low: u64,
    last: u64,
    batch: Vec<u32>,
    /// How much of `batch` has been handed out (by the iterator or `next_batch`).
    taken: usize,
}

impl Primes {
    /// Prepares the sieve for the first `count` primes; errors above [`MAX_FIRST_N`].
    pub fn new(count: usize) -> Result<Primes> {
        if count > MAX_FIRST_N {
            return Err(Error::plain(
                ErrorKind::TooManyPrimes,
                format!("first_n({count}): at most {MAX_FIRST_N} primes (those below 2^32)"),
            ));
        }
        let limit = upper_bound(count).min(u32::MAX as u64);
        let base = odd_primes_up_to(isqrt(limit) as usize);
        let next = base.iter().map(|&p| (p * p - 1) / 2).collect();
        let mut batch = Vec::with_capacity(SEGMENT);
        // 2 is the one even prime: the sieve below only sees odd numbers.
        if count > 0 {
            batch.push(2);
        }
        Ok(Primes {
            remaining: count.saturating_sub(1),
            base,
            next,
            segment: vec![1; SEGMENT],
            presieve: presieve(),
            low: 1, // index of 3
            last: (limit - 1) / 2,
            batch,
            taken: 0,
        })
    }

    /// The next primes in order (at most one segment's worth), or `None` once `count` primes
    /// have been produced.
    pub fn next_batch(&mut self) -> Option<&[u32]> {
        if self.taken == self.batch.len() {
            self.sieve_next_segment();
        }
        let start = self.taken;
        self.taken = self.batch.len();
        (start < self.batch.len()).then(|| &self.batch[start..])
    }

    /// Refills `batch` from the next segments until it holds at least one prime or `count`
    /// primes have been produced.
    fn sieve_next_segment(&mut self) {
        self.batch.clear();
        self.taken = 0;
        while self.batch.is_empty() && self.remaining > 0 && self.low <= self.last {
            let (low, high) = (self.low, (self.low + SEGMENT as u64 - 1).min(self.last));
            let len = (high - low + 1) as usize;
            let segment = &mut self.segment[..len];
            fill_presieved(segment, &self.presieve, low);
            for p in SMALL {
                // The small primes themselves are prime, not multiples.
                if let Some(slot) = ((p - 1) / 2).checked_sub(low) {
                    if let Some(slot) = segment.get_mut(slot as usize) {
                        *slot = 1;
                    }
                }
            }
            let small = self.base.iter().take_while(|&&p| p <= SMALL[4]).count();
            let larger = self.base[small..].iter().zip(self.next[small..].iter_mut());
            for (p, k) in larger {
                if *k > high {
                    if (p * p - 1) / 2 > high {
                        break; // this prime and every larger one start beyond the segment
                    }
                    continue;
                }
                // In a local, not through `k`: the compiler would store it on every step.
                let (mut j, step) = ((*k - low) as usize, *p as usize);
                while let Some(slot) = segment.get_mut(j) {
                    *slot = 0;
                    j += step;
                }
                *k = low + j as u64;
            }
            collect(segment, low, self.remaining, &mut self.batch);
            self.remaining -= self.batch.len();
            self.low = high + 1;
        }
    }
}

impl Iterator for Primes {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.taken == self.batch.len() {
            self.sieve_next_segment();
        }
        let prime = self.batch.get(self.taken).copied();
        self.taken += usize::from(prime.is_some());
        prime
    }
}

/// The pattern of [`Primes::presieve`]: one period, then one segment more.
fn presieve() -> Vec<u8> {
    (0..PERIOD + SEGMENT)
        .map(|i| {
            let n = 2 * i as u64 + 1;
            u8::from(SMALL.iter().all(|&p| !n.is_multiple_of(p)))
        })
        .collect()
}

/// Fills the segment starting at odd number index `low` with the small primes' pattern.
fn fill_presieved(segment: &mut [u8], presieve: &[u8], low: u64) {
    let from = (low % PERIOD as u64) as usize;
    segment.copy_from_slice(&presieve[from..from + segment.len()]);
}

/// Appends the numbers of `segment` (starting at odd number index `low`) still marked prime,
/// at most `room` of them. Eight marks are read as one word, and a word without any is
/// skipped at once, since primes are sparse.
fn collect(segment: &[u8], low: u64, room: usize, batch: &mut Vec<u32>) {
    let odd = |j: usize| (2 * (low + j as u64) + 1) as u32;
    let words = segment.chunks_exact(8);
    let tail = words.remainder();
    for (w, eight) in words.enumerate() {
        let mut marks = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        while marks != 0 {
            if batch.len() == room {
                return;
            }
            batch.push(odd(8 * w + marks.trailing_zeros() as usize / 8));
            marks &= marks - 1;
        }
    }
    let done = segment.len() - tail.len();
    for (j, _) in tail.iter().enumerate().filter(|(_, &m)| m == 1) {
        if batch.len() == room {
            return;
        }
        batch.push(odd(done + j));
    }
}

/// A number at least as large as the `n`-th prime.
fn upper_bound(n: usize) -> u64 {
    if n < 6 {
        return 13;
    }
    let n = n as f64;
    (n * (n.ln() + n.ln().ln())).ceil() as u64 + 1
}

fn isqrt(n: u64) -> u64 {
    let mut r = (n as f64).sqrt() as u64;
    while r * r > n {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= n {
        r += 1;
    }
    r
}

/// Odd primes up to `n`, by a plain sieve (n is at most 65,536 here).
fn odd_primes_up_to(n: usize) -> Vec<u64> {
    let mut composite = vec![false; n + 1];
    let mut primes = Vec::new();
    for i in (3..=n).step_by(2) {
        if !composite[i] {
            primes.push(i as u64);
            for m in (i * i..=n).step_by(2 * i) {
                composite[m] = true;
            }
        }
    }
    primes
}

/// Exact primality for every `u64`: trial division by the primes up to 37, then a
/// Miller-Rabin test with base sets proven deterministic for their range: {2, 7, 61} below
/// 4,759,123,141 (Jaeschke) and Sinclair's seven bases for the rest of `u64`.
///
/// ```
/// use csv_kernels::is_prime;
/// assert!(is_prime(2) && is_prime(97) && is_prime(18_446_744_073_709_551_557));
/// assert!(!is_prime(0) && !is_prime(1) && !is_prime(3_215_031_751));
/// ```
pub fn is_prime(n: u64) -> bool {
    const SMALL: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    const BELOW_4759123141: &[u64] = &[2, 7, 61];
    const ALL_U64: &[u64] = &[2, 325, 9375, 28178, 450775, 9780504, 1795265022];
    if n < 2 {
        return false;
    }
    for p in SMALL {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    if n < 37 * 37 {
        return true; // no prime factor up to 37, so none at all
    }
    let bases = if n < 4_759_123_141 {
        BELOW_4759123141
    } else {
        ALL_U64
    };
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    'bases: for &base in bases {
        let a = base % n;
        if a == 0 {
            continue; // n divides the base: this base says nothing about n
        }
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// `a * b mod m` for `a, b < m`: in 64 bits while the product fits (m < 2^32), else in 128.
fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    if m <= u32::MAX as u64 {
        a * b % m
    } else {
        ((a as u128 * b as u128) % m as u128) as u64
    }
}

fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let mut result = 1;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            result = mul_mod(result, base, m);
        }
        base = mul_mod(base, base, m);
        exp >>= 1;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_trial_division(n: u64) -> bool {
        n >= 2
            && (2..)
                .take_while(|d| d * d <= n)
                .all(|d| !n.is_multiple_of(d))
    }

    #[test]
    fn is_prime_across_the_base_set_boundaries() {
        for start in [4_294_967_000u64, 4_759_122_900, 1_000_000_000_000] {
            for n in start..start + 300 {
                assert_eq!(is_prime(n), by_trial_division(n), "{n}");
            }
        }
    }

    #[test]
    fn sieve_matches_trial_division() {
        let primes = first_n(20_000).unwrap();
        let slow: Vec<u32> = (2u32..)
            .filter(|&n| (2..n).take_while(|d| d * d <= n).all(|d| n % d != 0))
            .take(20_000)
            .collect();
        assert_eq!(primes, slow);
        for n in 0..10 {
            assert_eq!(first_n(n).unwrap(), &slow[..n]);
        }
    }

    #[test]
    fn batches_and_iteration_give_the_same_primes() {
        let all = first_n(100_000).unwrap();
        assert_eq!(all.len(), 100_000);
        assert_eq!(all.last(), Some(&1_299_709));
        assert_eq!(first_n(1_000_000).unwrap().last(), Some(&15_485_863));
        assert_eq!(Primes::new(100_000).unwrap().collect::<Vec<_>>(), all);
        // Mixing the two never repeats or skips a prime, and batches stay segment-sized.
        let mut primes = Primes::new(100_000).unwrap();
        let mut mixed = Vec::new();
        for round in 0.. {
            if round % 3 == 0 {
                mixed.extend(primes.by_ref().take(round));
            }
            match primes.next_batch() {
                Some(batch) => {
                    assert!(!batch.is_empty() && batch.len() <= SEGMENT);
                    mixed.extend_from_slice(batch);
                }
                None => break,
            }
        }
        assert_eq!(mixed, all);
        assert_eq!(primes.next(), None);
        assert_eq!(primes.next_batch(), None);
        assert_eq!(Primes::new(0).unwrap().next_batch(), None);
        assert_eq!(Primes::new(1).unwrap().collect::<Vec<_>>(), [2]);
        assert!(Primes::new(MAX_FIRST_N + 1).is_err());
    }

    #[test]
    fn is_prime_agrees_with_sieve() {
        let primes = first_n(10_000).unwrap();
        let last = *primes.last().unwrap() as u64;
        let from_test: Vec<u64> = (0..=last).filter(|&n| is_prime(n)).collect();
        assert_eq!(
            from_test,
            primes.iter().map(|&p| p as u64).collect::<Vec<_>>()
        );
        assert!(!is_prime(u64::MAX));
        // Strong pseudoprimes that fool the smaller base sets, primes near both ends of u64.
        for composite in [
            3_215_031_751u128,
            4_759_123_141,
            3_825_123_056_546_413_051,
            318_665_857_834_031_151_167_461,
        ] {
            if let Ok(n) = u64::try_from(composite) {
                assert!(!is_prime(n), "{n}");
            }
        }
        for prime in [
            4_294_967_291,
            4_294_967_311,
            4_759_123_151,
            2_305_843_009_213_693_951,
            18_446_744_073_709_551_557,
        ] {
            assert!(is_prime(prime), "{prime}");
        }
        assert!(first_n(MAX_FIRST_N + 1).is_err());
    }
}
