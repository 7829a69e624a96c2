//! The spec language's syntax, one small text language for every door (CLI, JS, Python, the
//! edge): the syntax tree, the lexer, the step and expression parsers and the canonical text a
//! parsed pipeline prints back as. What a step or a function does is decided above it
//! ([`crate::expr`], [`crate::pipeline`]).
//!
//! ```text
//! pipeline := step (("|" | newline) step)*
//! step     := "select" item ("," item)*            item := expr ["as" name]
//!           | "drop" col ("," col)*
//!           | "rename" col "as" name ("," col "as" name)*
//!           | "filter" expr                          (alias: where)
//!           | "derive" name "=" expr ("," name "=" expr)*
//!           | "take" integer                         (alias: limit)
//!           | "cast" col "as" type ("," col "as" type)*
//!           | "sort" key ("," key)*                 key := ["-"] expr   ("-": descending)
//!           | "group" col ("," col)* "aggregate" agg ("," agg)*
//!           | "aggregate" agg ("," agg)*            (the whole input as one group)
//!           | "distinct" [col ("," col)*]           (whole rows without columns)
//!           | "top" integer "by" key ("," key)*
//!           | "join" ["left"] "(" source ")" "on" col ["=" col]
//! agg      := name "=" aggregate "(" [expr ("," literal)*] ")"
//! source   := a path or a name, read up to ")" (quote it as "text" if it holds a ')')
//! col      := identifier | `any text` | #N          (#N: the N-th column, 1-based)
//! type     := int | float | text | bool | date | datetime
//! ```
//!
//! Expressions:
//!
//! ```text
//! expr    := literal | col | fn "(" [expr ("," expr)*] ")" | expr binop expr
//!          | "not" expr | "-" expr | "(" expr ")"
//! binop   := * / // %  >  + -  >  ??  >  = != < <= > >= contains  >  and  >  or
//! literal := number | "text" | true | false | null | @2024-01-31 | @2024-01-31T12:00:00
//! ```
//! See the README for the full semantics.

mod ast;
pub(crate) mod cursor;
pub(crate) mod lexer;
pub(crate) mod nearest;
pub(crate) mod parse;
mod show;
pub(crate) mod steps;

pub use ast::{
    AggCall, BinOp, ColumnRef, Derivation, Expr, Literal, Pipeline, Role, SelectItem, SortKey,
    SpecPos, Step, UnaryOp,
};
pub use show::show_name;

use cursor::Cursor;

/// Parses one expression from spec text (the whole text must be the expression).
///
/// ```
/// let e = csv_kernels::lang::parse_expr("a*(b+1) ?? 0").unwrap();
/// assert_eq!(e.to_string(), "a * (b + 1) ?? 0");
/// ```
pub fn parse_expr(text: &str) -> crate::Result<Expr> {
    let mut cursor = Cursor::new(text)?;
    let expr = cursor.expr()?;
    cursor.expect_end()?;
    Ok(expr)
}
