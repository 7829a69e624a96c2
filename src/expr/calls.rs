//! The checks that need only the registry, not the columns: every call names a known function
//! with a fitting number of arguments. They run as the spec is parsed.

use super::registry;
use crate::error::{ErrorKind, Result};
use crate::lang::lexer::spec_error;
use crate::lang::{Expr, SpecPos, Step};

/// The registry entry of a call, or the spec error for an unknown name or a wrong count.
pub(super) fn lookup(
    name: &str,
    pos: SpecPos,
    count: usize,
) -> Result<&'static registry::Function> {
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
