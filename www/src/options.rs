//! A JS options object (`{ delimiter: ";", onError: "skip", header: false }`) into core
//! `Options`: every key and value goes through `Options::set`, the parser every door shares.

use crate::types::CsvOptions;
use csv_kernels::{Error, ErrorKind, Options};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// `undefined`/`null` (for the whole object or one key) mean "the default".
pub fn options_from_js(options: Option<CsvOptions>) -> csv_kernels::Result<Options> {
    let mut parsed = Options::default();
    let Some(options) = options else {
        return Ok(parsed);
    };
    let value: JsValue = options.into();
    if value.is_undefined() || value.is_null() {
        return Ok(parsed);
    }
    if !value.is_object() {
        return Err(invalid("options must be an object"));
    }
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        parsed.set(&name, &option_text(&name, &value)?)?;
    }
    Ok(parsed)
}

/// The textual form `Options::set` parses: strings as they are, booleans as `true`/`false`,
/// whole numbers in decimal (anything else is left for the core to reject by name).
fn option_text(name: &str, value: &JsValue) -> csv_kernels::Result<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(flag.to_string());
    }
    if let Some(number) = value.as_f64() {
        return Ok(if number.fract() == 0.0 && number.abs() < 1e15 {
            format!("{}", number as i64)
        } else {
            format!("{number}")
        });
    }
    Err(invalid(&format!(
        "option {name}: expected a string, number or boolean"
    )))
}

fn invalid(message: &str) -> Error {
    Error::plain(ErrorKind::InvalidOption, message)
}
