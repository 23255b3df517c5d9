#!/usr/bin/env bash
# Installs AFL++ (Debian's afl++ package) when afl-fuzz is missing. Idempotent; needs root
# (or sudo) and apt. Used by .ci/run before the tests; tools/fuzz/test/afl.test.ts fails with a
# pointer here when afl-fuzz is missing.
set -euo pipefail
if command -v afl-fuzz >/dev/null 2>&1; then
  exit 0
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
echo "ensure-afl: installing afl++ with apt-get" >&2
"${SUDO[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y afl++
command -v afl-fuzz >/dev/null
