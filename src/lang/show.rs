//! Canonical spec text for expressions: minimal parentheses, one space around operators. The
//! text parses back to an expression that prints the same.

use crate::expr::{Expr, Literal, UnaryOp, NOT_PRECEDENCE};
use std::fmt;

/// Prints `text` as a spec text literal, with the lexer's escapes.
pub(crate) fn write_text_literal(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
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

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(_, text) => f.write_str(text),
            Literal::Text(text) => write_text_literal(f, text),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Null => f.write_str("null"),
            Literal::Date(_, text) | Literal::DateTime(_, text) => write!(f, "@{text}"),
        }
    }
}

/// How tightly an expression holds together when printed inside another.
fn strength(expr: &Expr) -> u8 {
    match expr {
        Expr::Binary { op, .. } => op.precedence(),
        Expr::Unary {
            op: UnaryOp::Not, ..
        } => NOT_PRECEDENCE,
        // A signed number reads as one literal; it binds like a unary minus.
        Expr::Unary { .. } => 7,
        Expr::Literal(Literal::Number(_, text), _) if text.starts_with(['-', '+']) => 7,
        _ => 8,
    }
}

struct Operand<'a>(&'a Expr, bool);

impl fmt::Display for Operand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.1 {
            write!(f, "({})", self.0)
        } else {
            self.0.fmt(f)
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Literal(literal, _) => literal.fmt(f),
            Expr::Column(column) => column.fmt(f),
            Expr::Call { name, args, .. } => {
                write!(f, "{name}(")?;
                for (i, arg) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    arg.fmt(f)?;
                }
                f.write_str(")")
            }
            Expr::Unary {
                op: UnaryOp::Neg,
                operand,
                ..
            } => {
                // `-(-1)` and `-(a + b)` keep their parentheses; `-a` needs none. `-(3)` keeps
                // them too: `-3` would read back as one literal, and past i64 (`-(2^63)` is a
                // float, `-9223372036854775808` an integer) not even of the same type.
                let literal = matches!(**operand, Expr::Literal(Literal::Number(..), _));
                write!(f, "-{}", Operand(operand, literal || strength(operand) < 8))
            }
            Expr::Unary {
                op: UnaryOp::Not,
                operand,
                ..
            } => write!(
                f,
                "not {}",
                Operand(operand, strength(operand) <= NOT_PRECEDENCE)
            ),
            Expr::Binary {
                op, left, right, ..
            } => {
                let own = op.precedence();
                // Left associative: a right operand of the same strength needs parentheses.
                let left_parens = strength(left) < own;
                let right_parens = strength(right) <= own;
                write!(
                    f,
                    "{} {} {}",
                    Operand(left, left_parens),
                    op.symbol(),
                    Operand(right, right_parens)
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::expr::parse;

    #[test]
    fn prints_minimal_parentheses() {
        for (text, canonical) in [
            ("a*(b+1)", "a * (b + 1)"),
            ("(a*b)+1", "a * b + 1"),
            ("a-(b-c)", "a - (b - c)"),
            ("(a-b)-c", "a - b - c"),
            ("not (a and b)", "not (a and b)"),
            ("not a = 1 and b", "not a = 1 and b"),
            ("-(a+1)", "-(a + 1)"),
            ("- -1", "-(-1)"),
            ("-1 * 2", "-1 * 2"),
            ("x ?? 0 > 5", "x ?? 0 > 5"),
            ("a or b and c", "a or b and c"),
            ("(a or b) and c", "(a or b) and c"),
            (
                "f(1, \"x\\\"\", @2024-01-31, null, true)",
                "f(1, \"x\\\"\", @2024-01-31, null, true)",
            ),
            ("a - -1", "a - -1"),
            ("2 * -(3)", "2 * -(3)"),
            ("-(9223372036854775808)", "-(9223372036854775808)"),
            ("`my col` // #2 % 3", "`my col` // #2 % 3"),
        ] {
            let e = parse(text).unwrap();
            assert_eq!(e.to_string(), canonical, "{text}");
            assert_eq!(parse(canonical).unwrap().to_string(), canonical);
        }
    }
}
