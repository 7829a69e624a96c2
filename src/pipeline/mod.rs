//! The pipeline spec: one small text language for every door (CLI, JS, Python, the edge).
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
//! Expressions are [`crate::expr`]'s. See the README for the full semantics.

mod join;
mod plan;
mod split;
mod stages;

pub(crate) use plan::Input;
pub(crate) use split::Mode;
pub(crate) use stages::{Sink, Stages, Tables};

use crate::agg::AggKind;
use crate::expr::Expr;
pub use crate::expr::Literal;
use crate::kernels::Kernel;
use crate::lang::lexer;
use crate::value::Type;
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

/// One item of `select`: an expression and the name it gets.
#[derive(Clone, Debug, PartialEq)]
pub struct SelectItem {
    pub expr: Expr,
    /// `as name`; without it a column keeps its name and an expression is named by its text.
    pub alias: Option<(String, SpecPos)>,
}

/// One `name = expr` of `derive`.
#[derive(Clone, Debug, PartialEq)]
pub struct Derivation {
    pub name: String,
    pub name_pos: SpecPos,
    pub expr: Expr,
}

/// One key of `sort` or `top`.
#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub descending: bool,
}

/// One `name = aggregate(...)` of `group` or `aggregate`.
#[derive(Clone, Debug, PartialEq)]
pub struct AggCall {
    pub name: String,
    pub name_pos: SpecPos,
    pub kind: AggKind,
    /// Where the aggregate's call starts, for errors about its arguments.
    pub pos: SpecPos,
    /// The aggregated expression (none for `count()`), then the constant arguments.
    pub args: Vec<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Select(Vec<SelectItem>),
    Drop(Vec<ColumnRef>),
    Rename(Vec<(ColumnRef, String, SpecPos)>),
    /// `filter expr`; `where` (v1's word) when `alias` is set, so the spec prints back as written.
    Filter {
        expr: Expr,
        alias: bool,
    },
    DeriveExprs(Vec<Derivation>),
    /// v1's `derive name = kernel(column)`, for doors that build a pipeline as a value with any
    /// column name; it runs exactly as the same `derive` written in text.
    Derive {
        name: String,
        name_pos: SpecPos,
        kernel: Kernel,
        column: ColumnRef,
    },
    /// `take n`; `limit n` (v1's word) when `alias` is set.
    Take {
        rows: u64,
        alias: bool,
    },
    Cast(Vec<(ColumnRef, Type, SpecPos)>),
    Sort(Vec<SortKey>),
    /// `group columns aggregate aggs`; `aggregate aggs` when `columns` is empty.
    Group {
        columns: Vec<ColumnRef>,
        aggs: Vec<AggCall>,
    },
    /// `distinct columns`; whole rows when `columns` is empty.
    Distinct(Vec<ColumnRef>),
    Top {
        rows: u64,
        keys: Vec<SortKey>,
    },
    /// `join [left] (source) on column [= right_column]`: `source` is a second input the door
    /// attaches by that name (the CLI reads it as a path).
    Join {
        left: bool,
        source: String,
        source_pos: SpecPos,
        on: ColumnRef,
        right_on: Option<ColumnRef>,
    },
}

impl Step {
    /// True for the steps that read every row before they output one.
    pub fn is_blocking(&self) -> bool {
        matches!(
            self,
            Step::Sort(_) | Step::Group { .. } | Step::Distinct(_) | Step::Top { .. }
        )
    }
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
        crate::lang::parse::parse(spec)
    }

    /// The names of the second inputs its `join` steps read, in order, each once.
    ///
    /// ```
    /// let p: csv_kernels::Pipeline = "join (cities.csv) on city | join left (x) on a = b".parse().unwrap();
    /// assert_eq!(p.join_sources(), ["cities.csv", "x"]);
    /// ```
    pub fn join_sources(&self) -> Vec<&str> {
        let mut sources: Vec<&str> = Vec::new();
        for step in &self.steps {
            if let Step::Join { source, .. } = step {
                if !sources.contains(&source.as_str()) {
                    sources.push(source);
                }
            }
        }
        sources
    }

    /// The seed job, `derive NEW_COLUMN = digit_factorial_sum(COLUMN)`, built as a value so any
    /// column names work, even ones the spec syntax could not spell.
    ///
    /// ```
    /// let p = csv_kernels::Pipeline::seed("value", "dfs");
    /// assert_eq!(p.to_string(), "derive dfs = digit_factorial_sum(value)");
    /// ```
    pub fn seed(column: &str, new_column: &str) -> Pipeline {
        Pipeline {
            steps: vec![Step::Derive {
                name: new_column.to_string(),
                name_pos: SpecPos::default(),
                kernel: Kernel::DigitFactorialSum,
                column: ColumnRef::Name(column.to_string(), SpecPos::default()),
            }],
        }
    }
}

impl std::str::FromStr for Pipeline {
    type Err = crate::Error;
    fn from_str(spec: &str) -> crate::Result<Pipeline> {
        Pipeline::parse(spec)
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A column name as the spec writes it: bare when it can be, otherwise in backquotes.
pub fn show_name(name: &str) -> String {
    Name(name).to_string()
}

struct Name<'a>(&'a str);

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_identifier(self.0) && !lexer::is_reserved(self.0) {
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

/// Writes `items` separated by ", ".
fn list<T>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    mut each: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        each(f, item)?;
    }
    Ok(())
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Select(items) => {
                f.write_str("select ")?;
                list(f, items, |f, item| {
                    item.expr.fmt(f)?;
                    match &item.alias {
                        Some((name, _)) => write!(f, " as {}", Name(name)),
                        None => Ok(()),
                    }
                })
            }
            Step::Drop(columns) => {
                f.write_str("drop ")?;
                list(f, columns, |f, c| c.fmt(f))
            }
            Step::Rename(pairs) => {
                f.write_str("rename ")?;
                list(f, pairs, |f, (c, name, _)| {
                    write!(f, "{c} as {}", Name(name))
                })
            }
            Step::Filter { expr, alias } => {
                write!(f, "{} {expr}", if *alias { "where" } else { "filter" })
            }
            Step::DeriveExprs(items) => {
                f.write_str("derive ")?;
                list(f, items, |f, d| write!(f, "{} = {}", Name(&d.name), d.expr))
            }
            Step::Derive {
                name,
                kernel,
                column,
                ..
            } => write!(f, "derive {} = {}({column})", Name(name), kernel.name()),
            Step::Take { rows, alias } => {
                write!(f, "{} {rows}", if *alias { "limit" } else { "take" })
            }
            Step::Cast(items) => {
                f.write_str("cast ")?;
                list(f, items, |f, (c, ty, _)| write!(f, "{c} as {}", ty.name()))
            }
            Step::Sort(keys) => {
                f.write_str("sort ")?;
                list(f, keys, |f, k| k.fmt(f))
            }
            Step::Group { columns, aggs } => {
                if !columns.is_empty() {
                    f.write_str("group ")?;
                    list(f, columns, |f, c| c.fmt(f))?;
                    f.write_str(" ")?;
                }
                f.write_str("aggregate ")?;
                list(f, aggs, |f, a| {
                    write!(f, "{} = {}(", Name(&a.name), a.kind.name())?;
                    list(f, &a.args, |f, e| e.fmt(f))?;
                    f.write_str(")")
                })
            }
            Step::Distinct(columns) => {
                f.write_str("distinct")?;
                if !columns.is_empty() {
                    f.write_str(" ")?;
                }
                list(f, columns, |f, c| c.fmt(f))
            }
            Step::Top { rows, keys } => {
                write!(f, "top {rows} by ")?;
                list(f, keys, |f, k| k.fmt(f))
            }
            Step::Join {
                left,
                source,
                on,
                right_on,
                ..
            } => {
                f.write_str(if *left { "join left (" } else { "join (" })?;
                if source.contains([')', '"', '\\', '\n']) || source.trim() != source {
                    Literal::Text(source.clone()).fmt(f)?;
                } else {
                    f.write_str(source)?;
                }
                write!(f, ") on {on}")?;
                match right_on {
                    Some(r) => write!(f, " = {r}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Display for SortKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.descending {
            f.write_str("-")?;
            // `-(a + b)`: the key's sign is not the expression's.
            if matches!(self.expr, Expr::Binary { .. } | Expr::Unary { .. }) {
                return write!(f, "({})", self.expr);
            }
        }
        self.expr.fmt(f)
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
