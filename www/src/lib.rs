//! The browser door of csv-kernels: wasm-bindgen exports over the core, nothing more. Every
//! decision (parsing, options, pipelines, errors) is the core's; this crate converts types
//! (`Uint8Array` <-> bytes, JS objects <-> options and profiles) and turns core errors into
//! JS `Error`s with `kind`, `line` and `column` (see [`into_js_error`]).

mod classes;
mod edge;
mod error;
mod language;
mod options;
mod profile;
mod spec;
mod types;

pub use classes::{Job, Profiler};
pub use error::into_js_error;
pub use language::{registry, sniff};
pub use spec::{canonical_pipeline, parse_rows, quote_column, where_literal};
pub use types::{CsvOptions, JobStats, ProfileObject, Registry, Rows, Sniffed};

use error::js;
use options::options_from_js;
use wasm_bindgen::prelude::*;

/// The first `count` primes.
#[wasm_bindgen(js_name = firstN)]
pub fn first_n(count: u32) -> Result<Vec<u32>, JsValue> {
    js(csv_kernels::first_n(count as usize))
}

/// The sum of the factorials of the decimal digits of `value` (e.g. "145" -> 145).
/// Results are exact: they stay far below 2^53 for any string a browser can hold.
#[wasm_bindgen(js_name = digitFactorialSum)]
pub fn digit_factorial_sum(value: &str) -> Result<f64, JsValue> {
    js(csv_kernels::digit_factorial_sum(value)).map(|sum| sum as f64)
}

/// Runs `pipeline` over a whole CSV held in memory and returns the output CSV bytes.
#[wasm_bindgen]
pub fn run(pipeline: &str, csv: &[u8], options: Option<CsvOptions>) -> Result<Vec<u8>, JsValue> {
    let mut job = classes::core_job(pipeline, options)?;
    let mut out = Vec::with_capacity(csv.len() + csv.len() / 4);
    js(job.push(csv, &mut out))?;
    js(job.finish(&mut out))?;
    Ok(out)
}

/// The profile of a whole CSV as a plain JS object: the shape of `csv-kernels profile` with
/// camelCase keys (`rowsSkipped`, `topValues`).
#[wasm_bindgen]
pub fn profile(csv: &[u8], options: Option<CsvOptions>) -> Result<ProfileObject, JsValue> {
    let options = js(options_from_js(options))?;
    profile::profile_to_js(&js(csv_kernels::profile(csv, &options))?)
}

/// The profile as the core's compact JSON text, byte for byte what `csv-kernels profile`
/// prints (without its final newline).
#[wasm_bindgen(js_name = profileJson)]
pub fn profile_json(csv: &[u8], options: Option<CsvOptions>) -> Result<String, JsValue> {
    let options = js(options_from_js(options))?;
    js(csv_kernels::profile(csv, &options)).map(|p| p.to_json())
}
