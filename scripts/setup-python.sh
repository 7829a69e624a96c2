# Python module: native and Pyodide wheels, pytest. Sourced by setup.sh.
rust_targets wasm32-unknown-emscripten
python_venv
