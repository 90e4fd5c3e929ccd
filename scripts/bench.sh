#!/usr/bin/env bash
# Benchmarks (numbers, not pass/fail): classification throughput native and in wasm through the
# batched boundary, the sizes of everything the browser downloads, then Consentry against
# vanilla-cookieconsent, Klaro and tarteaucitron in real Chromium (bench/run.mjs, issue #7; it
# rewrites the generated part of BENCHMARKS.md). Builds first. Arguments go to bench/run.mjs,
# e.g. ./scripts/bench.sh --runs 3 --profiles desktop
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh > /dev/null
node tests/bench/make-workload.mjs
b=build/bench
build/native/consentry-bench build/native/consentry-core.cdb $b/cookies.tsv $b/urls.tsv "$(cat $b/page.txt)"
node tests/bench/bench-wasm.mjs
echo
node -e '
const s = require("./dist/sizes.json");
console.log("sizes (bytes)              raw     gzip   brotli");
for (const [f, v] of Object.entries(s)) console.log("  " + f.padEnd(22) + String(v.raw).padStart(8) + String(v.gzip).padStart(9) + String(v.brotli).padStart(9));
'
echo
node bench/run.mjs "$@"   # bench: Consentry vs the peers in Chromium, same run (BENCHMARKS.md)
