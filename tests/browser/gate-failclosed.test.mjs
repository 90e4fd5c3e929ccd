// Issue #3: fail closed (missing or broken wasm, blob, core bundle or config, a CSP without
// 'wasm-unsafe-eval'): nothing that needs consent ever runs, first-party code keeps working and
// the console says once what went wrong. And the strict-CSP page that works.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FB, GA, YT, dist, open, pathsSince, ran, recordCookie, settle, startGate } from './fixtures-gate/helpers.mjs';
import { serve } from '../lib/browser.mjs';

export const CSP = "script-src 'self' 'wasm-unsafe-eval' 'nonce-r4nd0m'; object-src 'none'; base-uri 'none'";
const TRACKERS = [GA, FB, YT];

let b;
before(async () => {
  b = await startGate();
});
after(async () => {
  await b?.close();
});

/**
 * Opens mixed.html (or `file`) with the failure in place, tries to accept everything, and checks
 * the fail-closed promises. Returns the one console error.
 */
async function failsClosed({ override = null, file = 'mixed.html', config, csp, cookies = [], acceptable = true, pageErrors = [] }) {
  b.state.override = override;
  const t = await open(b, file, { config, csp, cookies, wait: 'load' });
  try {
    if (file == 'mixed.html') await t.page.waitForFunction(() => (window.__ran || []).some((x) => x.startsWith('first-party-fetch')));
    await settle(t.page, 400);
    if (acceptable) {
      await t.page.evaluate(() => window.consentry.acceptCategory('all'));
      await settle(t.page, 300);
    }
    for (const h of TRACKERS) assert.deepEqual(pathsSince(b, t.mark, h), [], `no request to ${h}`);
    const r = await ran(t.page);
    assert.ok(r.includes('first-party'), 'first-party scripts run');
    if (file == 'mixed.html') assert.ok(r.includes('first-party-fetch 200'), 'first-party requests work');
    assert.ok(!r.some((x) => x.includes('.com/') || x.includes('.net/') || x == 'not-targeting'), `nothing gated ran: ${r}`);
    assert.ok(!(await t.context.cookies()).some((c) => ['_ga', '_fbp', 'random_xyz'].includes(c.name)), 'no gated cookie');
    assert.ok(!t.logs.some((l) => l.text.includes('__ev')), 'no harness errors');
    assert.deepEqual(t.errors, pageErrors, 'no uncaught exception (but the test\'s own)');
    const errs = t.consentryErrors();
    assert.equal(errs.length, 1, `exactly one Consentry error: ${JSON.stringify(errs)}`);
    return { error: errs[0], t };
  } finally {
    b.state.override = null;
    await t.close();
  }
}

test('wasm answers 404', async () => {
  const { error } = await failsClosed({ override: serve('/consentry/consentry.wasm', 404, 'text/plain', 'not found') });
  assert.match(error, /^Consentry: the wasm core could not load \(.*HTTP 404.*consentry\.wasm.*\)\. Nothing that needs consent will run\.$/);
});

test('wasm served as an HTML page', async () => {
  const { error } = await failsClosed({ override: serve('/consentry/consentry.wasm', 200, 'text/html', '<!doctype html><title>Oops</title><p>Not the wasm</p>') });
  assert.match(error, /^Consentry: the wasm core could not load \(.*(magic|WebAssembly|compile).*\)/i);
});

test('a corrupt category blob (checksum)', async () => {
  const blob = readFileSync(join(dist, 'consentry-db.cdb'));
  blob[blob.length - 10] ^= 0x5a;
  const { error } = await failsClosed({ override: serve('/consentry/consentry-db.cdb', 200, 'application/octet-stream', blob) });
  assert.match(error, /^Consentry: the category database was refused \(.*checksum.*\)/i);
});

test('the category blob answers 404', async () => {
  const { error } = await failsClosed({ override: serve('/consentry/consentry-db.cdb', 404, 'text/plain', 'no') });
  assert.match(error, /^Consentry: the category database could not load \(HTTP 404 for .*consentry-db\.cdb\)/);
});

test("a Content-Security-Policy without 'wasm-unsafe-eval'", async () => {
  const { error } = await failsClosed({ csp: "script-src 'self' 'nonce-r4nd0m'" });
  assert.match(error, /^Consentry: the wasm core could not load .*'wasm-unsafe-eval'/);
});

test('consentry-core.js answers 404, or throws', async () => {
  let { error } = await failsClosed({ override: serve('/consentry/consentry-core.js', 404, 'text/plain', 'no') });
  assert.match(error, /^Consentry: .*consentry-core\.js: load failed\./);
  ({ error } = await failsClosed({ override: serve('/consentry/consentry-core.js', 200, 'text/javascript', 'throw new Error("boom")'), pageErrors: ['Error: boom'] }));
  assert.match(error, /^Consentry: .*consentry-core\.js: /);
});

test('an invalid inline config, a config URL that answers 404', async () => {
  let { error } = await failsClosed({ config: '{"revision": 1,' });
  assert.match(error, /^Consentry: the inline data-config is not valid JSON/);
  ({ error } = await failsClosed({ file: 'url-config.html', override: serve('/gate-config.json', 404, 'text/plain', 'no') }));
  assert.match(error, /^Consentry: the config could not be read \(HTTP 404 for \/gate-config\.json\)/);
});

test('a returning visitor who accepted everything gets nothing either when the wasm is missing', async () => {
  await failsClosed({
    override: serve('/consentry/consentry.wasm', 404, 'text/plain', 'no'),
    cookies: [recordCookie({ granted: 15 })],
    acceptable: false,
  });
});

test('fail closed keeps cookie writes the site declared mandatory', async () => {
  b.state.override = serve('/consentry/consentry.wasm', 404, 'text/plain', 'no');
  const t = await open(b, 'cookies.html', { config: { revision: 1, cookies: [{ name: 'sid', category: 'mandatory' }] }, wait: 'load' });
  try {
    await settle(t.page, 600);
    await t.page.evaluate(() => window.__write('after'));
    const c = Object.fromEntries((await t.context.cookies()).map((x) => [x.name, x.value]));
    assert.deepEqual(c, { sid: 'after' });
  } finally {
    b.state.override = null;
    await t.close();
  }
});

test('a config from a URL works like an inline one', async () => {
  const t = await open(b, 'url-config.html');
  try {
    await settle(t.page, 300);
    assert.deepEqual(await ran(t.page), ['first-party']);
    assert.ok((await t.context.cookies()).some((c) => c.name == 'random_xyz'), 'config.cookies applied');
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await t.page.waitForFunction(() => __ran.length == 2);
    assert.deepEqual(await ran(t.page), ['first-party', `${GA}/url/declared.js`]);
    assert.equal(await t.page.evaluate(() => consentry.getConsent().record.revision), 2);
    assert.deepEqual(t.consentryErrors(), []);
  } finally {
    await t.close();
  }
});

test("nonce-only CSP, returning visitor on a page with an undeclared tag: the classifier's preloads carry the nonce and are used", async () => {
  const csp = "script-src 'nonce-r4nd0m' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";
  const t = await open(b, 'csp-undeclared.html', { csp, cookies: [recordCookie({ granted: 1 | 4 })] });
  try {
    await t.page.waitForFunction(() => (window.__ran || []).length >= 2, null, { timeout: 10000 });
    await settle(t.page, 300);
    assert.deepEqual(await ran(t.page), ['inline-with-nonce', `${GA}/csp/undeclared.js`], 'analytics granted: the tag runs once classified');
    assert.deepEqual(await t.page.evaluate(() => [...document.querySelectorAll('link[rel=preload]')].map((l) => l.href.split('/').pop()).sort()),
      ['consentry-classifier.js', 'consentry-db.cdb', 'consentry.wasm'], 'preloaded by the bootstrap');
    const own = pathsSince(b, t.mark, 'www.shop.example').filter((p) => /consentry-(classifier|db)|\.wasm/.test(p));
    assert.deepEqual(own.sort(), ['/consentry/consentry-classifier.js', '/consentry/consentry-db.cdb', '/consentry/consentry.wasm'], 'each once: the preloads are used');
    assert.deepEqual(t.logs.filter((l) => /Content Security Policy|preload/i.test(l.text)).map((l) => l.text), [], 'no CSP refusal, no unused preload');
    assert.deepEqual(t.consentryErrors(), []);
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});

test(`strict CSP (${CSP}): works, no eval, released scripts keep their nonce`, async () => {
  const t = await open(b, 'csp.html', { csp: CSP });
  try {
    await settle(t.page, 200);
    assert.deepEqual(await ran(t.page), ['inline-with-nonce', 'first-party']);
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await t.page.waitForFunction(() => __ran.length >= 4);
    await settle(t.page, 300);
    assert.deepEqual(await ran(t.page), ['inline-with-nonce', 'first-party', 'declared-inline-with-nonce', `${GA}/csp/ga.js`],
      'the script without a nonce is refused by the CSP, as it would be without Consentry');
    assert.deepEqual(t.consentryErrors(), []);
    assert.ok(t.logs.some((l) => l.type == 'error' && /Content Security Policy/.test(l.text)), 'the browser refused the one without a nonce');
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});
