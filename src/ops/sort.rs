//! `sort key, -key, …`: a stable sort, in memory while the rows fit the budget and an external
//! merge sort past it (sorted runs in temporary files, merged at the end).
//!
//! A key column's type is only known once the whole column is seen, so a run is sorted by the
//! types known when it was written; at the end a run sorted by types that later values ruled
//! out is sorted again (it fit in memory once, so it fits again) before the merge.

use std::ops::Range;

use super::key::{compare, compare_key, Key, KeyFlags, KeyType};
use super::record::{cells_of, put_count, put_field, put_value, read_fields};
use super::{check_width, Budget, Emit, Operator, Usage};
use crate::value::Value;
use crate::{Error, ErrorKind, Result};

/// Memory per stored row beyond its bytes, counted up front so that sorting what is held
/// stays within the budget: its offset (8), its keys read for sorting, its entry in the
/// order (first key and index) and the stable sort's scratch for it (up to half an entry).
pub(super) fn row_overhead(keys: usize) -> usize {
    let entry = std::mem::size_of::<(Key, usize)>();
    8 + keys * std::mem::size_of::<Key>() + entry + entry / 2
}

type Fields = Vec<Option<Range<usize>>>;

/// Rows held in memory: records back to back in one buffer.
#[derive(Default)]
pub(super) struct Rows {
    pub data: Vec<u8>,
    pub starts: Vec<usize>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Record `i`'s bytes.
    pub fn record(&self, i: usize) -> &[u8] {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.data.len());
        &self.data[self.starts[i]..end]
    }

    pub fn push_record(&mut self, record: &[u8]) {
        self.starts.push(self.data.len());
        self.data.extend_from_slice(record);
    }

    pub fn clear(&mut self) {
        self.data.clear();
        self.starts.clear();
    }

    /// The order of the rows under `types` (stable: equal keys keep their order).
    pub fn order(&self, types: &[KeyType], descending: &[bool]) -> Result<Vec<usize>> {
        let k = types.len();
        let mut keys = Vec::with_capacity(self.starts.len() * k);
        let mut fields = Fields::new();
        for &start in &self.starts {
            read_fields(&self.data, start, &mut fields)?;
            read_keys(types, &self.data, &fields, &mut keys)?;
        }
        // Each row's first key travels with it, so most comparisons read memory in order
        // instead of jumping into `keys` (a cache miss per comparison on large inputs).
        let mut order: Vec<(Key, usize)> = (0..self.starts.len())
            .map(|i| (keys.get(i * k).cloned().unwrap_or(Key::Null), i))
            .collect();
        let first_descending = descending.first().copied().unwrap_or(false);
        let rest = descending.get(1..).unwrap_or(&[]);
        order.sort_by(|(x, a), (y, b)| {
            let data = &self.data;
            compare_key(first_descending, (x, data), (y, data)).then_with(|| match k {
                0 | 1 => std::cmp::Ordering::Equal,
                _ => {
                    let (x, y) = (&keys[a * k + 1..(a + 1) * k], &keys[b * k + 1..(b + 1) * k]);
                    compare(rest, (x, data), (y, data))
                }
            })
        });
        let order = order.into_iter().map(|(_, i)| i).collect();
        Ok(order)
    }
}

/// Appends a row's record (its cells, then its keys as text) to `out`, and takes the keys into
/// what each key column allows.
pub(super) fn put_row(
    out: &mut Vec<u8>,
    cells: &[&[u8]],
    keys: &[Value<'_>],
    flags: &mut [KeyFlags],
    scratch: &mut Vec<u8>,
) {
    put_count(out, cells.len() + keys.len());
    for cell in cells {
        put_field(out, Some(cell));
    }
    for (key, flags) in keys.iter().zip(flags) {
        let start = out.len();
        put_value(out, key, scratch);
        if !key.is_null() {
            flags.observe(&out[start + 4..]);
        }
    }
}

/// Appends the keys of a record (its last `types.len()` fields) to `keys`.
fn read_keys(types: &[KeyType], buf: &[u8], fields: &Fields, keys: &mut Vec<Key>) -> Result<()> {
    let base = fields
        .len()
        .checked_sub(types.len())
        .ok_or_else(|| Error::plain(ErrorKind::InvalidState, "a stored row lacks its keys"))?;
    for (ty, field) in types.iter().zip(&fields[base..]) {
        keys.push(Key::read(*ty, buf, field.clone()));
    }
    Ok(())
}

/// The `sort` step.
pub struct Sort {
    descending: Vec<bool>,
    flags: Vec<KeyFlags>,
    budget: Budget,
    rows: Rows,
    scratch: Vec<u8>,
    #[cfg(not(target_arch = "wasm32"))]
    runs: Vec<(super::spill::Run, Vec<KeyType>)>,
    spills: usize,
}

impl Sort {
    /// A sort by keys whose directions are `descending` (true for `-key`); each pushed row
    /// brings one value per key.
    pub fn new(descending: Vec<bool>, budget: Budget) -> Sort {
        Sort {
            flags: vec![KeyFlags::default(); descending.len()],
            descending,
            budget,
            rows: Rows::default(),
            scratch: Vec::new(),
            #[cfg(not(target_arch = "wasm32"))]
            runs: Vec::new(),
            spills: 0,
        }
    }

    fn types(&self) -> Vec<KeyType> {
        self.flags.iter().map(|f| f.decide()).collect()
    }

    /// Writes the rows in memory as one sorted run.
    #[cfg(not(target_arch = "wasm32"))]
    fn spill(&mut self) -> Result<()> {
        let types = self.types();
        let run = write_sorted(&self.rows, &types, &self.descending, self.budget.step)?;
        self.runs.push((run, types));
        self.rows.clear();
        self.spills += 1;
        Ok(())
    }

    #[cfg(target_arch = "wasm32")]
    fn spill(&mut self) -> Result<()> {
        Err(self.budget.error())
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn finish_spilled(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        if !self.rows.starts.is_empty() {
            self.spill()?;
        }
        let types = self.types();
        let step = self.budget.step;
        let mut runs = Vec::with_capacity(self.runs.len());
        for (mut run, sorted_by) in std::mem::take(&mut self.runs) {
            if sorted_by != types {
                let mut buf = Vec::new();
                while run.next_record(&mut buf)? {
                    self.rows.push_record(&buf);
                }
                run = write_sorted(&self.rows, &types, &self.descending, step)?;
                self.rows.clear();
            }
            runs.push(run);
        }
        super::merge::merge_sorted(runs, &types, &self.descending, step, emit)
    }
}

/// Sorts `rows` under `types` and writes them to a new run.
#[cfg(not(target_arch = "wasm32"))]
fn write_sorted(
    rows: &Rows,
    types: &[KeyType],
    descending: &[bool],
    step: &'static str,
) -> Result<super::spill::Run> {
    let mut writer = super::spill::SpillWriter::create(step)?;
    for i in rows.order(types, descending)? {
        writer.record(rows.record(i))?;
    }
    writer.finish()
}

impl Sort {
    fn memory_bytes(&self) -> usize {
        self.rows.data.len() + self.rows.starts.len() * row_overhead(self.descending.len())
    }
}

impl Operator for Sort {
    fn push(&mut self, cells: &[&[u8]], values: &[Value<'_>]) -> Result<()> {
        check_width("sort", "keys", values.len(), self.descending.len())?;
        self.rows.starts.push(self.rows.data.len());
        put_row(
            &mut self.rows.data,
            cells,
            values,
            &mut self.flags,
            &mut self.scratch,
        );
        if self.budget.exceeded(self.memory_bytes()) {
            self.spill()?;
        }
        Ok(())
    }

    fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        #[cfg(not(target_arch = "wasm32"))]
        if !self.runs.is_empty() {
            return self.finish_spilled(emit);
        }
        let types = self.types();
        let order = self.rows.order(&types, &self.descending)?;
        let k = types.len();
        let mut fields = Fields::new();
        for i in order {
            read_fields(&self.rows.data, self.rows.starts[i], &mut fields)?;
            let cells = cells_of(&self.rows.data, &fields[..fields.len().saturating_sub(k)]);
            emit(&cells)?;
        }
        self.rows.clear();
        Ok(())
    }

    fn usage(&self) -> Usage {
        Usage {
            memory_bytes: self.memory_bytes(),
            spills: self.spills,
        }
    }
}
