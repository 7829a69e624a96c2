//! Binds an expression to the columns a step sees: names become slots, functions become
//! registry entries, and types are checked once, before any row is read.

use super::calls::lookup;
use super::eval::{Arith, Node};
use super::registry::{Body, Param, Returns};
pub(crate) use super::scope::Scope;
pub(crate) use super::ty::Ty;
use super::ty::{common, family, is_numeric, known, literal_value, ty_name};
use crate::error::{ErrorKind, Result};
use crate::lang::lexer::spec_error;
use crate::lang::SpecPos;
use crate::lang::{BinOp, Expr, Literal, UnaryOp};
use crate::number::Number;
use crate::value::{Type, Value};

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
