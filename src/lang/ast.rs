//! The syntax tree of a pipeline spec: steps and the expressions inside them, each node with
//! the place in the spec text it came from (for errors that point at it).

use crate::agg::AggKind;
use crate::kernels::Kernel;
use crate::number::Number;
use crate::value::Type;

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

/// What a step needs of the rows before it, declared once per step ([`Step::role`]): the stage
/// cutter, the parallel runner and the split planner ask this, never the step's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// One row in, at most one out, nothing kept between rows: runs on any range of the input.
    PerRow,
    /// Per row, against a second input it holds in memory (`join`).
    Lookup,
    /// Passes the first rows, then stops the read (`take`): a part's first rows hold the whole
    /// input's, so parts run it and the merge runs it again.
    Limit,
    /// Reads every row and keeps what merges across parts (`group`, `aggregate`, `distinct`).
    Reduces,
    /// Reads every row before its first output, with nothing smaller to merge (`sort`, `top`).
    NeedsAll,
}

impl Role {
    /// Reads every row before it outputs one.
    pub fn is_blocking(self) -> bool {
        matches!(self, Role::Reduces | Role::NeedsAll)
    }

    /// Holds rows in memory, so it ends a stage and takes a share of the memory budget.
    pub fn holds_rows(self) -> bool {
        self.is_blocking() || self == Role::Lookup
    }

    /// Where a run split into parts stops running the parts: the first step that needs more
    /// than the rows of its own part.
    pub fn ends_parts(self) -> bool {
        matches!(self, Role::Limit | Role::Reduces | Role::NeedsAll)
    }

    /// A part runs this step over its own rows, and the merge combines the parts' results.
    pub fn runs_in_parts(self) -> bool {
        matches!(self, Role::Limit | Role::Reduces)
    }
}

impl Step {
    pub fn role(&self) -> Role {
        match self {
            Step::Select(_)
            | Step::Drop(_)
            | Step::Rename(_)
            | Step::Filter { .. }
            | Step::DeriveExprs(_)
            | Step::Derive { .. }
            | Step::Cast(_) => Role::PerRow,
            Step::Join { .. } => Role::Lookup,
            Step::Take { .. } => Role::Limit,
            Step::Group { .. } | Step::Distinct(_) => Role::Reduces,
            Step::Sort(_) | Step::Top { .. } => Role::NeedsAll,
        }
    }

    /// True for the steps that read every row before they output one.
    pub fn is_blocking(&self) -> bool {
        self.role().is_blocking()
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

// `Pipeline::parse` is the planner's (`crate::pipeline`): it checks each step's calls against
// the function registry as it is parsed.
impl Pipeline {
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

/// A literal as written in the spec. Numbers and dates keep their text so the spec prints back
/// the way it was written.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Text(String),
    /// The number and its text as written.
    Number(Number, String),
    Bool(bool),
    Null,
    /// Days since 1970-01-01, and the text after `@`.
    Date(i32, String),
    /// Microseconds since 1970-01-01T00:00:00, and the text after `@`.
    DateTime(i64, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Mul,
    Div,
    FloorDiv,
    Rem,
    Add,
    Sub,
    Coalesce,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// v1's `where col contains "text"`, kept as an operator beside `contains(x, s)`.
    Contains,
    And,
    Or,
}

impl BinOp {
    /// Every operator with its spelling, for the lexer's symbols and the registry.
    pub const ALL: [(BinOp, &'static str); 16] = [
        (BinOp::Mul, "*"),
        (BinOp::Div, "/"),
        (BinOp::FloorDiv, "//"),
        (BinOp::Rem, "%"),
        (BinOp::Add, "+"),
        (BinOp::Sub, "-"),
        (BinOp::Coalesce, "??"),
        (BinOp::Eq, "="),
        (BinOp::Ne, "!="),
        (BinOp::Lt, "<"),
        (BinOp::Le, "<="),
        (BinOp::Gt, ">"),
        (BinOp::Ge, ">="),
        (BinOp::Contains, "contains"),
        (BinOp::And, "and"),
        (BinOp::Or, "or"),
    ];

    pub fn symbol(self) -> &'static str {
        BinOp::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("?", |(_, s)| s)
    }

    /// Binding strength: higher binds tighter. `not` sits between comparisons and `and`.
    pub fn precedence(self) -> u8 {
        use BinOp::*;
        match self {
            Mul | Div | FloorDiv | Rem => 6,
            Add | Sub => 5,
            Coalesce => 4,
            Eq | Ne | Lt | Le | Gt | Ge | Contains => 3,
            And => 1,
            Or => 0,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 3
    }
}

/// Where `not`'s operand stops: it takes a whole comparison (`not a = b` is `not (a = b)`).
pub(crate) const NOT_PRECEDENCE: u8 = 2;

/// An expression as parsed: every node remembers where it starts in the spec.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal(Literal, SpecPos),
    Column(ColumnRef),
    Call {
        name: String,
        pos: SpecPos,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        pos: SpecPos,
        operand: Box<Expr>,
    },
    Binary {
        op: BinOp,
        pos: SpecPos,
        left: Box<Expr>,
        right: Box<Expr>,
    },
}

impl Expr {
    /// Where the expression starts in the spec.
    pub fn pos(&self) -> SpecPos {
        match self {
            Expr::Literal(_, pos) | Expr::Call { pos, .. } | Expr::Unary { pos, .. } => *pos,
            Expr::Binary { left, .. } => left.pos(),
            Expr::Column(ColumnRef::Name(_, pos) | ColumnRef::Index(_, pos)) => *pos,
        }
    }
}
