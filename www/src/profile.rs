//! The profile as a JS object. The core writes it as JSON with snake_case keys (the CLI's
//! format, also what `profileJson` returns); JS callers get camelCase keys like every other
//! object of this package. Only keys change: column names and top values are values.

use crate::types::ProfileObject;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The core's JSON through `JSON.parse`, keys then renamed (an integer beyond 2^53 becomes the
/// nearest double, as for any JS reader of that JSON). A profile is small and made once per
/// input, so the text costs nothing that matters, and it spares the module a serializer.
pub(crate) fn profile_to_js(profile: &csv_kernels::Profile) -> Result<ProfileObject, JsValue> {
    let parsed = js_sys::JSON::parse(&profile.to_json())?;
    Ok(camel_case_keys(parsed).unchecked_into())
}

/// A copy of a parsed JSON value whose object keys are camelCase.
fn camel_case_keys(value: JsValue) -> JsValue {
    if Array::is_array(&value) {
        let items: Array = value.unchecked_into();
        return items.iter().map(camel_case_keys).collect::<Array>().into();
    }
    if !value.is_object() {
        return value;
    }
    let renamed = Object::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let key = camel_case(&pair.get(0).as_string().unwrap_or_default());
        // Setting a key on a fresh, ordinary object cannot fail.
        let _ = Reflect::set(&renamed, &key.into(), &camel_case_keys(pair.get(1)));
    }
    renamed.into()
}

/// `rows_skipped` -> `rowsSkipped`.
fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        match c {
            '_' => upper = true,
            _ if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            _ => out.push(c),
        }
    }
    out
}
