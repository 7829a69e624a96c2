//! Function implementations, one file per family, and the table the registry reads: one entry
//! per function with its parameters, result type, doc and implementation.

pub(crate) mod date;
pub(crate) mod math;
pub(crate) mod text;

use super::registry::{Body, Function, Param, Returns};
use crate::value::Type;

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
        Body::Kernel(math::digit_factorial_sum),
    ),
    f(
        "is_prime",
        X,
        Is(Type::Bool),
        "true if the integer is prime (exact for every u64)",
        Body::Kernel(math::is_prime),
    ),
];
