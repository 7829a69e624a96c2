//! A JS options object (`{ delimiter: ";", onError: "skip", header: false }`) into core
//! `Options`: each value is handed over typed (`OptionValue`) to `Options::set_value`, which
//! alone decides names and values.

use crate::types::CsvOptions;
use csv_kernels::{Error, ErrorKind, OptionValue, Options};
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
        if value.is_undefined() || value.is_null() || name == TABLES {
            continue;
        }
        let text = value.as_string();
        let typed = match (&text, value.as_bool(), value.as_f64()) {
            (Some(text), _, _) => OptionValue::Text(text),
            (None, Some(flag), _) => OptionValue::Bool(flag),
            (None, None, Some(number)) => OptionValue::Number(number),
            (None, None, None) => {
                return Err(invalid(&format!(
                    "option {name}: expected a string, number or boolean"
                )))
            }
        };
        parsed.set_value(&name, typed)?;
    }
    Ok(parsed)
}

/// The key of the options object that holds the joins' second inputs, not an option.
const TABLES: &str = "tables";

/// `options.tables`: `{ name: Uint8Array | string }`, the second inputs `join (name)` reads.
pub fn tables_from_js(options: &Option<CsvOptions>) -> csv_kernels::Result<Vec<(String, Vec<u8>)>> {
    let Some(options) = options else {
        return Ok(Vec::new());
    };
    let options: &JsValue = options.as_ref();
    if !options.is_object() {
        return Ok(Vec::new()); // options_from_js reports it
    }
    let tables = js_sys::Reflect::get(options, &TABLES.into()).unwrap_or(JsValue::UNDEFINED);
    if tables.is_undefined() || tables.is_null() {
        return Ok(Vec::new());
    }
    if !tables.is_object() {
        return Err(invalid(
            "options.tables must be an object of name: Uint8Array",
        ));
    }
    let mut out = Vec::new();
    for entry in Object::entries(tables.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        let bytes = if let Some(text) = value.as_string() {
            text.into_bytes()
        } else if value.is_instance_of::<js_sys::Uint8Array>() {
            value.unchecked_into::<js_sys::Uint8Array>().to_vec()
        } else {
            return Err(invalid(&format!(
                "options.tables.{name}: expected a Uint8Array or a string of CSV"
            )));
        };
        out.push((name, bytes));
    }
    Ok(out)
}

fn invalid(message: &str) -> Error {
    Error::plain(ErrorKind::InvalidOption, message)
}
