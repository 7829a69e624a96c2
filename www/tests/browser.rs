//! The golden cases and API checks in a browser page: `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod shared;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
include!(concat!(env!("OUT_DIR"), "/golden_tests.rs"));
api_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_a_page() {
    let global = js_sys::global();
    assert!(js_sys::Reflect::has(&global, &"document".into()).unwrap());
}
