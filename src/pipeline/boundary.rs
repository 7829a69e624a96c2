//! How each step that holds rows ends a stage: its operator, built from the builder's columns,
//! and the input the next stage starts from.

use super::builder::Builder;
use super::join::Join;
use super::plan::Input;
use super::stages::{End, Tables};
use crate::agg::ResultType;
use crate::error::{ErrorKind, Result};
use crate::expr::{Expr, Literal, Ty};
use crate::lang::lexer::spec_error;
use crate::lang::{AggCall, ColumnRef, SortKey, Step};
use crate::ops::{AggSpec, Budget, Distinct, Group, Sort, Top};
use crate::options::Options;
use crate::value::{Type, Value};
use crate::Number;

/// What a step that ends a stage needs to be built.
pub(super) struct Boundary<'a> {
    pub(super) share: usize,
    pub(super) options: &'a Options,
    pub(super) tables: &'a Tables,
    /// This job's place among the parts of a split run (0 for a whole run), so the states of
    /// order-sensitive aggregates (first, last, string_agg) merge in input order.
    pub(super) part: u64,
}

/// A stage's end, its step's name, its keys' blamed columns and the next stage's input.
pub(super) type Built = (End, &'static str, Vec<Option<usize>>, Input);

/// The rows a step passes on unchanged (sort, top, distinct).
fn same_columns(builder: &Builder) -> Input {
    Input {
        names: builder.names(),
        types: builder.tys(),
    }
}

impl Boundary<'_> {
    fn budget(&self, step: &'static str) -> Budget {
        Budget::new(step, self.share)
    }

    /// `sort keys`, or `top n by keys` when `top` is set.
    pub(super) fn sort(
        &self,
        builder: &mut Builder,
        keys: &[SortKey],
        top: Option<u64>,
    ) -> Result<Built> {
        let mut blame = Vec::with_capacity(keys.len());
        for key in keys {
            blame.push(builder.key(&key.expr)?.1);
        }
        let descending = keys.iter().map(|k| k.descending).collect();
        let next = same_columns(builder);
        Ok(match top {
            None => (
                End::Block(Box::new(Sort::new(descending, self.budget("sort")))),
                "sort",
                blame,
                next,
            ),
            Some(n) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX);
                let op = Top::new(n, descending, self.budget("top"));
                (End::Block(Box::new(op)), "top", blame, next)
            }
        })
    }

    pub(super) fn distinct(&self, builder: &mut Builder, columns: &[ColumnRef]) -> Result<Built> {
        let picked = if columns.is_empty() {
            None
        } else {
            Some(
                columns
                    .iter()
                    .map(|c| builder.resolve(c))
                    .collect::<Result<_>>()?,
            )
        };
        let op = Distinct::new(picked, self.budget("distinct"));
        let next = same_columns(builder);
        Ok((End::Block(Box::new(op)), "distinct", Vec::new(), next))
    }

    pub(super) fn group(
        &self,
        builder: &mut Builder,
        columns: &[ColumnRef],
        aggs: &[AggCall],
    ) -> Result<Built> {
        let keys: Vec<usize> = columns
            .iter()
            .map(|c| builder.resolve(c))
            .collect::<Result<_>>()?;
        let (names, types) = (builder.names(), builder.tys());
        let mut next = Input {
            names: keys.iter().map(|&k| names[k].clone()).collect(),
            types: keys.iter().map(|&k| types[k]).collect(),
        };
        let (mut specs, mut blame) = (Vec::new(), Vec::new());
        for agg in aggs {
            if next.names.iter().flatten().any(|n| *n == agg.name) {
                return Err(spec_error(
                    ErrorKind::DuplicateColumn,
                    agg.name_pos,
                    format!("column '{}' already exists; choose a new name", agg.name),
                ));
            }
            let value = agg
                .args
                .first()
                .cloned()
                .unwrap_or(Expr::Literal(Literal::Null, agg.pos));
            let (ty, blamed) = builder.key(&value)?;
            blame.push(blamed);
            let input = match ty {
                Ty::Known(t) => t,
                Ty::Number => Type::Float,
                _ => Type::Text,
            };
            let result = agg.kind.result_type(input).ok_or_else(|| {
                spec_error(
                    ErrorKind::TypeMismatch,
                    agg.pos,
                    format!("{} cannot take a {}", agg.kind.name(), input.name()),
                )
            })?;
            next.names.push(Some(agg.name.clone()));
            next.types.push(match result {
                // Text results (min of cells, string_agg) are cells as read.
                ResultType::Fixed(Type::Text) => Ty::Cell,
                ResultType::Fixed(t) => Ty::Known(t),
                ResultType::IntOrFloat => Ty::Number,
            });
            let constants: Vec<Value> = agg.args.iter().skip(1).map(constant).collect();
            // A constant the aggregate refuses (`quantile(x, 2)`) is an error at the call.
            crate::agg::State::new(agg.kind, &constants)
                .map_err(|e| spec_error(ErrorKind::OutOfRange, agg.pos, e.message))?;
            specs.push(AggSpec::new(agg.kind, constants));
        }
        // The step reads no cell but its keys' (the aggregates read values), so the plan
        // gathers those alone, the step's column k being key k.
        builder.keep_only(&keys);
        let keys: Vec<usize> = (0..keys.len()).collect();
        let (op, name) = if keys.is_empty() {
            (
                Group::whole_input(&specs, self.budget("aggregate"))?,
                "aggregate",
            )
        } else {
            (Group::new(keys, &specs, self.budget("group"))?, "group")
        };
        let op = op.with_part(self.part);
        Ok((End::Block(Box::new(op)), name, blame, next))
    }

    pub(super) fn join(&self, builder: &mut Builder, step: &Step) -> Result<Built> {
        let Step::Join {
            left,
            source,
            source_pos,
            on,
            right_on,
        } = step
        else {
            unreachable!("called for join steps")
        };
        let on_index = builder.resolve(on)?;
        let bytes = self
            .tables
            .iter()
            .find(|(name, _)| name == source)
            .map(|(_, bytes)| bytes.as_slice())
            .ok_or_else(|| {
                spec_error(
                    ErrorKind::InvalidOption,
                    *source_pos,
                    format!(
                        "join: no second input named '{source}' (the CLI reads it as a file \
                         and found none; Python and JS pass it in `tables`)"
                    ),
                )
            })?;
        let (join, next) = Join::build(
            source,
            bytes,
            right_on.as_ref().unwrap_or(on),
            on_index,
            *left,
            same_columns(builder),
            self.options,
            self.budget("join"),
        )?;
        Ok((End::Join(join), "join", Vec::new(), next))
    }
}

/// A constant argument of an aggregate (`q`, the separator) as the state takes it.
fn constant(expr: &Expr) -> Value<'static> {
    match expr {
        Expr::Literal(Literal::Number(Number::Int(i), _), _) => Value::Int(*i),
        Expr::Literal(Literal::Number(Number::Float(f), _), _) => Value::Float(*f),
        Expr::Literal(Literal::Text(t), _) => Value::Text(t.clone().into()),
        _ => Value::Null, // the parser admits only the literals above
    }
}
