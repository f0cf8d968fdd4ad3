#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3) offline from the npm registry into DIR, for the
# end-to-end tests. Later 4.x need Node 24. Needs Debian's libkrb5-dev, python3, make, g++ (and
# chromium to drive it). Idempotent: an existing install is reused.
# Usage: scripts/install-code-server.sh DIR   → DIR/node_modules/.bin/code-server
set -eu
D=${1:?usage: install-code-server.sh DIR}
mkdir -p "$D"; D=$(cd "$D" && pwd); cd "$D"
if [ -f .complete ]; then echo "code-server already installed in $D"; exit 0; fi
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund code-server@4.100.3
npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null
mkdir -p rgx && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz -C rgx
npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
# the old @vscode/ripgrep postinstall skips its download when bin/rg already exists
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$D/rgx/package/bin/rg" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild --foreground-scripts || true   # only node-pty's cosmetic last step may fail
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions && npm install --omit=dev --no-audit --no-fund
touch "$D/.complete"
echo "installed: $D/node_modules/.bin/code-server"
