//! Deterministic in-memory inputs for the micro-benchmarks (no files, same bytes every run).

/// `id,value` rows of pseudo-random non-negative integers with 1 to 12 digits.
pub fn integers_csv(rows: usize) -> Vec<u8> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut out = b"id,value\n".to_vec();
    for id in 1..=rows {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let digits = 1 + (state % 12) as u32;
        out.extend_from_slice(format!("{id},{}\n", state % 10u64.pow(digits)).as_bytes());
    }
    out
}
