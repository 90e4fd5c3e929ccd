#!/usr/bin/env node
// Consentry against the consent managers people use today, in one run, in a real browser
// (issue #7). Prints one table and rewrites the generated part of BENCHMARKS.md.
//
//   node bench/run.mjs [--runs 15] [--profiles desktop,slow] [--pages a,b,...] [--encoding br|gzip]
//                      [--no-pages] [--no-throughput] [--budget-ms 20000] [--no-write] [--quiet]
//   node bench/run.mjs --report-only      re-renders the table and BENCHMARKS.md from
//                                         build/bench/results.json (the last run) without measuring
//
// Needs dist/ (node scripts/build-js.mjs; ./scripts/bench.sh builds first), the wasm in build/wasm
// and the npm packages from package-lock.json. Numbers only: it never fails on a missed target.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../tests/lib/fixtures.mjs';
import { runPages, launchEnv, PROFILES } from './lib/harness.mjs';
import { MANAGERS } from './lib/managers.mjs';
import { writePages } from './lib/pages.mjs';
import { BEGIN, END, consoleReport, markdownBlock, summariseAll } from './lib/report.mjs';
import { sizeReport } from './lib/sizes.mjs';
import { browserThroughput, loadRules, nodeThroughput } from './lib/throughput.mjs';

function parseArgs(argv) {
  const o = { runs: 15, profiles: ['desktop', 'slow'], pages: MANAGERS.map((m) => m.id), encoding: 'br', doPages: true, doThroughput: true, budgetMs: 20000, write: true, quiet: false, argv };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runs') o.runs = Math.max(1, parseInt(next(), 10) || 1);
    else if (a === '--profiles') o.profiles = next().split(',').filter(Boolean);
    else if (a === '--pages') o.pages = next().split(',').filter(Boolean);
    else if (a === '--encoding') o.encoding = next();
    else if (a === '--no-pages') o.doPages = false;
    else if (a === '--no-throughput') o.doThroughput = false;
    else if (a === '--budget-ms') o.budgetMs = parseInt(next(), 10) || 20000;
    else if (a === '--no-write') o.write = false;
    else if (a === '--quiet') o.quiet = true;
    else if (a === '--report-only') o.reportOnly = true;
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 12).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  for (const p of o.profiles) if (!PROFILES[p]) throw new Error(`unknown profile ${p} (${Object.keys(PROFILES).join(', ')})`);
  for (const p of o.pages) if (!MANAGERS.some((m) => m.id === p)) throw new Error(`unknown page ${p} (${MANAGERS.map((m) => m.id).join(', ')})`);
  if (!['br', 'gzip', 'identity'].includes(o.encoding)) throw new Error('--encoding is br, gzip or identity');
  return o;
}

function machine(t0) {
  const cpus = os.cpus();
  let playwright = '?';
  try {
    playwright = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'playwright-core', 'package.json'), 'utf8')).version;
  } catch {
    /* not installed */
  }
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m);
    if (pretty) osName = pretty[1];
  } catch {
    /* no os-release */
  }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus[0] ? cpus[0].model.trim() : '?',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: osName,
    playwright,
    loadStart: os.loadavg().map((x) => +x.toFixed(2)),
    t0,
  };
}

async function rawBoundary() {
  // Diagnostic: the wasm's own batched calls without the bridge (packed text in and out).
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const factory = require(join(repoRoot, 'build', 'wasm', 'consentry.js'));
  const M = await factory({ wasmBinary: readFileSync(join(repoRoot, 'build', 'wasm', 'consentry.wasm')), print() {}, printErr() {} });
  const err = M.loadDatabase(new Uint8Array(readFileSync(join(repoRoot, 'build', 'native', 'consentry-core.cdb'))));
  if (err) throw new Error(err);
  M.setConsent(true, 5);
  const d = join(repoRoot, 'build', 'bench');
  const cookies = readFileSync(join(d, 'cookies.tsv'), 'utf8');
  const urls = readFileSync(join(d, 'urls.tsv'), 'utf8');
  const page = readFileSync(join(d, 'page.txt'), 'utf8').trim();
  const best = (fn) => {
    let b = Infinity;
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      fn();
      b = Math.min(b, performance.now() - t);
    }
    return b;
  };
  const n = (s) => s.split('\n').length;
  return { cookiesPerSec: n(cookies) / (best(() => M.classifyCookies(page, cookies)) / 1e3), urlsPerSec: n(urls) / (best(() => M.classifyUrls(page, urls)) / 1e3) };
}

function writeMarkdown(block) {
  const file = join(repoRoot, 'BENCHMARKS.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const a = text.indexOf(BEGIN.slice(0, 30));
  const b = text.indexOf(END);
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + END.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
  console.log('BENCHMARKS.md updated (generated block between the bench:results markers)');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.reportOnly) {
    const r = JSON.parse(readFileSync(join(repoRoot, 'build', 'bench', 'results.json'), 'utf8'));
    const summary = r.pages ? summariseAll(r.pages) : {};
    console.log(consoleReport({ summary, throughput: r.throughput, pages: r.pages }));
    if (o.write) writeMarkdown(markdownBlock({ machine: r.machine, pages: r.pages, summary, throughput: r.throughput, raw: r.raw, sizes: r.sizes, options: r.options }));
    return;
  }
  const t0 = Date.now();
  const mach = machine(t0);
  const log = o.quiet ? () => {} : (m) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  writePages(join(repoRoot, 'bench', 'pages'));
  if (!existsSync(join(repoRoot, 'dist', 'consentry-core.js'))) log('dist/ is incomplete: run node scripts/build-js.mjs (./scripts/bench.sh builds first)');

  let pages = null;
  if (o.doPages) {
    log(`pages: ${o.pages.join(', ')}; profiles: ${o.profiles.join(', ')}; ${o.runs} runs each; encoding ${o.encoding}`);
    pages = await runPages({ managers: MANAGERS.filter((m) => o.pages.includes(m.id)), profiles: o.profiles, runs: o.runs, encoding: o.encoding, log });
  }

  let throughput = null;
  const raw = {};
  if (o.doThroughput) {
    throughput = {};
    log('classification throughput: Node');
    try {
      throughput.node = await nodeThroughput({ budgetMs: o.budgetMs });
      raw.rulesFiles = loadRules().files;
      raw.wasmRaw = await rawBoundary();
    } catch (e) {
      throughput.node = { error: String(e.message || e).split('\n')[0] };
    }
    log('classification throughput: Chromium');
    const env = await launchEnv({ encoding: o.encoding });
    try {
      throughput.chromium = await browserThroughput(env, { budgetMs: o.budgetMs });
    } catch (e) {
      throughput.chromium = { error: String(e.message || e).split('\n')[0] };
    } finally {
      await env.close();
    }
  }

  log('sizes');
  const sizes = await sizeReport();
  mach.loadEnd = os.loadavg().map((x) => +x.toFixed(2));
  mach.durationMin = ((Date.now() - t0) / 60000).toFixed(1);
  const summary = pages ? summariseAll(pages) : {};

  mkdirSync(join(repoRoot, 'build', 'bench'), { recursive: true });
  const resultsFile = join(repoRoot, 'build', 'bench', 'results.json');
  writeFileSync(resultsFile, JSON.stringify({ machine: mach, options: o, summary, throughput, raw, sizes, pages }, null, 1));

  console.log(consoleReport({ summary, throughput, pages }));
  console.log(`\nraw results: ${resultsFile}`);

  if (o.write) writeMarkdown(markdownBlock({ machine: mach, pages, summary, throughput, raw, sizes, options: o }));
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e}`);
  process.exit(1);
});
