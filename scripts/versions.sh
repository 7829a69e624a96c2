# Pinned tool versions: one place, read by setup.sh and the build scripts.
# WASM_BINDGEN_VERSION must equal the `wasm-bindgen = "=..."` pin in www/Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130
WASM_PACK_VERSION=0.15.1
# newer wasmtime-cli needs a newer rustc than 1.95
WASMTIME_VERSION=48.0.8
MATURIN_VERSION=1.16.0
