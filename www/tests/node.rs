//! The golden cases and API checks in Node.js: `wasm-pack test --node`.
#![cfg(target_arch = "wasm32")]

mod shared;

include!(concat!(env!("OUT_DIR"), "/golden_tests.rs"));
api_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_node() {
    let global = js_sys::global();
    assert!(js_sys::Reflect::has(&global, &"process".into()).unwrap());
}
