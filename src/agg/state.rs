//! [`State`]: any aggregate's state behind one type, made from an [`AggKind`] and its
//! constant arguments, for the steps that hold a row of aggregates per group.

use super::codec::{invalid, VERSION};
use super::quantile::check_q;
use super::*;

/// The state of any aggregate.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    Count(CountState),
    Sum(SumState),
    Moments(MomentsState),
    Extreme(ExtremeState),
    Quantile(QuantileState),
    ApproxQuantile(ApproxQuantileState),
    CountDistinct(CountDistinctState),
    ApproxCountDistinct(HllState),
    Mode(ModeState),
    Edge(EdgeState),
    StringAgg(StringAggState),
}

/// Runs `$body` with `$s` bound to the state inside any variant.
macro_rules! each {
    ($state:expr, $s:ident => $body:expr) => {
        match $state {
            State::Count($s) => $body,
            State::Sum($s) => $body,
            State::Moments($s) => $body,
            State::Extreme($s) => $body,
            State::Quantile($s) => $body,
            State::ApproxQuantile($s) => $body,
            State::CountDistinct($s) => $body,
            State::ApproxCountDistinct($s) => $body,
            State::Mode($s) => $body,
            State::Edge($s) => $body,
            State::StringAgg($s) => $body,
        }
    };
}

fn bad_argument(kind: AggKind, message: String) -> Error {
    Error::plain(
        ErrorKind::InvalidOption,
        format!("{}: {message}", kind.name()),
    )
}

/// `q` from a constant argument: a number, or text that reads as one.
fn q_argument(kind: AggKind, arg: Option<&Value<'_>>) -> Result<f64> {
    let q = match arg {
        Some(Value::Int(i)) => *i as f64,
        Some(Value::Float(f)) => *f,
        Some(Value::Text(t)) => crate::parse_number(t.as_bytes())
            .map(Number::as_f64)
            .ok_or_else(|| bad_argument(kind, format!("q must be a number, not {t:?}")))?,
        _ => return Err(bad_argument(kind, "q must be a number".to_owned())),
    };
    check_q(q).map_err(|e| bad_argument(kind, e.message))
}

impl State {
    /// A fresh state. `args` are the constant arguments after the aggregated expression:
    /// `q` for `quantile` and `approx_quantile`, the separator (text) for `string_agg`,
    /// nothing for the others.
    pub fn new(kind: AggKind, args: &[Value<'_>]) -> Result<State> {
        use AggKind as K;
        let wanted = kind.arity().saturating_sub(1);
        if args.len() != wanted {
            let message = format!("takes {wanted} constant argument(s), got {}", args.len());
            return Err(bad_argument(kind, message));
        }
        Ok(match kind {
            K::CountRows | K::Count => State::Count(CountState::new(kind)),
            K::Sum => State::Sum(SumState::new()),
            K::Mean | K::Var | K::Stddev => State::Moments(MomentsState::new(kind)),
            K::Min | K::Max => State::Extreme(ExtremeState::new(kind)),
            K::Median => State::Quantile(QuantileState::new(kind, 0.5)?),
            K::Quantile => {
                State::Quantile(QuantileState::new(kind, q_argument(kind, args.first())?)?)
            }
            K::ApproxQuantile => {
                State::ApproxQuantile(ApproxQuantileState::new(q_argument(kind, args.first())?)?)
            }
            K::CountDistinct => State::CountDistinct(CountDistinctState::new()),
            K::ApproxCountDistinct => State::ApproxCountDistinct(HllState::new()),
            K::Mode => State::Mode(ModeState::new()),
            K::First | K::Last => State::Edge(EdgeState::new(kind)),
            K::StringAgg => match args.first() {
                Some(Value::Text(sep)) => State::StringAgg(StringAggState::new(sep)),
                _ => return Err(bad_argument(kind, "the separator must be text".to_owned())),
            },
        })
    }

    /// Whether updates can change the heap memory the state holds. Only a count's cannot:
    /// sums and moments grow limbs for floats far apart ([`ExactSum`]), min, max, first and
    /// last keep a copy of a text value (min and max its key bytes too, even for numbers),
    /// and the rest keep sets, lists or sketches.
    pub fn heap_can_change(&self) -> bool {
        !matches!(self, State::Count(_))
    }

    /// The aggregate this state belongs to.
    pub fn kind(&self) -> AggKind {
        match self {
            State::Count(s) => s.kind(),
            State::Sum(_) => AggKind::Sum,
            State::Moments(s) => s.kind(),
            State::Extreme(s) => s.kind(),
            State::Quantile(s) => s.kind(),
            State::ApproxQuantile(_) => AggKind::ApproxQuantile,
            State::CountDistinct(_) => AggKind::CountDistinct,
            State::ApproxCountDistinct(_) => AggKind::ApproxCountDistinct,
            State::Mode(_) => AggKind::Mode,
            State::Edge(s) => s.kind(),
            State::StringAgg(_) => AggKind::StringAgg,
        }
    }
}

impl AggState for State {
    fn update(&mut self, value: &Value<'_>, at: Pos) -> Result<()> {
        each!(self, s => s.update(value, at))
    }

    fn merge(&mut self, other: &Self) -> Result<()> {
        match (self, other) {
            (State::Count(a), State::Count(b)) => a.merge(b),
            (State::Sum(a), State::Sum(b)) => a.merge(b),
            (State::Moments(a), State::Moments(b)) => a.merge(b),
            (State::Extreme(a), State::Extreme(b)) => a.merge(b),
            (State::Quantile(a), State::Quantile(b)) => a.merge(b),
            (State::ApproxQuantile(a), State::ApproxQuantile(b)) => a.merge(b),
            (State::CountDistinct(a), State::CountDistinct(b)) => a.merge(b),
            (State::ApproxCountDistinct(a), State::ApproxCountDistinct(b)) => a.merge(b),
            (State::Mode(a), State::Mode(b)) => a.merge(b),
            (State::Edge(a), State::Edge(b)) => a.merge(b),
            (State::StringAgg(a), State::StringAgg(b)) => a.merge(b),
            _ => Err(mismatch("aggregates")),
        }
    }

    fn finalize(&self) -> Result<Value<'static>> {
        each!(self, s => s.finalize())
    }

    fn encode(&self, out: &mut Vec<u8>) {
        each!(self, s => s.encode(out))
    }

    fn decode(bytes: &[u8]) -> Result<Self> {
        use AggKind as K;
        let (version, code) = match bytes {
            [version, code, ..] => (*version, *code),
            _ => return Err(invalid("state is truncated")),
        };
        if version != VERSION {
            return Err(invalid(format!(
                "state format version {version}, this build reads version {VERSION}"
            )));
        }
        let kind = AggKind::from_code(code)
            .ok_or_else(|| invalid(format!("unknown aggregate code {code}")))?;
        Ok(match kind {
            K::CountRows | K::Count => State::Count(CountState::decode(bytes)?),
            K::Sum => State::Sum(SumState::decode(bytes)?),
            K::Mean | K::Var | K::Stddev => State::Moments(MomentsState::decode(bytes)?),
            K::Min | K::Max => State::Extreme(ExtremeState::decode(bytes)?),
            K::Median | K::Quantile => State::Quantile(QuantileState::decode(bytes)?),
            K::ApproxQuantile => State::ApproxQuantile(ApproxQuantileState::decode(bytes)?),
            K::CountDistinct => State::CountDistinct(CountDistinctState::decode(bytes)?),
            K::ApproxCountDistinct => State::ApproxCountDistinct(HllState::decode(bytes)?),
            K::Mode => State::Mode(ModeState::decode(bytes)?),
            K::First | K::Last => State::Edge(EdgeState::decode(bytes)?),
            K::StringAgg => State::StringAgg(StringAggState::decode(bytes)?),
        })
    }

    fn heap_bytes(&self) -> usize {
        each!(self, s => s.heap_bytes())
    }
}
