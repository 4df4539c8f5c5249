#!/usr/bin/env bash
# Search benchmark: what a reader's first query downloads, and what indexing costs.
#
#   bench/search.sh [N=10000]
#
# Generates the shared corpus with a realistic vocabulary (../shared/bench/gen_corpus.py
# --engine sitrep --pages N --vocab 60000, cached in $BENCH_DIR), builds it with the release
# binary and SITREP_TIMINGS=1 (printing the index's share of the build, medians of RUNS=3 builds,
# with and without `search: false`), picks words found in
# about 5, 100 and 1,000 articles and in every article from the written index, and runs
# ../shared/tools/check-search.sh on them (requests and gzip bytes of each first query, from an
# empty cache, page, script and stylesheets included). Figures are printed, never asserted.
# Needs ../shared (the corpus generator and the tools; run ../shared/tools/setup.sh once).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$ROOT/../shared
N=${1:-10000}
BENCH_DIR=${BENCH_DIR:-/tmp/sitrep-search-bench}
[ -d "$SHARED/bench" ] || { echo "search bench: no $SHARED/bench (the shared corpus generator)"; exit 2; }
site=$BENCH_DIR/site-$N
out=$BENCH_DIR/out-$N
if [ ! -f "$site/site.yaml" ]; then
  python3 "$SHARED/bench/gen_corpus.py" --engine sitrep --pages "$N" --vocab 60000 --out "$site" >/dev/null
fi
(cd "$ROOT" && cargo build --release --quiet)
# The index's share of the build, two ways, medians of RUNS builds: the index's own steps
# (SITREP_TIMINGS laps "search index" and "write search index") against the whole build, and
# the process CPU time (user + sys) of a build against one of the same site with
# `search: false` (its content linked, not copied).
RUNS=${RUNS:-3}
plain=$BENCH_DIR/site-$N-nosearch
mkdir -p "$plain"
ln -sfn "$site/content" "$plain/content"
{ grep -v '^search:' "$site/site.yaml"; echo 'search: false'; } > "$plain/site.yaml"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
shares=() cpu_on=() cpu_off=()
for run in $(seq "$RUNS"); do
  rm -rf "$out" "$out-nosearch"
  timings=$(SITREP_TIMINGS=1 /usr/bin/time -f 'cpu %U %S' "$ROOT/target/release/sitrep" build --root "$site" --output "$out" 2>&1)
  [ "$run" = 1 ] && { echo "$timings" | grep -v ' files  ' | grep -v '^cpu '; }
  shares+=("$(echo "$timings" | awk '
    / ms .* CPU ms / { cpu = $3; tcpu += cpu; if ($0 ~ /search index/) scpu += cpu }
    END { if (tcpu > 0) printf "%.1f", 100 * scpu / tcpu }')")
  cpu_on+=("$(echo "$timings" | awk '/^cpu / { printf "%.2f", $2 + $3 }')")
  cpu_off+=("$(/usr/bin/time -f 'cpu %U %S' "$ROOT/target/release/sitrep" build --root "$plain" --output "$out-nosearch" 2>&1 >/dev/null | awk '/^cpu / { printf "%.2f", $2 + $3 }')")
done
on=$(printf '%s\n' "${cpu_on[@]}" | median)
off=$(printf '%s\n' "${cpu_off[@]}" | median)
echo "search index steps: median $(printf '%s\n' "${shares[@]}" | median) % of the build's CPU ms (runs: ${shares[*]})"
echo "build CPU (user+sys, median of $RUNS): $on s with search, $off s with search: false; index $(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.0f %%", 100 * (a - b) / a }') of the build"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (figures are noisy while other work runs)"
echo "index files: $(find "$out/search" -type f | wc -l), $(du -sh "$out/search" | cut -f1)"
# Words by the number of articles that hold them, from the shards.
read -r -a words < <(python3 - "$out/search/t" <<'PY'
import json, os, sys
df = {}
for f in os.listdir(sys.argv[1]):
    for term, docs, _ in json.load(open(os.path.join(sys.argv[1], f)))["t"]:
        if term.isalpha() and len(term) >= 4:
            df[term] = len(docs)
n = max(df.values())
picked = []
for want in (5, 100, 1000, n):
    best = min(sorted(df), key=lambda t: abs(df[t] - want))
    picked.append(best)
print(" ".join(picked))
PY
)
echo "queries: ${words[*]} (in about 5, 100, 1,000 and every article)"
"$SHARED/tools/check-search.sh" "$out" / "${words[@]}"
