"""Stages the JupyterLite lite dir for the offline notebook site (run by scripts/build-notebook.sh).

The Pyodide kernel loads its runtime from a CDN unless the site carries one, and the npm
Pyodide package is the runtime without any package wheel. So this copies the npm runtime to
static/pyodide/ (where `jupyter lite build` finds it and points the kernel at it), puts the
kernel's start-up wheels beside it, and rewrites their pyodide-lock.json entries: PyPI's
wheels are not byte-identical to the ones Pyodide rebuilt, so a stale sha256 would fail the
load, and a wheel missing from the lock only shows up as a console error in the browser.

    build_site.py RUNTIME_DIR WHEELS_DIR LITE_DIR
"""

import hashlib
import json
import shutil
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

# Marker values as Pyodide 314 reports them, so ipython's pexpect (not on emscripten) drops out.
PYODIDE_ENV = {
    **default_environment(),
    "sys_platform": "emscripten",
    "platform_system": "Emscripten",
    "platform_machine": "wasm32",
    "os_name": "posix",
    "python_version": "3.14",
    "python_full_version": "3.14.2",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}
# The runtime's own files; its README, type declarations and source maps are not needed.
RUNTIME_FILES = ["pyodide.mjs", "pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json", "package.json"]
SETTINGS = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "csv-kernels notebook",
        # A string, as JupyterLite reads it: window.jupyterapp for the browser test.
        "exposeAppInBrowser": "true",
        "litePluginSettings": {
            "@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True},
        },
    },
}


def wheel_entry(path: Path) -> dict:
    """A pyodide-lock.json package entry that describes this wheel file as it is."""
    name, version, _, _ = parse_wheel_filename(path.name)
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        meta_path = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(wheel.read(meta_path).decode())
    depends = []
    for line in metadata.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(PYODIDE_ENV):
            depends.append(canonicalize_name(req.name))
    tops = {n.split("/")[0] for n in names}
    imports = sorted(t.removesuffix(".py") for t in tops
                     if not t.endswith((".dist-info", ".data", ".pth")) and t != "__pycache__")
    return {
        "name": canonicalize_name(name),
        "version": str(version),
        "file_name": path.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": sorted(depends),
        "unvendored_tests": False,
    }


def main(runtime: Path, wheels: Path, lite: Path) -> None:
    pyodide = lite / "static" / "pyodide"
    if lite.exists():
        shutil.rmtree(lite)
    pyodide.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(runtime / name, pyodide / name)

    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    packages = lock["packages"]
    shipped = set()
    for path in sorted(wheels.glob("*.whl")):
        entry = wheel_entry(path)
        # Keep the runtime's own fields (tool, shared_library, ...) where it has an entry.
        packages[entry["name"]] = {**packages.get(entry["name"], {}), **entry}
        shutil.copy2(path, pyodide / path.name)
        shipped.add(entry["name"])
    missing = sorted(f"{name} needs {dep}" for name in shipped
                     for dep in packages[name]["depends"] if dep not in shipped)
    if missing:
        sys.exit("build_site: dependencies not shipped (add them to notebook/kernel-wheels.txt): "
                 + "; ".join(missing))
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    (lite / "jupyter-lite.json").write_text(json.dumps(SETTINGS, indent=2) + "\n")
    print(f"build_site: runtime {lock['info']['python']} and {len(shipped)} wheels in {pyodide}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    main(*map(Path, sys.argv[1:]))
