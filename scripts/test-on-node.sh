#!/usr/bin/env bash
# Runs the test suite (npm test) on another Node.js major, e.g. `bash scripts/test-on-node.sh 22`.
# The Node binary is the official build from the npm registry (scripts/node-major.sh).
# node_modules stay as `npm ci` made them (pure JavaScript and WebAssembly, the same on every major).
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/test-on-node.sh 22|24}"
export PATH="$(bash scripts/node-major.sh "${major}"):${PATH}"
echo "== $(node --version)"
npm test
