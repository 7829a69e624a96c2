"""Shared paths for the suite. The same files run on CPython (native wheel) and inside
Pyodide 0.29 and 314 (emscripten wheels), where run_in_pyodide.mjs mounts the repository at
its real path, so every path below is the same in all three interpreters."""
import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases"
BENCHES = REPO / "benches"
IN_PYODIDE = sys.platform == "emscripten"


def load_bench_module(name):
    """Imports benches/NAME.py (the pure-Python baselines) without touching sys.path."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
