//! The planner: binds a parsed [`Pipeline`] to the input's columns as plans of per-row
//! operations cut into stages at the steps that hold rows (sort, group, distinct, top, join),
//! and cuts a run into parts for many cores or machines. The syntax is [`crate::lang`]'s.

mod boundary;
mod builder;
mod join;
mod plan;
mod split;
mod stages;

pub(crate) use plan::Input;
pub(crate) use split::Mode;
pub(crate) use stages::{Sink, Stages, Tables};

pub use crate::lang::{
    show_name, AggCall, ColumnRef, Derivation, Literal, Pipeline, Role, SelectItem, SortKey,
    SpecPos, Step,
};

impl Pipeline {
    /// Parses spec text; errors point at the line and column of the spec. Unknown functions
    /// and wrong argument counts are spec errors here, before any column is known.
    pub fn parse(spec: &str) -> crate::Result<Pipeline> {
        crate::lang::parse::parse(spec, &crate::expr::check_call)
    }
}

impl std::str::FromStr for Pipeline {
    type Err = crate::Error;
    fn from_str(spec: &str) -> crate::Result<Pipeline> {
        Pipeline::parse(spec)
    }
}
