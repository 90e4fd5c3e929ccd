// Issue #8 (3): a corrupt or substituted category blob or wasm, and bundles that do not load,
// in real Chromium with the real banner. Each ends with exactly one console error starting with
// "Consentry:", no exception escaping into the page (pageerror, window 'error' and
// 'unhandledrejection'), first-party code working, the banner usable (the visitor's choice is
// recorded for the next page view) and nothing that needs consent running, before or after the
// visitor accepts everything (requests counted at the server, side effects checked in the page).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MASK, assertNoEscape, assertNothingGated, clickBanner, dist, forge, fieldsOf, open, record, recordCookie, serve, settle,
  side, startHostile, waitBanner,
} from './fixtures-hostile/helpers.mjs';

let b;
before(async () => {
  b = await startHostile();
});
after(async () => {
  await b?.close();
});

const blob = () => readFileSync(join(dist, 'consentry-db.cdb'));
const wasm = () => readFileSync(join(dist, 'consentry.wasm'));
/** The smallest valid wasm module: compiles, exports nothing. */
const EMPTY_WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/**
 * Opens page.html with `override` in place, waits for the one error, checks nothing gated ran,
 * accepts everything in the banner (when it can show) and checks again. Returns the error.
 */
async function broken(override, { banner = true, cookies = [] } = {}) {
  b.state.override = override;
  const t = await open(b, 'page.html', { wait: 'load', cookies });
  try {
    await t.page.waitForFunction(() => (window.__side || []).includes('first-party-fetch 200'), null, { timeout: 5000 });
    const end = Date.now() + 8000;
    while (Date.now() < end && !t.consentryErrors().length) await settle(t.page, 50);
    await settle(t.page, 300);
    await assertNothingGated(b, t, { msg: 'before a choice:' });
    if (banner) {
      await waitBanner(t.page);
      await clickBanner(t.page, 'accept-all');
      await settle(t.page, 600);
      assert.ok((await t.context.cookies()).some((c) => c.name == 'consentry'), 'the banner still records the choice');
      await assertNothingGated(b, t, { msg: 'after Accept all:' });
    }
    assert.ok((await side(t.page)).includes('first-party-late'), 'first-party code keeps working');
    await assertNoEscape(t);
    const errs = t.consentryErrors();
    assert.equal(errs.length, 1, `exactly one Consentry error: ${JSON.stringify(errs)}`);
    assert.match(errs[0], /Nothing that needs consent will run\.$/);
    return errs[0];
  } finally {
    b.state.override = null;
    await t.close();
  }
}

test('a category blob with a wrong checksum (one byte flipped)', async () => {
  const x = blob();
  x[x.length - 100] ^= 0x01;
  assert.match(await broken(serve('/consentry/consentry-db.cdb', 200, 'application/octet-stream', x)),
    /^Consentry: the category database was refused \(.*checksum.*\)/i);
});

test('a category blob whose checksum was fixed after an edit is still refused when its tables break', async () => {
  // Bytes 16..19 hold FNV-1a 32 over every other byte (ARCHITECTURE.md): a forger can fix it,
  // so the reader must validate the structure too. Here the section directory points past the end.
  const x = blob();
  x.writeUInt32LE(x.length + 4096, 32 + 4);
  let h = 2166136261;
  for (let i = 0; i < x.length; i++) if (i < 16 || i > 19) h = Math.imul(h ^ x[i], 16777619) >>> 0;
  x.writeUInt32LE(h >>> 0, 16);
  assert.match(await broken(serve('/consentry/consentry-db.cdb', 200, 'application/octet-stream', x)),
    /^Consentry: the category database was refused \(/);
});

test('a truncated category blob (half of it)', async () => {
  const x = blob();
  assert.match(await broken(serve('/consentry/consentry-db.cdb', 200, 'application/octet-stream', x.subarray(0, x.length >> 1))),
    /^Consentry: the category database was refused \(/);
});

test('the wasm served in place of the category blob', async () => {
  assert.match(await broken(serve('/consentry/consentry-db.cdb', 200, 'application/octet-stream', wasm())),
    /^Consentry: the category database was refused \(.*magic.*\)/i);
});

test('the category blob answers an HTML error page with status 200', async () => {
  assert.match(await broken(serve('/consentry/consentry-db.cdb', 200, 'text/html', '<!doctype html><title>Error</title><h1>Oops</h1>')),
    /^Consentry: the category database was refused \(/);
});

test('the wasm served as an HTML page', async () => {
  assert.match(await broken(serve('/consentry/consentry.wasm', 200, 'text/html', '<!doctype html><title>Oops</title><p>Not the wasm</p>')),
    /^Consentry: the wasm core could not load \(/);
});

test('the wasm answers 404', async () => {
  assert.match(await broken(serve('/consentry/consentry.wasm', 404, 'text/html', '<h1>Not found</h1>')),
    /^Consentry: the wasm core could not load \(.*404.*\)/);
});

test('a foreign (valid, empty) wasm module in place of the core', async () => {
  assert.match(await broken(serve('/consentry/consentry.wasm', 200, 'application/wasm', EMPTY_WASM)),
    /^Consentry: the wasm core could not load \(/);
});

test('the wasm truncated to its first 4 KB', async () => {
  assert.match(await broken(serve('/consentry/consentry.wasm', 200, 'application/wasm', wasm().subarray(0, 4096))),
    /^Consentry: the wasm core could not load \(/);
});

test('the banner bundle answers 404: one error, nothing granted, the API still records a choice', async () => {
  b.state.override = serve('/consentry/consentry-ui.js', 404, 'text/plain', 'no');
  const t = await open(b, 'page.html', { wait: 'ready' });
  try {
    await settle(t.page, 800);
    await assertNothingGated(b, t);
    const errs = t.consentryErrors();
    assert.equal(errs.length, 1, JSON.stringify(errs));
    assert.match(errs[0], /^Consentry: the banner UI \(.*consentry-ui\.js\) could not load/);
    await t.page.evaluate(() => consentry.rejectAll());
    await settle(t.page, 300);
    await assertNothingGated(b, t, { msg: 'after rejectAll():' });
    await assertNoEscape(t);
  } finally {
    b.state.override = null;
    await t.close();
  }
});

test('a forged accept-all record with a broken wasm: nothing runs and the banner asks', async () => {
  const v = record({ granted: MASK.none }).split('.');
  v[1] = '15';
  await broken(serve('/consentry/consentry.wasm', 404, 'text/plain', 'no'), { cookies: [recordCookie(v.join('.'))] });
  await broken(serve('/consentry/consentry.wasm', 404, 'text/plain', 'no'), { cookies: [recordCookie(forge(fieldsOf({ granted: 31 })))] });
});
