#!/usr/bin/env bash
# `sitrep import` throughput in MB/s of raw text.
#
#   bench/import.sh [COPIES]      default 200; run from anywhere
#
# The raw files are the seed files in ../shared/seeds (SEEDS) and this project's import fixtures,
# each copied COPIES times under numbered names into $BENCH_WORK/import-raw-COPIES
# (default /tmp/sitrep-bench): with the five seeds and nine fixtures, 200 copies are 2,800 files,
# 7.8 MB, 12,000 entries. Copies share titles, so the importer numbers their slugs (-2, -3, …).
# Each run imports them all into an empty folder on tmpfs ($BENCH_OUT, default
# /dev/shm/sitrep-bench-out); RUNS (default 5) timed runs after a warm-up.
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/.." && pwd)
SEEDS=${SEEDS:-$PROJECT/../shared/seeds}
COPIES=${1:-200}
RUNS=${RUNS:-5}
RAW=${BENCH_WORK:-/tmp/sitrep-bench}/import-raw-$COPIES
OUT=${BENCH_OUT:-/dev/shm/sitrep-bench-out}/import
SITREP=${SITREP:-$PROJECT/target/release/sitrep}
if [ "$SITREP" = "$PROJECT/target/release/sitrep" ]; then
  (cd "$PROJECT" && cargo build --release --quiet --bin sitrep)
fi

if [ ! -f "$RAW/.done" ]; then
  rm -rf "$RAW"
  mkdir -p "$RAW"
  sources=("$PROJECT"/tests/fixtures/import/*.txt)
  [ -d "$SEEDS" ] && sources+=("$SEEDS"/*.txt)
  for f in "${sources[@]}"; do
    for k in $(seq 1 "$COPIES"); do cp "$f" "$RAW/$(printf '%06d' "$k")_$(basename "$f")"; done
  done
  touch "$RAW/.done"
fi
bytes=$(find "$RAW" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$RAW" -name '*.txt' | wc -l)

: >"$RAW/.walls"
for run in $(seq 0 "$RUNS"); do
  rm -rf "$OUT"
  mkdir -p "$OUT"
  start=$EPOCHREALTIME
  "$SITREP" import --root "$PROJECT" --into "$OUT" --date 2024-11-02 --source "Bench Wire" "$RAW" >/dev/null 2>"$RAW/.log" || { tail "$RAW/.log" >&2; exit 1; }
  end=$EPOCHREALTIME
  [ "$run" -gt 0 ] && awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$RAW/.walls"
done
wall=$(sort -g "$RAW/.walls" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
entries=$(find "$OUT" -name '*.md' | wc -l)
rm -rf "$OUT"
echo "| raw files | raw MB | entries written | median wall s | MB/s |"
echo "|---:|---:|---:|---:|---:|"
awk -v f="$files" -v b="$bytes" -v e="$entries" -v w="$wall" \
  'BEGIN {printf "| %d | %.1f | %d | %.3f | %.1f |\n", f, b / 1e6, e, w, b / 1e6 / w}'
