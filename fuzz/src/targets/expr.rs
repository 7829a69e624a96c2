//! The expression language on its own: parsing, printing and evaluation.

use super::round_trip;
use csv_kernels::{OnError, Options};

/// Cells of every type the evaluator meets, edge values included: the extremes of i64, a
/// negative zero, NaN, leap days, a date the ISO reader refuses, text with a delimiter, a
/// quote and non-ASCII, and empty (null) cells.
const TABLE: &[u8] = "id,n,f,t,d,dt,b,e
1,145,1.5,hello,2024-01-31,2024-01-31T12:00:00,true,
2,-9223372036854775808,-0.0,\"a,b\"\"c\",1999-12-31,2000-02-29T23:59:59,false,
3,9223372036854775807,1e308,,2024-02-29,,x,
4,,NaN,ÄÖ 日本,13/01/2024,2024-01-31 12:00,TRUE,
5,0,-1e-320, padded ,0001-01-01,9999-12-31T23:59:59.999999,1,
"
.as_bytes();

/// Any text that parses as an expression prints as text that parses back to the same tree
/// (positions aside) and prints the same again; used in `derive` and `filter` over TABLE it
/// runs under every error policy without a panic. Input: the expression text.
pub fn expr(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    round_trip(text, csv_kernels::expr::parse);
    for spec in [format!("derive x = {text}"), format!("filter {text}")] {
        for on_error in [OnError::Fail, OnError::Skip, OnError::Null] {
            let options = Options {
                on_error,
                ..Options::default()
            };
            // Errors are fine (a bad expression, a row error under `fail`); panics are not.
            let _ = csv_kernels::run(&spec, TABLE, &options);
        }
    }
}
