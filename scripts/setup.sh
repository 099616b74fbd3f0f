#!/usr/bin/env bash
# Set up a fresh clone: Node 24 (if the machine's is older) and the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
npm ci --no-audit --no-fund
echo "Ready. Run with:  source scripts/node-env.sh && npm start"
