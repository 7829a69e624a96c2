use crate::error::{Error, ErrorKind, Result};

/// The largest `count` [`first_n`] accepts: the number of primes below 2^32, so every prime
/// fits a `u32` (and a JS `Uint32Array`).
pub const MAX_FIRST_N: usize = 203_280_221;

/// Odd numbers per sieve segment: one byte each, sized to stay in L1/L2 cache.
const SEGMENT: usize = 1 << 15;

/// The first `count` primes, in order, by a segmented sieve of Eratosthenes over odd numbers
/// up to a proven bound on the `count`-th prime (Rosser: p_n < n (ln n + ln ln n) for n >= 6).
///
/// ```
/// use csv_kernels::first_n;
/// assert_eq!(first_n(5).unwrap(), [2, 3, 5, 7, 11]);
/// assert_eq!(*first_n(5000).unwrap().last().unwrap(), 48611);
/// assert!(first_n(0).unwrap().is_empty());
/// ```
pub fn first_n(count: usize) -> Result<Vec<u32>> {
    if count > MAX_FIRST_N {
        return Err(Error::plain(
            ErrorKind::TooManyPrimes,
            format!("first_n({count}): at most {MAX_FIRST_N} primes (those below 2^32)"),
        ));
    }
    let mut primes = Vec::with_capacity(count);
    if count == 0 {
        return Ok(primes);
    }
    primes.push(2);
    let limit = upper_bound(count).min(u32::MAX as u64);
    let base = odd_primes_up_to(isqrt(limit) as usize);
    // Odd number n is index k = (n - 1) / 2; next[i] is the next index base[i] crosses off.
    let mut next: Vec<u64> = base.iter().map(|&p| (p * p - 1) / 2).collect();
    let mut segment = vec![true; SEGMENT];
    let last = (limit - 1) / 2;
    let mut low = 1; // index of 3
    while low <= last && primes.len() < count {
        let high = (low + SEGMENT as u64 - 1).min(last);
        let len = (high - low + 1) as usize;
        segment[..len].fill(true);
        for (p, k) in base.iter().zip(next.iter_mut()) {
            if *k > high {
                if (p * p - 1) / 2 > high {
                    break; // this prime and every larger one start beyond the segment
                }
                continue;
            }
            while *k <= high {
                segment[(*k - low) as usize] = false;
                *k += p;
            }
        }
        for (j, _) in segment[..len].iter().enumerate().filter(|(_, &is)| is) {
            primes.push((2 * (low + j as u64) + 1) as u32);
            if primes.len() == count {
                break;
            }
        }
        low = high + 1;
    }
    Ok(primes)
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
