//! Binds an expression to the columns a step sees: names become slots, functions become
//! registry entries, and types are checked once, before any row is read.

use super::eval::{Arith, Node};
use super::registry::{self, Body, Param, Returns};
pub(crate) use super::scope::Scope;
use crate::error::{ErrorKind, Result};
use crate::lang::lexer::spec_error;
use crate::lang::SpecPos;
use crate::lang::{BinOp, Expr, Literal, Step, UnaryOp};
use crate::number::Number;
use crate::value::{Type, Value};

/// What is known of an expression's type before the data is seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// An input field: text, read as whatever its use needs.
    Cell,
    Known(Type),
    /// An int or a float, decided per row (arithmetic on cells).
    Number,
    Null,
    Any,
}

impl Ty {
    /// The column type an output format reports (`None`: untyped text).
    pub fn output(self) -> Option<Type> {
        match self {
            Ty::Known(t) => Some(t),
            Ty::Number => Some(Type::Float),
            _ => None,
        }
    }

    fn fits(self, param: Param) -> bool {
        let known = match self {
            Ty::Known(t) => t,
            Ty::Number => Type::Float,
            _ => return true,
        };
        match param {
            Param::Any | Param::Text => true,
            Param::Number | Param::Int => matches!(known, Type::Int | Type::Float | Type::Text),
            Param::Bool => matches!(known, Type::Bool | Type::Int | Type::Text),
            Param::Temporal => matches!(known, Type::Date | Type::DateTime | Type::Text),
        }
    }
}

/// A compiled expression, its static type, and the first column slot it reads (row errors
/// point at that column).
pub(crate) struct Compiled {
    pub node: Node,
    pub ty: Ty,
    pub blame: Option<usize>,
}

pub(crate) fn compile(expr: &Expr, scope: &Scope) -> Result<Compiled> {
    let mut blame = None;
    let (node, ty) = Compiler {
        scope,
        blame: &mut blame,
    }
    .expr(expr)?;
    Ok(Compiled { node, ty, blame })
}

struct Compiler<'a, 'b> {
    scope: &'a Scope<'a>,
    blame: &'b mut Option<usize>,
}

fn mismatch(pos: SpecPos, message: String) -> crate::Error {
    spec_error(ErrorKind::TypeMismatch, pos, message)
}

fn ty_name(ty: Ty) -> &'static str {
    match ty {
        Ty::Known(t) => t.name(),
        Ty::Number => "number",
        Ty::Null => "null",
        Ty::Cell | Ty::Any => "text",
    }
}

fn literal_value(literal: &Literal) -> (Value<'static>, Ty) {
    match literal {
        Literal::Text(t) => (Value::Text(t.clone().into()), Ty::Known(Type::Text)),
        Literal::Number(Number::Int(i), _) => (Value::Int(*i), Ty::Known(Type::Int)),
        Literal::Number(Number::Float(f), _) => (Value::Float(*f), Ty::Known(Type::Float)),
        Literal::Bool(b) => (Value::Bool(*b), Ty::Known(Type::Bool)),
        Literal::Null => (Value::Null, Ty::Null),
        Literal::Date(d, _) => (Value::Date(*d), Ty::Known(Type::Date)),
        Literal::DateTime(t, _) => (Value::DateTime(*t), Ty::Known(Type::DateTime)),
    }
}

/// The type two branches share (`if`, `coalesce`, `??`). An input field beside a typed
/// branch takes that branch's type ([`coerce`] converts it), so `b ?? 2` is a number.
fn common(a: Ty, b: Ty) -> Ty {
    match (a, b) {
        (Ty::Null, t) | (t, Ty::Null) => t,
        (x, y) if x == y => x,
        (Ty::Cell, Ty::Known(Type::Int | Type::Float))
        | (Ty::Known(Type::Int | Type::Float), Ty::Cell) => Ty::Number,
        (Ty::Cell, t @ (Ty::Known(_) | Ty::Number))
        | (t @ (Ty::Known(_) | Ty::Number), Ty::Cell) => t,
        (
            Ty::Known(Type::Int | Type::Float) | Ty::Number,
            Ty::Known(Type::Int | Type::Float) | Ty::Number,
        ) => Ty::Number,
        _ => Ty::Any,
    }
}

/// `a op b` read from the other side: `5 < x` is `x > 5`.
fn flipped(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        same => same,
    }
}

fn is_numeric(ty: Ty) -> bool {
    matches!(ty, Ty::Known(Type::Int | Type::Float) | Ty::Number)
}

fn known(ty: Ty) -> Type {
    match ty {
        Ty::Known(t) => t,
        _ => Type::Text,
    }
}

fn family(ty: Ty) -> Option<u8> {
    match ty {
        Ty::Known(Type::Int | Type::Float) | Ty::Number => Some(0),
        Ty::Known(Type::Bool) => Some(1),
        Ty::Known(Type::Date | Type::DateTime) => Some(2),
        _ => None, // text and unknowns convert at run time
    }
}

impl Compiler<'_, '_> {
    fn expr(&mut self, expr: &Expr) -> Result<(Node, Ty)> {
        match expr {
            Expr::Literal(literal, _) => {
                let (value, ty) = literal_value(literal);
                Ok((Node::Const(value), ty))
            }
            Expr::Column(r) => {
                let (_, slot, ty) = &self.scope.columns[self.scope.resolve(r)?];
                self.blame.get_or_insert(*slot);
                Ok(if *slot < self.scope.width {
                    (Node::Cell(*slot), *ty)
                } else {
                    (Node::Derived(slot - self.scope.width), *ty)
                })
            }
            Expr::Unary { op, operand, .. } => {
                let (node, ty) = self.expr(operand)?;
                match op {
                    UnaryOp::Neg => {
                        self.want(ty, Param::Number, operand.pos(), "'-'")?;
                        let ty = if is_numeric(ty) { ty } else { Ty::Number };
                        Ok((Node::Neg(Box::new(coerce(node, ty, Ty::Number))), ty))
                    }
                    UnaryOp::Not => {
                        self.want(ty, Param::Bool, operand.pos(), "'not'")?;
                        Ok((Node::Not(Box::new(node)), Ty::Known(Type::Bool)))
                    }
                }
            }
            Expr::Binary {
                op, left, right, ..
            } => self.binary(*op, left, right),
            Expr::Call { name, pos, args } => self.call(name, *pos, args),
        }
    }

    fn want(&self, ty: Ty, param: Param, pos: SpecPos, context: &str) -> Result<()> {
        if ty.fits(param) {
            Ok(())
        } else {
            Err(mismatch(
                pos,
                format!("{context} needs {}, not {}", param.name(), ty_name(ty)),
            ))
        }
    }

    fn binary(&mut self, op: BinOp, left: &Expr, right: &Expr) -> Result<(Node, Ty)> {
        let (a, ta) = self.expr(left)?;
        let (b, tb) = self.expr(right)?;
        let boxed = |a, b| (Box::new(a), Box::new(b));
        let bool_ty = Ty::Known(Type::Bool);
        Ok(match op {
            BinOp::And | BinOp::Or => {
                self.want(ta, Param::Bool, left.pos(), op.symbol())?;
                self.want(tb, Param::Bool, right.pos(), op.symbol())?;
                let (a, b) = boxed(a, b);
                let node = if op == BinOp::And {
                    Node::And(a, b)
                } else {
                    Node::Or(a, b)
                };
                (node, bool_ty)
            }
            BinOp::Coalesce => {
                let ty = common(ta, tb);
                (
                    Node::Coalesce(vec![coerce(a, ta, ty), coerce(b, tb, ty)]),
                    ty,
                )
            }
            BinOp::Contains => {
                // v1: a number literal is a needle as written (`contains 1e1` looks for "1e1").
                let b = match right {
                    Expr::Literal(Literal::Number(_, text), _) => {
                        Node::Const(Value::Text(text.clone().into()))
                    }
                    _ => b,
                };
                let (a, b) = boxed(a, b);
                (Node::Contains(a, b), bool_ty)
            }
            op if op.is_comparison() => {
                if let (Some(x), Some(y)) = (family(ta), family(tb)) {
                    if x != y {
                        return Err(mismatch(
                            right.pos(),
                            format!("cannot compare {} with {}", ty_name(ta), ty_name(tb)),
                        ));
                    }
                }
                (comparison(op, a, ta, b, tb), bool_ty)
            }
            _ => self.arith(op, (a, ta, left), (b, tb, right))?,
        })
    }

    fn arith(
        &mut self,
        op: BinOp,
        left: (Node, Ty, &Expr),
        right: (Node, Ty, &Expr),
    ) -> Result<(Node, Ty)> {
        let (a, ta, left) = left;
        let (b, tb, right) = right;
        let date = Ty::Known(Type::Date);
        let ty = match (op, ta, tb) {
            (BinOp::Add | BinOp::Sub, t, _) | (BinOp::Add, _, t) if t == date => {
                if ta == date && tb == date && op == BinOp::Sub {
                    Ty::Known(Type::Int)
                } else {
                    let other = if ta == date { (tb, right) } else { (ta, left) };
                    self.want(other.0, Param::Int, other.1.pos(), "date arithmetic")?;
                    date
                }
            }
            _ => {
                self.want(ta, Param::Number, left.pos(), op.symbol())?;
                self.want(tb, Param::Number, right.pos(), op.symbol())?;
                match (op, ta, tb) {
                    (BinOp::Div, _, _) => Ty::Known(Type::Float),
                    (_, Ty::Known(Type::Int), Ty::Known(Type::Int)) => Ty::Known(Type::Int),
                    (_, Ty::Known(Type::Float), _) | (_, _, Ty::Known(Type::Float)) => {
                        Ty::Known(Type::Float)
                    }
                    _ => Ty::Number,
                }
            }
        };
        let op = match op {
            BinOp::Mul => Arith::Mul,
            BinOp::Div => Arith::Div,
            BinOp::FloorDiv => Arith::FloorDiv,
            BinOp::Rem => Arith::Rem,
            BinOp::Add => Arith::Add,
            _ => Arith::Sub,
        };
        // Fields read as numbers where they stand (date arithmetic keeps its date operand).
        let (a, b) = if ty == Ty::Known(Type::Date) || (ta == date && tb == date) {
            (a, b)
        } else {
            (coerce(a, ta, Ty::Number), coerce(b, tb, Ty::Number))
        };
        Ok((Node::Arith(op, Box::new(a), Box::new(b)), ty))
    }

    fn call(&mut self, name: &str, pos: SpecPos, args: &[Expr]) -> Result<(Node, Ty)> {
        let function = lookup(name, pos, args.len())?;
        let mut nodes = Vec::with_capacity(args.len());
        let mut types = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let (node, ty) = self.expr(arg)?;
            let param = function.params[i.min(function.params.len() - 1)];
            self.want(ty, param.1, arg.pos(), &format!("{name}'s {}", param.0))?;
            let node = match param_type(param.1) {
                Some(to) if ty == Ty::Cell => read_as(node, to),
                _ => node,
            };
            nodes.push(node);
            types.push(ty);
        }
        let ty = match function.returns {
            Returns::Is(t) => Ty::Known(t),
            Returns::LikeNumber if is_numeric(types[0]) => types[0],
            Returns::LikeNumber => Ty::Number,
            Returns::Common => {
                let branches = if matches!(function.body, Body::If) {
                    &types[1..]
                } else {
                    &types[..]
                };
                branches.iter().copied().fold(Ty::Null, common)
            }
            Returns::LikeTemporal => match types.last() {
                Some(t @ Ty::Known(Type::Date | Type::DateTime)) => *t,
                _ => Ty::Any,
            },
        };
        let node = match function.body {
            Body::Coalesce => Node::Coalesce(
                nodes
                    .into_iter()
                    .zip(&types)
                    .map(|(node, from)| coerce(node, *from, ty))
                    .collect(),
            ),
            Body::If => {
                let mut parts =
                    nodes
                        .into_iter()
                        .zip(&types)
                        .enumerate()
                        .map(|(i, (node, from))| {
                            if i == 0 {
                                node
                            } else {
                                coerce(node, *from, ty)
                            }
                        });
                let mut next = || parts.next().unwrap_or(Node::Const(Value::Null));
                Node::If(Box::new([next(), next(), next()]))
            }
            Body::Kernel(imp) => match nodes.pop() {
                Some(Node::Cell(slot)) => Node::CellKernel(imp, slot),
                Some(arg) => Node::Kernel(imp, Box::new(arg)),
                None => Node::Const(Value::Null),
            },
            Body::Strict(imp) => Node::Call {
                imp,
                strict: true,
                args: nodes,
            },
            Body::Lenient(imp) => Node::Call {
                imp,
                strict: false,
                args: nodes,
            },
        };
        Ok((node, ty))
    }
}

/// The registry entry of a call, or the spec error for an unknown name or a wrong count.
fn lookup(name: &str, pos: SpecPos, count: usize) -> Result<&'static registry::Function> {
    let function = registry::function(name).ok_or_else(|| {
        if crate::agg::AggKind::is_name(name) {
            return spec_error(
                ErrorKind::UnknownKernel,
                pos,
                format!("{name} is an aggregate: it belongs in a group or aggregate step, not in an expression"),
            );
        }
        let hint = registry::nearest(name, registry::functions().iter().map(|f| f.name))
            .map(|n| format!(" (did you mean {n}?)"))
            .unwrap_or_default();
        spec_error(
            ErrorKind::UnknownKernel,
            pos,
            format!("unknown function '{name}'{hint}"),
        )
    })?;
    let (least, most) = function.arity();
    if count < least || most.is_some_and(|m| count > m) {
        return Err(spec_error(
            ErrorKind::WrongArity,
            pos,
            format!(
                "wrong number of arguments ({count}): {}",
                function.signature()
            ),
        ));
    }
    Ok(function)
}

/// Checks every call in `expr` names a known function with a fitting number of arguments:
/// what can be known before the columns are.
pub(crate) fn check_calls(expr: &Expr) -> Result<()> {
    match expr {
        Expr::Literal(..) | Expr::Column(_) => Ok(()),
        Expr::Unary { operand, .. } => check_calls(operand),
        Expr::Binary { left, right, .. } => {
            check_calls(left)?;
            check_calls(right)
        }
        Expr::Call { name, pos, args } => {
            lookup(name, *pos, args.len())?;
            args.iter().try_for_each(check_calls)
        }
    }
}

/// Unknown functions and wrong argument counts are spec errors as soon as the spec is parsed,
/// before any column is known.
pub(crate) fn check_step_calls(step: &Step) -> Result<()> {
    let exprs: Vec<&Expr> = match step {
        Step::Select(items) => items.iter().map(|i| &i.expr).collect(),
        Step::Filter { expr, .. } => vec![expr],
        Step::DeriveExprs(items) => items.iter().map(|d| &d.expr).collect(),
        Step::Sort(keys) | Step::Top { keys, .. } => keys.iter().map(|k| &k.expr).collect(),
        Step::Group { aggs, .. } => aggs.iter().filter_map(|a| a.args.first()).collect(),
        Step::Drop(_)
        | Step::Rename(_)
        | Step::Derive { .. }
        | Step::Take { .. }
        | Step::Cast(_)
        | Step::Distinct(_)
        | Step::Join { .. } => Vec::new(),
    };
    exprs.into_iter().try_for_each(check_calls)
}

/// Converts an input field's text to the type the branches around it agreed on, so values of
/// one expression have one kind (`a ?? 2` yields numbers, which compare as numbers).
fn coerce(node: Node, from: Ty, to: Ty) -> Node {
    match (from, to) {
        (Ty::Cell, Ty::Number) => read_as(node, Type::Float),
        (Ty::Cell, Ty::Known(t)) if t != Type::Text => read_as(node, t),
        _ => node,
    }
}

/// Reads an input field as `ty` where it is used, so a cell that cannot be read is an error
/// naming its own column.
fn read_as(node: Node, ty: Type) -> Node {
    let column = match node {
        Node::Cell(slot) => slot as u64 + 1,
        _ => 0,
    };
    Node::Convert(ty, Box::new(node), column)
}

/// What a parameter converts a field to before the function sees it (`None`: as it is).
fn param_type(param: Param) -> Option<Type> {
    match param {
        Param::Number | Param::Int => Some(Type::Float),
        Param::Bool => Some(Type::Bool),
        _ => None,
    }
}

/// Picks the comparison node: v1's direct forms where they apply, the general one otherwise.
fn comparison(op: BinOp, a: Node, ta: Ty, b: Node, tb: Ty) -> Node {
    match (a, b) {
        (Node::Cell(slot), Node::Const(v)) | (Node::Const(v), Node::Cell(slot))
            if matches!(v, Value::Int(_) | Value::Float(_)) =>
        {
            let n = match v {
                Value::Int(i) => Number::Int(i),
                Value::Float(f) => Number::Float(f),
                _ => Number::Int(0),
            };
            let op = if matches!(tb, Ty::Cell) {
                flipped(op)
            } else {
                op
            };
            Node::CellVsNumber(op, slot, n)
        }
        // A text literal compares text, whatever the other side is (v1: `where d = "145"`
        // compares the bytes of d's text).
        (a, Node::Const(Value::Text(t))) => Node::VsText(op, Box::new(a), t.into()),
        (Node::Const(Value::Text(t)), b) => Node::VsText(flipped(op), Box::new(b), t.into()),
        (a, b) if ta == Ty::Cell && family(tb).is_some() => {
            let to = if is_numeric(tb) {
                Type::Float
            } else {
                known(tb)
            };
            Node::Compare(op, Box::new(read_as(a, to)), Box::new(b))
        }
        (a, b) if tb == Ty::Cell && family(ta).is_some() => {
            let to = if is_numeric(ta) {
                Type::Float
            } else {
                known(ta)
            };
            Node::Compare(op, Box::new(a), Box::new(read_as(b, to)))
        }
        (a, b) if ta == Ty::Cell && tb == Ty::Cell => {
            Node::CompareCells(op, Box::new(a), Box::new(b))
        }
        (a, b) => Node::Compare(op, Box::new(a), Box::new(b)),
    }
}
