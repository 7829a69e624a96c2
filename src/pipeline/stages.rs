//! A pipeline cut into stages at its blocking steps and joins.
//!
//! Each stage is a [`Plan`] of streaming steps over the rows it is given, ended by where its
//! rows go: out (the last stage), into a blocking step ([`crate::ops`]), which hands its rows
//! to the next stage once the input has ended, or through a join, which hands each joined row
//! on at once. A pipeline without blocking steps or joins is one stage whose rows go straight
//! to the writer, as before stages existed.

use super::boundary::Boundary;
use super::builder::Builder;
use super::join::{Join, RowBuf};
use super::plan::{Input, Plan, RowOutcome};
use super::split::{cut, hex, unhex, Mode};
use crate::error::{Error, ErrorKind, Result};
use crate::inline::{with_slice, with_slice_in};
use crate::lang::{Pipeline, Step};
use crate::ops::Operator;
use crate::options::{OnError, Options};
use crate::reader::Record;
use crate::value::{Type, Value};

/// Receives the pipeline's output rows.
pub(crate) trait Sink {
    fn row<'a, I: Iterator<Item = &'a [u8]>>(&mut self, cells: I) -> Result<()>;

    /// A row that is the input `record` unchanged, then `appended` cells, each marked when it
    /// is a number's or a bool's text (see [`super::plan::Plan::appended`]); a sink may copy
    /// the record's raw bytes.
    fn record<'a, I: ExactSizeIterator<Item = (&'a [u8], bool)>>(
        &mut self,
        record: &Record<'a>,
        appended: I,
    ) -> Result<()> {
        self.row(record.iter().chain(appended.map(|(cell, _)| cell)))
    }
}

/// The second inputs of `join` steps, by the name the spec gives them.
pub(crate) type Tables = Vec<(String, Vec<u8>)>;

pub(super) enum End {
    Output,
    Block(Box<dyn Operator>),
    Join(Join),
}

struct Stage {
    plan: Plan,
    end: End,
    /// The step that ends this stage, for messages.
    step: &'static str,
    /// The input column each key's errors are blamed on.
    blame: Vec<Option<usize>>,
    /// The blocking step whose output this stage reads, if any.
    fed_by: Option<&'static str>,
}

/// What the error policy needs as rows run, kept apart from the stages they run through.
struct Policy {
    on_error: OnError,
    skipped: u64,
}

impl Policy {
    /// Fails the run, or counts the row as skipped when the policy allows it.
    fn fail(&mut self, e: Error) -> Result<()> {
        if self.on_error == OnError::Fail || !e.kind.is_row_error() {
            return Err(e);
        }
        self.skipped += 1;
        Ok(())
    }
}

pub(crate) struct Stages {
    stages: Vec<Stage>,
    policy: Policy,
    /// `Part` of a pipeline cut at a group: the group hands out partial states.
    partials_out: bool,
    /// `Merge` of a pipeline cut at a group: the input rows are partial states.
    partials_in: bool,
    /// `Merge` of rows: the cells each part's row must have.
    merge_width: Option<usize>,
}

impl Stages {
    /// Binds `pipeline` to the input's columns: compiles every stage's expressions and reads
    /// the joins' second inputs, so spec errors come before any row is read.
    pub fn compile(
        pipeline: &Pipeline,
        input: Input,
        options: &Options,
        tables: &Tables,
        mode: Mode,
        part: u64,
    ) -> Result<Stages> {
        let (prefix, at) = cut(pipeline);
        let cut_at_group = at.is_some_and(|i| matches!(pipeline.steps[i], Step::Group { .. }));
        let (steps, input) = match (mode, at) {
            (Mode::Whole, _) | (Mode::Part, None) => (&pipeline.steps[..], input),
            // Each part's first N rows or first row of a kind hold the whole input's; a group's
            // partial states merge. A sort or a top needs every row.
            (Mode::Part, Some(i)) if pipeline.steps[i].role().runs_in_parts() => {
                (&pipeline.steps[..=i], input)
            }
            (Mode::Part, Some(_)) => (prefix, input),
            (Mode::Merge, at) => {
                // The parts ran the prefix: the rest starts from its columns.
                let mut builder = Builder::new(input);
                let boundary = Boundary {
                    share: options.memory_limit,
                    options,
                    tables,
                    part,
                };
                for step in prefix {
                    // A join in the prefix: the rest reads its rows.
                    if let Some((.., next)) = builder.step(step, &boundary)? {
                        builder = Builder::new(next);
                    }
                }
                let input = Input {
                    names: builder.names(),
                    types: builder.tys(),
                };
                (&pipeline.steps[at.unwrap_or(pipeline.steps.len())..], input)
            }
        };
        let width = match mode {
            Mode::Merge if cut_at_group => None, // key cells and states: checked by the group
            Mode::Merge => Some(input.names.len()),
            _ => None,
        };
        let mut stages = Stages::build(steps, input, options, tables, part)?;
        stages.partials_out = mode == Mode::Part && cut_at_group;
        stages.partials_in = mode == Mode::Merge && cut_at_group;
        stages.merge_width = width;
        Ok(stages)
    }

    fn build(
        steps: &[Step],
        input: Input,
        options: &Options,
        tables: &Tables,
        part: u64,
    ) -> Result<Stages> {
        let boundaries = steps.iter().filter(|s| s.role().holds_rows()).count();
        // The steps that hold rows share the budget, since they may all hold rows at once.
        let share = (options.memory_limit / boundaries.max(1)).max(1);
        let mut stages = Vec::new();
        let mut builder = Builder::new(input);
        let mut fed_by = None;
        let boundary = Boundary {
            share,
            options,
            tables,
            part,
        };
        for step in steps {
            let Some((end, name, blame, next)) = builder.step(step, &boundary)? else {
                continue; // a per-row step, now part of the plan
            };
            stages.push(Stage {
                plan: std::mem::replace(&mut builder, Builder::new(next)).finish(),
                end,
                step: name,
                blame,
                fed_by,
            });
            fed_by = (name != "join").then_some(name);
        }
        stages.push(Stage {
            plan: builder.finish(),
            end: End::Output,
            step: "",
            blame: Vec::new(),
            fed_by,
        });
        Ok(Stages {
            stages,
            policy: Policy {
                on_error: options.on_error,
                skipped: 0,
            },
            partials_out: false,
            partials_in: false,
            merge_width: None,
        })
    }

    fn last(&self) -> &Plan {
        &self.stages[self.stages.len() - 1].plan
    }

    /// The output header's cells.
    pub fn header(&self) -> impl Iterator<Item = &[u8]> {
        self.last().header()
    }

    /// Each output column's type as far as the spec decides it.
    pub fn types(&self) -> &[Option<Type>] {
        self.last().types()
    }

    /// True once the first stage takes no more input (a `take` is reached).
    pub fn exhausted(&self) -> bool {
        self.stages[0].plan.exhausted()
    }

    /// Cells left empty by `on_error = null`.
    pub fn nulled(&self) -> u64 {
        self.stages.iter().map(|s| s.plan.nulled).sum()
    }

    /// How many times the blocking steps spilled to temporary files.
    pub fn spills(&self) -> usize {
        self.stages
            .iter()
            .map(|s| match &s.end {
                End::Block(op) => op.usage().spills,
                _ => 0,
            })
            .sum()
    }

    /// Rows dropped by `on_error = skip | null`.
    pub fn skipped(&self) -> u64 {
        self.policy.skipped
    }

    /// A record the reader found bad: fails the run or is skipped, by the policy.
    pub fn reject(&mut self, problem: Error) -> Result<()> {
        self.policy.fail(problem)
    }

    /// Runs one input record through the stages.
    pub fn row<S: Sink>(&mut self, record: &Record, sink: &mut S) -> Result<()> {
        if let Some(width) = self.merge_width.filter(|&w| w != record.len()) {
            return Err(Error::new(
                ErrorKind::InvalidState,
                record.position(0),
                format!(
                    "a part's row has {} cells where the merge expects {width}: the parts \
                     and the merge must run the same pipeline with the same options",
                    record.len()
                ),
            ));
        }
        if self.partials_in {
            let End::Block(group) = &mut self.stages[0].end else {
                unreachable!("a merge cut at a group starts with it")
            };
            let mut cells: Vec<&[u8]> = record.iter().collect();
            let states = unhex(cells.pop().unwrap_or_default())
                .map_err(|e| Error::new(e.kind, record.position(record.len()), e.message))?;
            cells.push(&states);
            return group.push_partial(&cells);
        }
        run(&mut self.stages, record, &mut self.policy, sink)
    }

    /// Ends the input: each blocking step in turn hands its rows to the stages after it.
    pub fn finish<S: Sink>(&mut self, sink: &mut S) -> Result<()> {
        for i in 0..self.stages.len() {
            let (done, rest) = self.stages[i..].split_first_mut().expect("i < len");
            let End::Block(op) = &mut done.end else {
                continue;
            };
            if self.partials_out {
                // A part's group hands its partial states straight out: keys, then the
                // states as hex, so the part's output stays text.
                let mut text = Vec::new();
                return op.finish_partials(&mut |cells| {
                    let (states, keys) = cells.split_last().expect("a states cell");
                    text.clear();
                    hex(states, &mut text);
                    sink.row(keys.iter().copied().chain([&text[..]]))
                });
            }
            let policy = &mut self.policy;
            let mut row = RowBuf::default();
            let mut number = 0;
            op.finish(&mut |cells| {
                number += 1;
                let record = row.record(cells, 0, number, 0);
                if rest[0].plan.exhausted() {
                    return Ok(()); // a `take` after the step has all its rows
                }
                run(rest, &record, policy, sink)
            })?;
        }
        Ok(())
    }
}

/// Runs `record` through the first of `stages` and on through the ones after it.
fn run<S: Sink>(
    stages: &mut [Stage],
    record: &Record,
    policy: &mut Policy,
    sink: &mut S,
) -> Result<()> {
    let (this, rest) = stages.split_first_mut().expect("a pipeline has a stage");
    match this.plan.eval(record, policy.on_error) {
        RowOutcome::Filtered => Ok(()),
        RowOutcome::Failed(e) => policy.fail(after(e, this.fed_by, record)),
        RowOutcome::Emit => match &mut this.end {
            End::Output if this.plan.keeps_input(record) => {
                sink.record(record, this.plan.appended(record))
            }
            End::Output => sink.row(this.plan.output(record)),
            End::Block(op) => match push(op.as_mut(), &this.plan, record) {
                Err(mut e) if e.kind.is_row_error() => {
                    if e.position.line == 0 {
                        let blamed = e.position.column as usize;
                        let column = this.blame.get(blamed).copied().flatten();
                        e.position = record.position(column.map_or(0, |c| c + 1));
                    }
                    e.message = format!("{}: {}", this.step, e.message);
                    policy.fail(after(e, this.fed_by, record))
                }
                result => result,
            },
            End::Join(join) => with_slice(this.plan.output(record), |cells| {
                join.each_match(cells, record, &mut |joined| {
                    if rest[0].plan.exhausted() {
                        return Ok(());
                    }
                    run(rest, joined, policy, sink)
                })
            }),
        },
    }
}

/// Hands `record`'s cells and key values to the blocking step `op`. Their slots are made and
/// dropped per row, so the usual few (a group's key cells, one value per aggregate) get room
/// for 4 rather than 16: for `aggregate n = count()` sixteen cost more than the counting.
fn push(op: &mut dyn Operator, plan: &Plan, record: &Record) -> Result<()> {
    const NULLS: [Value<'static>; 4] = [const { Value::Null }; 4];
    let (cells, keys) = (plan.output(record), plan.keys(record));
    match plan.widths() {
        // `aggregate` of `count()`s alone: the row brings nothing to gather.
        (0, n @ ..=4) if plan.keys_are_null() => op.push(&[], &NULLS[..n]),
        (..=4, ..=4) => with_slice_in::<4, _, _>(cells, |cells| {
            with_slice_in::<4, _, _>(keys, |keys| op.push(cells, keys))
        }),
        _ => with_slice(cells, |cells| with_slice(keys, |keys| op.push(cells, keys))),
    }
}

/// Says where a row that came out of a blocking step was, since it has no input line.
fn after(mut e: Error, fed_by: Option<&'static str>, record: &Record) -> Error {
    if let (Some(step), 0) = (fed_by, record.line) {
        e.message = format!(
            "{} (row {} of the {step} step's output)",
            e.message, record.number
        );
    }
    e
}
