//! Small helpers for the page: the canonical text of a pipeline, spec fragments quoted the way
//! the core's grammar wants them, and CSV rows split by the core's reader (for previews).

use crate::error::js;
use crate::options::options_from_js;
use crate::types::{CsvOptions, Rows};
use csv_kernels::pipeline::{ColumnRef, Literal, SpecPos};
use csv_kernels::reader::{Flow, Reader};
use csv_kernels::{parse_number, Pipeline};
use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;

/// Parses a pipeline spec and returns its canonical text; throws the spec error (with the
/// line and column in the spec) if it does not parse.
#[wasm_bindgen(js_name = canonicalPipeline)]
pub fn canonical_pipeline(spec: &str) -> Result<String, JsValue> {
    js(Pipeline::parse(spec)).map(|p| p.to_string())
}

/// A column name as the spec must write it: bare when it is a plain identifier, otherwise
/// in backticks.
#[wasm_bindgen(js_name = quoteColumn)]
pub fn quote_column(name: &str) -> String {
    ColumnRef::Name(name.to_string(), SpecPos::default()).to_string()
}

/// A `where` literal for text the user typed: a number as written when the core reads it as
/// one (numeric comparison), otherwise a quoted text literal.
#[wasm_bindgen(js_name = whereLiteral)]
pub fn where_literal(text: &str) -> String {
    match parse_number(text.as_bytes()) {
        Some(n) => Literal::Number(n, text.to_string()).to_string(),
        None => Literal::Text(text.to_string()).to_string(),
    }
}

/// Splits up to `maxRows` records (the header counts as one) out of CSV bytes with the core's
/// reader. With `partial`, `csv` is only the start of a stream: a last record without its
/// line end is left out instead of being read as complete.
#[wasm_bindgen(js_name = parseRows)]
pub fn parse_rows(
    csv: &[u8],
    #[wasm_bindgen(js_name = maxRows)] max_rows: u32,
    options: Option<CsvOptions>,
    partial: Option<bool>,
) -> Result<Rows, JsValue> {
    let options = js(options_from_js(options))?;
    let rows = Array::new();
    if max_rows == 0 {
        return Ok(rows.unchecked_into());
    }
    let mut reader = Reader::new(&options);
    let mut emit = |record: &csv_kernels::reader::Record, _problem| {
        let row = Array::new();
        for field in record.iter() {
            row.push(&JsString::from(String::from_utf8_lossy(field).as_ref()));
        }
        rows.push(&row);
        Ok(if rows.length() >= max_rows {
            Flow::Stop
        } else {
            Flow::Continue
        })
    };
    js(reader.feed(csv, &mut emit))?;
    if !partial.unwrap_or(false) {
        js(reader.finish(&mut emit))?;
    }
    Ok(rows.unchecked_into())
}
