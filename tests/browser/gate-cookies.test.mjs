// Issue #3: the cookie firewall (document.cookie and cookieStore), the sweep over every domain
// and path variant on refusal or withdrawal (cookies and Web Storage), reloadOnWithdraw, and the
// record cookie itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITE, dbCore, open, recordCookie, settle, startGate } from './fixtures-gate/helpers.mjs';

const names = async (context) => (await context.cookies()).map((c) => c.name).sort();
/** name -> value of the site's cookies, sorted, without the record. */
const values = async (context) => Object.fromEntries((await context.cookies()).filter((c) => c.name != 'consentry')
  .map((c) => [c.name, c.value]).sort((x, y) => (x[0] < y[0] ? -1 : 1)));

let b;
before(async () => {
  b = await startGate();
  const core = await dbCore();
  const cats = core.classifyCookies(SITE, ['_ga', '_fbp', 'sid', 'PHPSESSID', 'random_xyz', 'lang', '_gid', '_hjid'].map((name) => ({ name, value: 'x', expiry: 3600 })));
  assert.deepEqual(cats.map((c) => c.category),
    ['analytical', 'targeting', 'mandatory', 'mandatory', 'targeting', 'preferences', 'analytical', 'analytical'], 'cookie categories in the database');
});
after(async () => {
  await b?.close();
});

test('before a choice only mandatory cookies are written; early writes are replayed once classified', async () => {
  const t = await open(b, 'cookies.html');
  try {
    await settle(t.page, 200);
    await settles(() => values(t.context), { PHPSESSID: 'late', sid: 'late' });
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await t.page.evaluate(() => window.__write('after'));
    await settles(() => values(t.context), { PHPSESSID: 'after', _ga: 'after', lang: 'after', sid: 'after' },
      'analytical (and preferences, folded into it) now pass');
    assert.ok((await names(t.context)).includes('consentry'), 'the record');
  } finally {
    await t.close();
  }
});

test('unknown cookies follow config.unknownCookies', async () => {
  const t = await open(b, 'cookies.html', { config: { revision: 1, unknownCookies: 'mandatory', cookies: [{ name: '_fbp', category: 'mandatory' }] } });
  try {
    await settle(t.page, 200);
    await settles(() => names(t.context), ['PHPSESSID', '_fbp', 'random_xyz', 'sid']);
  } finally {
    await t.close();
  }
});

test('cookieStore.set goes through the same firewall', async () => {
  const t = await open(b, 'cookies.html', { https: true });
  try {
    const has = await t.page.evaluate(() => typeof cookieStore);
    assert.equal(has, 'object', 'cookieStore exists on https');
    await t.page.evaluate(async () => {
      await cookieStore.set('_hjid', 'x');
      await cookieStore.set({ name: 'cart', value: 'y' });
    });
    await settle(t.page, 100);
    const n = await names(t.context);
    assert.ok(n.includes('cart') && !n.includes('_hjid'), n.join());
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await t.page.evaluate(() => cookieStore.set('_hjid', 'z'));
    assert.ok((await names(t.context)).includes('_hjid'));
    const rec = (await t.context.cookies()).find((c) => c.name == 'consentry');
    assert.deepEqual([rec.secure, rec.sameSite, rec.path, rec.httpOnly], [true, 'Lax', '/', false], 'the record on https');
  } finally {
    await t.close();
  }
});

/** Cookies of refused categories on every variant they can live on, plus storage keys. */
async function plant(page, origin) {
  const context = page.context();
  const base = { value: 'v', sameSite: 'Lax' };
  await context.addCookies([
    { ...base, name: '_ga', url: `${origin}/` },
    { ...base, name: '_ga', domain: '.shop.example', path: '/' },
    { ...base, name: '_gid', domain: '.www.shop.example', path: '/shop' },
    { ...base, name: '_fbp', url: `${origin}/shop/deep/` },
    { ...base, name: '_fbp', domain: '.shop.example', path: '/shop/deep' },
    { ...base, name: '_hjid', url: `${origin}/shop/deep/sweep.html` },
    { ...base, name: 'lang', domain: '.shop.example', path: '/shop/' },
    { ...base, name: 'sid', url: `${origin}/` },
    { ...base, name: '_ga', domain: '.elsewhere.example', path: '/' },
  ]);
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(() => {
    for (const k of ['_hjid', 'ajs_user_id', '_gcl_ls', 'app-state']) localStorage.setItem(k, '1');
    sessionStorage.setItem('_fbp', '1');
  });
}
// document.cookie writes reach the browser's cookie store asynchronously: poll `read` until it
// gives `expected` (at most 3 s) and return what it gives then.
async function eventually(read, expected) {
  const end = Date.now() + 3000;
  let got = await read();
  while (Date.now() < end && JSON.stringify(got) != JSON.stringify(expected)) {
    await new Promise((r) => setTimeout(r, 50));
    got = await read();
  }
  return got;
}
const settles = async (read, expected, msg) => assert.deepEqual(await eventually(read, expected), expected, msg);
const storage = (page) => page.evaluate(() => [Object.keys(localStorage).sort(), Object.keys(sessionStorage).sort()]);
const onSite = async (context) => (await context.cookies()).filter((c) => c.domain.endsWith('shop.example')).map((c) => `${c.name}@${c.domain}${c.path}`).sort();

test('refusal sweeps every domain and path variant, and storage keys, but keeps mandatory and the record', async () => {
  const config = { revision: 1, cookies: [{ name: 'app-state', category: 'mandatory' }] };
  const context = await b.browser.newContext();
  try {
    const origin = `http://${SITE}:${b.port}`;
    const page = await context.newPage();
    await plant(page, origin);
    assert.equal((await onSite(context)).length, 8);
    assert.deepEqual(await storage(page), [['_gcl_ls', '_hjid', 'ajs_user_id', 'app-state'], ['_fbp']]);
    await page.addInitScript(() => addEventListener('consentry:core-ready', () => (window.__ready = true)));
    await page.goto(`${origin}/shop/deep/sweep.html?config=${encodeURIComponent(JSON.stringify(config))}`);
    await page.waitForFunction(() => window.__ready);
    // Undecided: nothing is swept yet.
    assert.equal((await onSite(context)).length, 8);
    await page.evaluate(() => consentry.rejectAll());
    await settles(() => onSite(context), ['consentry@www.shop.example/', 'sid@www.shop.example/']);
    assert.ok((await context.cookies()).some((c) => c.domain == '.elsewhere.example'), 'other sites are not touched');
    assert.deepEqual(await storage(page), [['app-state'], []]);
  } finally {
    await context.close();
  }
});

test('withdrawal sweeps only the withdrawn category; a returning refusal is swept on load', async () => {
  const origin = `http://${SITE}:${b.port}`;
  let context = await b.browser.newContext();
  try {
    const page = await context.newPage();
    await plant(page, origin);
    await context.addCookies([{ ...recordCookie({ granted: 15 }), sameSite: 'Lax' }]);
    await page.addInitScript(() => addEventListener('consentry:core-ready', () => (window.__ready = true)));
    await page.goto(`${origin}/shop/deep/sweep.html`);
    await page.waitForFunction(() => window.__ready);
    assert.equal((await onSite(context)).length, 9, 'everything granted: nothing swept');
    await page.evaluate(() => consentry.acceptCategory(['targeting']));
    await settles(() => onSite(context), ['_fbp@.shop.example/shop/deep', '_fbp@www.shop.example/shop/deep/', 'consentry@www.shop.example/', 'sid@www.shop.example/']);
    assert.deepEqual(await storage(page), [['_gcl_ls', 'app-state'], ['_fbp']]);
  } finally {
    await context.close();
  }
  context = await b.browser.newContext();
  try {
    const page = await context.newPage();
    await plant(page, origin);
    await context.addCookies([{ ...recordCookie({ granted: 1 }), sameSite: 'Lax' }]);
    await page.addInitScript(() => addEventListener('consentry:core-ready', () => (window.__ready = true)));
    await page.goto(`${origin}/shop/deep/sweep.html`);
    await page.waitForFunction(() => window.__ready);
    await settles(() => onSite(context), ['consentry@www.shop.example/', 'sid@www.shop.example/']);
    assert.deepEqual(await storage(page), [[], []], 'without a declaration app-state is unknown (strict): swept too');
  } finally {
    await context.close();
  }
});

test('reloadOnWithdraw reloads after a withdrawal, not after a first refusal', async () => {
  const config = { revision: 1, reloadOnWithdraw: true };
  const t = await open(b, 'cookies.html', { config });
  try {
    let loads = 0;
    t.page.on('load', () => loads++);
    await t.page.evaluate(() => consentry.rejectAll());
    await settle(t.page, 500);
    assert.equal(loads, 0, 'a first refusal withdraws nothing');
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await settle(t.page, 300);
    assert.equal(loads, 0);
    await Promise.all([t.page.waitForEvent('load'), t.page.evaluate(() => consentry.acceptCategory(['analytical']))]);
    assert.equal(loads, 1);
  } finally {
    await t.close();
  }
});

test('the record: SameSite=Lax, path /, domain from config.cookie.domain, lifetimes capped at 396 days', async () => {
  const config = { revision: 3, cookie: { domain: 'shop.example', acceptedDays: 30, refusedDays: 999 } };
  const t = await open(b, 'cookies.html', { config });
  try {
    assert.ok(t.warnings().some((w) => w.includes('cookie.refusedDays') && w.includes('396')), 'the cap is reported');
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    let rec = (await t.context.cookies()).find((c) => c.name == 'consentry');
    assert.deepEqual([rec.domain, rec.path, rec.sameSite, rec.secure], ['.shop.example', '/', 'Lax', false]);
    assert.ok(Math.abs(rec.expires - (Date.now() / 1000 + 30 * 86400)) < 120, 'accepted: 30 days');
    const st = await t.page.evaluate(() => consentry.getConsent().record);
    assert.ok(/^[A-Za-z0-9_-]{22}$/.test(st.id) && st.revision == 3 && st.expiry - st.last == 30 * 86400);
    await t.page.evaluate(() => consentry.rejectAll());
    rec = (await t.context.cookies()).find((c) => c.name == 'consentry');
    assert.ok(Math.abs(rec.expires - (Date.now() / 1000 + 396 * 86400)) < 120, 'refused: capped at 396 days');
    const st2 = await t.page.evaluate(() => consentry.getConsent().record);
    assert.equal(st2.id, st.id, 'the consent id stays');
    assert.equal(st2.first, st.first);
    // The record is read back (site key = the cookie domain) on the next page.
    const t2 = await t.page.goto(t.page.url());
    assert.ok(t2.ok());
    await t.page.waitForFunction(() => window.__ev && window.__ev.some((e) => e[0] == 'consentry:ready'));
    assert.deepEqual(await t.page.evaluate(() => [consentry.getConsent().decided, consentry.getConsent().record.id]), [true, st.id]);
  } finally {
    await t.close();
  }
});
