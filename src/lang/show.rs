//! Canonical spec text: pipelines and expressions print with minimal parentheses and one space
//! around operators, as text that parses back to a tree that prints the same.

use super::ast::{ColumnRef, Expr, Literal, Pipeline, SortKey, Step, UnaryOp, NOT_PRECEDENCE};
use super::lexer;
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
            return self.expr.fmt(f);
        }
        // An ascending key that prints with a leading minus (`(-a)`, `(-1)`, `(-a + b)`) keeps
        // parentheses: without them the minus would read back as descending.
        let text = self.expr.to_string();
        if text.starts_with('-') {
            write!(f, "({text})")
        } else {
            f.write_str(&text)
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

#[cfg(test)]
mod tests {
    use crate::lang::parse_expr as parse;

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

    #[test]
    fn a_negated_number_prints_as_a_negation_not_as_a_negative_number() {
        use crate::lang::{Expr, Literal, UnaryOp};
        let negates_3 = |e: &Expr| match e {
            Expr::Unary {
                op: UnaryOp::Neg,
                operand,
                ..
            } => matches!(&**operand, Expr::Literal(Literal::Number(_, text), _) if text == "3"),
            _ => false,
        };
        // `-(3)` is the negation of 3 and `-3` the literal -3: the same value, another tree.
        let e = parse("-(3)").unwrap();
        assert!(negates_3(&e), "{e:?}");
        assert_eq!(e.to_string(), "-(3)");
        assert!(negates_3(&parse(&e.to_string()).unwrap()));
        assert!(matches!(parse("-3").unwrap(), Expr::Literal(..)));
        let where_ = crate::Pipeline::parse("where-(3)").unwrap();
        assert_eq!(where_.to_string(), "where -(3)");
    }

    #[test]
    fn a_sort_key_keeps_its_direction() {
        for (text, canonical, descending) in [
            ("sort (-a)", "sort (-a)", false),
            ("sort (-1)", "sort (-1)", false),
            ("sort (-a + b)", "sort (-a + b)", false),
            ("top 2 by (-a) , b", "top 2 by (-a), b", false),
            ("sort -a", "sort -a", true),
            ("sort --a", "sort -(-a)", true),
            ("sort -(-1)", "sort --1", true),
            ("sort -a + b", "sort -(a + b)", true),
            ("sort a", "sort a", false),
        ] {
            let p = crate::Pipeline::parse(text).unwrap();
            assert_eq!(p.to_string(), canonical, "{text}");
            let again = crate::Pipeline::parse(canonical).unwrap();
            assert_eq!(again.to_string(), canonical);
            for q in [&p, &again] {
                let keys = match &q.steps[0] {
                    crate::lang::Step::Sort(keys) | crate::lang::Step::Top { keys, .. } => keys,
                    other => panic!("{other:?}"),
                };
                assert_eq!(keys[0].descending, descending, "{text}");
            }
        }
    }
}
