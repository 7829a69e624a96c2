# Edge: the wasmtime CLI (compiles for ~20 minutes once per machine). Sourced by setup.sh.
cargo_tool wasmtime "$WASMTIME_VERSION" wasmtime-cli --locked
