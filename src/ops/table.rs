//! A hash table of groups in order of first appearance, for `group` and `distinct`, that
//! spills natively when over its budget: partitioned hash aggregation.
//!
//! Over budget, every group in memory is written, as its key, the position of its first row
//! and its payload (encoded aggregate states), to one of 16 temporary files chosen by a hash
//! of the key ([`super::partition`]), and the table starts empty again. At the end each
//! partition is read back on its own, the partial payloads of each key merged (states merge
//! exactly, whatever the order), its groups written out in order of first appearance, and
//! the partitions' outputs merged by that position, so the output is what the in-memory
//! table gives.

use crate::hash::HashMap;

use super::record::{cells_of, read_fields};
use super::{Budget, Emit};
use crate::Result;

/// What a group carries besides its key.
// Without a file system (wasm32) nothing spills, so merging and encoding go unused there.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) trait Payload: Sized {
    /// Folds in the payload of the same key from other rows; `other_is_earlier` when those
    /// rows include the key's first.
    fn absorb(&mut self, other: Self, other_is_earlier: bool) -> Result<()>;
    fn encode(&self, out: &mut Vec<u8>);
    fn decode(bytes: &[u8]) -> Result<Self>;
    fn heap_bytes(&self) -> usize;
}

/// Memory per group beyond its key and payload heap: the map entry and the group slot.
pub(crate) fn group_overhead<P>() -> usize {
    64 + std::mem::size_of::<(u64, P)>()
}

/// Writes a group's output row as a record of fields (see `record`).
pub(crate) type Render<'r, P> = dyn FnMut(&[u8], &P, &mut Vec<u8>) -> Result<()> + 'r;

pub(crate) struct Table<P> {
    map: HashMap<Vec<u8>, usize>,
    /// Each group's first row, payload, and the payload's heap bytes as last counted (so an
    /// update asks a payload its size once, after, not before and after).
    groups: Vec<(u64, P, usize)>,
    bytes: usize,
    budget: Budget,
    #[cfg(not(target_arch = "wasm32"))]
    partitions: Vec<super::spill::SpillWriter>,
    spills: usize,
    /// False when an update never changes the heap a payload holds (`distinct`'s first rows,
    /// a group of counts): updating a group then asks neither its size nor the budget, which
    /// cannot have changed since the group was made.
    payloads_grow: bool,
    /// See [`Table::one_key`].
    one_key: bool,
}

impl<P: Payload> Table<P> {
    pub fn new(budget: Budget, payloads_grow: bool) -> Table<P> {
        Table {
            map: HashMap::default(),
            groups: Vec::new(),
            bytes: 0,
            budget,
            #[cfg(not(target_arch = "wasm32"))]
            partitions: Vec::new(),
            spills: 0,
            payloads_grow,
            one_key: false,
        }
    }

    pub fn usage(&self) -> super::Usage {
        super::Usage {
            memory_bytes: self.bytes,
            spills: self.spills,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.spills == 0
    }

    /// For a table whose rows all have the same key (an aggregate without group columns):
    /// its one group, once made, is the first, so keys are neither hashed nor looked up. A
    /// spill empties the table and the next row makes the group again.
    pub fn one_key(mut self) -> Table<P> {
        self.one_key = true;
        self
    }

    /// Finds the group of `key` (making it with `make` when `seq` is its first row) and runs
    /// `update` on its payload. A group made for a row whose update fails is not kept.
    pub fn update(
        &mut self,
        key: &[u8],
        seq: u64,
        make: impl FnOnce() -> Result<P>,
        update: impl FnOnce(&mut P) -> Result<()>,
    ) -> Result<()> {
        let found = if self.one_key {
            (!self.groups.is_empty()).then_some(0)
        } else {
            self.map.get(key).copied()
        };
        if let Some(index) = found {
            return self.update_group(index, update);
        }
        let mut payload = make()?;
        update(&mut payload)?;
        let heap = payload.heap_bytes();
        self.bytes += key.len() + group_overhead::<P>() + heap;
        self.map.insert(key.to_vec(), self.groups.len());
        self.groups.push((seq, payload, heap));
        self.check_budget()
    }

    fn update_group(
        &mut self,
        index: usize,
        update: impl FnOnce(&mut P) -> Result<()>,
    ) -> Result<()> {
        let (_, payload, heap) = &mut self.groups[index];
        if !self.payloads_grow {
            return update(payload);
        }
        let updated = update(payload);
        // Counted even when the update failed: states before the failing one took the row.
        let before = std::mem::replace(heap, payload.heap_bytes());
        self.bytes = (self.bytes + *heap).saturating_sub(before);
        updated?;
        self.check_budget()
    }

    fn check_budget(&mut self) -> Result<()> {
        if self.budget.exceeded(self.bytes) {
            self.spill()?;
        }
        Ok(())
    }

    #[cfg(target_arch = "wasm32")]
    fn spill(&mut self) -> Result<()> {
        Err(self.budget.error())
    }

    /// Writes every group in memory to its partition and empties the table.
    #[cfg(not(target_arch = "wasm32"))]
    fn spill(&mut self) -> Result<()> {
        use super::partition;
        if self.partitions.is_empty() {
            self.partitions = partition::create(self.budget.step)?;
        }
        let mut groups: Vec<Option<(u64, P, usize)>> = self.groups.drain(..).map(Some).collect();
        let mut record = Vec::new();
        for (key, index) in self.map.drain() {
            if let Some((first, payload, _)) = groups.get_mut(index).and_then(Option::take) {
                let group = (&key[..], first, &payload);
                partition::write_group(&mut self.partitions, 0, group, &mut record)?;
            }
        }
        self.bytes = 0;
        self.spills += 1;
        Ok(())
    }

    /// Hands every group's output row to `emit`, in order of first appearance.
    pub fn finish(&mut self, render: &mut Render<'_, P>, emit: &mut Emit<'_>) -> Result<()> {
        #[cfg(not(target_arch = "wasm32"))]
        if self.spills > 0 {
            return self.finish_spilled(render, emit);
        }
        let mut keys: Vec<(usize, Vec<u8>)> = self.map.drain().map(|(k, i)| (i, k)).collect();
        keys.sort_unstable_by_key(|(index, _)| *index);
        let (mut row, mut fields) = (Vec::new(), Vec::new());
        for (index, key) in keys {
            row.clear();
            render(&key, &self.groups[index].1, &mut row)?;
            read_fields(&row, 0, &mut fields)?;
            emit(&cells_of(&row, &fields))?;
        }
        self.groups.clear();
        self.bytes = 0;
        Ok(())
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn finish_spilled(&mut self, render: &mut Render<'_, P>, emit: &mut Emit<'_>) -> Result<()> {
        if !self.groups.is_empty() {
            self.spill()?;
        }
        let mut results = Vec::new();
        let partitions = std::mem::take(&mut self.partitions);
        super::partition::merge_all(partitions, 0, self.budget, render, &mut results)?;
        super::merge::merge_by_first(results, emit)
    }
}
