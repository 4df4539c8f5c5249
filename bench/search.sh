#!/usr/bin/env bash
# Search benchmark: what a reader's first query downloads, and what indexing costs.
#
#   bench/search.sh [N=10000]
#
# Generates the shared corpus with a realistic vocabulary (../shared/bench/gen_corpus.py
# --engine sitrep --pages N --vocab 60000, cached in $BENCH_DIR), builds it with the release
# binary and SITREP_TIMINGS=1 (printing the index's share of the build), picks words found in
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
rm -rf "$out"
timings=$(SITREP_TIMINGS=1 "$ROOT/target/release/sitrep" build --root "$site" --output "$out" 2>&1)
echo "$timings" | grep -v ' files  ' || true
echo "$timings" | awk '
  / ms .* CPU ms / { wall[$0] = $1; cpu = $3; total += $1; tcpu += cpu;
    if ($0 ~ /search index/) { sw += $1; scpu += cpu } }
  END { if (total > 0) printf "search index: %.0f ms of %.0f ms wall (%.0f %%), %.0f of %.0f CPU ms (%.0f %%)\n",
    sw, total, 100 * sw / total, scpu, tcpu, 100 * scpu / tcpu }'
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
