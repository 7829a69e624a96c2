"""The shipped wheels carry no test-only code: the extension module inside each wheel in
dist/ must not contain the `csv_kernels._testing` route (cargo feature `testing`), and the
test wheels in target/python-test-wheels/ must contain it (which proves the check can see it).
    python3 tests/python/check_wheels.py        exit 0: all good; 1: a problem (printed)
Run by scripts/test-python.sh after both builds; reads the wheels as zip files, so any
Python 3 runs it."""
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Strings only the `testing` module puts in the binary: its module name and its docstring.
MARKERS = [b"_testing", b"Test-only helpers"]
# The three builds every run must have, by the end of the wheel's file name.
BUILDS = ["-abi3-manylinux", "-cp313-cp313-pyemscripten_2025_0_wasm32", "-cp314-cp314-pyemscripten_2026_0_wasm32"]


def extension_of(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = [n for n in z.namelist() if n.startswith("csv_kernels/") and n.endswith(".so")]
        if len(names) != 1:
            raise SystemExit(f"check_wheels: {wheel.name}: want one extension module, found {names}")
        return z.read(names[0])


def main():
    problems = []
    for folder, must_have in [(REPO / "dist", False), (REPO / "target" / "python-test-wheels", True)]:
        wheels = sorted(folder.glob("csv_kernels-*.whl"))
        for build in BUILDS:
            found = [w for w in wheels if build in w.name]
            if len(found) != 1:
                problems.append(f"{folder}: want one *{build}* wheel, found {[w.name for w in found]}")
        for wheel in wheels:
            binary = extension_of(wheel)
            wrong = [m for m in MARKERS if (m in binary) != must_have]
            for marker in wrong:
                verdict = "lacks" if must_have else "contains"
                problems.append(f"{wheel.relative_to(REPO)} {verdict} the test-only marker {marker!r}")
            if not wrong:
                print(f"check_wheels: {wheel.relative_to(REPO)}: "
                      f"{'has the' if must_have else 'no'} test-only code, as it should")
    for problem in problems:
        print(f"check_wheels: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
