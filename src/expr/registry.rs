//! The one registry of the language: every step, function and aggregate with its name,
//! arguments, result and a one-line doc. The parser and the type checker read it; the CLI help,
//! the page's step builder and the bindings' docs can read it as data ([`steps`],
//! [`functions`], [`aggregates`]).
//!
//! Adding a function is one entry in [`FUNCTIONS`], its code in `functions/`, and one golden
//! case.

use super::eval::Impl;
use super::functions::{date, math, text};
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

use Param as P;
use Returns::{Is, LikeNumber};

const fn f(
    name: &'static str,
    params: &'static [(&'static str, Param)],
    returns: Returns,
    doc: &'static str,
    body: Body,
) -> Function {
    Function {
        name,
        params,
        optional: 0,
        variadic: false,
        returns,
        doc,
        body,
    }
}

const fn optional(mut function: Function, count: usize) -> Function {
    function.optional = count;
    function
}

const X: &[(&str, Param)] = &[("x", P::Any)];
const XT: &[(&str, Param)] = &[("x", P::Text)];
const XN: &[(&str, Param)] = &[("x", P::Number)];
const XD: &[(&str, Param)] = &[("x", P::Temporal)];
const XS: &[(&str, Param)] = &[("x", P::Text), ("s", P::Text)];

/// Every function, grouped by family.
pub static FUNCTIONS: &[Function] = &[
    // Text
    f(
        "lower",
        XT,
        Is(Type::Text),
        "lower case",
        Body::Strict(text::lower),
    ),
    f(
        "upper",
        XT,
        Is(Type::Text),
        "upper case",
        Body::Strict(text::upper),
    ),
    f(
        "trim",
        XT,
        Is(Type::Text),
        "without leading and trailing spaces",
        Body::Strict(text::trim),
    ),
    f(
        "length",
        XT,
        Is(Type::Int),
        "number of characters",
        Body::Strict(text::length),
    ),
    f(
        "contains",
        XS,
        Is(Type::Bool),
        "true if s occurs in x",
        Body::Strict(text::contains),
    ),
    f(
        "starts_with",
        XS,
        Is(Type::Bool),
        "true if x begins with s",
        Body::Strict(text::starts_with),
    ),
    f(
        "ends_with",
        XS,
        Is(Type::Bool),
        "true if x ends with s",
        Body::Strict(text::ends_with),
    ),
    f(
        "replace",
        &[("x", P::Text), ("from", P::Text), ("to", P::Text)],
        Is(Type::Text),
        "every occurrence of from replaced by to",
        Body::Strict(text::replace),
    ),
    optional(
        f(
            "substr",
            &[("x", P::Text), ("start", P::Int), ("len", P::Int)],
            Is(Type::Text),
            "len characters from start (1-based; negative counts from the end)",
            Body::Strict(text::substr),
        ),
        1,
    ),
    f(
        "split_part",
        &[("x", P::Text), ("sep", P::Text), ("n", P::Int)],
        Is(Type::Text),
        "the n-th piece of x split on sep (1-based; negative from the end; \"\" past the end)",
        Body::Strict(text::split_part),
    ),
    // Numbers
    f(
        "abs",
        XN,
        LikeNumber,
        "absolute value",
        Body::Strict(math::abs),
    ),
    optional(
        f(
            "round",
            &[("x", P::Number), ("digits", P::Int)],
            LikeNumber,
            "rounded half away from zero to digits decimals (default 0)",
            Body::Strict(math::round),
        ),
        1,
    ),
    f(
        "floor",
        XN,
        LikeNumber,
        "largest whole number not above x",
        Body::Strict(math::floor),
    ),
    f(
        "ceil",
        XN,
        LikeNumber,
        "smallest whole number not below x",
        Body::Strict(math::ceil),
    ),
    f(
        "sqrt",
        XN,
        Is(Type::Float),
        "square root (x < 0 is out_of_range)",
        Body::Strict(math::sqrt),
    ),
    f(
        "pow",
        &[("x", P::Number), ("y", P::Number)],
        Is(Type::Float),
        "x to the power y",
        Body::Strict(math::pow),
    ),
    f(
        "ln",
        XN,
        Is(Type::Float),
        "natural logarithm (x <= 0 is out_of_range)",
        Body::Strict(math::ln),
    ),
    f(
        "log10",
        XN,
        Is(Type::Float),
        "base-10 logarithm (x <= 0 is out_of_range)",
        Body::Strict(math::log10),
    ),
    // Conversions
    f(
        "int",
        X,
        Is(Type::Int),
        "x as an integer (floats round half away from zero)",
        Body::Strict(math::int),
    ),
    f(
        "float",
        X,
        Is(Type::Float),
        "x as a float",
        Body::Strict(math::float_of),
    ),
    f(
        "text",
        X,
        Is(Type::Text),
        "x as text, as the output prints it",
        Body::Strict(math::text_of),
    ),
    f(
        "bool",
        X,
        Is(Type::Bool),
        "x as a bool (true/false, t/f, yes/no, 1/0)",
        Body::Strict(math::bool_of),
    ),
    // Dates
    optional(
        f(
            "date",
            &[("x", P::Any), ("format", P::Text)],
            Is(Type::Date),
            "x as a date: ISO 8601, or read with a strftime format like \"%d/%m/%Y\"",
            Body::Strict(date::date),
        ),
        1,
    ),
    optional(
        f(
            "datetime",
            &[("x", P::Any), ("format", P::Text)],
            Is(Type::DateTime),
            "x as a datetime: ISO 8601, or read with a strftime format",
            Body::Strict(date::datetime),
        ),
        1,
    ),
    f(
        "year",
        XD,
        Is(Type::Int),
        "the year",
        Body::Strict(date::year),
    ),
    f(
        "month",
        XD,
        Is(Type::Int),
        "the month, 1-12",
        Body::Strict(date::month),
    ),
    f(
        "day",
        XD,
        Is(Type::Int),
        "the day of the month, 1-31",
        Body::Strict(date::day),
    ),
    f(
        "weekday",
        XD,
        Is(Type::Int),
        "the day of the week, Sunday = 0",
        Body::Strict(date::weekday),
    ),
    f(
        "hour",
        XD,
        Is(Type::Int),
        "the hour, 0-23",
        Body::Strict(date::hour),
    ),
    f(
        "date_diff",
        &[("unit", P::Text), ("a", P::Temporal), ("b", P::Temporal)],
        Is(Type::Int),
        "unit boundaries crossed from a to b (year quarter month week day hour minute second)",
        Body::Strict(date::date_diff),
    ),
    f(
        "date_trunc",
        &[("unit", P::Text), ("x", P::Temporal)],
        Returns::LikeTemporal,
        "x rounded down to the unit",
        Body::Strict(date::date_trunc),
    ),
    f(
        "format_date",
        &[("x", P::Temporal), ("format", P::Text)],
        Is(Type::Text),
        "x printed with a strftime format (%Y %m %d %H %M %S %b %j ...)",
        Body::Strict(date::format_date),
    ),
    // Conditionals and nulls
    f(
        "if",
        &[("cond", P::Bool), ("then", P::Any), ("else", P::Any)],
        Returns::Common,
        "then when cond is true, else otherwise (null counts as false)",
        Body::If,
    ),
    Function {
        variadic: true,
        ..f(
            "coalesce",
            X,
            Returns::Common,
            "the first argument that is not null",
            Body::Coalesce,
        )
    },
    f(
        "is_null",
        X,
        Is(Type::Bool),
        "true for null (an empty cell)",
        Body::Lenient(math::is_null),
    ),
    f(
        "is_number",
        X,
        Is(Type::Bool),
        "true for a number or text that reads as one",
        Body::Lenient(math::is_number),
    ),
    // Kernels (v1 semantics: an empty cell is an error, not null)
    f(
        "digit_factorial_sum",
        X,
        Is(Type::Int),
        "sum of the factorials of the decimal digits of an integer of any length",
        Body::Lenient(math::digit_factorial_sum),
    ),
    f(
        "is_prime",
        X,
        Is(Type::Bool),
        "true if the integer is prime (exact for every u64)",
        Body::Lenient(math::is_prime),
    ),
];

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

/// One step of the pipeline language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepInfo {
    pub name: &'static str,
    /// Other words for the same step (v1's `where` and `limit`).
    pub aliases: &'static [&'static str],
    pub syntax: &'static str,
    pub doc: &'static str,
    /// Streaming steps see one row at a time; blocking ones read all input first.
    pub streaming: bool,
    /// False for steps the grammar reserves but this version does not run yet.
    pub available: bool,
}

const fn step(name: &'static str, syntax: &'static str, doc: &'static str) -> StepInfo {
    StepInfo {
        name,
        aliases: &[],
        syntax,
        doc,
        streaming: true,
        available: true,
    }
}

const fn blocking(name: &'static str, syntax: &'static str, doc: &'static str) -> StepInfo {
    StepInfo {
        streaming: false,
        available: false,
        ..step(name, syntax, doc)
    }
}

pub static STEPS: &[StepInfo] = &[
    step(
        "select",
        "select item (\",\" item)*   item := expr [as name]",
        "keep these columns or expressions, in this order",
    ),
    step("drop", "drop col (\",\" col)*", "remove columns"),
    step(
        "rename",
        "rename col as name (\",\" col as name)*",
        "give columns new names",
    ),
    StepInfo {
        aliases: &["where"],
        ..step("filter", "filter expr", "keep the rows where expr is true")
    },
    step(
        "derive",
        "derive name = expr (\",\" name = expr)*",
        "add computed columns",
    ),
    StepInfo {
        aliases: &["limit"],
        ..step("take", "take integer", "stop after this many rows")
    },
    step(
        "cast",
        "cast col as type (\",\" col as type)*",
        "convert columns to int, float, text, bool, date or datetime",
    ),
    blocking(
        "sort",
        "sort [-]expr (\",\" [-]expr)*",
        "order rows (planned)",
    ),
    blocking(
        "group",
        "group col (\",\" col)* aggregate name = agg(...)",
        "one row per group (planned)",
    ),
    blocking(
        "aggregate",
        "aggregate name = agg(...) (\",\" ...)*",
        "one row for the whole input (planned)",
    ),
    blocking(
        "distinct",
        "distinct [col (\",\" col)*]",
        "drop repeated rows (planned)",
    ),
    blocking(
        "top",
        "top integer by [-]expr",
        "the first rows by a key (planned)",
    ),
    blocking(
        "join",
        "join [left] (name) on col [= col]",
        "join a second input (planned)",
    ),
];

pub fn steps() -> &'static [StepInfo] {
    STEPS
}

/// The step a word names (an alias included).
pub fn step_named(word: &str) -> Option<&'static StepInfo> {
    STEPS
        .iter()
        .find(|s| s.name == word || s.aliases.contains(&word))
}

/// One aggregate function (issue 11). The aggregate states live in `crate::agg`; this slot
/// lists them for the parser and the docs once the `group` and `aggregate` steps run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AggregateInfo {
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
}

/// The aggregates the language knows: empty until the blocking steps land.
pub fn aggregates() -> &'static [AggregateInfo] {
    &[]
}

/// The known name nearest to `word` (by edit distance), if it is close enough to be a likely
/// misspelling: "did you mean ...?".
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // One edit in four or five letters; a one-letter name has no near misses.
    let limit = (word.chars().count() + 1) / 3;
    known
        .into_iter()
        .map(|k| (edit_distance(word, k), k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(!ca.eq_ignore_ascii_case(cb));
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
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
