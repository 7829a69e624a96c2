#!/usr/bin/env python3
"""Dialect sniffing accuracy: csv-kernels' sniffer against Python's csv.Sniffer, on the same files.

The corpus is the Pollock benchmark (HPI Information Systems, public on GitHub), whose files come
with hand-checked loading parameters:
  - survey_sample/: about 100 real CSV files from open-data portals, with parameters/*.json
  - polluted_files/: about 2300 variants of one file, each with one "pollution" (another
    delimiter, quote or escape character, preamble lines, missing header, ragged rows...)
Point --pollock at a folder holding those two directories (a checkout of the repository, or
the two folders copied out of one). Files stored as Git LFS pointers are skipped.

Both sniffers see the same sample: the first 64 KB of each file (Python's gets it decoded with
the file's encoding from the parameters, or UTF-8 with replacement). Scores per file:
  delimiter  the sniffed delimiter equals the true one
  quote      the quote equals the true one, where "no quote" and '"' count as equal (Python's
             Sniffer answers '"' when it sees no quoting, and both read such a file the same way)
  header     "the first row is a header" equals the truth; only files without preamble lines
  dialect    all three right (files with a preamble need only delimiter and quote)
A Python Sniffer error ("Could not determine delimiter") counts as wrong on every score.

    cargo build --release --example sniff
    python3 benches/sniff_accuracy.py --pollock /path/to/Pollock [--sniffer target/release/examples/sniff]
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time

SAMPLE_BYTES = 64 * 1024


def corpus(root):
    """Yields (set name, csv path, truth dict) for every usable file."""
    for name, folder in (("real (survey_sample)", "survey_sample"), ("polluted", "polluted_files")):
        csv_dir = os.path.join(root, folder, "csv")
        param_dir = os.path.join(root, folder, "parameters")
        if not os.path.isdir(csv_dir):
            continue
        for file_name in sorted(os.listdir(csv_dir)):
            path = os.path.join(csv_dir, file_name)
            params_path = os.path.join(param_dir, file_name + "_parameters.json")
            if not os.path.exists(params_path):
                continue
            with open(path, "rb") as f:
                head = f.read(SAMPLE_BYTES + 1)
            if head.startswith(b"version https://git-lfs") or not head.strip():
                continue
            with open(params_path, encoding="utf-8") as f:
                params = json.load(f)
            yield name, path, head, params


def truth_of(params):
    header_lines = int(params.get("header_lines") or 0)
    preamble = int(params.get("preamble_lines") or 0)
    return {
        "delimiter": params.get("delimiter") or "",
        "quote": params.get("quotechar") or "",
        # Without a preamble, the first row is a header exactly when there are header lines.
        "header": header_lines > 0 if preamble == 0 else None,
    }


def ours(paths, sniffer):
    """Runs the example binary once over every path; returns {path: (delimiter, quote, header)}."""
    result = subprocess.run(
        [sniffer], input="\n".join(paths) + "\n", capture_output=True, text=True, check=True
    )
    answers = {}
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or parts[1] == "error":
            continue
        quote = "" if parts[2] == "-1" else chr(int(parts[2]))
        answers[parts[0]] = (chr(int(parts[1])), quote, parts[3] == "1")
    return answers


def python_sniffer(head, params):
    encoding = params.get("encoding") or "utf-8"
    try:
        text = head[:SAMPLE_BYTES].decode(encoding, errors="replace")
    except LookupError:
        text = head[:SAMPLE_BYTES].decode("utf-8", errors="replace")
    if len(head) > SAMPLE_BYTES:
        # The same cut as ours: back to the last line end, so no half row is seen.
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut > 0:
            text = text[:cut]
    sniffer = csv.Sniffer()
    try:
        dialect = sniffer.sniff(text)
        header = sniffer.has_header(text)
    except csv.Error:
        return None
    return (dialect.delimiter, dialect.quotechar or "", header)


def same_quote(a, b):
    normal = lambda q: '"' if q in ("", '"') else q
    return normal(a) == normal(b)


def score(answer, truth):
    if answer is None:
        return {"delimiter": False, "quote": False, "header": False, "dialect": False}
    delimiter = answer[0] == truth["delimiter"]
    quote = same_quote(answer[1], truth["quote"])
    header = None if truth["header"] is None else answer[2] == truth["header"]
    return {
        "delimiter": delimiter,
        "quote": quote,
        "header": header,
        "dialect": delimiter and quote and header is not False,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pollock", required=True, help="folder with survey_sample/ and polluted_files/")
    parser.add_argument(
        "--sniffer",
        default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "release/examples/sniff"),
        help="the examples/sniff.rs binary",
    )
    parser.add_argument("--misses", type=int, default=0, help="print up to N files ours gets wrong")
    args = parser.parse_args()

    files = list(corpus(args.pollock))
    if not files:
        sys.exit(f"no corpus files under {args.pollock}")
    started = time.perf_counter()
    our_answers = ours([path for _, path, _, _ in files], args.sniffer)
    our_seconds = time.perf_counter() - started

    tallies = {}
    python_seconds = 0.0
    misses = []
    for set_name, path, head, params in files:
        truth = truth_of(params)
        started = time.perf_counter()
        theirs = python_sniffer(head, params)
        python_seconds += time.perf_counter() - started
        for who, answer in (("csv-kernels", our_answers.get(path)), ("csv.Sniffer", theirs)):
            for scope in (set_name, "all"):
                t = tallies.setdefault((scope, who), {"files": 0, "header_files": 0})
                t["files"] += 1
                for key, ok in score(answer, truth).items():
                    if ok is None:
                        continue
                    t[key] = t.get(key, 0) + int(ok)
                    if key == "header":
                        t["header_files"] += 1
        mine = score(our_answers.get(path), truth)
        if not mine["dialect"]:
            misses.append((path, our_answers.get(path), truth))

    scopes = [s for s in dict.fromkeys(scope for scope, _ in tallies)]
    print(f"Dialect sniffing on the Pollock corpus ({len(files)} files)\n")
    print("| files | sniffer | delimiter | quote | header | whole dialect |")
    print("|---|---|---|---|---|---|")
    for scope in scopes:
        for who in ("csv-kernels", "csv.Sniffer"):
            t = tallies[(scope, who)]
            pct = lambda key, n=t["files"]: f"{100 * t.get(key, 0) / n:.1f}%" if n else "-"
            print(
                f"| {scope} ({t['files']}) | {who} | {pct('delimiter')} | {pct('quote')} | "
                f"{pct('header', t['header_files'])} | {pct('dialect')} |"
            )
    print(
        f"\ntime: csv-kernels {our_seconds:.2f} s (one process, all files, reading included), "
        f"csv.Sniffer {python_seconds:.2f} s"
    )
    for path, answer, truth in misses[: args.misses]:
        print(f"miss: {os.path.basename(path)} ours={answer} truth={truth}")


if __name__ == "__main__":
    main()
