//! Splits spec text into tokens that remember their line and character column.

use super::SpecPos;
use crate::error::{Error, ErrorKind, Position, Result};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Ident(String),
    /// A `backquoted` column name.
    Quoted(String),
    /// `#N`, a column by position.
    Hash(usize),
    Text(String),
    /// A number, as written.
    Number(String),
    Symbol(&'static str),
    /// `|` or a line end: both separate steps.
    Separator {
        pipe: bool,
    },
    End,
}

#[derive(Clone, Debug)]
pub(super) struct Tok {
    pub token: Token,
    pub pos: SpecPos,
}

const KEYWORDS: [&str; 5] = ["select", "where", "derive", "limit", "contains"];

pub(super) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

pub(super) fn spec_error(kind: ErrorKind, pos: SpecPos, message: impl Into<String>) -> Error {
    Error::new(
        kind,
        Position {
            line: pos.line,
            column: pos.column,
            ..Position::default()
        },
        message,
    )
}

pub(super) fn lex(spec: &str) -> Result<Vec<Tok>> {
    let chars: Vec<char> = spec.chars().collect();
    let mut tokens = Vec::new();
    let (mut i, mut line, mut line_start) = (0, 1u64, 0usize);
    while i < chars.len() {
        let c = chars[i];
        let pos = SpecPos {
            line,
            column: (i - line_start + 1) as u64,
        };
        let start = i;
        let token = match c {
            ' ' | '\t' | '\r' => {
                i += 1;
                continue;
            }
            '\n' => {
                i += 1;
                line += 1;
                line_start = i;
                Token::Separator { pipe: false }
            }
            '|' => {
                i += 1;
                Token::Separator { pipe: true }
            }
            '"' => {
                let (text, end) = text_literal(&chars, i, pos)?;
                i = end;
                Token::Text(text)
            }
            '`' => {
                let close = chars[i + 1..].iter().position(|&c| c == '`' || c == '\n');
                match close.map(|n| i + 1 + n) {
                    Some(end) if chars[end] == '`' && end > i + 1 => {
                        i = end + 1;
                        Token::Quoted(chars[start + 1..end].iter().collect())
                    }
                    _ => return Err(syntax(pos, "a `backquoted` name needs a closing ` on the same line and at least one character")),
                }
            }
            '#' => {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = chars[start + 1..i].iter().collect();
                match digits.parse::<usize>() {
                    Ok(n) if n > 0 => Token::Hash(n),
                    _ => return Err(syntax(pos, "expected a column number after '#', like #1")),
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                Token::Ident(chars[start..i].iter().collect())
            }
            c if starts_number(&chars, i) => {
                let _ = c;
                i += 1;
                while i < chars.len() {
                    let d = chars[i];
                    let exponent_sign = (d == '+' || d == '-') && matches!(chars[i - 1], 'e' | 'E');
                    if d.is_ascii_alphanumeric() || d == '.' || exponent_sign {
                        i += 1;
                    } else {
                        break;
                    }
                }
                Token::Number(chars[start..i].iter().collect())
            }
            _ => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let symbol = ["!=", "<=", ">=", "=="]
                    .into_iter()
                    .find(|s| *s == two)
                    .or_else(|| {
                        ["=", "<", ">", ",", "(", ")"]
                            .into_iter()
                            .find(|s| s.starts_with(c))
                    });
                match symbol {
                    Some(s) => {
                        i += s.len();
                        Token::Symbol(if s == "==" { "=" } else { s })
                    }
                    None => return Err(syntax(pos, format!("unexpected character '{c}'"))),
                }
            }
        };
        tokens.push(Tok { token, pos });
    }
    let pos = SpecPos {
        line,
        column: (chars.len() - line_start + 1) as u64,
    };
    tokens.push(Tok {
        token: Token::End,
        pos,
    });
    Ok(tokens)
}

fn syntax(pos: SpecPos, message: impl Into<String>) -> Error {
    spec_error(ErrorKind::SpecSyntax, pos, message)
}

fn starts_number(chars: &[char], i: usize) -> bool {
    let digit_at = |j: usize| chars.get(j).is_some_and(|c| c.is_ascii_digit());
    match chars[i] {
        '0'..='9' => true,
        '.' => digit_at(i + 1),
        '-' | '+' => digit_at(i + 1) || (chars.get(i + 1) == Some(&'.') && digit_at(i + 2)),
        _ => false,
    }
}

/// A double-quoted literal starting at `open`; returns its text and the index after it.
fn text_literal(chars: &[char], open: usize, pos: SpecPos) -> Result<(String, usize)> {
    let mut text = String::new();
    let mut i = open + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' => return Ok((text, i + 1)),
            '\n' => break,
            '\\' => {
                let escaped = match chars.get(i + 1) {
                    Some('"') => '"',
                    Some('\\') => '\\',
                    Some('n') => '\n',
                    Some('t') => '\t',
                    _ => {
                        let at = SpecPos {
                            line: pos.line,
                            column: pos.column + (i - open) as u64,
                        };
                        return Err(syntax(at, "unknown escape: use \\\", \\\\, \\n or \\t"));
                    }
                };
                text.push(escaped);
                i += 2;
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    Err(syntax(
        pos,
        "text literal is not closed with \" on the same line",
    ))
}
