#!/usr/bin/env bash
# Coverage-guided fuzzing on stable Rust: `npm run fuzz -- SECONDS [TARGET...]`.
#
# Builds the libFuzzer targets of fuzz/ (libfuzzer-sys with stable sanitizer-coverage flags;
# cargo fuzz would need nightly) and runs each in turn, SECONDS shared equally among them
# (default 60). New inputs go to fuzz/corpus-run/TARGET (not committed); the seeds in
# fuzz/corpus/TARGET are read, never written. A crash is saved to fuzz/artifacts/TARGET/ and
# makes the script exit 1; replay it with `fuzz/target/.../release/TARGET FILE`.
# Prints per target: executions, libFuzzer's cov: (edges) and ft: (features) at the end.
# FUZZ_SEED=N fixes libFuzzer's random seed (0, the default: a new one each run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-60}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2
  exit 2
fi
all_targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^csv-kernels-fuzz$')
targets=${*:-$all_targets}

# The flags only reach the fuzzed crates because of the explicit --target (build scripts are
# compiled for the host without them; with them, linking libc's build script fails). The
# target is the host's own triple, as rustc reports it (x86_64-unknown-linux-gnu,
# aarch64-unknown-linux-gnu, ...).
triple=$(cd fuzz && rustc -vV | sed -n 's/^host: //p')
if [ -z "$triple" ]; then
  echo "fuzz.sh: rustc -vV names no host triple" >&2
  exit 1
fi
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$root/fuzz/target}
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
(cd fuzz && cargo build --release --target "$triple" --quiet)

count=$(wc -w <<<"$targets")
each=$(( seconds / count > 0 ? seconds / count : 1 ))
failed=0
for target in $targets; do
  work=fuzz/corpus-run/$target
  artifacts=fuzz/artifacts/$target
  mkdir -p "$work" "$artifacts" "fuzz/corpus/$target"
  log=$(mktemp)
  status=0
  # Dictionaries: fuzz/dict/TARGET.dict, else the spec words every spec-reading target shares.
  dict=fuzz/dict/$target.dict
  [ -f "$dict" ] || dict=fuzz/dict/spec.dict
  # rss_limit: the core's default limits allow 64 MiB records; 2 GB catches a real leak.
  "$CARGO_TARGET_DIR/$triple/release/$target" "$work" "fuzz/corpus/$target" \
    -max_total_time="$each" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last" | tail -1 || true)
  ft=$(grep -o 'ft: [0-9]*' <<<"$last" | tail -1 || true)
  corpus=$(grep -o 'corp: [0-9]*/[0-9A-Za-z]*' <<<"$last" | tail -1 || true)
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "fuzz $target: FAILED after ${runs:-?} executions (exit $status); log and crash:"
    grep -E 'panicked|SUMMARY|Test unit written|ERROR' "$log" | head -10
  else
    echo "fuzz $target: ${runs:-?} executions in ${each}s, ${cov:-cov: ?}, ${ft:-ft: ?}, ${corpus:-corp: ?}"
  fi
  rm -f "$log"
done
exit "$failed"
