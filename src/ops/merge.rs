//! Merging spilled runs: sorted runs of rows by their keys (`sort`), and per-partition results
//! by the position of each group's first row (`group`, `distinct`).

use std::cmp::Ordering;
use std::ops::Range;

use super::key::{compare, Key, KeyType};
use super::record::{cells_of, read_fields};
use super::spill::{Run, SpillWriter};
use super::Emit;
use crate::agg::codec;
use crate::Result;

/// The most runs read at once: more are merged in rounds, so open files stay few.
const FAN_IN: usize = 64;

/// One run being merged, with its current record.
struct Head {
    run: Run,
    buf: Vec<u8>,
    fields: Vec<Option<Range<usize>>>,
    keys: Vec<Key>,
    live: bool,
}

impl Head {
    fn new(run: Run, types: &[KeyType]) -> Result<Head> {
        let mut head = Head {
            run,
            buf: Vec::new(),
            fields: Vec::new(),
            keys: Vec::new(),
            live: false,
        };
        head.advance(types)?;
        Ok(head)
    }

    fn advance(&mut self, types: &[KeyType]) -> Result<()> {
        self.live = self.run.next_record(&mut self.buf)?;
        if self.live {
            read_fields(&self.buf, 0, &mut self.fields)?;
            self.keys.clear();
            let base = self.fields.len().saturating_sub(types.len());
            for (ty, field) in types.iter().zip(&self.fields[base..]) {
                self.keys.push(Key::read(*ty, &self.buf, field.clone()));
            }
        }
        Ok(())
    }
}

/// Merges runs each sorted under `types`; a tie goes to the earlier run, so the merge is as
/// stable as the runs. Rounds of at most [`FAN_IN`] runs write intermediate runs.
pub(crate) fn merge_sorted(
    mut runs: Vec<Run>,
    types: &[KeyType],
    descending: &[bool],
    step: &'static str,
    emit: &mut Emit<'_>,
) -> Result<()> {
    while runs.len() > FAN_IN {
        let mut next = Vec::with_capacity(runs.len() / FAN_IN + 1);
        let mut rest = runs.into_iter();
        loop {
            let batch: Vec<Run> = rest.by_ref().take(FAN_IN).collect();
            if batch.is_empty() {
                break;
            }
            let mut writer = SpillWriter::create(step)?;
            merge_round(batch, types, descending, &mut |head| {
                writer.record(&head.buf)
            })?;
            next.push(writer.finish()?);
        }
        runs = next;
    }
    let k = types.len();
    merge_round(runs, types, descending, &mut |head| {
        let cells = &head.fields[..head.fields.len().saturating_sub(k)];
        emit(&cells_of(&head.buf, cells))
    })
}

fn merge_round(
    runs: Vec<Run>,
    types: &[KeyType],
    descending: &[bool],
    out: &mut dyn FnMut(&Head) -> Result<()>,
) -> Result<()> {
    let mut heads = runs
        .into_iter()
        .map(|run| Head::new(run, types))
        .collect::<Result<Vec<_>>>()?;
    loop {
        let mut best: Option<usize> = None;
        for (i, head) in heads.iter().enumerate() {
            if !head.live {
                continue;
            }
            let wins = best.is_none_or(|b| {
                let other = &heads[b];
                compare(
                    descending,
                    (&head.keys, &head.buf),
                    (&other.keys, &other.buf),
                ) == Ordering::Less
            });
            if wins {
                best = Some(i);
            }
        }
        let Some(i) = best else {
            return Ok(());
        };
        out(&heads[i])?;
        heads[i].advance(types)?;
    }
}

/// The first-row position that opens every record of a partition's result.
fn first_of(buf: &[u8]) -> Result<u64> {
    buf.first_chunk::<8>()
        .map(|b| u64::from_le_bytes(*b))
        .ok_or_else(|| codec::invalid("a stored result row is truncated"))
}

/// Merges partition results (each in order of first appearance, records `u64 first` then the
/// row's fields) into one output in order of first appearance.
pub(crate) fn merge_by_first(runs: Vec<Run>, emit: &mut Emit<'_>) -> Result<()> {
    let mut fields = Vec::new();
    merge_first_round(runs, &mut |record| {
        read_fields(record, 8, &mut fields)?;
        emit(&cells_of(record, &fields))
    })
}

/// Merges partition results into one run, so that few files stay open however many
/// partitions were split.
pub(crate) fn compact_by_first(runs: Vec<Run>, step: &'static str) -> Result<Run> {
    let mut writer = SpillWriter::create(step)?;
    merge_first_round(runs, &mut |record| writer.record(record))?;
    writer.finish()
}

fn merge_first_round(runs: Vec<Run>, out: &mut dyn FnMut(&[u8]) -> Result<()>) -> Result<()> {
    let mut heads: Vec<(Run, Vec<u8>, Option<u64>)> = Vec::with_capacity(runs.len());
    for mut run in runs {
        let mut buf = Vec::new();
        let first = if run.next_record(&mut buf)? {
            Some(first_of(&buf)?)
        } else {
            None
        };
        heads.push((run, buf, first));
    }
    loop {
        let best = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.2.map(|first| (first, i)))
            .min();
        let Some((_, i)) = best else {
            return Ok(());
        };
        let (run, buf, first) = &mut heads[i];
        out(buf)?;
        *first = if run.next_record(buf)? {
            Some(first_of(buf)?)
        } else {
            None
        };
    }
}
