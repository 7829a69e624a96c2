//! `group col, … aggregate name = fn(x), …` and `aggregate …` (the whole input as one group):
//! hash aggregation keyed by the group columns' cell bytes, one [`State`] per aggregate per
//! group, groups out in order of first appearance.

use super::record::{put_count, put_field, put_value, read_fields};
use super::table::{Payload, Table};
use super::{check_width, put_selected, Budget, Emit, Operator, Usage};
use crate::agg::{codec, AggKind, AggState, Pos, State};
use crate::value::Value;
use crate::{Number, Result};

/// One aggregate of the step: which, and its constant arguments (`q`, the separator).
#[derive(Clone, Debug, PartialEq)]
pub struct AggSpec {
    pub kind: AggKind,
    pub args: Vec<Value<'static>>,
}

impl AggSpec {
    pub fn new(kind: AggKind, args: Vec<Value<'static>>) -> AggSpec {
        AggSpec { kind, args }
    }
}

/// A group's states, one per aggregate.
struct States(Vec<State>);

impl Payload for States {
    fn absorb(&mut self, other: States, _other_is_earlier: bool) -> Result<()> {
        // States carry input positions, so merging needs no order.
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            mine.merge(theirs)?;
        }
        Ok(())
    }

    fn encode(&self, out: &mut Vec<u8>) {
        put_count(out, self.0.len());
        let mut state = Vec::new();
        for s in &self.0 {
            state.clear();
            s.encode(&mut state);
            put_field(out, Some(&state));
        }
    }

    fn decode(bytes: &[u8]) -> Result<States> {
        let mut fields = Vec::new();
        read_fields(bytes, 0, &mut fields)?;
        fields
            .into_iter()
            .map(|f| {
                let range = f.ok_or_else(|| codec::invalid("a spilled state is missing"))?;
                State::decode(&bytes[range])
            })
            .collect::<Result<_>>()
            .map(States)
    }

    fn heap_bytes(&self) -> usize {
        self.0.iter().map(|s| s.heap_bytes()).sum::<usize>()
            + self.0.len() * std::mem::size_of::<State>()
    }
}

/// The `group … aggregate …` and `aggregate …` steps.
pub struct Group {
    key_columns: Vec<usize>,
    /// Fresh states, cloned for each new group.
    template: Vec<State>,
    whole_input: bool,
    table: Table<States>,
    key: Vec<u8>,
    /// Where the next row sits: `part` set by [`Group::with_part`], `row` counted here.
    next: Pos,
}

impl Group {
    /// Groups by the cells at `key_columns` (indexes into each pushed row's cells). Each
    /// pushed row brings one value per aggregate (`Value::Null` for `count()`).
    pub fn new(key_columns: Vec<usize>, aggs: &[AggSpec], budget: Budget) -> Result<Group> {
        let template: Vec<State> = aggs
            .iter()
            .map(|a| State::new(a.kind, &a.args))
            .collect::<Result<_>>()?;
        Ok(Group {
            table: table(budget, &template, key_columns.is_empty()),
            key_columns,
            template,
            whole_input: false,
            key: Vec::new(),
            next: Pos::default(),
        })
    }

    /// `aggregate …`: the whole input is one group, and the output is one row even when the
    /// input is empty (`count()` is then 0).
    pub fn whole_input(aggs: &[AggSpec], budget: Budget) -> Result<Group> {
        let mut group = Group::new(Vec::new(), aggs, budget)?;
        group.whole_input = true;
        Ok(group)
    }

    /// Numbers this input's rows as part `part` of a larger input, so states built from
    /// different parts merge in input order.
    pub fn with_part(mut self, part: u64) -> Group {
        self.next.part = part;
        self
    }
}

/// The table of a Group with aggregates `template`.
fn table(budget: Budget, template: &[State], no_key_columns: bool) -> Table<States> {
    // Only a group of counts holds the same heap whatever its rows.
    let table = Table::new(budget, template.iter().any(State::heap_can_change));
    if no_key_columns {
        table.one_key()
    } else {
        table
    }
}

/// True for the aggregates that read their argument as a number and fail on anything else.
fn needs_number(kind: AggKind) -> bool {
    use AggKind::*;
    matches!(
        kind,
        Sum | Mean | Stddev | Var | Median | Quantile | ApproxQuantile
    )
}

/// The numbers in the text of the row's values that number-reading aggregates take, parsed
/// once, here: a value that is no number fails, before any state of the row's group changes,
/// so a row that fails (and that `on_error = skip` then steps over) counts in none of its
/// aggregates rather than in the ones before the failing one. The aggregate's own error is
/// returned, from a fresh state. `numbers[i]` stays `None` where value `i` is taken as given.
fn read_numbers(
    template: &[State],
    values: &[Value<'_>],
    at: Pos,
    numbers: &mut [Option<Number>],
) -> Result<()> {
    for ((fresh, value), slot) in template.iter().zip(values).zip(numbers) {
        let Value::Text(t) = value else { continue };
        if !needs_number(fresh.kind()) {
            continue;
        }
        match crate::parse_number(t.as_bytes()) {
            Some(number) => *slot = Some(number),
            None => fresh.clone().update(value, at)?, // the aggregate's own error
        }
    }
    Ok(())
}

/// Updates `states` with a row's values, each replaced by its number where
/// [`read_numbers`] found one.
fn update_all(
    states: &mut States,
    values: &[Value<'_>],
    numbers: &[Option<Number>],
    at: Pos,
) -> Result<()> {
    for ((state, value), number) in states.0.iter_mut().zip(values).zip(numbers) {
        match number {
            Some(Number::Int(i)) => state.update(&Value::Int(*i), at)?,
            Some(Number::Float(f)) => state.update(&Value::Float(*f), at)?,
            None => state.update(value, at)?,
        }
    }
    Ok(())
}

/// Aggregates a row's numbers are read for without a heap allocation (more take one).
const INLINE_VALUES: usize = 8;

/// The key of every row when there are no group columns: the record of no fields.
const NO_KEY: &[u8] = b"\0\0\0\0";

/// What [`Group`] hands out at the end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    /// The aggregates' results.
    Results,
    /// The encoded states, to merge elsewhere.
    Partials,
}

impl Group {
    /// Ends the input like [`Operator::finish`], but hands out each group's partial state
    /// instead of its results, for a job split across cores or machines: the group's key
    /// cells, then one cell holding the bytes of its states (the stable encoding of
    /// [`crate::agg::codec`], one length-prefixed state per aggregate). Give each part's
    /// Group its place with [`Group::with_part`] so order-sensitive aggregates merge in input
    /// order.
    pub fn finish_partials(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        self.finish_as(Output::Partials, emit)
    }

    /// Takes in one row of [`Group::finish_partials`] from a Group built with the same group
    /// columns and aggregates. Feed the parts in input order: groups then come out in order
    /// of first appearance in the whole input.
    pub fn push_partial(&mut self, cells: &[&[u8]]) -> Result<()> {
        let Some((states, key_cells)) = cells.split_last() else {
            return check_width("group", "cells", 0, self.key_columns.len() + 1);
        };
        check_width(
            "group",
            "key cells",
            key_cells.len(),
            self.key_columns.len(),
        )?;
        let states = States::decode(states)?;
        check_width("group", "states", states.0.len(), self.template.len())?;
        self.key.clear();
        super::record::put_cells(&mut self.key, key_cells);
        let template = &self.template;
        let make = || Ok(States(template.clone()));
        self.table.update(&self.key, self.next.row, make, |mine| {
            mine.absorb(states, false)
        })?;
        self.next.row += 1;
        Ok(())
    }

    fn finish_as(&mut self, output: Output, emit: &mut Emit<'_>) -> Result<()> {
        if self.whole_input && self.table.is_empty() {
            let template = &self.template;
            self.table
                .update(NO_KEY, 0, || Ok(States(template.clone())), |_| Ok(()))?;
        }
        let (mut scratch, mut fields) = (Vec::new(), Vec::new());
        let mut render = |key: &[u8], states: &States, out: &mut Vec<u8>| -> Result<()> {
            read_fields(key, 0, &mut fields)?;
            let outputs = match output {
                Output::Results => states.0.len(),
                Output::Partials => 1,
            };
            put_count(out, fields.len() + outputs);
            for field in &fields {
                put_field(out, field.clone().map(|r| &key[r]));
            }
            if output == Output::Partials {
                scratch.clear();
                states.encode(&mut scratch);
                put_field(out, Some(&scratch));
                return Ok(());
            }
            for state in &states.0 {
                put_value(out, &state.finalize()?, &mut scratch);
            }
            Ok(())
        };
        self.table.finish(&mut render, emit)
    }
}

impl Operator for Group {
    fn push(&mut self, cells: &[&[u8]], values: &[Value<'_>]) -> Result<()> {
        check_width("group", "values", values.len(), self.template.len())?;
        if !self.key_columns.is_empty() {
            self.key.clear();
            put_selected("group", &mut self.key, cells, &self.key_columns)?;
        }
        let at = self.next;
        // Numbers are `Copy`: the array has nothing to drop per row, unlike values.
        let (mut inline, mut heap);
        let numbers: &mut [Option<Number>] = if values.len() <= INLINE_VALUES {
            inline = [None; INLINE_VALUES];
            &mut inline[..values.len()]
        } else {
            heap = vec![None; values.len()];
            &mut heap
        };
        read_numbers(&self.template, values, at, numbers)?;
        let numbers = &*numbers;
        let template = &self.template;
        let make = || Ok(States(template.clone()));
        let update = |states: &mut States| update_all(states, values, numbers, at);
        let key = if self.key_columns.is_empty() {
            NO_KEY
        } else {
            &self.key
        };
        self.table.update(key, at.row, make, update)?;
        self.next.row += 1;
        Ok(())
    }

    fn finish(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        self.finish_as(Output::Results, emit)
    }

    fn usage(&self) -> Usage {
        self.table.usage()
    }

    fn finish_partials(&mut self, emit: &mut Emit<'_>) -> Result<()> {
        Group::finish_partials(self, emit)
    }

    fn push_partial(&mut self, cells: &[&[u8]]) -> Result<()> {
        Group::push_partial(self, cells)
    }
}
