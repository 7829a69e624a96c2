//! The golden cases and API checks in a dedicated Web Worker, where the page runs its jobs:
//! `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod shared;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);
include!(concat!(env!("OUT_DIR"), "/golden_tests.rs"));
api_tests!();

#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_a_dedicated_worker() {
    let global = js_sys::global();
    assert!(js_sys::Reflect::has(&global, &"importScripts".into()).unwrap());
    assert!(!js_sys::Reflect::has(&global, &"document".into()).unwrap());
}
