# Edge: the wasmtime CLI (compiles for ~20 minutes once per machine), the wasip2 target for
# edge/serve, and what building the Worker's package from www/ needs (the same pinned tools as
# the web door). Each line skips what is present. workerd comes from npm (wrangler's
# dependency). Sourced by setup.sh.
cargo_tool wasmtime "$WASMTIME_VERSION" wasmtime-cli --locked
rust_targets wasm32-unknown-unknown wasm32-wasip2
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli   # no --locked: see TOOLCHAIN.md
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
