# Browser package and page: wasm-bindgen-cli and wasm-pack at pinned versions, Chromium.
# Sourced by setup.sh (scripts/lib.sh loaded, cwd = repository root).
rust_targets wasm32-unknown-unknown
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli   # no --locked: see TOOLCHAIN.md
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
apt_pkg chromium chromium-driver
# A bare Debian has no CJK font: the page's screenshots would show boxes for 東京 (1.8 MB).
apt_pkg fonts-droid-fallback
