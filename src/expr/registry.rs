//! The one registry of the language: every step, function and aggregate with its name,
//! arguments, result and a one-line doc. The parser and the type checker read it; the CLI help,
//! the page's step builder and the bindings' docs can read it as data ([`steps`],
//! [`functions`], [`aggregates`]).
//!
//! Adding a function is one entry in [`FUNCTIONS`], its code in `functions/`, and one golden
//! case.

use super::eval::{BytesImpl, Impl};
pub use super::functions::FUNCTIONS;
use crate::agg::AggKind;
pub use crate::lang::nearest::nearest;
pub use crate::lang::steps::{step_named, steps, StepInfo, STEPS};
use crate::value::Type;

/// What an argument must be. Text converts to any of these on demand (a row error when it
/// cannot); a value of a definite other type is a spec error (`type_mismatch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    Any,
    Text,
    Number,
    Int,
    Bool,
    /// A date or a datetime.
    Temporal,
}

impl Param {
    pub fn name(self) -> &'static str {
        match self {
            Param::Any => "any",
            Param::Text => "text",
            Param::Number => "number",
            Param::Int => "int",
            Param::Bool => "bool",
            Param::Temporal => "date|datetime",
        }
    }
}

/// The type of a function's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    Is(Type),
    /// An integer for an integer argument, a float for a float (`abs`, `round`, ...).
    LikeNumber,
    /// The common type of the arguments (`coalesce`, `if`).
    Common,
    /// A datetime for a datetime argument, a date for a date (`date_trunc`).
    LikeTemporal,
}

/// How a function meets null.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Body {
    /// Null in any argument is a null result; `Impl` only sees values.
    Strict(Impl),
    /// `Impl` sees nulls and decides.
    Lenient(Impl),
    Coalesce,
    If,
    /// A kernel over one value's text (v1's kernels: null reads as "", an error for them), run
    /// straight on an input field's bytes.
    Kernel(BytesImpl),
}

/// One function of the language.
#[derive(Clone, Copy, Debug)]
pub struct Function {
    pub name: &'static str,
    /// Parameter names and kinds; the last `optional` of them may be left out.
    pub params: &'static [(&'static str, Param)],
    pub optional: usize,
    /// Takes any number (at least one) of arguments like its last parameter.
    pub variadic: bool,
    pub returns: Returns,
    pub doc: &'static str,
    pub(crate) body: Body,
}

impl Function {
    /// The signature as the docs show it: `substr(x: text, start: int[, len: int]) -> text`.
    pub fn signature(&self) -> String {
        let mut s = format!("{}(", self.name);
        let required = self.params.len() - self.optional;
        for (i, (name, param)) in self.params.iter().enumerate() {
            if i == required && self.optional > 0 {
                s.push('[');
            }
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("{name}: {}", param.name()));
        }
        if self.optional > 0 {
            s.push(']');
        }
        if self.variadic {
            s.push_str(", ...");
        }
        let returns = match self.returns {
            Returns::Is(t) => t.name(),
            Returns::LikeNumber => "int|float",
            Returns::Common => "like the arguments",
            Returns::LikeTemporal => "like x",
        };
        s + ") -> " + returns
    }

    pub fn arity(&self) -> (usize, Option<usize>) {
        let required = self.params.len() - self.optional;
        (required, (!self.variadic).then_some(self.params.len()))
    }
}

/// Every function of the language.
///
/// ```
/// let f = csv_kernels::expr::registry::function("substr").unwrap();
/// assert_eq!(f.signature(), "substr(x: text, start: int[, len: int]) -> text");
/// ```
pub fn functions() -> &'static [Function] {
    FUNCTIONS
}

pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The aggregates (`count`, `sum`, `median`, ...) for the `group` and `aggregate` steps: their
/// names, parameters, docs and result types come from `crate::agg`'s one table.
///
/// ```
/// let names: Vec<_> = csv_kernels::registry::aggregates().iter().map(|a| a.name()).collect();
/// assert!(names.contains(&"median"));
/// ```
pub fn aggregates() -> &'static [AggKind] {
    &AggKind::ALL
}

/// The language reference as plain text, built from the registry: each step with its syntax,
/// then each function's signature, then each aggregate, with their one-line docs. CLI help and
/// docstrings print this instead of keeping their own lists.
///
/// ```
/// let text = csv_kernels::registry::reference();
/// assert!(text.contains("filter expr"));
/// assert!(text.contains("lower(x: text) -> text"));
/// ```
pub fn reference() -> String {
    let mut out = String::from("Steps (PRQL words; v1's where and limit still work):\n");
    for step in STEPS.iter() {
        out.push_str(&format!("  {:<52} {}\n", step.syntax, step.doc));
    }
    out.push_str("\nFunctions:\n");
    for f in FUNCTIONS {
        out.push_str(&format!("  {:<52} {}\n", f.signature(), f.doc));
    }
    out.push_str("\nAggregates (group and aggregate steps):\n");
    for kind in aggregates() {
        let params: Vec<&str> = kind.params().iter().map(|(name, _)| *name).collect();
        let call = format!("{}({})", kind.name(), params.join(", "));
        out.push_str(&format!("  {:<52} {}\n", call, kind.doc()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_signatures_read_well() {
        for (i, f) in FUNCTIONS.iter().enumerate() {
            assert!(
                FUNCTIONS[..i].iter().all(|g| g.name != f.name),
                "{}",
                f.name
            );
            assert!(f.params.len() <= super::super::eval::MAX_ARGS);
        }
        assert_eq!(
            function("coalesce").unwrap().signature(),
            "coalesce(x: any, ...) -> like the arguments"
        );
        assert_eq!(function("round").unwrap().arity(), (1, Some(2)));
        assert_eq!(step_named("where").unwrap().name, "filter");
    }

    #[test]
    fn suggests_near_names() {
        let names = FUNCTIONS.iter().map(|f| f.name);
        assert_eq!(nearest("lowr", names.clone()), Some("lower"));
        assert_eq!(nearest("sqaure", names.clone()), None);
        assert_eq!(nearest("is_prme", names), Some("is_prime"));
    }
}
