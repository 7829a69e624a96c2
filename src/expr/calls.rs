//! The check that needs only the registry, not the columns: every call names a known function
//! with a fitting number of arguments. It runs as the spec is parsed.

use super::registry;
use crate::error::{ErrorKind, Result};
use crate::lang::cursor::CallSite;
use crate::lang::lexer::spec_error;
use crate::lang::SpecPos;

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

/// Checks that a call names a known function with a fitting number of arguments: what can
/// be known before the columns are.
pub(crate) fn check_call((name, pos, count): &CallSite) -> Result<()> {
    lookup(name, *pos, *count).map(drop)
}
