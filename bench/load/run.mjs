#!/usr/bin/env node
// The gate under load (issue #8 item 4): what Consentry adds per inserted element and per cookie
// write, and its memory, against the same page without Consentry (baseline), in the same run,
// in real Chromium. Numbers only, nothing is asserted (tests/browser/load-gate.test.mjs checks
// correctness and boundedness). Pages: bench/load/pages/ (load.js says what each loop does).
//
//   node bench/load/run.mjs [--runs 5] [--n 5000] [--iframes 1000] [--cookies 10000] [--churn 2000]
//                           [--json build/bench/load.json] [--verbose]
//
// Each run opens a fresh context per measurement, baseline and Consentry interleaved (the order
// alternates between runs); the figures are medians over the runs. Times are the page's own
// performance.now() around one synchronous loop. Memory is taken through the DevTools protocol
// after three forced garbage collections (HeapProfiler.collectGarbage, Runtime.getHeapUsage,
// Performance.getMetrics); the wasm linear memory from the WebAssembly.Memory the core's module
// exports (recorded by an init script). Needs dist/ (node scripts/build-js.mjs).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIRST_PARTY_HOSTS, GA, TARGETING_HOSTS, loadRequests, median, memory, openLoad, recordWasmMemories, startLoad, until } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function args(argv) {
  const o = { runs: 5, n: 5000, iframes: 1000, cookies: 10000, churn: 2000, json: join(root, 'build', 'bench', 'load.json') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a == '--runs') o.runs = Math.max(1, +v() || 1);
    else if (a == '--n') o.n = Math.max(10, +v() || 5000);
    else if (a == '--iframes') o.iframes = Math.max(10, +v() || 1000);
    else if (a == '--cookies') o.cookies = Math.max(8, +v() || 10000);
    else if (a == '--churn') o.churn = Math.max(10, +v() || 2000);
    else if (a == '--json') o.json = v();
    else if (a == '--verbose') o.verbose = true;
    else if (a == '-h' || a == '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 16).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** One insertion loop of `n` `kind` elements; loop time, memory with them in the DOM and after removal. */
async function insertion(b, consentry, kind, party, n) {
  const t = await openLoad(b, { consentry });
  try {
    const m0 = await memory(t.cdp);
    const want = await t.page.evaluate(([k, p, x]) => __expected(x, k, p), [kind, party, n]);
    const firstScripts = want['first script'] || 0;
    const firstAll = Object.entries(want).filter(([k]) => k.startsWith('first')).reduce((a, [, v]) => a + v, 0);
    const mark = b.requests.length;
    const ms = await t.page.evaluate(([k, p, x]) => __insert(x, 1, k, p), [kind, party, n]);
    // Let the first-party elements load (and run) so that both pages hold the same documents.
    await until(() => loadRequests(b, mark, FIRST_PARTY_HOSTS).length >= firstAll, 60000);
    await until(() => t.page.evaluate((x) => __fp >= x, firstScripts), 20000);
    await new Promise((r) => setTimeout(r, 300));
    const m1 = await memory(t.cdp);
    await t.page.evaluate(() => __clear());
    const m2 = await memory(t.cdp);
    const leaked = loadRequests(b, mark, [GA, ...TARGETING_HOSTS]).length;
    return { ms, inDom: m1.heap - m0.heap, nodesInDom: m1.nodes - m0.nodes, afterClear: m2.heap - m0.heap, nodesAfterClear: m2.nodes - m0.nodes, trackerRequests: leaked };
  } finally {
    await t.close();
  }
}

/** Cookie writes after the core is ready, and the same number while the page parses. */
async function cookies(b, consentry, n) {
  let t = await openLoad(b, { consentry });
  let late;
  try {
    const m0 = await memory(t.cdp);
    late = await t.page.evaluate((x) => __cookies(x, 1), n);
    const m1 = await memory(t.cdp);
    late = { ms: late, heap: m1.heap - m0.heap };
  } finally {
    await t.close();
  }
  t = await openLoad(b, { consentry, query: `early=${n}` });
  try {
    return { late: late.ms, lateHeap: late.heap, early: await t.page.evaluate(() => window.__earlyMs) };
  } finally {
    await t.close();
  }
}

/** Memory at load (after GC), and per round of insert + remove `n` mixed elements (new URLs). */
async function footprint(b, consentry, n) {
  const t = await openLoad(b, { consentry, init: recordWasmMemories });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const m0 = await memory(t.cdp);
    const wasm = await t.page.evaluate(() => __wasmMemories.reduce((a, m) => a + m.buffer.byteLength, 0));
    const rounds = [];
    let prev = m0;
    for (let r = 1; r <= 3; r++) {
      await t.page.evaluate(([x, round]) => __insert(x, round, 'mixed'), [n, r]);
      await t.page.evaluate(() => __clear());
      const m = await memory(t.cdp);
      rounds.push({ heap: m.heap - prev.heap, nodes: m.nodes - prev.nodes });
      prev = m;
    }
    let afterChoice = null;
    if (consentry) {
      await t.page.evaluate(() => consentry.acceptCategory('all'));
      await new Promise((r) => setTimeout(r, 1000));
      const m = await memory(t.cdp);
      afterChoice = { heap: m.heap - m0.heap, nodes: m.nodes - m0.nodes };
    }
    return { heap: m0.heap, nodes: m0.nodes, wasm, rounds, afterChoice };
  } finally {
    await t.close();
  }
}

/** The insertion loops: [key, kind, party, n]. */
const MATRIX = (o) => [
  ['mixed', 'mixed', 'all', o.n],
  ['script-first', 'script', 'first', o.n],
  ['img-first', 'img', 'first', o.n],
  ['iframe-first', 'iframe', 'first', o.iframes],
  ['script-third', 'script', 'third', o.n],
  ['img-third', 'img', 'third', o.n],
  ['iframe-third', 'iframe', 'third', o.iframes],
];

const o = args(process.argv.slice(2));
const load0 = os.loadavg();
const b = await startLoad();
const version = b.browser.version();
const results = { baseline: [], consentry: [] };
const t0 = Date.now();
try {
  for (let run = 0; run < o.runs; run++) {
    const order = run % 2 ? ['consentry', 'baseline'] : ['baseline', 'consentry'];
    for (const mode of order) {
      const c = mode == 'consentry';
      const r = { insert: {} };
      const step = async (name, f) => {
        const s0 = Date.now();
        const v = await f();
        if (o.verbose) process.stderr.write(`  ${mode} ${name}: ${Date.now() - s0} ms\n`);
        return v;
      };
      for (const [key, kind, party, n] of MATRIX(o)) r.insert[key] = await step(key, () => insertion(b, c, kind, party, n));
      r.cookies = await step('cookies', () => cookies(b, c, o.cookies));
      r.footprint = await step('footprint', () => footprint(b, c, o.churn));
      results[mode].push(r);
    }
    process.stderr.write(`run ${run + 1}/${o.runs} done (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  }
} finally {
  await b.close();
}
const load1 = os.loadavg();

// ---- report ---------------------------------------------------------------------------------
const med = (mode, f) => median(results[mode].map(f));
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const rows = [];
const row = (label, f, per) => {
  const a = med('baseline', f);
  const c = med('consentry', f);
  rows.push([label, fmt(a, 1), fmt(c, 1), fmt(c - a, 1), per ? fmt(((c - a) / per) * 1000, 2) : '']);
};
const LABEL = { script: 'scripts', img: 'images', iframe: 'iframes', mixed: 'mixed elements' };
const PARTY = { all: 'half third-party', first: 'first-party', third: 'third-party' };
for (const [key, kind, party, n] of MATRIX(o)) row(`insert ${n} ${LABEL[kind]}, ${PARTY[party]}`, (r) => r.insert[key].ms, n);
row(`${o.cookies} document.cookie writes, core ready`, (r) => r.cookies.late, o.cookies);
row(`${o.cookies} document.cookie writes while parsing (queued)`, (r) => r.cookies.early, o.cookies);
const MB = 1024 * 1024;
const mem = [];
const memRow = (label, f, unit = 'MB', scale = MB, d = 2) => {
  const a = med('baseline', f);
  const c = med('consentry', f);
  mem.push([label, fmt(a / scale, d), fmt(c / scale, d), fmt((c - a) / scale, d), unit]);
};
memRow('JS heap after load (after GC)', (r) => r.footprint.heap);
memRow('wasm linear memory', (r) => r.footprint.wasm);
memRow(`JS heap with ${o.n} mixed elements in the DOM (added)`, (r) => r.insert.mixed.inDom);
memRow(`JS heap with ${o.iframes} first-party iframes in the DOM (added)`, (r) => r.insert['iframe-first'].inDom);
memRow(`JS heap with ${o.iframes} third-party iframes in the DOM (added)`, (r) => r.insert['iframe-third'].inDom);
memRow(`JS heap with ${o.n} third-party images in the DOM (added)`, (r) => r.insert['img-third'].inDom);
memRow(`JS heap after removing them (left over)`, (r) => r.insert.mixed.afterClear);
memRow(`DOM nodes left over after removing them`, (r) => r.insert.mixed.nodesAfterClear, 'nodes', 1, 0);
for (let i = 0; i < 3; i++) memRow(`round ${i + 1}: insert + remove ${o.churn} (new URLs), heap growth`, (r) => r.footprint.rounds[i].heap, 'KB', 1024, 0);
for (let i = 0; i < 3; i++) memRow(`round ${i + 1}: insert + remove ${o.churn}, DOM nodes kept`, (r) => r.footprint.rounds[i].nodes, 'nodes', 1, 0);
const choice = median(results.consentry.map((r) => r.footprint.afterChoice.nodes));
const choiceHeap = median(results.consentry.map((r) => r.footprint.afterChoice.heap));
const leaks = results.consentry.map((r) => Object.values(r.insert).reduce((a, x) => a + x.trackerRequests, 0));

const pad = (cells, w) => cells.map((c, i) => (i == 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
const table = (head, body) => {
  const w = head.map((h, i) => Math.max(String(h).length, ...body.map((r) => String(r[i]).length)));
  return [pad(head, w), pad(w.map((x) => '-'.repeat(x)), w), ...body.map((r) => pad(r, w))].join('\n');
};
console.log(`Consentry under load (bench/load/run.mjs): median of ${o.runs} runs, ${version}, ${os.cpus().length} × ${os.cpus()[0]?.model || '?'}`);
console.log(`load average ${load0.map((x) => x.toFixed(2)).join(' / ')} at the start, ${load1.map((x) => x.toFixed(2)).join(' / ')} at the end${load1[0] > os.cpus().length || load0[0] > os.cpus().length ? ' (NOISY: above the core count)' : ''}`);
console.log();
console.log(table(['time of one synchronous loop', 'baseline ms', 'Consentry ms', 'added ms', 'added µs/item'], rows));
console.log();
console.log(table(['memory (after 3 forced GCs)', 'baseline', 'Consentry', 'added', ''], mem));
console.log();
console.log(`After Accept all on the churned page: ${choice} DOM nodes and ${fmt(choiceHeap / 1024, 0)} KB of heap above the start (what was held is released).`);
console.log(`Requests to tracker hosts during the insertion loops with Consentry (undecided): ${leaks.join(', ')} per run.`);
mkdirSync(dirname(o.json), { recursive: true });
writeFileSync(o.json, JSON.stringify({ options: o, version, load: [load0, load1], results }, null, 2) + '\n');
console.log(`raw results: ${o.json}`);
