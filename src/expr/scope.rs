//! The columns an expression can name at its step, and how a reference finds one.

use super::compile::Ty;
use super::registry;
use crate::error::{ErrorKind, Result};
use crate::lang::lexer::spec_error;
use crate::lang::{show_name, ColumnRef};

/// The columns an expression can name at its step.
pub(crate) struct Scope<'a> {
    /// Visible columns: name (none without a header), slot and type.
    pub columns: &'a [(Option<String>, usize, Ty)],
    /// Slots below `width` are input fields; the rest are derived values.
    pub width: usize,
}

impl Scope<'_> {
    /// The index (in `columns`) of a column reference, or an `unknown_column` error that
    /// suggests the nearest name.
    pub fn resolve(&self, r: &ColumnRef) -> Result<usize> {
        let found = match r {
            ColumnRef::Name(name, _) => self
                .columns
                .iter()
                .position(|(n, _, _)| n.as_deref() == Some(name)),
            ColumnRef::Index(i, _) => (*i <= self.columns.len()).then(|| i - 1),
        };
        found.ok_or_else(|| {
            let pos = match r {
                ColumnRef::Name(_, p) | ColumnRef::Index(_, p) => *p,
            };
            let names: Vec<String> = self
                .columns
                .iter()
                .enumerate()
                .map(|(i, (n, _, _))| n.clone().unwrap_or(format!("#{}", i + 1)))
                .collect();
            let hint = match r {
                ColumnRef::Name(name, _) => {
                    registry::nearest(name, names.iter().map(String::as_str))
                        .map(|n| format!("did you mean {}? ", show_name(n)))
                }
                ColumnRef::Index(..) => None,
            };
            let shown: Vec<&str> = names.iter().take(12).map(String::as_str).collect();
            let more = if names.len() > 12 { ", ..." } else { "" };
            spec_error(
                ErrorKind::UnknownColumn,
                pos,
                format!(
                    "no column {r}; {}columns: {}{more}",
                    hint.unwrap_or_default(),
                    shown.join(", ")
                ),
            )
        })
    }
}
