#!/usr/bin/env bash
# `npm start`: set up, build, and run the main job on bundled sample data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh core
cargo build --release --quiet
sample=tests/cases/seed-job/input.csv
echo "\$ csv-kernels digit-factorial-sum --column value --input $sample"
./target/release/csv-kernels digit-factorial-sum --column value --input "$sample"
