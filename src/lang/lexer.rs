//! Splits spec text into tokens that remember their line and character column. One lexer for
//! steps and expressions: steps are words, expressions add operators and literals.

use super::ast::SpecPos;
use crate::error::{Error, ErrorKind, Position, Result};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Token {
    Ident(String),
    /// A `backquoted` column name.
    Quoted(String),
    /// `#N`, a column by position.
    Hash(usize),
    Text(String),
    /// An unsigned number, as written (a sign is an operator).
    Number(String),
    /// `@2024-01-31` or `@2024-01-31T12:00:00`, without the `@`.
    Date(String),
    Symbol(&'static str),
    /// `|` or a line end: both separate steps.
    Separator {
        pipe: bool,
    },
    End,
}

#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub token: Token,
    pub pos: SpecPos,
}

/// Words a bare name may not be, because the grammar gives them a meaning: every step's name
/// and alias (from the registry, so a new step is reserved by its entry) and these. A column
/// with such a name is written in backquotes.
const KEYWORDS: [&str; 11] = [
    "by", "on", "left", "as", "and", "or", "not", "true", "false", "null", "contains",
];

pub(crate) fn is_reserved(word: &str) -> bool {
    KEYWORDS.contains(&word) || super::steps::step_named(word).is_some()
}

/// Operators and punctuation, longest first so `//` wins over `/`.
const SYMBOLS: [&str; 17] = [
    "//", "??", "!=", "<=", ">=", "==", "*", "/", "%", "+", "-", "=", "<", ">", ",", "(", ")",
];

pub(crate) fn spec_error(kind: ErrorKind, pos: SpecPos, message: impl Into<String>) -> Error {
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

pub(crate) fn syntax(pos: SpecPos, message: impl Into<String>) -> Error {
    spec_error(ErrorKind::SpecSyntax, pos, message)
}

pub(crate) fn lex(spec: &str) -> Result<Vec<Tok>> {
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
        if c == '(' && opens_join_source(&tokens) {
            i = join_source(&chars, i, pos, &mut tokens)?;
            continue;
        }
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
            '#' | '@' => {
                i += 1;
                let date = c == '@';
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || (date && matches!(chars[i], '-' | ':' | 'T' | '.')))
                {
                    i += 1;
                }
                let body: String = chars[start + 1..i].iter().collect();
                if date {
                    if body.is_empty() {
                        return Err(syntax(pos, "expected a date after '@', like @2024-01-31"));
                    }
                    Token::Date(body)
                } else {
                    match body.parse::<usize>() {
                        Ok(n) if n > 0 => Token::Hash(n),
                        _ => {
                            return Err(syntax(pos, "expected a column number after '#', like #1"))
                        }
                    }
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                Token::Ident(chars[start..i].iter().collect())
            }
            c if c.is_ascii_digit()
                || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
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
                let rest = &chars[i..];
                let symbol = SYMBOLS
                    .into_iter()
                    .find(|s| s.chars().zip(rest).filter(|(a, b)| a == *b).count() == s.len());
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

/// True after `join` or `join left`: the `(` that follows opens the second input's source.
fn opens_join_source(tokens: &[Tok]) -> bool {
    let word = |t: &Tok, w: &str| matches!(&t.token, Token::Ident(x) if x == w);
    match tokens {
        [.., j] if word(j, "join") => true,
        [.., j, l] => word(j, "join") && word(l, "left"),
        _ => false,
    }
}

/// The source of a `join`, read raw up to `)` so a path needs no quotes: `join (data/a.csv)`.
/// A source in double quotes is a text literal as anywhere else. Pushes `(`, the source as
/// text and `)`; returns the index after the `)`.
fn join_source(chars: &[char], open: usize, pos: SpecPos, tokens: &mut Vec<Tok>) -> Result<usize> {
    tokens.push(Tok {
        token: Token::Symbol("("),
        pos,
    });
    let mut i = open + 1;
    while chars.get(i).is_some_and(|c| *c == ' ' || *c == '\t') {
        i += 1;
    }
    let at = |i: usize| SpecPos {
        line: pos.line,
        column: pos.column + (i - open) as u64,
    };
    let source = if chars.get(i) == Some(&'"') {
        let (text, end) = text_literal(chars, i, at(i))?;
        (text, end)
    } else {
        let end = i + chars[i..]
            .iter()
            .position(|&c| c == ')' || c == '\n')
            .unwrap_or(chars.len() - i);
        (
            chars[i..end]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
            end,
        )
    };
    let (text, mut end) = source;
    if text.is_empty() {
        return Err(syntax(
            at(i),
            "expected the second input's path or name after 'join ('",
        ));
    }
    tokens.push(Tok {
        token: Token::Text(text),
        pos: at(i),
    });
    while chars.get(end).is_some_and(|c| *c == ' ' || *c == '\t') {
        end += 1;
    }
    if chars.get(end) != Some(&')') {
        return Err(syntax(
            at(end),
            "expected ')' after the second input's path or name",
        ));
    }
    tokens.push(Tok {
        token: Token::Symbol(")"),
        pos: at(end),
    });
    Ok(end + 1)
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

/// How a token reads in an error message.
pub(crate) fn describe(token: &Token) -> String {
    match token {
        Token::Ident(s) => format!("'{s}'"),
        Token::Quoted(s) => format!("`{s}`"),
        Token::Hash(n) => format!("#{n}"),
        Token::Text(s) => format!("{s:?}"),
        Token::Number(s) => s.clone(),
        Token::Date(s) => format!("@{s}"),
        Token::Symbol(s) => format!("'{s}'"),
        Token::Separator { pipe: true } => "'|'".into(),
        Token::Separator { pipe: false } => "a line end".into(),
        Token::End => "the end of the pipeline".into(),
    }
}
