//! The recursive-descent parser over [`lexer`] tokens.

use super::lexer::{lex, spec_error, Tok, Token};
use super::{ColumnRef, CompareOp, Literal, Pipeline, SpecPos, Step};
use crate::error::{ErrorKind, Result};
use crate::kernels::Kernel;
use crate::number::parse_number;

pub(super) fn parse(spec: &str) -> Result<Pipeline> {
    let tokens = lex(spec)?;
    let mut p = Parser { tokens, at: 0 };
    let mut steps = Vec::new();
    p.skip_line_ends();
    while p.peek().token != Token::End {
        steps.push(p.step()?);
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
                    p.at -= 1;
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

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

fn syntax(pos: SpecPos, message: impl Into<String>) -> crate::Error {
    spec_error(ErrorKind::SpecSyntax, pos, message)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Ident(s) => format!("'{s}'"),
        Token::Quoted(s) => format!("`{s}`"),
        Token::Hash(n) => format!("#{n}"),
        Token::Text(s) => format!("{s:?}"),
        Token::Number(s) => s.clone(),
        Token::Symbol(s) => format!("'{s}'"),
        Token::Separator { pipe: true } => "'|'".into(),
        Token::Separator { pipe: false } => "a line end".into(),
        Token::End => "the end of the pipeline".into(),
    }
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.at]
    }

    fn next(&mut self) -> Tok {
        let tok = self.tokens[self.at].clone();
        if tok.token != Token::End {
            self.at += 1;
        }
        tok
    }

    fn skip_line_ends(&mut self) {
        while self.peek().token == (Token::Separator { pipe: false }) {
            self.at += 1;
        }
    }

    fn expect_symbol(&mut self, symbol: &str, context: &str) -> Result<()> {
        let tok = self.next();
        match tok.token {
            Token::Symbol(s) if s == symbol => Ok(()),
            other => Err(syntax(
                tok.pos,
                format!("expected '{symbol}' {context}, found {}", describe(&other)),
            )),
        }
    }

    fn step(&mut self) -> Result<Step> {
        let tok = self.next();
        let word = match &tok.token {
            Token::Ident(word) => word.as_str(),
            other => {
                return Err(syntax(
                    tok.pos,
                    format!(
                        "expected a step (select, where, derive, limit), found {}",
                        describe(other)
                    ),
                ))
            }
        };
        match word {
            "select" => {
                let mut columns = vec![self.column("after select")?];
                while self.peek().token == Token::Symbol(",") {
                    self.at += 1;
                    columns.push(self.column("after ','")?);
                }
                Ok(Step::Select(columns))
            }
            "where" => {
                let column = self.column("after where")?;
                let op = self.compare_op()?;
                let literal = self.literal()?;
                Ok(Step::Where {
                    column,
                    op,
                    literal,
                })
            }
            "derive" => self.derive(),
            "limit" => {
                let tok = self.next();
                match &tok.token {
                    Token::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => n
                        .parse()
                        .map(Step::Limit)
                        .map_err(|_| syntax(tok.pos, "limit is too large")),
                    other => Err(syntax(
                        tok.pos,
                        format!(
                            "expected a whole number after limit, found {}",
                            describe(other)
                        ),
                    )),
                }
            }
            _ => Err(syntax(
                tok.pos,
                format!("unknown step '{word}' (steps: select, where, derive, limit)"),
            )),
        }
    }

    fn derive(&mut self) -> Result<Step> {
        let tok = self.next();
        let name = match tok.token {
            Token::Ident(s) | Token::Quoted(s) => s,
            other => {
                return Err(syntax(
                    tok.pos,
                    format!(
                        "expected the new column's name after derive, found {}",
                        describe(&other)
                    ),
                ))
            }
        };
        self.expect_symbol("=", "after the new column's name")?;
        let ktok = self.next();
        let kernel = match &ktok.token {
            Token::Ident(k) => Kernel::from_name(k).ok_or_else(|| {
                let known: Vec<_> = Kernel::ALL.iter().map(|k| k.name()).collect();
                spec_error(
                    ErrorKind::UnknownKernel,
                    ktok.pos,
                    format!("unknown kernel '{k}' (kernels: {})", known.join(", ")),
                )
            })?,
            other => {
                return Err(syntax(
                    ktok.pos,
                    format!("expected a kernel name, found {}", describe(other)),
                ))
            }
        };
        self.expect_symbol("(", "after the kernel name")?;
        let column = self.column("as the kernel's argument")?;
        self.expect_symbol(")", "after the kernel's argument")?;
        Ok(Step::Derive {
            name,
            name_pos: tok.pos,
            kernel,
            column,
        })
    }

    fn column(&mut self, context: &str) -> Result<ColumnRef> {
        let tok = self.next();
        match tok.token {
            Token::Ident(s) | Token::Quoted(s) => Ok(ColumnRef::Name(s, tok.pos)),
            Token::Hash(n) => Ok(ColumnRef::Index(n, tok.pos)),
            other => Err(syntax(
                tok.pos,
                format!("expected a column {context}, found {}", describe(&other)),
            )),
        }
    }

    fn compare_op(&mut self) -> Result<CompareOp> {
        let tok = self.next();
        let op = match &tok.token {
            Token::Symbol("=") => CompareOp::Eq,
            Token::Symbol("!=") => CompareOp::Ne,
            Token::Symbol("<") => CompareOp::Lt,
            Token::Symbol("<=") => CompareOp::Le,
            Token::Symbol(">") => CompareOp::Gt,
            Token::Symbol(">=") => CompareOp::Ge,
            Token::Ident(w) if w == "contains" => CompareOp::Contains,
            other => {
                return Err(syntax(
                    tok.pos,
                    format!(
                        "expected a comparison (= != < <= > >= contains), found {}",
                        describe(other)
                    ),
                ))
            }
        };
        Ok(op)
    }

    fn literal(&mut self) -> Result<Literal> {
        let tok = self.next();
        match tok.token {
            Token::Text(s) => Ok(Literal::Text(s)),
            Token::Number(s) => match parse_number(s.as_bytes()) {
                Some(n) => Ok(Literal::Number(n, s)),
                None => Err(syntax(tok.pos, format!("'{s}' is not a number"))),
            },
            other => Err(syntax(
                tok.pos,
                format!(
                    "expected a \"text\" or number literal, found {}",
                    describe(&other)
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
