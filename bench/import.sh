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
# dateline lines): each must stay well under a second (PATHOLOGICAL_ROWS=0 skips them: a baseline
# from before the fix takes tens of seconds on them).
# BASELINE=path/to/another/sitrep adds, under each row, the same input imported by that binary,
# run for run alternately with this one, so the two are compared side by side by CPU time
# (user + system seconds, median) in one run of the script.
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

# import BIN DIR: one import of DIR by BIN; prints its "wall cpu" seconds.
import_once() {
  local bin=$1 dir=$2 start end cpu
  rm -rf "$OUT"
  mkdir -p "$OUT"
  start=$EPOCHREALTIME
  cpu=$( { TIMEFORMAT='%U %S'; time "$bin" import --root "$PROJECT" --into "$OUT" --date 2024-11-02 --source "Bench Wire" "$dir" >/dev/null 2>"$dir/.log"; } 2>&1 ) || { tail "$dir/.log" >&2; exit 1; }
  end=$EPOCHREALTIME
  awk -v a="$start" -v b="$end" -v c="$cpu" 'BEGIN {split(c, t, " "); printf "%.3f %.3f\n", b - a, t[1] + t[2]}'
}

# median: the median of the numbers on standard input.
median() {
  sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# measure NAME DIR: RUNS timed imports of DIR after a warm-up (alternating with BASELINE when
# given); prints a table row for each binary.
measure() {
  local name=$1 dir=$2 bytes files entries bins bin k label wall cpu
  bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
  files=$(find "$dir" -name '*.txt' | wc -l)
  bins=("$SITREP")
  [ -n "${BASELINE:-}" ] && bins+=("$BASELINE")
  # One times file per binary, by its place in the list (two paths may
  # share a name and a length).
  for k in "${!bins[@]}"; do : >"$dir/.times-$k"; done
  for run in $(seq 0 "$RUNS"); do
    for k in "${!bins[@]}"; do
      t=$(import_once "${bins[$k]}" "$dir")
      [ "$run" -gt 0 ] && echo "$t" >>"$dir/.times-$k"
    done
  done
  for k in "${!bins[@]}"; do
    bin=${bins[$k]}
    import_once "$bin" "$dir" >/dev/null
    entries=$(find "$OUT" -name '*.md' | wc -l)
    wall=$(cut -d' ' -f1 "$dir/.times-$k" | median)
    cpu=$(cut -d' ' -f2 "$dir/.times-$k" | median)
    label=$name
    [ "$bin" != "$SITREP" ] && label="$name (baseline)"
    awk -v n="$label" -v f="$files" -v b="$bytes" -v e="$entries" -v w="$wall" -v c="$cpu" \
      'BEGIN {printf "| %s | %d | %.1f | %d | %.3f | %.3f | %.1f |\n", n, f, b / 1e6, e, w, c, b / 1e6 / w}'
  done
  rm -rf "$OUT"
}

echo "| input | raw files | raw MB | entries written | median wall s | median CPU s | MB/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure "seeds and fixtures x $COPIES" "$RAW"
if [ "$LIVEBLOG_MB" != 0 ]; then
  measure "one live blog" "$LIVEBLOG"
fi
if [ "${PATHOLOGICAL_ROWS:-1}" != 0 ]; then
  measure "100,000 one-letter lines" "$PATHOLOGICAL/letters"
  measure "30,000 dateline lines" "$PATHOLOGICAL/datelines"
fi
