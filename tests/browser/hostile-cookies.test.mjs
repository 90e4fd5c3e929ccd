// Issue #8 (3): hostile consent cookies in real Chromium. Forged, tampered, truncated,
// oversized, percent-encoded or quoted records, records of another site key or another site's
// Consentry, several `consentry=` cookies on different paths and domains, 300 cookies with
// 4 KB values. Nothing is ever granted by a value this site's Consentry did not write for this
// site, no exception escapes into the page, the banner stays usable, and nothing that needs
// consent runs (requests counted at the server, scripts' side effects checked in the page).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FB, FBPX, GA, MASK, SITE, YT, assertNoEscape, assertNothingGated, clickBanner, consentState, fieldsOf, forge,
  open, pageHtml, pathsSince, ran, record, recordCookie, settle, startHostile, trackerHits, waitBanner,
} from './fixtures-hostile/helpers.mjs';

let b;
before(async () => {
  b = await startHostile();
});
after(async () => {
  await b?.close();
});

const NOTHING = { mandatory: true, preferences: false, analytical: false, targeting: false };
const ANALYTICAL = { mandatory: true, preferences: true, analytical: true, targeting: false };
const ALL = { mandatory: true, preferences: true, analytical: true, targeting: true };

async function until(cond, ms = 4000) {
  const end = Date.now() + ms;
  while (Date.now() < end && !(await cond())) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Opens page.html with `cookies`, checks that the visitor counts as undecided (asked again),
 * that nothing gated ran and no exception escaped, that the console says so once (a warning;
 * none for an expired record or a changed revision, which are normal), and that the banner still
 * works: Reject all is recorded and still releases nothing.
 */
async function refused(cookies, label, warns = true) {
  const t = await open(b, 'page.html', { cookies });
  try {
    await waitBanner(t.page);
    await settle(t.page, 300);
    assert.deepEqual(await consentState(t.page), { decided: false, categories: NOTHING }, `${label}: not a choice`);
    assert.equal(await t.page.evaluate(() => consentry.acceptedCategory('targeting')), false, label);
    await assertNothingGated(b, t, { msg: `${label}:` });
    await clickBanner(t.page, 'reject-all');
    await settle(t.page, 300);
    assert.deepEqual(await consentState(t.page), { decided: true, categories: NOTHING }, `${label}: the banner still works`);
    await assertNothingGated(b, t, { msg: `${label} (after Reject all):` });
    await assertNoEscape(t);
    assert.deepEqual(t.consentryErrors(), [], `${label}: a refused record is no error`);
    const w = t.warnings().filter((x) => x.includes('record was refused'));
    assert.equal(w.length, warns ? 1 : 0, `${label}: ${warns ? 'one warning' : 'no warning (a normal end of a record)'}: ${JSON.stringify(t.warnings())}`);
    return t;
  } finally {
    await t.close();
  }
}

test('control: a genuine record granting everything releases every tracker (the probes can see a leak)', async () => {
  const t = await open(b, 'page.html', { cookies: [recordCookie(record({ granted: MASK.all }))] });
  try {
    await until(async () => (await ran(t.page)).length >= 4 && pathsSince(b, t.mark, YT).length > 0);
    await settle(t.page, 300);
    assert.deepEqual(await consentState(t.page), { decided: true, categories: ALL });
    assert.deepEqual((await ran(t.page)).sort(), [`${FB}/h/declared.js`, `${FB}/h/injected.js`, `${GA}/h/declared.js`, `${GA}/h/injected.js`]);
    assert.ok(pathsSince(b, t.mark, FBPX).includes('/h/tr.gif'), 'the pixel');
    assert.ok((await t.page.evaluate(() => __side)).includes('inline-targeting'));
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

describe('a record that claims targeting but was not written by this site for this site grants nothing', () => {
  const genuine = () => record({ granted: MASK.all });
  const cases = {
    'tampered: a refusal whose granted field was raised to 15, old check kept': () => {
      const v = record({ granted: MASK.none }).split('.');
      v[1] = '15';
      return [recordCookie(v.join('.'))];
    },
    "another site key's genuine record (www.other.example)": () => [recordCookie(record({ siteKey: 'www.other.example' }))],
    "another site's Consentry on the parent domain (key shop.example, Domain=shop.example)": () =>
      [recordCookie(record({ siteKey: 'shop.example' }), { domain: '.shop.example', path: '/' })],
    'truncated (last 3 characters cut)': () => [recordCookie(genuine().slice(0, -3))],
    'truncated to its first 5 fields': () => [recordCookie(genuine().split('.').slice(0, 5).join('.'))],
    'oversized: a genuine record followed by 4 KB': () => [recordCookie(genuine() + 'A'.repeat(4000))],
    'oversized: 4 KB of dots': () => [recordCookie('1.15.1.' + '.'.repeat(4000))],
    'percent-encoded (each "." as %2E)': () => [recordCookie(genuine().replace(/\./g, '%2E'))],
    'fully percent-encoded': () => [recordCookie([...genuine()].map((c) => '%' + c.charCodeAt(0).toString(16)).join(''))],
    'quoted ("...")': () => [recordCookie(`"${genuine()}"`)],
    'an older config revision (2, the config says 1)': () => [recordCookie(record({ revision: 2 }))],
    'expired yesterday': () => [recordCookie(record({ first: Math.floor(Date.now() / 1000) - 9 * 86400, last: Math.floor(Date.now() / 1000) - 8 * 86400, expiry: Math.floor(Date.now() / 1000) - 86400 }))],
    'forged with a right check: granted 31 (bits beyond targeting)': () => [recordCookie(forge(fieldsOf({ granted: 31 })))],
    'forged with a right check: granted 14 (mandatory bit missing)': () => [recordCookie(forge(fieldsOf({ granted: 14 })))],
    'forged with a right check: granted "+15"': () => [recordCookie(forge(fieldsOf({ granted: '+15' })))],
    'forged with a right check: granted "015"': () => [recordCookie(forge(fieldsOf({ granted: '015' })))],
    'forged with a right check: granted "0xf"': () => [recordCookie(forge(fieldsOf({ granted: '0xf' })))],
    'forged with a right check: lifetime of 20 years': () => [recordCookie(forge(fieldsOf({ expiry: Math.floor(Date.now() / 1000) + 20 * 365 * 86400 })))],
    'forged with a right check: last choice a week in the future': () => [recordCookie(forge(fieldsOf({ last: Math.floor(Date.now() / 1000) + 7 * 86400 })))],
    'forged with a right check: format version 2': () => [recordCookie(forge(['2', ...fieldsOf().slice(1)]))],
    'forged with a right check: a 10th field': () => [recordCookie(forge([...fieldsOf(), 'x']))],
    'forged with a right check: id with a space': () => [recordCookie(forge(fieldsOf({ id: 'hostile test id' })))],
    'a cookie named CONSENTRY (case differs)': () => [{ name: 'CONSENTRY', value: genuine() }],
    'a cookie named xconsentry': () => [{ name: 'xconsentry', value: genuine() }],
  };
  // Normal ends of a record, or no record of this name at all: asked again without a warning.
  const silent = ['an older config revision (2, the config says 1)', 'expired yesterday', 'a cookie named CONSENTRY (case differs)', 'a cookie named xconsentry'];
  for (const [label, make] of Object.entries(cases)) {
    test(label, async () => {
      await refused(make(), label, !silent.includes(label));
    });
  }
});

test("a record set by another site's Consentry (sibling subdomain) does not change this site's choice", async () => {
  // blog.shop.example runs Consentry with cookie.domain "shop.example": its accept-all record is
  // visible here. This site (www.shop.example, host-only record) refused.
  const cookies = [
    recordCookie(record({ siteKey: 'shop.example', granted: MASK.all }), { domain: '.shop.example', path: '/' }),
    recordCookie(record({ granted: MASK.none })),
  ];
  const t = await open(b, 'page.html', { cookies });
  try {
    await settle(t.page, 500);
    const s = await consentState(t.page);
    assert.notDeepEqual(s.categories, ALL, 'the other site\'s accept-all is never taken');
    await assertNothingGated(b, t);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

// Several records: the browser lists the longest path first, then the oldest. A record that is
// not valid for this site must not hide this site's own valid one, and an old record must not
// override a newer choice (a withdrawal must stick).
describe('several consentry= cookies', () => {
  const origin = () => `http://${SITE}:${b.port}`;

  test('a valid refusal listed first and a forged accept-all listed second: the refusal holds', async () => {
    const cookies = [
      recordCookie(record({ granted: MASK.none }), { url: undefined, domain: SITE, path: '/deep' }),
      recordCookie(forge(fieldsOf({ granted: 15 }), 'www.other.example')),
    ];
    const t = await open(b, 'deep/page.html', { cookies });
    try {
      await settle(t.page, 400);
      assert.deepEqual(await consentState(t.page), { decided: true, categories: NOTHING });
      await assertNothingGated(b, t);
      await assertNoEscape(t);
    } finally {
      await t.close();
    }
  });

  const shadowed = {
    'garbage on a longer path (Path=/deep)': [recordCookie('garbage', { url: undefined, domain: SITE, path: '/deep' })],
    "another site's record on the parent domain, set earlier": [
      recordCookie(record({ siteKey: 'shop.example', granted: MASK.all }), { url: undefined, domain: '.shop.example', path: '/' }),
    ],
  };
  for (const [label, before] of Object.entries(shadowed)) {
    test(`this site's valid record (analytical) is honoured when ${label} is listed first`, async () => {
      const context = await b.browser.newContext();
      try {
        await context.addCookies(before.map((c) => ({ sameSite: 'Lax', ...c })));
        await new Promise((r) => setTimeout(r, 20)); // creation time orders cookies of the same path length
        await context.addCookies([{ ...recordCookie(record({ granted: MASK.analytical })), url: origin(), sameSite: 'Lax' }]);
        const page = await context.newPage();
        const mark = b.requests.length;
        await page.goto(`${origin()}/deep/page.html`);
        await page.waitForFunction(() => window.consentry.getConsent() !== null);
        assert.equal(await page.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('consentry=')).length), 2);
        await settle(page, 600);
        const s = await page.evaluate(() => window.consentry.getConsent());
        assert.deepEqual({ decided: s.decided, categories: s.categories }, { decided: true, categories: ANALYTICAL },
          'the visitor is not asked again on every page under /deep');
        assert.deepEqual(trackerHits(b, mark, [FB, FBPX, YT]), [], 'targeting stays blocked');
        assert.ok(pathsSince(b, mark, GA).includes('/h/declared.js'), 'analytics released');
      } finally {
        await context.close();
      }
    });
  }

  test('a withdrawal sticks when an older accept-all record for this site is still stored on another domain variant', async () => {
    // An accept-all written while the config said cookie.domain "www.shop.example" (a Domain
    // cookie), then the site dropped cookie.domain: records are host-only now. Same site key.
    const context = await b.browser.newContext();
    try {
      const now = Math.floor(Date.now() / 1000);
      await context.addCookies([{ ...recordCookie(record({ granted: MASK.all, first: now - 90000, last: now - 86400 })), domain: '.' + SITE, path: '/', sameSite: 'Lax' }]);
      const page = await context.newPage();
      await page.goto(`${origin()}/page.html`);
      await page.waitForFunction(() => window.consentry.getConsent() !== null);
      assert.equal((await page.evaluate(() => consentry.getConsent())).categories.targeting, true, 'the old accept-all');
      // The visitor withdraws: Consentry writes a host-only refusal.
      await page.evaluate(() => consentry.rejectAll());
      await settle(page, 200);
      const mark = b.requests.length;
      await page.reload();
      await page.waitForFunction(() => window.consentry.getConsent() !== null);
      await settle(page, 600);
      const s = await page.evaluate(() => consentry.getConsent());
      assert.deepEqual({ decided: s.decided, categories: s.categories }, { decided: true, categories: NOTHING }, 'the withdrawal holds on the next page view');
      assert.deepEqual(trackerHits(b, mark), [], 'nothing runs after the withdrawal');
    } finally {
      await context.close();
    }
  });

  // An older choice kept on another variant must not come back: choose() and reset() expire this
  // site's records on the variants the sweep knows; another site's record is left alone.
  const variants = async (context) => (await context.cookies()).filter((c) => c.name == 'consentry').map((c) => `${c.domain}${c.path}`).sort();
  test('reset() sticks, and a choice wins over an old record whose last choice is dated later (clock skew)', async () => {
    const context = await b.browser.newContext();
    try {
      const now = Math.floor(Date.now() / 1000);
      await context.addCookies([
        { ...recordCookie(record({ granted: MASK.all, first: now - 90000, last: now + 3600 })), domain: '.' + SITE, path: '/', sameSite: 'Lax' },
        { ...recordCookie(record({ granted: MASK.all, first: now - 90000, last: now - 600 })), url: origin() + '/deep/', sameSite: 'Lax' },
        { ...recordCookie(record({ siteKey: 'shop.example', granted: MASK.all })), domain: '.shop.example', path: '/', sameSite: 'Lax' },
      ]);
      const page = await context.newPage();
      await page.goto(`${origin()}/deep/page.html`);
      await page.waitForFunction(() => window.consentry.getConsent() !== null);
      assert.equal((await page.evaluate(() => consentry.getConsent())).categories.targeting, true, 'the old accept-all');
      await page.evaluate(() => consentry.rejectAll());
      await settle(page, 200);
      assert.deepEqual(await variants(context), ['.shop.example/', `${SITE}/`], "this site's older records are gone, the other site's is left");
      await page.reload();
      await page.waitForFunction(() => window.consentry.getConsent() !== null);
      await settle(page, 300);
      let s = await page.evaluate(() => consentry.getConsent());
      assert.deepEqual({ decided: s.decided, categories: s.categories }, { decided: true, categories: NOTHING }, 'the refusal holds');
      await page.evaluate(() => consentry.reset());
      await settle(page, 200);
      const mark = b.requests.length;
      await page.reload();
      await page.waitForFunction(() => window.consentry.getConsent() !== null);
      await settle(page, 600);
      s = await page.evaluate(() => consentry.getConsent());
      assert.deepEqual({ decided: s.decided, categories: s.categories }, { decided: false, categories: NOTHING }, 'after reset() no older record comes back');
      assert.deepEqual(trackerHits(b, mark), [], 'nothing runs');
      assert.deepEqual(await variants(context), ['.shop.example/'], "only the other site's record is left");
    } finally {
      await context.close();
    }
  });
});

test('300 cookies with 4 KB values (and a record among them): no exception, the record is read, the sweep keeps up', async (tc) => {
  // Chromium keeps at most 180 cookies per site and drops the oldest beyond that. The Node server
  // refuses request headers over 16 KB, so the big cookies live under /bulk, and the page there
  // is loaded once before they exist (cacheable) and then again from the HTTP cache. The bundles
  // and the trackers are requested for real.
  const origin = `http://${SITE}:${b.port}`;
  b.state.override = (req, res, url) => {
    if (url.pathname != '/bulk/page.html') return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=600' });
    res.end(pageHtml('/page.html'));
    return true;
  };
  const context = await b.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/bulk/page.html`);
    await page.goto(`${origin}/privacy.html`);
    await context.clearCookies();
    const big = 'v'.repeat(4000);
    const cookies = [];
    for (let i = 0; i < 300; i++) {
      const c = { name: `bulk_${String(i).padStart(3, '0')}`, value: i % 2 ? big : `x${i}`, sameSite: 'Lax' };
      cookies.push(i % 3 ? { ...c, url: `${origin}/bulk/` } : { ...c, domain: '.shop.example', path: '/bulk' });
      if (i == 150) cookies.push({ ...recordCookie(record({ granted: MASK.analytical })), url: `${origin}/`, sameSite: 'Lax' });
    }
    for (const c of cookies) await context.addCookies([c]);
    await context.addCookies([
      { name: 'sid', value: 's0', url: `${origin}/`, sameSite: 'Lax' },
      { name: '_fbp', value: 'fb.1.2.3', url: `${origin}/`, sameSite: 'Lax' },
    ]);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    await page.addInitScript(() => {
      window.__winErrors = [];
      addEventListener('error', (e) => window.__winErrors.push(e.message));
      addEventListener('unhandledrejection', (e) => window.__winErrors.push(String(e.reason)));
      addEventListener('consentry:core-ready', () => (window.__coreReady = true));
      window.__seen = { n: document.cookie.split('; ').length, bytes: document.cookie.length };
    });
    const mark = b.requests.length;
    await page.goto(`${origin}/bulk/page.html`);
    assert.ok(!b.requests.slice(mark).some((r) => r.path == '/bulk/page.html'), 'the page came from the cache');
    await page.waitForFunction(() => window.__coreReady, null, { timeout: 15000 });
    const seen = await page.evaluate(() => window.__seen);
    assert.ok(seen.n >= 150 && seen.bytes > 300000, `the page starts with many big cookies: ${JSON.stringify(seen)}`);
    tc.diagnostic(`cookies the page started with (Chromium keeps at most 180 per site): ${seen.n}, ${seen.bytes} bytes`);
    const s = await page.evaluate(() => consentry.getConsent());
    assert.deepEqual({ decided: s.decided, categories: s.categories }, { decided: true, categories: ANALYTICAL }, 'the record is found among them');
    // A decided record: unknown cookies (targeting by default) are swept on this page view.
    await until(async () => !(await context.cookies()).some((c) => c.name.startsWith('bulk_')));
    const left = (await context.cookies()).map((c) => c.name).sort();
    assert.deepEqual(left.filter((n) => n != '_ga' && n != '_gid'), ['consentry', 'sid'], 'every bulk cookie and _fbp swept, mandatory kept');
    assert.deepEqual(trackerHits(b, mark, [FB, FBPX, YT]), [], 'targeting stays blocked');
    assert.deepEqual(errors, []);
    assert.deepEqual(await page.evaluate(() => window.__winErrors), []);
    assert.deepEqual(logs.filter((l) => l.startsWith('error')), []);
  } finally {
    b.state.override = null;
    await context.close();
  }
});

test('a refused record is reported in the console: one warning with the reason', async () => {
  const v = record({ granted: MASK.none }).split('.');
  v[1] = '15';
  const t = await open(b, 'page.html', { cookies: [recordCookie(v.join('.'))] });
  try {
    await settle(t.page, 300);
    const w = t.warnings().filter((x) => /record/i.test(x));
    assert.equal(w.length, 1, JSON.stringify(t.warnings()));
    assert.match(w[0], /^Consentry: .*record.*(check|tampered)/i);
  } finally {
    await t.close();
  }
});

test('https and cookie.name "__Host-consentry": a sibling subdomain cannot plant a record at all', async () => {
  // The record's check is not a secret: a script on a sibling subdomain that knows the format
  // can write a record this site would accept on the parent domain (docs/security.md). The
  // __Host- prefix makes the browser refuse any such cookie that is not host-only and Secure.
  const config = { revision: 1, cookie: { name: '__Host-consentry' } };
  const forged = record({ granted: MASK.all });
  const t = await open(b, 'page.html', { https: true, config, wait: 'ready' });
  try {
    const origin = `https://${SITE}:${b.port}`;
    // What a sibling could try: a __Host- cookie with a Domain (refused by the browser), and the
    // plain name with a right check for this site (ignored: not this config's name).
    await t.context.addCookies([{ name: '__Host-consentry', value: forged, domain: '.shop.example', path: '/', secure: true, sameSite: 'Lax' }]).catch(() => {});
    await t.context.addCookies([{ name: 'consentry', value: forged, domain: '.shop.example', path: '/', secure: true, sameSite: 'Lax' }]);
    assert.deepEqual((await t.context.cookies()).filter((c) => c.name == '__Host-consentry'), [], 'the browser refused the Domain __Host- cookie');
    const mark = b.requests.length;
    await t.page.goto(`${origin}/page.html?config=${encodeURIComponent(JSON.stringify(config))}`);
    await t.page.waitForFunction(() => window.consentry.getConsent() !== null);
    await settle(t.page, 400);
    assert.deepEqual(await consentState(t.page), { decided: false, categories: NOTHING });
    assert.deepEqual(trackerHits(b, mark), []);
    await clickBanner(t.page, 'accept-all');
    await settle(t.page, 200);
    const rec = (await t.context.cookies()).find((c) => c.name == '__Host-consentry');
    assert.ok(rec, 'the record is written under the __Host- name');
    assert.deepEqual([rec.domain, rec.path, rec.secure], [SITE, '/', true], 'host-only, Path=/, Secure');
    assert.deepEqual(t.warnings(), []);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});
