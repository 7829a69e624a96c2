//! The pipeline spec: one small text language for every door (CLI, JS, Python, the edge).
//!
//! ```text
//! pipeline := step (("|" | newline) step)*
//! step     := "select" column ("," column)*
//!           | "where" column op literal
//!           | "derive" name "=" kernel "(" column ")"
//!           | "limit" integer
//! column   := identifier | `any text` | #N          (#N: the N-th column, 1-based)
//! op       := = | != | < | <= | > | >= | contains
//! literal  := "text" (\" and \\ escapes) | number
//! ```
//! A number literal compares numerically (an empty cell never matches, a non-numeric cell is
//! a row error); a text literal compares bytes. See the README for the full semantics.

mod lexer;
mod parse;
mod plan;

pub(crate) use plan::{Plan, RowOutcome};

use crate::kernels::Kernel;
use crate::number::Number;
use std::fmt;

/// Where a piece of the spec text starts (1-based line and character column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpecPos {
    pub line: u64,
    pub column: u64,
}

/// A reference to a column, as written in the spec.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnRef {
    Name(String, SpecPos),
    /// `#N`: the N-th column (1-based) of the rows at that step.
    Index(usize, SpecPos),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Text(String),
    /// The number and its text as written (kept so the spec prints back unchanged).
    Number(Number, String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Select(Vec<ColumnRef>),
    Where {
        column: ColumnRef,
        op: CompareOp,
        literal: Literal,
    },
    Derive {
        name: String,
        name_pos: SpecPos,
        kernel: Kernel,
        column: ColumnRef,
    },
    Limit(u64),
}

/// A parsed pipeline. `Display` prints its canonical spec text, which parses back to the same
/// pipeline.
///
/// ```
/// let p: csv_kernels::Pipeline = "where value != \"\"|derive dfs=digit_factorial_sum(value)".parse().unwrap();
/// assert_eq!(p.to_string(), "where value != \"\" | derive dfs = digit_factorial_sum(value)");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pipeline {
    pub steps: Vec<Step>,
}

impl Pipeline {
    /// Parses spec text; errors point at the line and column of the spec.
    pub fn parse(spec: &str) -> crate::Result<Pipeline> {
        parse::parse(spec)
    }
}

impl std::str::FromStr for Pipeline {
    type Err = crate::Error;
    fn from_str(spec: &str) -> crate::Result<Pipeline> {
        Pipeline::parse(spec)
    }
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Contains => "contains",
        }
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

struct Name<'a>(&'a str);

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_identifier(self.0) && !lexer::is_keyword(self.0) {
            f.write_str(self.0)
        } else {
            write!(f, "`{}`", self.0)
        }
    }
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnRef::Name(name, _) => Name(name).fmt(f),
            ColumnRef::Index(i, _) => write!(f, "#{i}"),
        }
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(_, text) => f.write_str(text),
            Literal::Text(text) => {
                f.write_str("\"")?;
                for c in text.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' => f.write_str("\\n")?,
                        '\t' => f.write_str("\\t")?,
                        _ => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Select(columns) => {
                f.write_str("select ")?;
                for (i, c) in columns.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    c.fmt(f)?;
                }
                Ok(())
            }
            Step::Where {
                column,
                op,
                literal,
            } => write!(f, "where {column} {} {literal}", op.symbol()),
            Step::Derive {
                name,
                kernel,
                column,
                ..
            } => {
                write!(f, "derive {} = {}({column})", Name(name), kernel.name())
            }
            Step::Limit(n) => write!(f, "limit {n}"),
        }
    }
}

impl fmt::Display for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            step.fmt(f)?;
        }
        Ok(())
    }
}
