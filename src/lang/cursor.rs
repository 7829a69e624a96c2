//! The token cursor the pipeline parser shares, and precedence climbing for expressions.

use super::ast::{BinOp, ColumnRef, Expr, Literal, SpecPos, UnaryOp, NOT_PRECEDENCE};
use super::lexer::{describe, lex, syntax, Tok, Token};
use crate::error::Result;
use crate::number::parse_number;

pub(crate) struct Cursor {
    tokens: Vec<Tok>,
    at: usize,
    /// How deeply `binary` calls itself right now (parentheses, prefixes, arguments); an
    /// operator and the parentheses right after it are one call (see [`Cursor::operand`]).
    depth: usize,
    /// Every call parsed since [`Cursor::take_calls`], in the order of the spec text: name,
    /// where it starts, number of arguments.
    calls: Vec<CallSite>,
}

/// A function call as written: its name, where it starts and its number of arguments.
pub(crate) type CallSite = (String, SpecPos, usize);

/// The deepest expression tree the parser builds. Compiling, printing and evaluating walk
/// the tree recursively, so a bound keeps them within any runtime's stack (a wasm stack is
/// 1 MiB) instead of overflowing on a spec of 100,000 parentheses.
const MAX_DEPTH: u32 = 200;

impl Cursor {
    pub fn new(text: &str) -> Result<Cursor> {
        Ok(Cursor {
            tokens: lex(text)?,
            at: 0,
            depth: 0,
            calls: Vec::new(),
        })
    }

    /// The calls parsed since the last time, for checks against the function registry.
    pub fn take_calls(&mut self) -> Vec<CallSite> {
        std::mem::take(&mut self.calls)
    }

    pub fn peek(&self) -> &Tok {
        // The lexer always ends the list with `End`, and `next` never steps past it.
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    pub fn next(&mut self) -> Tok {
        let tok = self.peek().clone();
        if tok.token != Token::End {
            self.at += 1;
        }
        tok
    }

    pub fn back(&mut self) {
        self.at = self.at.saturating_sub(1);
    }

    pub fn peek_symbol(&self, symbol: &str) -> bool {
        matches!(self.peek().token, Token::Symbol(s) if s == symbol)
    }

    pub fn peek_word(&self, word: &str) -> bool {
        matches!(&self.peek().token, Token::Ident(w) if w == word)
    }

    /// Consumes `symbol` if it is next.
    pub fn eat_symbol(&mut self, symbol: &str) -> bool {
        let found = self.peek_symbol(symbol);
        if found {
            self.at += 1;
        }
        found
    }

    pub fn eat_word(&mut self, word: &str) -> bool {
        let found = self.peek_word(word);
        if found {
            self.at += 1;
        }
        found
    }

    pub fn expect_symbol(&mut self, symbol: &str, context: &str) -> Result<()> {
        let tok = self.next();
        match tok.token {
            Token::Symbol(s) if s == symbol => Ok(()),
            other => Err(syntax(
                tok.pos,
                format!("expected '{symbol}' {context}, found {}", describe(&other)),
            )),
        }
    }

    pub fn expect_word(&mut self, word: &str, context: &str) -> Result<()> {
        let tok = self.next();
        match &tok.token {
            Token::Ident(w) if w == word => Ok(()),
            other => Err(syntax(
                tok.pos,
                format!("expected '{word}' {context}, found {}", describe(other)),
            )),
        }
    }

    pub fn expect_end(&mut self) -> Result<()> {
        let tok = self.next();
        match tok.token {
            Token::End => Ok(()),
            other => Err(syntax(
                tok.pos,
                format!("expected the end, found {}", describe(&other)),
            )),
        }
    }

    /// A column reference: a name, a `backquoted name` or `#N`.
    pub fn column(&mut self, context: &str) -> Result<ColumnRef> {
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

    /// A new column's name (bare or backquoted) and where it is.
    pub fn name(&mut self, context: &str) -> Result<(String, SpecPos)> {
        let tok = self.next();
        match tok.token {
            Token::Ident(s) | Token::Quoted(s) => Ok((s, tok.pos)),
            other => Err(syntax(
                tok.pos,
                format!("expected a name {context}, found {}", describe(&other)),
            )),
        }
    }

    pub fn expr(&mut self) -> Result<Expr> {
        self.binary(0).map(|(expr, _)| expr)
    }

    /// An expression right after a sign outside the expression language (a sort key's `-`):
    /// parentheses around it count as one level with the sign, as in [`Cursor::operand`].
    pub fn signed_expr(&mut self) -> Result<Expr> {
        self.operand(0).map(|(expr, _)| expr)
    }

    /// An operator's operand (after `-`, `not` or a binary operator): when it opens with `(`,
    /// the operator and its parentheses are one level. The printer writes parentheses right
    /// after an operator where the input may have had none (`--a` prints as `-(-a)`, `a = not
    /// b` as `a = (not b)`), so counting them once keeps the printed text of whatever parses
    /// within the limit. The group is read here, not by a nested `binary`, so a level of
    /// `-(` costs no more stack than one of `-` or `(`.
    fn operand(&mut self, min: u8) -> Result<(Expr, u32)> {
        if !self.eat_symbol("(") {
            return self.binary(min);
        }
        let (inner, height) = self.binary(0)?;
        self.expect_symbol(")", "to close '('")?;
        self.climb(inner, height, min)
    }

    fn too_deep(&self, pos: SpecPos) -> crate::Error {
        syntax(
            pos,
            format!("the expression nests more than {MAX_DEPTH} levels deep"),
        )
    }

    /// Precedence climbing: operands and every operator binding tighter than `min`. Returns
    /// the expression and the height of its tree.
    fn binary(&mut self, min: u8) -> Result<(Expr, u32)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH as usize {
            return Err(self.too_deep(self.peek().pos));
        }
        let (left, height) = self.prefix()?;
        let climbed = self.climb(left, height, min)?;
        self.depth -= 1;
        Ok(climbed)
    }

    /// The operators binding tighter than `min` after `left` (of tree height `height`).
    fn climb(&mut self, mut left: Expr, mut height: u32, min: u8) -> Result<(Expr, u32)> {
        while let Some(op) = self.peek_binop() {
            let strength = op.precedence();
            if strength < min {
                break;
            }
            let pos = self.next().pos;
            // Left associative: the right side only takes tighter operators.
            let (right, right_height) = self.operand(strength + 1)?;
            height = height.max(right_height) + 1;
            if height > MAX_DEPTH {
                return Err(self.too_deep(pos));
            }
            left = Expr::Binary {
                op,
                pos,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok((left, height))
    }

    fn peek_binop(&self) -> Option<BinOp> {
        let word = match &self.peek().token {
            Token::Symbol(s) => *s,
            Token::Ident(w) => w.as_str(),
            _ => return None,
        };
        BinOp::ALL
            .iter()
            .find(|(_, s)| *s == word)
            .map(|(op, _)| *op)
    }

    /// What an operator applies to: `-` or `not` and its operand, a group in parentheses, or
    /// a leaf. The forms that nest are read here and the rest in [`Cursor::leaf`], so the
    /// frame that recurs once per level stays small.
    fn prefix(&mut self) -> Result<(Expr, u32)> {
        let pos = self.peek().pos;
        let (op, min) = match &self.peek().token {
            // `-` and a number are one literal (a leaf), so `-9223372036854775808` stays exact.
            Token::Symbol("-") if !matches!(self.token_after().token, Token::Number(_)) => {
                (UnaryOp::Neg, 7)
            }
            Token::Ident(w) if w == "not" => (UnaryOp::Not, NOT_PRECEDENCE + 1),
            Token::Symbol("(") => {
                self.at += 1;
                let inner = self.binary(0)?;
                self.expect_symbol(")", "to close '('")?;
                return Ok(inner);
            }
            Token::Ident(name) if matches!(self.token_after().token, Token::Symbol("(")) => {
                let name = name.clone();
                self.at += 2;
                return self.call(name, pos);
            }
            _ => return self.leaf(),
        };
        self.at += 1;
        let (operand, height) = self.operand(min)?;
        let unary = Expr::Unary {
            op,
            pos,
            operand: Box::new(operand),
        };
        Ok((unary, height + 1))
    }

    /// The token after the next one (`End` at the end).
    fn token_after(&self) -> &Tok {
        &self.tokens[(self.at + 1).min(self.tokens.len() - 1)]
    }

    /// A call's arguments and closing parenthesis, after `name(`.
    fn call(&mut self, name: String, pos: SpecPos) -> Result<(Expr, u32)> {
        // Noted before its arguments, so calls come in the order the text names them.
        let site = self.calls.len();
        self.calls.push((name.clone(), pos, 0));
        let (mut args, mut height) = (Vec::new(), 1);
        if !self.eat_symbol(")") {
            loop {
                let (arg, arg_height) = self.binary(0)?;
                height = height.max(arg_height + 1);
                args.push(arg);
                if self.eat_symbol(")") {
                    break;
                }
                self.expect_symbol(",", "between arguments")?;
            }
        }
        self.calls[site].2 = args.len();
        Ok((Expr::Call { name, pos, args }, height))
    }

    /// A literal, a signed number or a column.
    fn leaf(&mut self) -> Result<(Expr, u32)> {
        let tok = self.next();
        let pos = tok.pos;
        match tok.token {
            Token::Symbol(sign @ ("-" | "+")) => {
                if let Token::Number(digits) = &self.peek().token {
                    let text = format!("{sign}{digits}");
                    self.at += 1;
                    return number(text, pos).map(|e| (e, 1));
                }
                Err(syntax(pos, "'+' may only sign a number"))
            }
            Token::Number(text) => Ok((number(text, pos)?, 1)),
            Token::Text(text) => Ok((Expr::Literal(Literal::Text(text), pos), 1)),
            Token::Date(text) => Ok((date(text, pos)?, 1)),
            Token::Ident(w) => {
                let leaf = match w.as_str() {
                    "true" => Expr::Literal(Literal::Bool(true), pos),
                    "false" => Expr::Literal(Literal::Bool(false), pos),
                    "null" => Expr::Literal(Literal::Null, pos),
                    _ if super::lexer::is_reserved(&w) => {
                        return Err(syntax(
                            pos,
                            format!(
                                "'{w}' is a reserved word: write a column of that name as `{w}`"
                            ),
                        ))
                    }
                    _ => Expr::Column(ColumnRef::Name(w, pos)),
                };
                Ok((leaf, 1))
            }
            Token::Quoted(name) => Ok((Expr::Column(ColumnRef::Name(name, pos)), 1)),
            Token::Hash(n) => Ok((Expr::Column(ColumnRef::Index(n, pos)), 1)),
            other => Err(syntax(
                pos,
                format!(
                    "expected a value, column or function, found {}",
                    describe(&other)
                ),
            )),
        }
    }
}

fn number(text: String, pos: SpecPos) -> Result<Expr> {
    match parse_number(text.as_bytes()) {
        Some(n) => Ok(Expr::Literal(Literal::Number(n, text), pos)),
        None => Err(syntax(pos, format!("'{text}' is not a number"))),
    }
}

fn date(text: String, pos: SpecPos) -> Result<Expr> {
    let literal = if text.contains('T') {
        crate::date::parse_datetime(&text).map(|t| Literal::DateTime(t, text.clone()))
    } else {
        crate::date::parse_date(&text).map(|d| Literal::Date(d, text.clone()))
    };
    literal.map(|l| Expr::Literal(l, pos)).ok_or_else(|| {
        syntax(
            pos,
            format!("'@{text}' is not a date: write @2024-01-31 or @2024-01-31T12:00:00"),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::lang::parse_expr as parse;

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for spec in [
            "(".repeat(100_000) + "1" + &")".repeat(100_000),
            "-".repeat(100_000) + "a",
            "not ".repeat(100_000) + "a",
            "f(".repeat(100_000) + "1",
            vec!["1"; 100_000].join(" + "),
        ] {
            let e = parse(&spec).unwrap_err();
            assert_eq!(e.kind.name(), "spec_syntax");
            assert!(e.message.contains("nests"), "{}", e.message);
        }
        assert!(parse(&vec!["1"; 150].join(" + ")).is_ok());
    }

    /// Parses `text`, prints it, parses the printed text back to the same tree (positions
    /// aside) and returns the printed text.
    fn prints_back(text: &str) -> String {
        let e = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        let shown = e.to_string();
        let again = parse(&shown).unwrap_or_else(|e| panic!("{text:?} printed as {shown:?}: {e}"));
        assert_eq!(
            without_positions(&format!("{again:?}")),
            without_positions(&format!("{e:?}")),
            "{text:?} printed as {shown:?}"
        );
        assert_eq!(again.to_string(), shown);
        shown
    }

    /// A tree's Debug text with every `SpecPos { .. }` left out.
    fn without_positions(debug: &str) -> String {
        let mut out = String::new();
        let mut rest = debug;
        while let Some(at) = rest.find("SpecPos {") {
            out.push_str(&rest[..at]);
            let end = at + rest[at..].find('}').expect("a closing brace") + 1;
            rest = &rest[end..];
        }
        out + rest
    }

    #[test]
    fn an_operator_and_the_parentheses_after_it_are_one_level() {
        // 199 minus signs and a column, the longest chain that parses, print with a
        // parenthesis after every sign but the last, and that text parses back.
        let shown = prints_back(&("-".repeat(199) + "a"));
        assert_eq!(shown, "-(".repeat(198) + "-a" + &")".repeat(198));
        assert!(parse(&("-".repeat(200) + "a")).is_err());
        // The same for `not`, for `-` and `not` in turn, and for `not` right of an operator.
        assert_eq!(
            prints_back(&("not ".repeat(199) + "a")),
            "not (".repeat(198) + "not a" + &")".repeat(198)
        );
        assert_eq!(
            prints_back(&("-not ".repeat(99) + "a")),
            "-(not ".repeat(99) + "a" + &")".repeat(99)
        );
        assert_eq!(
            prints_back(&("a = not ".repeat(99) + "b")),
            "a = (not ".repeat(99) + "b" + &")".repeat(99)
        );
        // Written with the parentheses, the same chains are as deep.
        assert!(parse(&("-(".repeat(199) + "a" + &")".repeat(199))).is_ok());
        assert!(parse(&("-(".repeat(200) + "a" + &")".repeat(200))).is_err());
        // Parentheses that follow no operator each count.
        assert!(parse(&("(".repeat(199) + "a" + &")".repeat(199))).is_ok());
        assert!(parse(&("(".repeat(200) + "a" + &")".repeat(200))).is_err());
    }
}
