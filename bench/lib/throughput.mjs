// Runs the classification throughput benchmark in Node (the built wasm through
// js-glue/src/wasm-bridge.js, as tests/bench/bench-wasm.mjs does) and in Chromium (the shipped
// dist/consentry-core.js and consentry.wasm, fetched and instantiated as on a page).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../tests/lib/fixtures.mjs';
import { loadCore } from '../../tests/lib/core.mjs';
import { parseWorkload, runThroughput } from './throughput-core.mjs';

const benchDir = join(repoRoot, 'build', 'bench');

/** The core-tier rules of categories/sources/*.json (what the compact blob is compiled from). */
export function loadRules() {
  const dir = join(repoRoot, 'categories', 'sources');
  const rules = { cookies: [], hosts: [], files: [] };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => (a === 'curated.json' ? -1 : b === 'curated.json' ? 1 : a < b ? -1 : 1))) {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    if (doc.tier !== 'core') continue;
    rules.files.push(f);
    for (const c of doc.cookies || []) {
      if (c.storage === 'storage') continue; // localStorage keys: the workload has cookies only
      rules.cookies.push({ name: c.name, match: c.match || 'exact', category: c.category, ...(c.domain ? { domain: c.domain } : {}) });
    }
    for (const h of doc.hosts || []) rules.hosts.push({ host: h.host, category: h.category, ...(h.path ? { path: h.path } : {}) });
    for (const l of doc.hostLists || []) for (const h of l.hosts) rules.hosts.push({ host: h, category: l.category });
  }
  return rules;
}

/** Writes the workload (if missing) and the rules as JSON for the browser; returns the paths. */
export function prepareWorkload() {
  if (!existsSync(join(benchDir, 'cookies.tsv')) || !existsSync(join(benchDir, 'urls.tsv')))
    execFileSync(process.execPath, [join(repoRoot, 'tests', 'bench', 'make-workload.mjs')], { stdio: 'inherit' });
  mkdirSync(benchDir, { recursive: true });
  const rules = loadRules();
  writeFileSync(join(benchDir, 'regex-rules.json'), JSON.stringify(rules));
  return rules;
}

function readWorkload() {
  const r = (f) => readFileSync(join(benchDir, f), 'utf8');
  return parseWorkload(r('cookies.tsv'), r('urls.tsv'), r('page.txt'));
}

export async function nodeThroughput({ budgetMs = 20000 } = {}) {
  const rules = prepareWorkload();
  const core = await loadCore();
  return runThroughput({ core, rules, work: readWorkload(), budgetMs });
}

/** In Chromium, through the bench server (env from harness.launchEnv). */
export async function browserThroughput(env, { budgetMs = 20000 } = {}) {
  prepareWorkload();
  const context = await env.browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message || e)));
  try {
    await page.goto(env.origin + '/pages/throughput/?budget=' + budgetMs, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__throughput, null, { timeout: 10 * 60 * 1000, polling: 500 });
    const r = await page.evaluate(() => window.__throughput);
    if (r.error) throw new Error(r.error);
    return r;
  } catch (e) {
    throw new Error(`browser throughput: ${e.message}${errors.length ? ' / ' + errors.join(' / ') : ''}`);
  } finally {
    await context.close();
  }
}
