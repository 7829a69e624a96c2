//! Arithmetic on magnitudes held as little-endian 64-bit limbs, for the exact sums: shifts,
//! sums, differences, products, and the one rounding to a double at the end.

pub(super) fn trim(v: &mut Vec<u64>) {
    while v.last() == Some(&0) {
        v.pop();
    }
}

pub(super) fn shift_left(v: &mut Vec<u64>, bits: usize) {
    if v.is_empty() || bits == 0 {
        return;
    }
    let (limbs, bit) = (bits / 64, (bits % 64) as u32);
    if bit > 0 {
        let mut carry = 0;
        for l in v.iter_mut() {
            let next = *l >> (64 - bit);
            *l = (*l << bit) | carry;
            carry = next;
        }
        if carry != 0 {
            v.push(carry);
        }
    }
    v.splice(0..0, std::iter::repeat_n(0, limbs));
}

/// `acc += src << shift`.
pub(super) fn add_shifted(acc: &mut Vec<u64>, src: &[u64], shift: usize) {
    let (offset, bit) = (shift / 64, (shift % 64) as u32);
    let mut carry = false;
    let mut prev = 0u64;
    let mut i = offset;
    for k in 0..=src.len() {
        let cur = src.get(k).copied().unwrap_or(0);
        let limb = if bit == 0 {
            cur
        } else {
            (cur << bit) | (prev >> (64 - bit))
        };
        prev = cur;
        if i >= acc.len() {
            acc.resize(i + 1, 0);
        }
        let (s1, c1) = acc[i].overflowing_add(limb);
        let (s2, c2) = s1.overflowing_add(u64::from(carry));
        acc[i] = s2;
        carry = c1 || c2;
        i += 1;
    }
    while carry {
        if i >= acc.len() {
            acc.push(0);
        }
        let (s, c) = acc[i].overflowing_add(1);
        acc[i] = s;
        carry = c;
        i += 1;
    }
    trim(acc);
}

/// `a < b` for trimmed magnitudes.
pub(super) fn less(a: &[u64], b: &[u64]) -> bool {
    if a.len() != b.len() {
        return a.len() < b.len();
    }
    a.iter().rev().cmp(b.iter().rev()).is_lt()
}

/// `a - b` for `a >= b`.
pub(super) fn difference(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = a.to_vec();
    let mut borrow = false;
    for (i, limb) in out.iter_mut().enumerate() {
        let sub = b.get(i).copied().unwrap_or(0);
        let (d1, b1) = limb.overflowing_sub(sub);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        *limb = d2;
        borrow = b1 || b2;
    }
    trim(&mut out);
    out
}

/// Schoolbook product; the operands here are a few limbs.
pub(super) fn multiply(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = vec![0u64; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u128;
        for (j, &y) in b.iter().enumerate() {
            let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
            out[i + j] = t as u64;
            carry = t >> 64;
        }
        out[i + b.len()] = carry as u64;
    }
    trim(&mut out);
    out
}

pub(super) fn bit(mag: &[u64], i: usize) -> bool {
    mag.get(i / 64).is_some_and(|l| (l >> (i % 64)) & 1 == 1)
}

/// Bits `[start, start + 64)` of `mag`.
pub(super) fn bits_at(mag: &[u64], start: usize) -> u64 {
    let (limb, b) = (start / 64, (start % 64) as u32);
    let lo = mag.get(limb).copied().unwrap_or(0) >> b;
    let hi = match b {
        0 => 0,
        _ => mag.get(limb + 1).copied().unwrap_or(0) << (64 - b),
    };
    lo | hi
}

pub(super) fn any_below(mag: &[u64], i: usize) -> bool {
    let (limb, b) = (i / 64, i % 64);
    mag[..limb.min(mag.len())].iter().any(|&l| l != 0)
        || mag.get(limb).is_some_and(|l| l & ((1u64 << b) - 1) != 0)
}

/// `2^u` for `-1074 <= u <= 1023`, built from its bits so no library rounding is involved.
pub(super) fn pow2(u: i64) -> f64 {
    if u >= -1022 {
        f64::from_bits(((u + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (u + 1074))
    }
}

/// `mag * 2^exp` rounded to the nearest double, ties to even; beyond the range, infinity.
pub(super) fn round_to_f64(mag: &[u64], exp: i64) -> f64 {
    let Some(&top) = mag.last() else {
        return 0.0;
    };
    let length = 64 * mag.len() as i64 - i64::from(top.leading_zeros());
    // The exponent of the result's last mantissa bit: 53 significant bits, or fewer for a
    // subnormal result, whose last bit is always 2^-1074.
    let ulp = (length + exp - 53).max(-1074);
    if ulp > 971 {
        return f64::INFINITY;
    }
    let q = if ulp <= exp {
        // Exact: at most 53 bits, moved up to the ulp's scale.
        mag[0] << (exp - ulp)
    } else {
        let drop = (ulp - exp) as usize;
        let q = bits_at(mag, drop);
        let round_up = bit(mag, drop - 1) && (any_below(mag, drop - 1) || q & 1 == 1);
        q + u64::from(round_up)
    };
    // q <= 2^53 is exact as a double, and so is its product with a power of two unless it
    // overflows, which is then the correctly rounded infinity.
    q as f64 * pow2(ulp)
}
