//! `top N by key, …`: the first N rows in key order, ties in input order, holding at most 2N
//! rows at a time (no full sort).
//!
//! A key column compares as numbers, dates or text depending on the whole column, which is
//! only known at the end. So the step keeps one bounded candidate set per combination of key
//! types the values seen so far still allow (usually one or two: a value that is not a number
//! rules numbers out for its column, and so on), and drops a set as soon as a value rules its
//! combination out. The set whose types the whole input allows is the answer.

use super::key::{KeyFlags, KeyType};
use super::record::{cells_of, read_fields};
use super::sort::{put_row, row_overhead, Rows};
use super::{check_width, Budget, Emit, Operator, Usage};
use crate::value::Value;
use crate::Result;

/// Candidates under one combination of key types.
struct Candidates {
    types: Vec<KeyType>,
    rows: Rows,
}

/// The `top` step.
pub struct Top {
    n: usize,
    descending: Vec<bool>,
    flags: Vec<KeyFlags>,
    sets: Vec<Candidates>,
    budget: Budget,
    record: Vec<u8>,
    scratch: Vec<u8>,
}

/// Every combination of key types, for `keys` keys.
fn combinations(keys: usize) -> Vec<Vec<KeyType>> {
    let mut all = vec![Vec::with_capacity(keys)];
    for _ in 0..keys {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                KeyType::ALL.into_iter().map(move |t| {
                    let mut next = prefix.clone();
                    next.push(t);
                    next
                })
            })
            .collect();
    }
    all
}

impl Top {
    /// The first `n` rows by keys with directions `descending` (true for `-key`); each pushed
    /// row brings one value per key.
    pub fn new(n: usize, descending: Vec<bool>, budget: Budget) -> Top {
        let sets = combinations(descending.len())
            .into_iter()
            .map(|types| Candidates {
                types,
                rows: Rows::default(),
            })
            .collect();
        Top {
            n,
            flags: vec![KeyFlags::default(); descending.len()],
            descending,
            sets,
            budget,
            record: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Keeps the first `n` rows of a set, in key order (a stable sort: ties stay in input
    /// order, since rows after the kept ones came later in the input).
    fn prune(set: &mut Candidates, n: usize, descending: &[bool]) -> Result<()> {
        let order = set.rows.order(&set.types, descending)?;
        let mut kept = Rows::default();
        for &i in order.iter().take(n) {
            kept.push_record(set.rows.record(i));
        }
        set.rows = kept;
        Ok(())
    }
}

impl Top {
    fn memory_bytes(&self) -> usize {
        let per_row = row_overhead(self.descending.len());
        self.sets
            .iter()
            .map(|s| s.rows.data.len() + s.rows.len() * per_row)
            .sum()
    }
}

impl Operator for Top {
    fn push(&mut self, cells: &[&[u8]], values: &[Value<'_>]) -> Result<()> {
        check_width("top", "keys", values.len(), self.descending.len())?;
        if self.n == 0 {
            return Ok(());
        }
        self.record.clear();
        put_row(
            &mut self.record,
            cells,
            values,
            &mut self.flags,
            &mut self.scratch,
        );
        let flags = &self.flags;
        self.sets
            .retain(|set| set.types.iter().zip(flags).all(|(t, f)| f.allows(*t)));
        let limit = self.n.saturating_mul(2).max(self.n + 16);
        for set in &mut self.sets {
            set.rows.push_record(&self.record);
            if set.rows.len() >= limit {
                Top::prune(set, self.n, &self.descending)?;
            }
        }
        if self.budget.exceeded(self.memory_bytes()) {
            return Err(self.budget.error());
        }
        Ok(())
    }

    fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        let types: Vec<KeyType> = self.flags.iter().map(|f| f.decide()).collect();
        let Some(set) = self.sets.iter_mut().find(|s| s.types == types) else {
            return Ok(()); // n = 0: nothing was kept
        };
        Top::prune(set, self.n, &self.descending)?;
        let k = types.len();
        let mut fields = Vec::new();
        for i in 0..set.rows.len() {
            let record = set.rows.record(i);
            read_fields(record, 0, &mut fields)?;
            emit(&cells_of(record, &fields[..fields.len().saturating_sub(k)]))?;
        }
        self.sets.clear();
        Ok(())
    }

    fn usage(&self) -> Usage {
        Usage {
            memory_bytes: self.memory_bytes(),
            spills: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_cover_every_type_choice() {
        assert_eq!(combinations(0), vec![Vec::<KeyType>::new()]);
        assert_eq!(combinations(2).len(), 9);
        assert!(combinations(2).contains(&vec![KeyType::Date, KeyType::Text]));
    }
}
