#!/usr/bin/env bash
# Full-build benchmark: sitrep against Hugo on the same synthetic digest, in one run.
#
#   bench/run.sh [N ...]          default: 1000 10000; run from anywhere
#
# For each N, ../shared/bench/gen_corpus.py (SHARED_BENCH) writes the same N articles as a sitrep
# site and a Hugo site into $BENCH_WORK/N/ (default /tmp/sitrep-bench; reused when present).
# CORPUS=own uses this project's generator instead (cargo run --example gen_corpus; sitrep only).
# Per engine: one untimed warm-up build, then RUNS (default 5) cold builds, each into an empty
# output folder (Hugo also gets an empty cache), with the OS file cache warm. sitrep gets a second
# row, "sitrep rebuild": the same build over the previous output, so the safe swap of public/ and
# the old tree's removal are measured too.
# Output goes to tmpfs ($BENCH_OUT, default /dev/shm/sitrep-bench-out); set BENCH_OUT to a folder
# on disk to include the disk. Wall time is read around /usr/bin/time, which gives peak RSS (%M)
# and CPU time (user + sys). The table has medians; "min-max" shows the noise.
# Hugo builds no search index, so the rows compared with it ("sitrep", "sitrep rebuild") build a
# copy of the site with `search: false`; "sitrep search on" is the same site with its index.
# Binaries: SITREP (default target/release/sitrep of this project, built if missing) and HUGO
# (default: the one ../shared/tools/setup.sh installs in $ANCHORS/hugo-venv). A missing Hugo is skipped.
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$PROJECT/../shared/bench}
WORK_BASE=${BENCH_WORK:-/tmp/sitrep-bench}
OUT_BASE=${BENCH_OUT:-/dev/shm/sitrep-bench-out}
RUNS=${RUNS:-5}
CORPUS=${CORPUS:-shared}
SITREP=${SITREP:-$PROJECT/target/release/sitrep}
ANCHORS=${ANCHORS:-${XDG_CACHE_HOME:-$HOME/.cache}/sitrep-anchors}
HUGO=${HUGO:-$(ls "$ANCHORS"/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -1)}
[ $# -gt 0 ] || set -- 1000 10000

if [ "${SITREP}" = "$PROJECT/target/release/sitrep" ]; then
  (cd "$PROJECT" && cargo build --release --quiet --bin sitrep)
fi

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# corpus N ENGINE: makes $WORK/ENGINE once.
corpus() {
  local n=$1 engine=$2 dir=$WORK/$2
  [ -f "$dir/.done" ] && return
  rm -rf "$dir"
  if [ "$CORPUS" = own ]; then
    (cd "$PROJECT" && cargo run --release --quiet --example gen_corpus -- "$n" "$dir" 1) >&2
  else
    python3 "$SHARED_BENCH/gen_corpus.py" --engine "$engine" --pages "$n" --out "$dir" >&2
  fi
  touch "$dir/.done"
}

# nosearch: a copy of $WORK/sitrep with `search: false`, made once.
nosearch() {
  local dir=$WORK/sitrep-nosearch
  [ -f "$dir/.done" ] && return
  rm -rf "$dir"
  cp -r "$WORK/sitrep" "$dir"
  rm -f "$dir/.done"
  printf '\nsearch: false\n' >>"$dir/site.yaml"
  touch "$dir/.done"
}

# measure NAME CLEAN CMD...: warm-up + RUNS timed builds; appends a table row to $rows.
# CLEAN=1 empties the output before every build.
measure() {
  local name=$1 clean=$2
  shift 2
  : >"$WORK/$name.walls"; : >"$WORK/$name.rss"; : >"$WORK/$name.cpu"
  echo "  $name: $*" >&2
  rm -rf "$OUT" "$OUT_BASE/hugo-cache"
  for run in $(seq 0 "$RUNS"); do  # run 0 is the warm-up
    if [ "$clean" = 1 ]; then rm -rf "$OUT" "$OUT_BASE/hugo-cache"; fi
    sync  # flush earlier writes so they do not slow this run
    local start=$EPOCHREALTIME
    if ! /usr/bin/time -f '%M %U %S' -o "$WORK/time.out" "$@" >"$WORK/$name.log" 2>&1; then
      echo "$name build failed:" >&2
      tail -20 "$WORK/$name.log" >&2
      exit 1
    fi
    local end=$EPOCHREALTIME
    if [ "$run" -gt 0 ]; then
      awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}' >>"$WORK/$name.walls"
      tail -1 "$WORK/time.out" | awk '{print $1}' >>"$WORK/$name.rss"
      tail -1 "$WORK/time.out" | awk '{print $2 + $3}' >>"$WORK/$name.cpu"
    fi
  done
  local wall rss cpu files spread
  wall=$(median <"$WORK/$name.walls")
  spread="$(sort -g "$WORK/$name.walls" | head -1)-$(sort -g "$WORK/$name.walls" | tail -1)"
  rss=$(median <"$WORK/$name.rss")
  cpu=$(median <"$WORK/$name.cpu")
  files=$(find "$OUT" -type f | wc -l)
  eval "wall_${name//[^a-z]/_}=$wall; rss_${name//[^a-z]/_}=$rss; cpu_${name//[^a-z]/_}=$cpu"
  rows+=$(awk -v e="$name" -v n="$N" -v w="$wall" -v s="$spread" -v c="$cpu" -v r="$rss" -v f="$files" \
    'BEGIN {printf "| %s | %d | %.3f | %s | %.0f | %.2f | %.0f | %d |\n", e, n, w, s, n / w, c, r / 1024, f}')$'\n'
}

echo "sitrep: $("$SITREP" --version 2>&1 | head -1); hugo: ${HUGO:+$("$HUGO" version 2>&1 | head -1)}" >&2
echo "output: $OUT_BASE ($(df -T "$(dirname "$OUT_BASE")" 2>/dev/null | awk 'NR == 2 {print $2}')); runs: $RUNS; corpus: $CORPUS; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
rows=""
ratios=""
for N in "$@"; do
  WORK=$WORK_BASE/$CORPUS-$N
  mkdir -p "$WORK" "$OUT_BASE"
  corpus "$N" sitrep
  OUT=$OUT_BASE/sitrep-$N
  nosearch
  measure sitrep 1 "$SITREP" build --quiet --root "$WORK/sitrep-nosearch" --output "$OUT"
  measure "sitrep rebuild" 0 "$SITREP" build --quiet --root "$WORK/sitrep-nosearch" --output "$OUT"
  rm -rf "$OUT"
  measure "sitrep search on" 1 "$SITREP" build --quiet --root "$WORK/sitrep" --output "$OUT"
  rm -rf "$OUT"
  if [ "$CORPUS" = shared ] && [ -x "${HUGO:-}" ]; then
    corpus "$N" hugo
    OUT=$OUT_BASE/hugo-$N
    measure hugo 1 "$HUGO" --source "$WORK/hugo" --destination "$OUT" --cacheDir "$OUT_BASE/hugo-cache" --quiet
    rm -rf "$OUT" "$OUT_BASE/hugo-cache"
    ratios+=$(awk -v n="$N" -v sw="$wall_sitrep" -v hw="$wall_hugo" -v sr="$rss_sitrep" -v hr="$rss_hugo" \
      -v sc="$cpu_sitrep" -v hc="$cpu_hugo" -v ow="$wall_sitrep_search_on" -v orss="$rss_sitrep_search_on" \
      'BEGIN {printf "| %d | %.1f× | %.1f× | %.2f | %.1f× | %.2f |\n", n, hw / sw, hc / sc, sr / hr, hw / ow, orss / hr}')$'\n'
  fi
done

echo
echo "| engine | articles | median wall s | min-max s | articles/s | median CPU s | peak RSS MB | output files |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s' "$rows"
if [ -n "$ratios" ]; then
  echo
  echo "| articles | sitrep speed-up over Hugo (wall) | (CPU time) | sitrep RSS / Hugo RSS | search on: speed-up (wall) | search on: RSS / Hugo |"
  echo "|---:|---:|---:|---:|---:|---:|"
  printf '%s' "$ratios"
fi
