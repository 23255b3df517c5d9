#!/usr/bin/env bash
# Installs AFL++ (Debian's afl++ package) when afl-fuzz is missing, and the toolchain node-gyp
# needs to build tools/fuzz's N-API addon (make, a C compiler, python3) when any is missing.
# Idempotent; needs root (or sudo) and apt. Used by .ci/run before the tests;
# tools/fuzz/test/afl.test.ts fails with a pointer here when afl-fuzz is missing.
set -euo pipefail

packages=()
command -v afl-fuzz >/dev/null 2>&1 || packages+=(afl++)
command -v make >/dev/null 2>&1 || packages+=(make)
command -v cc >/dev/null 2>&1 || packages+=(gcc libc6-dev)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
if [ "${#packages[@]}" -eq 0 ]; then
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
echo "ensure-afl: installing ${packages[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update >&2
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${packages[@]}" >&2
command -v afl-fuzz >/dev/null
