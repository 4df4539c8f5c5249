#!/usr/bin/env bash
# Site checks: builds the fixture site with the built-in theme, for a sub-path, then checks
# every page with the Nu HTML Checker (vnu) and axe-core in headless Chromium.
#
#   tests/site-checks.sh [FIXTURE_DIR]        (default tests/fixtures/theme-site)
#
# Fails (exit 1) on any vnu error; on any critical or serious axe violation in light mode,
# dark mode or on a 360 px phone; on a page wider than its viewport; on a JavaScript error, a
# subresource that does not load or a request to any other host; or when the search page
# (tests/site-checks/search.js) does not find, mark, filter and say "no results" as it should.
# Exit 2: the checks could not run (a tool could not be installed, or timed out).
#
# Tools go into a cache folder, never into the repository:
#   java      system `java`, else apt `default-jre-headless`
#   chromium  $CHROMIUM, else `chromium` on PATH, else apt `chromium`
#   node      Node.js >= 20 on PATH (apt `nodejs` when missing), else NODE=/path/to/node
#   npm       vnu-jar, axe-core, playwright-core, pinned by tests/site-checks/package-lock.json,
#             installed with `npm ci --ignore-scripts` into $SITE_CHECKS_CACHE/node
# Env: SITE_CHECKS_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/sitrep-site-checks), CHROMIUM, NODE,
#      JAVA, SITE_CHECKS_TIMEOUT (seconds for the browser checks, default 1200),
#      KEEP_OUTPUT=1 (keep the built site and print where it is).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/tests/site-checks
FIXTURE=${1:-$ROOT/tests/fixtures/theme-site}
CACHE=${SITE_CHECKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sitrep-site-checks}
BASE_PATH=/digest/

say() { echo "site-checks: $*"; }
cannot() { say "could not run: $*"; exit 2; }

apt_updated=0
apt_install() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || cannot "$* missing, and not root (no sudo) to apt-get install it"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null || cannot "$* missing and no apt-get: install $* by hand"
  say "installing $* (apt)"
  if [ $apt_updated = 0 ]; then
    "${sudo[@]}" apt-get update -qq >/dev/null || cannot "apt-get update failed"
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || cannot "apt-get install $* failed"
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# --- tools -----------------------------------------------------------------------------------
[ -d "$FIXTURE/content" ] || cannot "no fixture site at $FIXTURE (expected content/ and site.yaml)"
command -v cargo >/dev/null || cannot "no cargo on PATH"

JAVA=${JAVA:-java}
command -v "$JAVA" >/dev/null || { apt_install default-jre-headless; JAVA=java; }
command -v "$JAVA" >/dev/null || cannot "no java after installing default-jre-headless"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
  apt_install chromium
  CHROMIUM=$(command -v chromium || true)
fi
[ -n "$CHROMIUM" ] && [ -x "$CHROMIUM" ] || cannot "no chromium (set CHROMIUM=/path/to/chromium)"

NODE=${NODE:-$(command -v node || true)}
if [ -z "$NODE" ]; then
  apt_install nodejs npm
  NODE=$(command -v node || true)
fi
[ -n "$NODE" ] || cannot "no node after installing nodejs"
[ "$(node_major "$NODE")" -ge 20 ] \
  || cannot "$NODE is Node.js $("$NODE" --version 2>/dev/null), playwright-core needs >= 20: install a newer Node.js (e.g. from NodeSource) or set NODE=/path/to/node"
NPM=$(dirname "$NODE")/npm
[ -x "$NPM" ] || NPM=$(command -v npm || true)
[ -n "$NPM" ] || { apt_install npm; NPM=$(command -v npm || true); }
[ -n "$NPM" ] || cannot "no npm"

# npm packages, reinstalled only when the lock file changes
NODE_DIR=$CACHE/node
stamp=$(cat "$HERE/package.json" "$HERE/package-lock.json" | cksum | cut -d' ' -f1)
if [ "$(cat "$NODE_DIR/.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
  say "installing vnu-jar, axe-core, playwright-core (npm ci) into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR" || cannot "cannot create $NODE_DIR"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$NODE_DIR/"
  (cd "$NODE_DIR" && PATH=$(dirname "$NODE"):$PATH "$NPM" ci --ignore-scripts --no-audit --no-fund --loglevel=error) \
    || cannot "npm ci failed in $NODE_DIR"
  echo "$stamp" >"$NODE_DIR/.stamp"
fi
VNU_JAR=$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar
[ -f "$VNU_JAR" ] || cannot "no $VNU_JAR"

# --- build -------------------------------------------------------------------------------------
work=$(mktemp -d)
if [ "${KEEP_OUTPUT:-0}" = 1 ]; then
  trap 'say "built site kept in $work/site"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
out=$work/site
say "building ${FIXTURE#"$ROOT"/} for the sub-path $BASE_PATH"
(cd "$ROOT" && cargo run --quiet --bin sitrep -- build --root "$FIXTURE" --output "$out" \
  --base-url "http://localhost$BASE_PATH") >"$work/build.log" 2>&1 || {
  cat "$work/build.log"
  say "FAILED: the fixture site did not build"
  exit 1
}
pages=$(find "$out" -name '*.html' | wc -l)
[ "$pages" -gt 0 ] || { say "FAILED: the build wrote no .html pages"; exit 1; }

status=0

# --- vnu -----------------------------------------------------------------------------------------
say "Nu HTML Checker over $pages pages and the stylesheets"
# Files, not the folder: given a folder, vnu would check the Atom feeds as HTML too.
(cd "$out" && find . \( -name '*.html' -o -name '*.css' \) -print0 | sort -z \
  | xargs -0 "$JAVA" -jar "$VNU_JAR" --errors-only --also-check-css --format gnu) >"$work/vnu.log" 2>&1
vnu_rc=$?
sed "s#file:$out/##; s#file:\\./##; s#\"\\./#\"#" "$work/vnu.log" | head -50
errors=$(grep -c ': error' "$work/vnu.log" || true)
if [ $vnu_rc != 0 ] && [ "$errors" = 0 ]; then
  say "could not run vnu (exit $vnu_rc)"
  exit 2
fi
echo "vnu: $errors errors in $pages files"
[ $vnu_rc = 0 ] || status=1

# --- axe-core --------------------------------------------------------------------------------------
limit=()
command -v timeout >/dev/null && limit=(timeout "${SITE_CHECKS_TIMEOUT:-1200}")
# Runs one of the browser checks (axe.js, search.js) over the built site.
browser_check() {
  NODE_MODULES=$NODE_DIR/node_modules CHROMIUM=$CHROMIUM "${limit[@]}" "$NODE" "$HERE/$1" "$out" "$BASE_PATH"
  case $? in
    0) ;;
    1) status=1 ;;
    124) cannot "$1 timed out after ${SITE_CHECKS_TIMEOUT:-1200} s (SITE_CHECKS_TIMEOUT)" ;;
    *) cannot "$1 did not run" ;;
  esac
}
browser_check axe.js

# --- the search page ----------------------------------------------------------------------------
browser_check search.js

if [ $status = 0 ]; then
  say "ok"
else
  say "FAILED (see the errors above)"
fi
exit $status
