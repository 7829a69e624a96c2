#!/usr/bin/env python3
"""Assembles the real-world CSV corpus from packages that ship CSV files (the test data of
CSV libraries, the datasets of statistics packages), at pinned versions, into
.cache/corpus/files. Nothing here is committed: the corpus is rebuilt from the registries.

    python3 benches/corpus/fetch.py      # downloads once, extracts every CSV/TSV (and .gz)
"""
import io
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "corpus"
DOWNLOADS = CACHE / "downloads"
FILES = CACHE / "files"
PYTHON = ROOT / ".venv" / "bin" / "python"

# (registry, package, version, kind): sdists carry a project's test data; these wheels carry
# datasets. Each is a public source whose CSVs nobody here wrote.
SOURCES = [
    ("pypi", "csvkit", "2.2.0", "sdist"),
    ("pypi", "agate", "1.14.2", "sdist"),
    ("pypi", "frictionless", "5.21.0", "sdist"),
    ("pypi", "statsmodels", "0.14.4", "wheel"),
    ("pypi", "vega_datasets", "0.9.0", "wheel"),
    ("npm", "csv-spectrum", "2.0.0", "tarball"),
]

WANTED = re.compile(r"\.(csv|tsv)(\.gz)?$", re.IGNORECASE)


def download(registry, package, version, kind):
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    have = [p for p in DOWNLOADS.iterdir() if p.name.lower().replace("-", "_").startswith(
        f"{package}-{version}".lower().replace("-", "_"))]
    if have:
        return have[0]
    if registry == "npm":
        subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=DOWNLOADS,
                       check=True, stdout=subprocess.DEVNULL)
    else:
        binary = ["--only-binary", ":all:", "--platform", "manylinux2014_x86_64",
                  "--python-version", "3.11", "--implementation", "cp"] if kind == "wheel" \
            else ["--no-binary", ":all:"]
        subprocess.run([str(PYTHON), "-m", "pip", "download", "--no-deps", "-q",
                        "--disable-pip-version-check", *binary, f"{package}=={version}",
                        "-d", str(DOWNLOADS)], check=True)
    return download(registry, package, version, kind)


def members(archive):
    """(name, bytes) of every wanted file in a .tar.gz, .tgz or .whl."""
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                if WANTED.search(name):
                    yield name, z.read(name)
    else:
        with tarfile.open(archive) as t:
            for m in t.getmembers():
                if m.isfile() and WANTED.search(m.name):
                    yield m.name, t.extractfile(m).read()


def main():
    total = 0
    for source in SOURCES:
        archive = download(*source)
        target = FILES / source[1]
        target.mkdir(parents=True, exist_ok=True)
        n = 0
        for name, data in members(archive):
            flat = name.split("/", 1)[-1].replace("/", "__")
            (target / flat).write_bytes(data)
            n += 1
        print(f"{source[1]} {source[2]}: {n} files")
        total += n
    print(f"corpus: {total} files in {FILES}")


if __name__ == "__main__":
    sys.exit(main())
