#!/usr/bin/env bash
# Real-VS-Code tier: installs code-server + Chromium (idempotent), then runs the extension-host suite and
# the UI test. Expects the bundles, out/ test bundles and production-readiness.vsix to be built.
# Prints "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
bash test/e2e/setup.sh || { echo "e2e setup failed"; echo "0 passed, 1 failed"; exit 1; }
P=0; F=0; RC=0
tier() {
  local label=$1; shift
  echo "=== $label"
  local log; log=$(mktemp)
  "$@" 2>&1 | tee "$log"; local rc=${PIPESTATUS[0]}
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1); rm -f "$log"
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then P=$((P + BASH_REMATCH[1])); F=$((F + BASH_REMATCH[2])); fi
  if ((rc != 0)); then RC=1; [[ -z $line || ${BASH_REMATCH[2]:-0} == 0 ]] && F=$((F + 1)); fi
}
tier "extension-host suite in code-server" node test/e2e/run-ext-tests.mjs
tier "UI test in Chromium" node test/e2e/ui.mjs
echo "$P passed, $F failed"
exit $RC
