#!/usr/bin/env bash
# Installs Debian's `chromium` for the browser tests and benchmarks of @sched/runtime-browser.
# A no-op when /usr/bin/chromium is already there. Needs root (CI and developer machines run as
# root); no browser is ever downloaded from anywhere but Debian's package archive.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; install Debian's chromium package as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update >&2
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium >&2
/usr/bin/chromium --version
