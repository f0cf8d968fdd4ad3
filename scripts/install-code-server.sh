#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3) offline from the npm registry into DIR, for the
# end-to-end tests. Later 4.x need Node 24. Needs Debian's libkrb5-dev, python3, make, g++ (and
# chromium to drive it). Idempotent: an existing install is reused.
# Usage: scripts/install-code-server.sh DIR   → DIR/node_modules/.bin/code-server
set -eu
D=${1:?usage: install-code-server.sh DIR}
mkdir -p "$D"; D=$(cd "$D" && pwd); cd "$D"
if [ -f .complete ]; then echo "code-server already installed in $D"; exit 0; fi
# argon2 and node-pty are built here: the environment may set npm_config_ignore_scripts=true
export npm_config_ignore_scripts=false
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --ignore-scripts --no-audit --no-fund code-server@4.100.3
npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null
mkdir -p rgx && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz -C rgx
# npm 11 blocks dependencies' install scripts unless package.json allows them (no-op on older npm)
approve() { npm install-scripts approve --all --no-allow-scripts-pin || true; }
approve
npm rebuild argon2
test -n "$(find node_modules/argon2/lib/binding -name '*.node' 2>/dev/null)" || { echo "argon2 did not build" >&2; exit 1; }
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
approve
# the old @vscode/ripgrep postinstall skips its download when bin/rg already exists
mkdir -p node_modules/@vscode/ripgrep/bin && cp "$D/rgx/package/bin/rg" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild --foreground-scripts || true   # only node-pty's cosmetic last step may fail
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund && approve && npm rebuild --no-audit
touch "$D/.complete"
echo "installed: $D/node_modules/.bin/code-server"
