//! Expressions: lexer, parser, type checking and compiled evaluation over column slots.
//!
//! ```text
//! expr    := literal | col | fn "(" [expr ("," expr)*] ")" | expr binop expr
//!          | "not" expr | "-" expr | "(" expr ")"
//! binop   := * / // %  >  + -  >  ??  >  = != < <= > >= contains  >  and  >  or
//! literal := number | "text" | true | false | null | @2024-01-31 | @2024-01-31T12:00:00
//! ```
//! An expression is parsed once ([`parse`]) and compiled once per job against the columns it
//! sees ([`compile`]); rows then only run the compiled tree.

mod compile;
mod convert;
mod eval;
mod functions;
pub mod registry;
mod scope;

pub(crate) use crate::lang::cursor::Cursor;
pub(crate) use compile::{check_calls, compile, Compiled, Scope, Ty};
pub use convert::float_text;
pub(crate) use convert::{to_bool, write_value};
pub(crate) use eval::Row;

use crate::number::Number;
use crate::pipeline::{ColumnRef, SpecPos};

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

/// Parses one expression from spec text (the whole text must be the expression).
///
/// ```
/// let e = csv_kernels::expr::parse("a*(b+1) ?? 0").unwrap();
/// assert_eq!(e.to_string(), "a * (b + 1) ?? 0");
/// ```
pub fn parse(text: &str) -> crate::Result<Expr> {
    let mut cursor = Cursor::new(text)?;
    let expr = cursor.expr()?;
    cursor.expect_end()?;
    Ok(expr)
}
