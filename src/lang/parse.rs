//! Steps over the shared token cursor, whose expression grammar is [`super::cursor`]'s.

use super::ast::{AggCall, Derivation, Expr, Literal, Pipeline, SelectItem, SortKey, Step};
use super::cursor::{CallSite, Cursor};
use super::lexer::{describe, spec_error, syntax, Token};
use super::nearest::nearest;
use super::steps::{step_named, steps};
use crate::agg::{AggKind, Param};
use crate::error::{ErrorKind, Result};
use crate::value::Type;

/// Parses spec text into steps, calling `check` on each function call of a step once the step
/// is parsed (so the first error in the text is the one reported).
pub(crate) fn parse(spec: &str, check: &dyn Fn(&CallSite) -> Result<()>) -> Result<Pipeline> {
    let mut p = Cursor::new(spec)?;
    let mut steps = Vec::new();
    while p.peek().token == (Token::Separator { pipe: false }) {
        p.next();
    }
    while p.peek().token != Token::End {
        let step = step(&mut p)?;
        p.take_calls().iter().try_for_each(check)?;
        steps.push(step);
        // Between steps: line ends and at most one '|' (a line may start with '|').
        let (mut pipe, mut separated) = (None, false);
        loop {
            let next = p.next();
            match next.token {
                Token::Separator { pipe: false } => separated = true,
                Token::Separator { pipe: true } if pipe.is_none() => {
                    (pipe, separated) = (Some(next.pos), true)
                }
                Token::Separator { pipe: true } => {
                    return Err(syntax(next.pos, "empty step between two '|'"))
                }
                Token::End if pipe.is_some() => {
                    return Err(syntax(next.pos, "expected a step after '|'"))
                }
                Token::End => break,
                _ if separated => {
                    p.back();
                    break;
                }
                other => {
                    return Err(syntax(
                        next.pos,
                        format!(
                            "expected '|' or the end of the pipeline, found {}",
                            describe(&other)
                        ),
                    ))
                }
            }
        }
    }
    Ok(Pipeline { steps })
}

fn step_names() -> String {
    steps()
        .iter()
        .map(|s| s.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn step(p: &mut Cursor) -> Result<Step> {
    let tok = p.next();
    let word = match &tok.token {
        Token::Ident(word) => word.clone(),
        other => {
            return Err(syntax(
                tok.pos,
                format!(
                    "expected a step ({}), found {}",
                    step_names(),
                    describe(other)
                ),
            ))
        }
    };
    let Some(info) = step_named(&word) else {
        let all = steps()
            .iter()
            .flat_map(|s| std::iter::once(&s.name).chain(s.aliases));
        let hint = nearest(&word, all.copied())
            .map(|n| format!("did you mean {n}? "))
            .unwrap_or_default();
        return Err(syntax(
            tok.pos,
            format!("unknown step '{word}' ({hint}steps: {})", step_names()),
        ));
    };
    (info.parse)(p, &word, word != info.name)
}

// One parser per step, named in the step's `STEPS` entry: `word` is the word the spec used,
// `alias` whether it was another word for the step (v1's `where`, `limit`).

pub(super) fn select(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Select(comma_list(p, |p| {
        let expr = p.expr()?;
        let alias = if p.eat_word("as") {
            Some(p.name("after 'as'")?)
        } else {
            None
        };
        Ok(SelectItem { expr, alias })
    })?))
}

pub(super) fn drop(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Drop(comma_list(p, |p| p.column("to drop"))?))
}

pub(super) fn rename(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Rename(comma_list(p, |p| {
        let column = p.column("to rename")?;
        p.expect_word("as", "after the column to rename")?;
        let (name, pos) = p.name("after 'as'")?;
        Ok((column, name, pos))
    })?))
}

pub(super) fn filter(p: &mut Cursor, _: &str, alias: bool) -> Result<Step> {
    Ok(Step::Filter {
        expr: p.expr()?,
        alias,
    })
}

pub(super) fn derive(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::DeriveExprs(comma_list(p, |p| {
        let (name, name_pos) = p.name("for the new column after derive")?;
        p.expect_symbol("=", "after the new column's name")?;
        Ok(Derivation {
            name,
            name_pos,
            expr: p.expr()?,
        })
    })?))
}

pub(super) fn take(p: &mut Cursor, word: &str, alias: bool) -> Result<Step> {
    Ok(Step::Take {
        rows: whole_number(p, word)?,
        alias,
    })
}

pub(super) fn cast(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Cast(comma_list(p, |p| {
        let column = p.column("to cast")?;
        p.expect_word("as", "after the column to cast")?;
        let tok = p.next();
        let ty = match &tok.token {
            Token::Ident(w) => Type::ALL.into_iter().find(|t| t.name() == w),
            _ => None,
        };
        let ty = ty.ok_or_else(|| {
            syntax(
                tok.pos,
                format!(
                    "expected a type (int, float, text, bool, date, datetime), found {}",
                    describe(&tok.token)
                ),
            )
        })?;
        Ok((column, ty, tok.pos))
    })?))
}

pub(super) fn sort(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Sort(comma_list(p, sort_key)?))
}

pub(super) fn group(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    let columns = comma_list(p, |p| p.column("to group by"))?;
    p.expect_word("aggregate", "after the group's columns")?;
    Ok(Step::Group {
        columns,
        aggs: comma_list(p, aggregate)?,
    })
}

pub(super) fn aggregate_all(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Group {
        columns: Vec::new(),
        aggs: comma_list(p, aggregate)?,
    })
}

pub(super) fn distinct(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    Ok(Step::Distinct(match p.peek().token {
        Token::Separator { .. } | Token::End => Vec::new(),
        _ => comma_list(p, |p| p.column("to compare"))?,
    }))
}

pub(super) fn top(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    let rows = whole_number(p, "top")?;
    p.expect_word("by", "after the number of rows")?;
    Ok(Step::Top {
        rows,
        keys: comma_list(p, sort_key)?,
    })
}

fn whole_number(p: &mut Cursor, word: &str) -> Result<u64> {
    let tok = p.next();
    match &tok.token {
        Token::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n
            .parse()
            .map_err(|_| syntax(tok.pos, format!("the number after {word} is too large"))),
        other => Err(syntax(
            tok.pos,
            format!(
                "expected a whole number after {word}, found {}",
                describe(other)
            ),
        )),
    }
}

/// `[-]expr`: a leading minus sorts that key descending.
fn sort_key(p: &mut Cursor) -> Result<SortKey> {
    let descending = p.eat_symbol("-");
    let expr = if descending {
        p.signed_expr()?
    } else {
        p.expr()?
    };
    Ok(SortKey { expr, descending })
}

/// `name = aggregate(args)`.
fn aggregate(p: &mut Cursor) -> Result<AggCall> {
    let (name, name_pos) = p.name("for the aggregate's result")?;
    p.expect_symbol("=", "after the aggregate's name")?;
    let tok = p.next();
    let function = match &tok.token {
        Token::Ident(word) => word.clone(),
        other => {
            return Err(syntax(
                tok.pos,
                format!(
                    "expected an aggregate like count() or sum(x), found {}",
                    describe(other)
                ),
            ))
        }
    };
    p.expect_symbol("(", &format!("after {function}"))?;
    let mut args = Vec::new();
    if !p.eat_symbol(")") {
        args = comma_list(p, |p| p.expr())?;
        p.expect_symbol(")", &format!("to close {function}'s arguments"))?;
    }
    let kind = AggKind::from_call(&function, args.len()).ok_or_else(|| {
        if let Some(known) = AggKind::ALL.iter().find(|k| k.name() == function) {
            let arities: Vec<String> = AggKind::ALL
                .iter()
                .filter(|k| k.name() == function)
                .map(|k| k.arity().to_string())
                .collect();
            return spec_error(
                ErrorKind::WrongArity,
                tok.pos,
                format!(
                    "{} takes {} argument(s), not {}",
                    known.name(),
                    arities.join(" or "),
                    args.len()
                ),
            );
        }
        let names = || AggKind::ALL.iter().map(|k| k.name());
        let hint = nearest(&function, names())
            .map(|n| format!("did you mean {n}? "))
            .unwrap_or_default();
        let mut all: Vec<&str> = names().collect();
        all.dedup();
        spec_error(
            ErrorKind::UnknownKernel,
            tok.pos,
            format!(
                "unknown aggregate '{function}' ({hint}aggregates: {})",
                all.join(", ")
            ),
        )
    })?;
    for (arg, (param_name, param)) in args.iter().zip(kind.params()) {
        let fits = matches!(
            (param, arg),
            (Param::Expr, _)
                | (Param::Number, Expr::Literal(Literal::Number(..), _))
                | (Param::Text, Expr::Literal(Literal::Text(_), _))
        );
        if !fits {
            let what = if *param == Param::Number {
                "number"
            } else {
                "text"
            };
            return Err(spec_error(
                ErrorKind::TypeMismatch,
                arg.pos(),
                format!("{function}'s {param_name} must be a constant {what}"),
            ));
        }
    }
    Ok(AggCall {
        name,
        name_pos,
        kind,
        pos: tok.pos,
        args,
    })
}

/// `join [left] (source) on col [= col]`.
pub(super) fn join(p: &mut Cursor, _: &str, _: bool) -> Result<Step> {
    let left = p.eat_word("left");
    p.expect_symbol("(", "before the second input's path or name")?;
    let tok = p.next();
    let Token::Text(source) = tok.token else {
        return Err(syntax(tok.pos, "expected the second input's path or name"));
    };
    p.expect_symbol(")", "after the second input's path or name")?;
    p.expect_word("on", "after the second input")?;
    let on = p.column("to join on")?;
    let right_on = if p.eat_symbol("=") {
        Some(p.column("of the second input to join on")?)
    } else {
        None
    };
    Ok(Step::Join {
        left,
        source,
        source_pos: tok.pos,
        on,
        right_on,
    })
}

fn comma_list<T>(p: &mut Cursor, mut item: impl FnMut(&mut Cursor) -> Result<T>) -> Result<Vec<T>> {
    let mut items = vec![item(p)?];
    while p.eat_symbol(",") {
        items.push(item(p)?);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As the door calls it: each step's calls checked against the function registry.
    fn parse(spec: &str) -> Result<Pipeline> {
        Pipeline::parse(spec)
    }

    fn err(spec: &str) -> (String, u64, u64) {
        let e = parse(spec).unwrap_err();
        (
            e.kind.name().to_string(),
            e.position.line,
            e.position.column,
        )
    }

    #[test]
    fn round_trips() {
        for spec in [
            "where value != \"\" | derive dfs = digit_factorial_sum(value) | select id, dfs | limit 10",
            "select #2, `my col`, `select` | where x contains \"a\\\"b\" | where n >= -1.5e3",
            "",
            "filter a * 2 > b ?? 0 and not is_null(c) | take 5",
            "derive r = a / b, s = round(r, 2) | select a, s as `rounded share`, lower(name)",
            "drop a, #2 | rename b as c, `x y` as z | cast c as int, z as date",
            "filter d >= @2024-01-31 or t < @2024-01-31T12:00:00",
            "sort a, -b, -(a + 1), lower(c)",
            "group a, `b c` aggregate n = count(), s = sum(x * 2), q = quantile(x, 0.25), j = string_agg(y, \"; \")",
            "aggregate n = count(x) | distinct | distinct a, #2",
            "top 3 by -score, name",
            "join (data/cities 1.csv) on city | join left (x) on a = b",
            "join (\"odd)name\") on a",
        ] {
            let p = parse(spec).unwrap();
            assert_eq!(p.to_string(), spec);
            assert_eq!(parse(&p.to_string()).unwrap(), p);
        }
        let multi = parse("\n select a\n\n | limit 3\nlimit 2\n").unwrap();
        assert_eq!(multi.to_string(), "select a | limit 3 | limit 2");
    }

    #[test]
    fn errors_point_at_the_spec() {
        assert_eq!(
            err("select a | frobnicate b"),
            ("spec_syntax".into(), 1, 12)
        );
        assert_eq!(err("derive x = nope(a)"), ("unknown_kernel".into(), 1, 12));
        assert_eq!(err("select a |"), ("spec_syntax".into(), 1, 11));
        assert_eq!(err("select a\nwhere b ~ 1"), ("spec_syntax".into(), 2, 9));
        assert_eq!(err("where a = \"open"), ("spec_syntax".into(), 1, 11));
        assert_eq!(err("limit -1"), ("spec_syntax".into(), 1, 7));
        assert_eq!(err("select a b"), ("spec_syntax".into(), 1, 10));
        assert_eq!(err("where a < 1x"), ("spec_syntax".into(), 1, 11));
        assert_eq!(err("derive x = round()"), ("wrong_arity".into(), 1, 12));
        assert_eq!(err("sort"), ("spec_syntax".into(), 1, 5));
        assert_eq!(
            err("group a aggregate n = avg(a)"),
            ("unknown_kernel".into(), 1, 23)
        );
        assert_eq!(
            err("aggregate n = count(a, b)"),
            ("wrong_arity".into(), 1, 15)
        );
        assert_eq!(
            err("aggregate q = quantile(a, b)"),
            ("type_mismatch".into(), 1, 27)
        );
        assert_eq!(err("group a n = count()"), ("spec_syntax".into(), 1, 9));
        assert_eq!(err("top x by a"), ("spec_syntax".into(), 1, 5));
        assert_eq!(err("join (a.csv on x"), ("spec_syntax".into(), 1, 17));
        assert_eq!(err("join () on x"), ("spec_syntax".into(), 1, 7));
        assert_eq!(err("filter a = (1"), ("spec_syntax".into(), 1, 14));
        assert_eq!(err("cast a as number"), ("spec_syntax".into(), 1, 11));
        assert_eq!(err("filter @2024-02-30 = a"), ("spec_syntax".into(), 1, 8));
    }

    #[test]
    fn suggests_names() {
        let e = parse("derive x = lowr(a)").unwrap_err();
        assert!(e.message.contains("did you mean lower?"), "{}", e.message);
        let e = parse("selct a").unwrap_err();
        assert!(e.message.contains("did you mean select?"), "{}", e.message);
    }

    /// Token soup in the v2 vocabulary: whatever parses prints a spec that parses back and
    /// prints the same; whatever fails is a spec error with a position.
    #[test]
    fn random_specs_round_trip_or_fail_cleanly() {
        const WORDS: &[&str] = &[
            "select",
            "filter",
            "where",
            "derive",
            "take",
            "limit",
            "drop",
            "rename",
            "cast",
            "as",
            "a",
            "b",
            "`x y`",
            "#2",
            "=",
            ",",
            "(",
            ")",
            "+",
            "-",
            "*",
            "/",
            "//",
            "%",
            "??",
            "<",
            ">=",
            "!=",
            "and",
            "or",
            "not",
            "contains",
            "true",
            "null",
            "1",
            "-2.5",
            "\"t\"",
            "@2024-01-31",
            "@2024-01-31T10:00:00",
            "lower(",
            "round(",
            "coalesce(",
            "if(",
            "|",
            "\n",
            "int",
            "date",
            "sort",
            "group",
            "aggregate",
            "count()",
            "sum(",
            "distinct",
            "top",
            "by",
            "join (a.csv)",
            "on",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut parsed = 0;
        for _ in 0..30_000 {
            // Most specs start with a step word, so many get past the first token.
            let first = ["select", "filter", "derive a =", "where"][next(4)];
            let rest: Vec<&str> = (0..next(8)).map(|_| WORDS[next(WORDS.len())]).collect();
            let spec = format!("{first} {}", rest.join(" "));
            match parse(&spec) {
                Ok(p) => {
                    parsed += 1;
                    let text = p.to_string();
                    let again =
                        parse(&text).unwrap_or_else(|e| panic!("{spec:?} -> {text:?}: {e}"));
                    assert_eq!(again.to_string(), text, "{spec:?}");
                }
                Err(e) => assert!(
                    e.kind.is_spec_error() && e.position.line >= 1 && e.position.column >= 1,
                    "{spec:?}: {e:?}"
                ),
            }
        }
        assert!(parsed > 800, "only {parsed} specs parsed");
    }
}
