//! Binding a pipeline to its input's columns, step by step: each column reference resolved to
//! a slot, each expression compiled against the columns it sees, giving a [`Plan`].

use super::boundary::{Boundary, Built};
use super::plan::{Columns, Input, Key, Op, Plan};
use crate::error::{Error, ErrorKind, Result};
use crate::expr::{compile, BinOp, Compiled, Expr, Literal, Scope, Ty};
use crate::lang::lexer::spec_error;
use crate::lang::{ColumnRef, Derivation, SpecPos, Step};
use crate::value::{Type, Value};
use std::cell::Cell;

pub(crate) struct Builder {
    columns: Columns,
    ops: Vec<Op>,
    width: usize,
    next_slot: usize,
    keys: Vec<Key>,
}

impl Builder {
    pub fn new(input: Input) -> Builder {
        let width = input.names.len();
        let mut builder = Builder {
            columns: input
                .names
                .into_iter()
                .zip(0..)
                .map(|(n, slot)| (n, slot, Ty::Cell))
                .collect(),
            ops: Vec::new(),
            width,
            next_slot: width,
            keys: Vec::new(),
        };
        for (i, ty) in input.types.into_iter().enumerate() {
            builder.read_as(i, ty);
        }
        builder
    }

    /// Reads input column `i` as `ty`: a typed value written out by an earlier stage is read
    /// back as that type (its text is that type's canonical form, so the bytes do not change).
    fn read_as(&mut self, i: usize, ty: Ty) {
        let cell = Expr::Column(ColumnRef::Index(i + 1, SpecPos::default()));
        let expr = match ty {
            Ty::Known(Type::Text) | Ty::Cell | Ty::Null | Ty::Any => return,
            Ty::Known(t) => Expr::Call {
                name: t.name().into(),
                pos: SpecPos::default(),
                args: vec![cell],
            },
            // An int or a float per row: `x * 1` reads either and prints it back unchanged
            // (`-0.0` included, which `x + 0` would not keep).
            Ty::Number => Expr::Binary {
                op: BinOp::Mul,
                pos: SpecPos::default(),
                left: Box::new(cell),
                right: Box::new(Expr::Literal(
                    Literal::Number(crate::Number::Int(1), "1".into()),
                    SpecPos::default(),
                )),
            },
        };
        // A conversion of a cell to its own type's function always compiles.
        if let Ok((slot, _)) = self.derive(&expr) {
            self.columns[i].1 = slot;
            self.columns[i].2 = ty;
        }
    }

    /// The visible columns' names, in order.
    pub fn names(&self) -> Vec<Option<String>> {
        self.columns.iter().map(|c| c.0.clone()).collect()
    }

    /// The visible columns' types, for the stage after a blocking step.
    pub fn tys(&self) -> Vec<Ty> {
        self.columns.iter().map(|c| c.2).collect()
    }

    /// The visible columns' types as an output format reports them.
    pub fn types(&self) -> Vec<Option<Type>> {
        self.columns.iter().map(|c| c.2.output()).collect()
    }

    /// The index among the visible columns of the column `r` names.
    pub fn resolve(&self, r: &ColumnRef) -> Result<usize> {
        self.scope().resolve(r)
    }

    /// Computes `expr` for every row as a key of the blocking step that ends this plan (not
    /// output). Returns its type and the input column an error in it is blamed on.
    pub fn key(&mut self, expr: &Expr) -> Result<(Ty, Option<usize>)> {
        if let Expr::Literal(Literal::Null, _) = expr {
            // What a derived slot would give, without evaluating a literal per row.
            self.keys.push(Key::Null);
            return Ok((Ty::Null, None));
        }
        if let Expr::Column(r) = expr {
            let (_, slot, ty) = self.columns[self.resolve(r)?];
            if slot < self.width && ty == Ty::Cell {
                self.keys.push(Key::Cell(slot));
                return Ok((ty, Some(slot)));
            }
        }
        let (slot, ty) = self.derive(expr)?;
        self.keys.push(Key::Derived(slot - self.width));
        let blame = match self.ops.last() {
            Some(Op::Derive(compiled, _)) => compiled.blame,
            _ => None,
        };
        Ok((ty, blame))
    }

    /// Keeps only the visible columns at `indexes`, in that order: a group's plan hands its
    /// step the key cells alone, so no other cell of a row is gathered for it.
    pub fn keep_only(&mut self, indexes: &[usize]) {
        self.columns = indexes.iter().map(|&i| self.columns[i].clone()).collect();
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            columns: &self.columns,
            width: self.width,
        }
    }

    fn compile(&self, expr: &Expr) -> Result<Compiled> {
        compile(expr, &self.scope())
    }

    /// Adds a derived slot computing `expr`; returns it with the expression's type.
    fn derive(&mut self, expr: &Expr) -> Result<(usize, Ty)> {
        let compiled = self.compile(expr)?;
        let slot = self.next_slot;
        self.next_slot += 1;
        let ty = compiled.ty;
        self.ops.push(Op::Derive(compiled, slot));
        Ok((slot, ty))
    }

    fn taken(&self, name: &str, except: Option<usize>) -> bool {
        self.columns
            .iter()
            .enumerate()
            .any(|(i, (n, _, _))| Some(i) != except && n.as_deref() == Some(name))
    }

    fn new_column(&mut self, d: &Derivation) -> Result<()> {
        if self.taken(&d.name, None) {
            return Err(duplicate(&d.name, d.name_pos));
        }
        let (slot, ty) = self.derive(&d.expr)?;
        self.columns.push((Some(d.name.clone()), slot, ty));
        Ok(())
    }

    /// Plans one step. A per-row step joins this plan; a step that holds rows ends it, and
    /// `boundary` builds what it ends with and the input of the plan after it.
    pub fn step(&mut self, step: &Step, boundary: &Boundary) -> Result<Option<Built>> {
        match step {
            Step::Select(items) => {
                let mut picked = Vec::with_capacity(items.len());
                for item in items {
                    let (name, slot, ty) = match &item.expr {
                        Expr::Column(r) => self.columns[self.scope().resolve(r)?].clone(),
                        expr => {
                            let (slot, ty) = self.derive(expr)?;
                            (Some(expr.to_string()), slot, ty)
                        }
                    };
                    let name = item.alias.as_ref().map(|(n, _)| n.clone()).or(name);
                    picked.push((name, slot, ty));
                }
                self.columns = picked;
            }
            Step::Drop(refs) => {
                let mut gone = Vec::with_capacity(refs.len());
                for r in refs {
                    gone.push(self.scope().resolve(r)?);
                }
                let mut index = 0;
                self.columns.retain(|_| {
                    index += 1;
                    !gone.contains(&(index - 1))
                });
            }
            Step::Rename(pairs) => {
                for (r, name, pos) in pairs {
                    let i = self.scope().resolve(r)?;
                    if self.taken(name, Some(i)) {
                        return Err(duplicate(name, *pos));
                    }
                    self.columns[i].0 = Some(name.clone());
                }
            }
            Step::Filter { expr, .. } => {
                let compiled = self.compile(expr)?;
                if matches!(compiled.ty, Ty::Known(t) if t != Type::Bool && t != Type::Text)
                    || compiled.ty == Ty::Number
                {
                    return Err(spec_error(
                        ErrorKind::TypeMismatch,
                        expr.pos(),
                        "filter needs a condition (a bool), not a number or date",
                    ));
                }
                self.ops.push(Op::Filter(compiled));
            }
            Step::DeriveExprs(items) => {
                for d in items {
                    self.new_column(d)?;
                }
            }
            Step::Derive {
                name,
                name_pos,
                kernel,
                column,
            } => {
                let expr = Expr::Call {
                    name: kernel.name().into(),
                    pos: *name_pos,
                    args: vec![Expr::Column(column.clone())],
                };
                self.new_column(&Derivation {
                    name: name.clone(),
                    name_pos: *name_pos,
                    expr,
                })?;
            }
            Step::Take { rows, .. } => self.ops.push(Op::Take {
                max: *rows,
                passed: Cell::new(0),
            }),
            Step::Cast(items) => {
                for (r, ty, pos) in items {
                    let i = self.scope().resolve(r)?;
                    let expr = Expr::Call {
                        name: ty.name().into(),
                        pos: *pos,
                        args: vec![Expr::Column(ColumnRef::Index(i + 1, column_pos(r)))],
                    };
                    let (slot, _) = self.derive(&expr)?;
                    self.columns[i].1 = slot;
                    self.columns[i].2 = Ty::Known(*ty);
                }
            }
            Step::Sort(keys) => return boundary.sort(self, keys, None).map(Some),
            Step::Top { rows, keys } => return boundary.sort(self, keys, Some(*rows)).map(Some),
            Step::Group { columns, aggs } => return boundary.group(self, columns, aggs).map(Some),
            Step::Distinct(columns) => return boundary.distinct(self, columns).map(Some),
            Step::Join { .. } => return boundary.join(self, step).map(Some),
        }
        Ok(None)
    }
}

fn column_pos(r: &ColumnRef) -> SpecPos {
    match r {
        ColumnRef::Name(_, p) | ColumnRef::Index(_, p) => *p,
    }
}

fn duplicate(name: &str, pos: SpecPos) -> Error {
    spec_error(
        ErrorKind::DuplicateColumn,
        pos,
        format!("column '{name}' already exists; choose a new name"),
    )
}

impl Builder {
    /// The plan of the steps given to this builder so far.
    pub fn finish(self) -> Plan {
        let exhausted = self
            .ops
            .iter()
            .any(|op| matches!(op, Op::Take { max: 0, .. }));
        let types = self.types();
        let output: Vec<usize> = self.columns.iter().map(|c| c.1).collect();
        let keeps_input = output.iter().copied().take(self.width).eq(0..self.width);
        let derives = self.next_slot - self.width;
        let shown: Vec<bool> = (self.width..self.next_slot)
            .map(|slot| output.contains(&slot))
            .collect();
        Plan {
            keys_are_null: self.keys.iter().all(|k| matches!(k, Key::Null)),
            keys: self.keys,
            output,
            keeps_input,
            types,
            header: self
                .columns
                .into_iter()
                .map(|c| c.0.unwrap_or_default().into_bytes())
                .collect(),
            ops: self.ops,
            width: self.width,
            exhausted,
            derived: vec![Value::Null; derives],
            text: Vec::new(),
            ends: vec![(0, false); derives],
            some_hidden: shown.contains(&false),
            shown,
            nulled: 0,
        }
    }
}
