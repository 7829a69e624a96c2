//! The aggregate registry: every aggregate's name, parameters, one-line doc and result type, so
//! the parser, help texts and the page can list them from one table.

use crate::value::Type;

/// Every aggregate the `group` and `aggregate` steps know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggKind {
    /// `count()`: rows.
    CountRows,
    /// `count(x)`: non-null values.
    Count,
    CountDistinct,
    Sum,
    Min,
    Max,
    Mean,
    Stddev,
    Var,
    Median,
    Quantile,
    ApproxCountDistinct,
    ApproxQuantile,
    First,
    Last,
    Mode,
    StringAgg,
}

/// What an aggregate's argument is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    /// An expression evaluated on every row (the aggregated value).
    Expr,
    /// A constant number fixed when the state is created (`quantile`'s `q`).
    Number,
    /// A constant text fixed when the state is created (`string_agg`'s separator).
    Text,
}

/// The type of an aggregate's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultType {
    Fixed(Type),
    /// Decided by the data: `int` when every value is an integer, else `float` (`sum` over
    /// text cells that are read as numbers).
    IntOrFloat,
}

impl AggKind {
    /// Every aggregate, in the order the docs list them.
    pub const ALL: [AggKind; 17] = [
        AggKind::CountRows,
        AggKind::Count,
        AggKind::CountDistinct,
        AggKind::Sum,
        AggKind::Min,
        AggKind::Max,
        AggKind::Mean,
        AggKind::Stddev,
        AggKind::Var,
        AggKind::Median,
        AggKind::Quantile,
        AggKind::ApproxCountDistinct,
        AggKind::ApproxQuantile,
        AggKind::First,
        AggKind::Last,
        AggKind::Mode,
        AggKind::StringAgg,
    ];

    /// The name in the spec. `count` is two entries told apart by their arity.
    pub fn name(self) -> &'static str {
        use AggKind::*;
        match self {
            CountRows | Count => "count",
            CountDistinct => "count_distinct",
            Sum => "sum",
            Min => "min",
            Max => "max",
            Mean => "mean",
            Stddev => "stddev",
            Var => "var",
            Median => "median",
            Quantile => "quantile",
            ApproxCountDistinct => "approx_count_distinct",
            ApproxQuantile => "approx_quantile",
            First => "first",
            Last => "last",
            Mode => "mode",
            StringAgg => "string_agg",
        }
    }

    /// The parameters, named as the docs name them.
    pub fn params(self) -> &'static [(&'static str, Param)] {
        use AggKind::*;
        match self {
            CountRows => &[],
            Quantile | ApproxQuantile => &[("x", Param::Expr), ("q", Param::Number)],
            StringAgg => &[("x", Param::Expr), ("sep", Param::Text)],
            _ => &[("x", Param::Expr)],
        }
    }

    pub fn arity(self) -> usize {
        self.params().len()
    }

    /// The aggregate a call `name(...)` with `arity` arguments means, if any.
    pub fn from_call(name: &str, arity: usize) -> Option<AggKind> {
        AggKind::ALL
            .into_iter()
            .find(|k| k.name() == name && k.arity() == arity)
    }

    /// True when some aggregate has this name (for "wrong number of arguments" messages).
    pub fn is_name(name: &str) -> bool {
        AggKind::ALL.iter().any(|k| k.name() == name)
    }

    /// One line for help texts and docs.
    pub fn doc(self) -> &'static str {
        use AggKind::*;
        match self {
            CountRows => "number of rows",
            Count => "number of non-null values",
            CountDistinct => "number of distinct non-null values (exact)",
            Sum => "sum; integers stay exact (beyond 64 bits: out_of_range)",
            Min => "smallest value, compared as numbers, dates or text as the whole column allows",
            Max => "largest value, compared as numbers, dates or text as the whole column allows",
            Mean => "arithmetic mean (float)",
            Stddev => "sample standard deviation (float; null under two values)",
            Var => "sample variance (float; null under two values)",
            Median => "median, interpolated between the two middle values",
            Quantile => "exact quantile q in [0, 1], linear interpolation (DuckDB quantile_cont)",
            ApproxCountDistinct => {
                "distinct count by HyperLogLog: exact up to 2048, ~0.8% error beyond"
            }
            ApproxQuantile => "quantile q from a DDSketch, within 1% relative error",
            First => "first value in input order (null included)",
            Last => "last value in input order (null included)",
            Mode => "most frequent non-null value; ties go to the one seen first",
            StringAgg => "non-null values as text joined by sep, in input order",
        }
    }

    /// The result type for an argument of type `input` (ignored by `count()`), or `None` when
    /// the aggregate cannot take that type.
    pub fn result_type(self, input: Type) -> Option<ResultType> {
        use AggKind::*;
        let numeric = matches!(input, Type::Int | Type::Float | Type::Text);
        Some(ResultType::Fixed(match self {
            CountRows | Count | CountDistinct | ApproxCountDistinct => Type::Int,
            Sum => match input {
                Type::Int | Type::Float => input,
                Type::Text => return Some(ResultType::IntOrFloat),
                _ => return None,
            },
            Mean | Stddev | Var | Median | Quantile | ApproxQuantile if numeric => Type::Float,
            Mean | Stddev | Var | Median | Quantile | ApproxQuantile => return None,
            Min | Max | First | Last | Mode => input,
            StringAgg => Type::Text,
        }))
    }

    /// The stable code in encoded states. Never renumber: states written by other runtimes and
    /// older builds carry these.
    pub fn code(self) -> u8 {
        use AggKind::*;
        match self {
            CountRows => 1,
            Count => 2,
            CountDistinct => 3,
            Sum => 4,
            Min => 5,
            Max => 6,
            Mean => 7,
            Stddev => 8,
            Var => 9,
            Median => 10,
            Quantile => 11,
            ApproxCountDistinct => 12,
            ApproxQuantile => 13,
            First => 14,
            Last => 15,
            Mode => 16,
            StringAgg => 17,
        }
    }

    pub fn from_code(code: u8) -> Option<AggKind> {
        AggKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_by_name_and_arity() {
        assert_eq!(AggKind::from_call("count", 0), Some(AggKind::CountRows));
        assert_eq!(AggKind::from_call("count", 1), Some(AggKind::Count));
        assert_eq!(AggKind::from_call("quantile", 2), Some(AggKind::Quantile));
        assert_eq!(AggKind::from_call("quantile", 1), None);
        assert_eq!(AggKind::from_call("avg", 1), None);
        assert!(AggKind::is_name("string_agg"));
    }

    #[test]
    fn codes_are_unique_and_round_trip() {
        for kind in AggKind::ALL {
            assert_eq!(AggKind::from_code(kind.code()), Some(kind));
            assert!(!kind.doc().is_empty());
        }
        assert_eq!(AggKind::from_code(0), None);
        assert_eq!(AggKind::from_code(18), None);
    }

    #[test]
    fn result_types() {
        let fixed = |t| Some(ResultType::Fixed(t));
        assert_eq!(AggKind::Sum.result_type(Type::Int), fixed(Type::Int));
        assert_eq!(
            AggKind::Sum.result_type(Type::Text),
            Some(ResultType::IntOrFloat)
        );
        assert_eq!(AggKind::Sum.result_type(Type::Date), None);
        assert_eq!(AggKind::Mean.result_type(Type::Int), fixed(Type::Float));
        assert_eq!(AggKind::Max.result_type(Type::Date), fixed(Type::Date));
        assert_eq!(AggKind::StringAgg.result_type(Type::Int), fixed(Type::Text));
        assert_eq!(AggKind::CountRows.result_type(Type::Bool), fixed(Type::Int));
    }
}
