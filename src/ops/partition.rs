//! The spilling side of the group table (native only): partial groups written to partitions
//! by a hash of their key, and each partition merged on its own at the end.
//!
//! A partition whose merged groups still exceed the budget (many distinct keys) is split
//! again into sub-partitions with another hash seed, down to [`MAX_LEVEL`] levels (16^4 =
//! 65,536 pieces); only a single group bigger than the budget, which no splitting can help,
//! is then merged over budget.

use crate::hash::HashMap;

use super::spill::{Run, SpillWriter};
use super::table::{group_overhead, Payload, Render};
use super::Budget;
use crate::Result;

/// Partitions per split; each is merged alone, so holds about 1/PARTITIONS of the keys.
pub(crate) const PARTITIONS: usize = 16;

/// Partition results kept open before they are merged into one.
const MAX_RESULTS: usize = 64;

/// How many times a partition may be split again.
const MAX_LEVEL: u32 = 4;

/// The partition of a key at a split level: a fixed hash, so the same key always lands in the
/// same file, and a different seed per level, so a split partition spreads out.
pub(crate) fn partition_of(key: &[u8], level: u32) -> usize {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    level.hash(&mut hasher);
    key.hash(&mut hasher);
    (hasher.finish() % PARTITIONS as u64) as usize
}

/// New, empty partition files.
pub(crate) fn create(step: &'static str) -> Result<Vec<SpillWriter>> {
    (0..PARTITIONS).map(|_| SpillWriter::create(step)).collect()
}

/// Writes one partial group: `u64 first`, `u32` key length, key, encoded payload.
pub(crate) fn write_group<P: Payload>(
    partitions: &mut [SpillWriter],
    level: u32,
    (key, first, payload): (&[u8], u64, &P),
    record: &mut Vec<u8>,
) -> Result<()> {
    record.clear();
    record.extend_from_slice(&first.to_le_bytes());
    record.extend_from_slice(&(key.len() as u32).to_le_bytes());
    record.extend_from_slice(key);
    payload.encode(record);
    partitions[partition_of(key, level)].record(record)
}

/// Splits a written group back into its first position, key and payload bytes.
fn read_group(buf: &[u8]) -> Result<(u64, &[u8], &[u8])> {
    let truncated = || crate::agg::codec::invalid("a spilled group is truncated");
    let first = u64::from_le_bytes(*buf.first_chunk::<8>().ok_or_else(truncated)?);
    let len = buf.get(8..12).ok_or_else(truncated)?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let key = buf.get(12..12 + len).ok_or_else(truncated)?;
    Ok((first, key, &buf[12 + len..]))
}

/// Merges the partitions written at `level` into result runs (each in order of first
/// appearance, records `u64 first` then the rendered row), appended to `results`.
pub(crate) fn merge_all<P: Payload>(
    partitions: Vec<SpillWriter>,
    level: u32,
    budget: Budget,
    render: &mut Render<'_, P>,
    results: &mut Vec<Run>,
) -> Result<()> {
    for writer in partitions {
        merge_one(writer.finish()?, level, budget, render, results)?;
    }
    Ok(())
}

fn merge_one<P: Payload>(
    mut run: Run,
    level: u32,
    budget: Budget,
    render: &mut Render<'_, P>,
    results: &mut Vec<Run>,
) -> Result<()> {
    let mut merged: HashMap<Vec<u8>, (u64, P)> = HashMap::default();
    let mut bytes = 0usize;
    let mut split: Option<Vec<SpillWriter>> = None;
    let (mut buf, mut record) = (Vec::new(), Vec::new());
    while run.next_record(&mut buf)? {
        let (first, key, payload) = read_group(&buf)?;
        if let Some(parts) = &mut split {
            parts[partition_of(key, level + 1)].record(&buf)?;
            continue;
        }
        let payload = P::decode(payload)?;
        match merged.get_mut(key) {
            Some((seen_first, seen)) => {
                let before = seen.heap_bytes();
                seen.absorb(payload, first < *seen_first)?;
                *seen_first = (*seen_first).min(first);
                bytes = (bytes + seen.heap_bytes()).saturating_sub(before);
            }
            None => {
                bytes += key.len() + group_overhead::<P>() + payload.heap_bytes();
                merged.insert(key.to_vec(), (first, payload));
            }
        }
        if budget.exceeded(bytes) && level < MAX_LEVEL {
            let mut parts = create(budget.step)?;
            for (key, (first, payload)) in merged.drain() {
                write_group(&mut parts, level + 1, (&key, first, &payload), &mut record)?;
            }
            split = Some(parts);
        }
    }
    if let Some(parts) = split {
        return merge_all(parts, level + 1, budget, render, results);
    }
    let mut groups: Vec<(u64, Vec<u8>, P)> =
        merged.into_iter().map(|(k, (f, p))| (f, k, p)).collect();
    groups.sort_unstable_by_key(|g| g.0);
    let mut out = SpillWriter::create(budget.step)?;
    for (first, key, payload) in groups {
        record.clear();
        record.extend_from_slice(&first.to_le_bytes());
        render(&key, &payload, &mut record)?;
        out.record(&record)?;
    }
    results.push(out.finish()?);
    if results.len() >= MAX_RESULTS {
        let all = std::mem::take(results);
        results.push(super::merge::compact_by_first(all, budget.step)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A payload that adds up.
    struct Total(u64);

    impl Payload for Total {
        fn absorb(&mut self, other: Total, _: bool) -> Result<()> {
            self.0 += other.0;
            Ok(())
        }
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
        }
        fn decode(bytes: &[u8]) -> Result<Total> {
            let bytes = bytes
                .try_into()
                .map_err(|_| crate::agg::codec::invalid("total"))?;
            Ok(Total(u64::from_le_bytes(bytes)))
        }
        fn heap_bytes(&self) -> usize {
            0
        }
    }

    /// Writes keys 0..2000 twice: first at position k (total 1), again later (total 10).
    fn written() -> Result<Vec<SpillWriter>> {
        let mut parts = create("test")?;
        let mut record = Vec::new();
        for round in 0..2u64 {
            for k in 0..2000u64 {
                let key = format!("key{k}");
                let group = (key.as_bytes(), k + round * 5000, &Total(1 + 9 * round));
                write_group(&mut parts, 0, group, &mut record)?;
            }
        }
        Ok(parts)
    }

    fn merged(budget: usize) -> Result<(usize, Vec<String>)> {
        let mut render = |key: &[u8], total: &Total, out: &mut Vec<u8>| -> Result<()> {
            let text = format!("{}={}", String::from_utf8_lossy(key), total.0);
            super::super::record::put_cells(out, &[text.as_bytes()]);
            Ok(())
        };
        let mut results = Vec::new();
        let budget = Budget::new("test", budget);
        merge_all(written()?, 0, budget, &mut render, &mut results)?;
        let runs = results.len();
        let mut seen = Vec::new();
        super::super::merge::merge_by_first(results, &mut |cells| {
            seen.push(String::from_utf8_lossy(cells[0]).into_owned());
            Ok(())
        })?;
        Ok((runs, seen))
    }

    #[test]
    fn partitions_over_budget_split_and_still_merge_exactly() -> Result<()> {
        let expected: Vec<String> = (0..2000).map(|k| format!("key{k}=11")).collect();
        // Within budget: one result per partition.
        assert_eq!(merged(1 << 30)?, (PARTITIONS, expected.clone()));
        // About 11 KB of groups per partition against 4 KB: every partition splits (and the
        // many results are compacted on the way).
        let (runs, seen) = merged(4000)?;
        assert_ne!(runs, PARTITIONS);
        assert_eq!(seen, expected);
        Ok(())
    }
}
