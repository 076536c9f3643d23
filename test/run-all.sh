#!/usr/bin/env bash
# Every test tier, from a fresh clone: install, typecheck, build, package, then unit + fixture tests,
# LSP tests over stdio, and the real-VS-Code tests (code-server + Chromium). Ends with one line
# "N passed, N failed" summing every tier; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
P=0; F=0; RC=0
step() { echo; echo "### $*"; }
fail_setup() { echo "$1"; echo "$P passed, $((F + 1)) failed"; exit 1; }

step "install"
npm ci --no-audit --no-fund --loglevel=error || fail_setup "npm ci failed"
step "typecheck"
npx tsc --noEmit -p . || fail_setup "typecheck failed"
step "build (bundles, tests, VSIX)"
npm run -s package >/dev/null || fail_setup "packaging the VSIX failed"
node esbuild.mjs --production --tests || fail_setup "build failed"

# node --test prints "# pass N" / "# fail N" (TAP); the e2e runner prints "N passed, N failed".
node_tier() {
  local label=$1; shift
  step "$label"
  local log; log=$(mktemp)
  node --test --test-reporter=tap "$@" 2>&1 | tee "$log" | grep -E '^(not ok|ok) |^# (pass|fail) ' ; local rc=${PIPESTATUS[0]}
  local p f; p=$(grep -E '^# pass [0-9]+' "$log" | awk '{print $3}'); f=$(grep -E '^# fail [0-9]+' "$log" | awk '{print $3}')
  if ((rc != 0)); then grep -A30 '^not ok' "$log" | head -120; fi
  rm -f "$log"
  P=$((P + ${p:-0})); F=$((F + ${f:-0}))
  if ((rc != 0)); then RC=1; [[ ${f:-0} == 0 ]] && F=$((F + 1)); fi
}
node_tier "unit and fixture tests" out/test/unit/*.test.js
node_tier "LSP tests (server over stdio)" out/test/lsp/*.test.js

step "real VS Code (code-server + Chromium)"
log=$(mktemp)
bash test/e2e/run.sh 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1); rm -f "$log"
if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then P=$((P + BASH_REMATCH[1])); F=$((F + BASH_REMATCH[2])); fi
if ((rc != 0)); then RC=1; [[ ${BASH_REMATCH[2]:-0} == 0 ]] && F=$((F + 1)); fi

echo
echo "$P passed, $F failed"
exit $RC
