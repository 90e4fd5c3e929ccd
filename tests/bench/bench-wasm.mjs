// Throughput of the built wasm through the real batched boundary (bridge + Embind), on the same
// workload as the native benchmark. Prints numbers; asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/fixtures.mjs';
import { loadCore } from '../lib/core.mjs';

const dir = join(repoRoot, 'build', 'bench');
const parse = (file, fn) => readFileSync(join(dir, file), 'utf8').split('\n').map((l) => fn(l.split('\t')));
const cookies = parse('cookies.tsv', (f) => ({ name: f[1], domain: f[2], value: f[3], expiry: +f[4] }));
const urls = parse('urls.tsv', (f) => ({ declared: f[0], url: f[1] }));
const page = readFileSync(join(dir, 'page.txt'), 'utf8');
const core = await loadCore();
core.setConsent(true, 5);
const best = (fn) => {
  let b = Infinity;
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    fn();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
};
const tc = best(() => core.classifyCookies(page, cookies));
const tu = best(() => core.classifyUrls(page, urls));
console.log(`wasm    cookies: ${Math.round(cookies.length / (tc / 1e3)).toString().padStart(9)} /s  (${cookies.length} per batch, best of 15: ${tc.toFixed(2)} ms, incl. packing)`);
console.log(`wasm    urls:    ${Math.round(urls.length / (tu / 1e3)).toString().padStart(9)} /s  (${urls.length} per batch, best of 15: ${tu.toFixed(2)} ms, incl. packing)`);
