#!/usr/bin/env bash
# Builds everything: the native core, tools, blobs and tests (build/native), the wasm core
# (build/wasm) and the browser bundles (dist/). Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs acorn from here (../shared/TOOLCHAIN.md)
JOBS=$(nproc)

cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build/native -j "$JOBS"
if [ ! -f build/wasm/build.ninja ]; then
  emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
cmake --build build/wasm -j "$JOBS"
node scripts/build-js.mjs
