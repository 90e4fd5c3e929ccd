// The golden fixtures (tests/fixtures/cookies.tsv, urls.tsv, decisions.tsv,
// registrable-domains.tsv) through the SHIPPED bundles in real Chromium: a page on 127.0.0.1
// loads dist/consentry-core.js, whose loader fetches dist/consentry-classifier.js, compiles
// dist/consentry.wasm from the network and loads dist/consentry-db.cdb, as the demo's classify
// page does. Same parser (tests/lib/fixtures.mjs) and the same checks, field for field, as the
// Node test of the built wasm (tests/node/wasm-golden.test.mjs): keep the two in step. One
// page.evaluate per fixture file (the Node <-> page boundary is batched, like the core's);
// inside it the core is called exactly as the Node test calls it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkGolden, goldenBatches, readFixture, repoRoot } from '../lib/fixtures.mjs';
import { startBrowser } from '../lib/browser.mjs';

const dist = join(repoRoot, 'dist');
const PAGE = '/golden-fixtures.html';
const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>golden fixtures</title>
<script src="/consentry/consentry-core.js"></script></head><body></body></html>`;

let b;
let page;
const errors = [];

before(async () => {
  for (const f of ['consentry-core.js', 'consentry-classifier.js', 'consentry.wasm', 'consentry-db.cdb']) {
    if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run node scripts/build-js.mjs`);
  }
  b = await startBrowser({
    siteRoot: join(repoRoot, 'tests', 'browser', 'fixtures-gate'),
    routes: (req, res, url) => {
      if (url.pathname !== PAGE) return false;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(HTML);
      return true;
    },
  });
  page = await b.browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${b.origin('127.0.0.1')}${PAGE}`);
  const loaded = await page.evaluate(async () => {
    try {
      const r = await fetch('/consentry/consentry-db.cdb');
      if (!r.ok) throw new Error(`HTTP ${r.status} for the category database`);
      const db = new Uint8Array(await r.arrayBuffer());
      window.__core = await self.__consentryCoreLoader.createCore({ wasmUrl: '/consentry/consentry.wasm', db });
      return { info: window.__core.info() };
    } catch (e) {
      return { error: String((e && e.stack) || e) };
    }
  });
  assert.equal(loaded.error, undefined, `the core did not load in the page: ${loaded.error}`);
  assert.equal(loaded.info.loaded, true);
  assert.equal(loaded.info.tier, 'core');
  assert.ok(loaded.info.exact > 100, `expected >100 exact rules, got ${loaded.info.exact}`);
});

after(async () => {
  await page?.close();
  await b?.close();
});

/** The fixture's rows; an empty or unreadable file fails here. */
function rowsOf(file) {
  const rows = readFixture(file);
  assert.ok(rows.length > 0, `${file} has no rows`);
  return rows;
}

test('decisions.tsv: every verdict through the packed boundary, in Chromium', async () => {
  const rows = rowsOf('decisions.tsv');
  const cases = rows.map((row) => ({
    preferences: row.preferences,
    decided: row.decided === '1',
    granted: +row.granted,
    declared: (row.inverted === '1' ? '!' : '') + row.category,
  }));
  const verdicts = await page.evaluate((cases) => {
    const core = window.__core;
    const out = cases.map((c) => {
      core.configure(`preferences=${c.preferences}`);
      core.setConsent(c.decided, c.granted);
      const [r] = core.classifyUrls('www.shop.example', [{ declared: c.declared, url: 'https://cdn.elsewhere.example/x.js' }]);
      return r.verdict;
    });
    core.configure('');
    core.setConsent(false, 1);
    return out;
  }, cases);
  assert.equal(verdicts.length, rows.length);
  rows.forEach((row, i) => assert.equal(verdicts[i], row.verdict, `decisions.tsv:${row._line}`));
});

test('registrable-domains.tsv: registrable domains decide first vs third party, in Chromium', async () => {
  const rows = rowsOf('registrable-domains.tsv');
  const checked = rows.filter((row) => row.registrable && row.registrable !== row.host);
  const parties = await page.evaluate((cases) => cases.map(([host, url]) => window.__core.classifyUrls(host, [{ url }])[0].party),
    checked.map((row) => [row.host, `https://${row.registrable}/x.js`]));
  assert.equal(parties.length, checked.length);
  checked.forEach((row, i) => assert.equal(parties[i], 'first', `registrable-domains.tsv:${row._line}`));
});

test('registrable-domains.tsv through the boundary (registrableDomains, one batch), in Chromium', async () => {
  const rows = rowsOf('registrable-domains.tsv');
  assert.ok(rows.length > 0);
  const got = await page.evaluate((hosts) => window.__core.registrableDomains(hosts), rows.map((r) => r.host));
  rows.forEach((r, i) => assert.equal(got[i], r.registrable || r.host, `registrable-domains.tsv:${r._line}`));
});

for (const [file, kind] of [['cookies.tsv', 'cookie'], ['urls.tsv', 'url']]) {
  test(`golden ${file} through the shipped bundles in Chromium`, async () => {
    const rows = rowsOf(file);
    assert.ok(rows.length > 20, `${file} has ${rows.length} rows`);
    // One core batch per page host, as in the Node test; all of them in one page.evaluate.
    const batches = goldenBatches(rows, kind);
    const outs = await page.evaluate(({ kind, batches }) => batches.map(({ page, items }) =>
      kind === 'cookie' ? window.__core.classifyCookies(page, items) : window.__core.classifyUrls(page, items)),
    { kind, batches });
    let n = 0;
    batches.forEach((batch, bi) => (n += checkGolden(file, kind, rows, batch, outs[bi])));
    assert.equal(n, rows.length, `${file}: every row checked`);
  });
}

test('no page errors while the fixtures ran', () => {
  assert.deepEqual(errors, []);
});
