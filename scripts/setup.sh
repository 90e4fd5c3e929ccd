#!/usr/bin/env bash
# Installs everything Consentry needs on Debian 12 (as root, or with sudo), then the npm
# packages from the committed lockfile. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake ninja-build g++ make pkg-config git ca-certificates gzip brotli python3
  emscripten            # em++ 3.1.6 (+ binaryen, clang-14, lld-14, node-acorn)
  clang-14 libclang-rt-14-dev llvm-14   # libFuzzer + sanitizer runtimes
  catch2 nlohmann-json3-dev publicsuffix
  chromium fonts-dejavu-core            # real-browser tests (playwright-core drives it)
)
command -v node > /dev/null 2>&1 || APT_PACKAGES+=(nodejs)
command -v npm > /dev/null 2>&1 || APT_PACKAGES+=(npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
