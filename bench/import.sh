#!/usr/bin/env bash
# `sitrep import` throughput in MB/s of raw text.
#
#   bench/import.sh [COPIES]      default 200; run from anywhere
#
# The raw files are the seed files in ../shared/seeds (SEEDS) and this project's import fixtures,
# each copied COPIES times under numbered names into $BENCH_WORK/import-raw-COPIES
# (default /tmp/sitrep-bench): with the five seeds and nine fixtures, 200 copies are 2,800 files,
# 7.8 MB, 12,000 entries. Copies share titles, so the importer numbers their slugs (-2, -3, …).
# A second row imports one large live blog: LIVEBLOG_MB (default 20) of Unix-time stamped posts
# made by bench/gen_liveblog.py (LIVEBLOG_MB=0 skips it).
# Two more rows are texts that once took quadratic time (100,000 one-letter lines; 30,000
# dateline lines): each must stay well under a second.
# Each run imports into an empty folder on tmpfs ($BENCH_OUT, default
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
LIVEBLOG_MB=${LIVEBLOG_MB:-20}
LIVEBLOG=${BENCH_WORK:-/tmp/sitrep-bench}/import-liveblog-$LIVEBLOG_MB
if [ "$LIVEBLOG_MB" != 0 ] && [ ! -f "$LIVEBLOG/.done" ]; then
  rm -rf "$LIVEBLOG"
  mkdir -p "$LIVEBLOG"
  python3 "$PROJECT/bench/gen_liveblog.py" "$LIVEBLOG/liveblog.txt" "$LIVEBLOG_MB"
  touch "$LIVEBLOG/.done"
fi
# Texts that once took quadratic time in the length of the file.
PATHOLOGICAL=${BENCH_WORK:-/tmp/sitrep-bench}/import-pathological
if [ ! -f "$PATHOLOGICAL/.done" ]; then
  rm -rf "$PATHOLOGICAL"
  mkdir -p "$PATHOLOGICAL/letters" "$PATHOLOGICAL/datelines"
  awk 'BEGIN { for (i = 0; i < 100000; i++) print "a" }' >"$PATHOLOGICAL/letters/letters.txt"
  seq 1 30000 | sed 's/^/KYIV -- dispatch /' >"$PATHOLOGICAL/datelines/datelines.txt"
  touch "$PATHOLOGICAL/.done"
fi

# measure NAME DIR: RUNS timed imports of DIR after a warm-up; prints a table row.
measure() {
  local name=$1 dir=$2 bytes files wall entries
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
  files=$(find "$dir" -name '*.txt' | wc -l)
  : >"$dir/.walls"
  for run in $(seq 0 "$RUNS"); do
    rm -rf "$OUT"
    mkdir -p "$OUT"
    start=$EPOCHREALTIME
    "$SITREP" import --root "$PROJECT" --into "$OUT" --date 2024-11-02 --source "Bench Wire" "$dir" >/dev/null 2>"$dir/.log" || { tail "$dir/.log" >&2; exit 1; }
    end=$EPOCHREALTIME
    [ "$run" -gt 0 ] && awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$dir/.walls"
  done
  wall=$(sort -g "$dir/.walls" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
  entries=$(find "$OUT" -name '*.md' | wc -l)
  rm -rf "$OUT"
  awk -v n="$name" -v f="$files" -v b="$bytes" -v e="$entries" -v w="$wall" \
    'BEGIN {printf "| %s | %d | %.1f | %d | %.3f | %.1f |\n", n, f, b / 1e6, e, w, b / 1e6 / w}'
}

echo "| input | raw files | raw MB | entries written | median wall s | MB/s |"
echo "|---|---:|---:|---:|---:|---:|"
measure "seeds and fixtures x $COPIES" "$RAW"
if [ "$LIVEBLOG_MB" != 0 ]; then
  measure "one live blog" "$LIVEBLOG"
fi
measure "100,000 one-letter lines" "$PATHOLOGICAL/letters"
measure "30,000 dateline lines" "$PATHOLOGICAL/datelines"
