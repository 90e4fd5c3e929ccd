// Browser side of the classification benchmark (bench/pages/throughput/): the shipped
// dist/consentry-core.js loads dist/consentry-classifier.js (Emscripten glue +
// js-glue/src/wasm-bridge.js), which instantiates consentry.wasm from the network and loads consentry-db.cdb, exactly as on a page; the regex
// arrays are built from the same rules as in Node. Result in window.__throughput.
import { parseWorkload, runThroughput } from './throughput-core.mjs';

const text = async (u) => {
  const r = await fetch(u);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${u}`);
  return r;
};

(async () => {
  try {
    const budgetMs = +new URLSearchParams(location.search).get('budget') || 20000;
    const [cookies, urls, page, rules, db] = await Promise.all([
      text('/bench-data/cookies.tsv').then((r) => r.text()),
      text('/bench-data/urls.tsv').then((r) => r.text()),
      text('/bench-data/page.txt').then((r) => r.text()),
      text('/bench-data/regex-rules.json').then((r) => r.json()),
      text('/consentry/consentry-db.cdb').then((r) => r.arrayBuffer()),
    ]);
    const t0 = performance.now();
    const core = await self.__consentryCoreLoader.createCore({ wasmUrl: '/consentry/consentry.wasm', db });
    const startMs = performance.now() - t0;
    const out = runThroughput({ core, rules, work: parseWorkload(cookies, urls, page), budgetMs });
    out.coreStartMs = startMs;
    window.__throughput = out;
  } catch (e) {
    window.__throughput = { error: String((e && e.stack) || e) };
  }
})();
