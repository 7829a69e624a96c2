//! Expressions: type checking and compiled evaluation over column slots, and the registry of
//! functions and aggregates. Their syntax is [`crate::lang`]'s.
//!
//! An expression is parsed once ([`parse`]) and compiled once per job against the columns it
//! sees ([`compile`]); rows then only run the compiled tree.

mod calls;
mod compile;
mod convert;
mod eval;
mod functions;
pub mod registry;
mod scope;
mod ty;

pub use crate::lang::{parse_expr as parse, BinOp, Expr, Literal, UnaryOp};
pub use crate::value::float_text;
pub(crate) use calls::check_call;
pub(crate) use compile::{compile, Compiled, Scope, Ty};
pub(crate) use convert::to_bool;
pub(crate) use eval::Row;
