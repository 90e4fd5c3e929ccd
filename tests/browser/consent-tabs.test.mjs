// The stored choice changed outside the page: the visitor chose, withdrew or reset in another tab
// or window of the site, on another subdomain sharing the record, or while this page sat in the
// back/forward cache. Every open page of the site follows at once (source 'stored'), so a
// withdrawal is not undone by a tab left open with the old choice (its tags writing the cookies
// the withdrawal swept, its Consent Mode still granted).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord } from '../../js-glue/src/store.js';
import {
  GA, dataLayer, fixturesRoot, newContext, openIn, ran, recordCookie, recordOf, startConsent, state, ui, until,
} from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

const ALL = { mandatory: true, preferences: true, analytical: true, targeting: true };
const NONE = { mandatory: true, preferences: false, analytical: false, targeting: false };
const GATED = [`${GA}/a/analytics.js`, 'inline-analytical', 'connect.facebook.net/a/pixel.js', 'not-targeting', 'inline-preferences'];
const gated = async (page) => (await ran(page)).filter((x) => GATED.includes(x));
const sources = (page) => page.evaluate(() => __ev.filter((e) => e[0] == 'consentry:change').map((e) => e[1].source));
const lastUpdate = async (page) => (await dataLayer(page)).filter((e) => e.args && e.args[0] == 'consent' && e.args[1] == 'update').pop()?.args[2];
// A write the page makes now, and whether the jar took it.
const writes = async (page, context, cookie) => {
  await page.evaluate((c) => (document.cookie = c + '; path=/'), cookie);
  return (await context.cookies()).some((c) => c.name == cookie.split('=')[0]);
};

// Two pages of the site open in one browser (tabs): `other` first, then `tab`; a stored record
// granting `granted` (0: a first visit).
const withTabs = async (granted, fn) => {
  const context = await newContext(b, granted ? { cookies: [recordCookie({ granted })] } : {});
  try {
    const { page: other } = await openIn(b, context, 'page.html');
    const { page: tab } = await openIn(b, context, 'page.html');
    await fn({ context, other, tab });
  } finally {
    await context.close();
  }
};

// On https the cookie's change event comes too (cookieStore), with the message: one change only.
for (const secure of [false, true]) test(`another tab withdraws: this one follows at once (state, Consent Mode, cookie firewall), writes no record of its own${secure ? ' (https)' : ''}`, async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
  try {
    const { page: other } = await openIn(b, context, 'page.html', { secure });
    assert.equal(await other.evaluate(() => !!window.cookieStore), secure);
    assert.ok((await gated(other)).includes(`${GA}/a/analytics.js`), 'the stored accept-all ran analytics here');
    assert.equal(await writes(other, context, '_ga=GA1.2.111.222'), true, 'an analytics cookie is written under accept-all');

    const { page: tab } = await openIn(b, context, 'page.html', { secure });
    await tab.evaluate(() => window.consentry.rejectAll());
    const record = (await recordOf(context)).value;

    assert.ok(await until(other, async () => (await state(other)).categories.analytical === false), 'the other tab follows the withdrawal');
    const s = await state(other);
    assert.deepEqual(s.categories, NONE);
    assert.equal(s.decided, true);
    assert.deepEqual(await sources(other), ['stored']);
    const u = await lastUpdate(other);
    assert.equal(u.analytics_storage, 'denied', "the other tab's Consent Mode is denied too");
    assert.equal(u.ad_storage, 'denied');
    assert.equal(await writes(other, context, '_ga=GA1.2.333.444'), false, "the other tab's tags can no longer write analytics cookies");
    const shown = await ui.shown(other);
    assert.ok(!shown.banner && !shown.prefs, 'no banner: the visitor has chosen');
    assert.equal((await recordOf(context)).value, record, 'the other tab wrote no record of its own');
    await other.waitForTimeout(300);
    assert.deepEqual(await sources(other), ['stored'], 'one change, never undecided on the way');
  } finally {
    await context.close();
  }
});

test('another tab resets: this one is undecided again and asks (banner), Consent Mode denied', () =>
  withTabs(15, async ({ context, other, tab }) => {
    await tab.evaluate(() => window.consentry.reset());
    assert.ok(await until(other, async () => (await state(other)).decided === false), 'the other tab is undecided');
    assert.deepEqual((await state(other)).categories, NONE);
    assert.deepEqual(await sources(other), ['stored']);
    await ui.banner(other);
    assert.ok(await until(other, async () => (await ui.shown(other)).banner), 'the other tab shows the banner');
    assert.equal((await lastUpdate(other)).analytics_storage, 'denied');
    assert.equal(await recordOf(context), null, 'no record came back');
  }));

test('a first visit in two tabs: "Accept all" in one hides the other\'s banner and runs what it held', () =>
  withTabs(0, async ({ other, tab }) => {
    await ui.banner(other);
    await ui.banner(tab);
    assert.deepEqual(await gated(other), []);
    await ui.click(tab, '.banner [data-action=accept-all]');
    assert.ok(await until(other, async () => (await gated(other)).includes('connect.facebook.net/a/pixel.js'), 10000), 'the other tab released what it held');
    assert.deepEqual((await gated(other)).sort(), (await gated(tab)).sort(), 'the same as the tab that chose');
    assert.deepEqual((await state(other)).categories, ALL);
    assert.deepEqual(await other.evaluate(() => __ev.filter((e) => e[0] == 'consentry:consent').map((e) => e[1].source)), ['stored'],
      'the other tab reports the consent, from the stored choice');
    assert.ok(await until(other, async () => !(await ui.shown(other)).banner), "the other tab's banner is gone");
  }));

test('another subdomain sharing the record (cookie.domain): followed through the cookie\'s change event', async () => {
  const config = { revision: 1, cookie: { domain: 'shop.example' } };
  const cookie = { ...recordCookie({ granted: 15, siteKey: 'shop.example' }), domain: '.shop.example' };
  const context = await newContext(b, { cookies: [cookie] });
  try {
    // https: cookieStore (the change event) is only there in a secure context.
    const { page: other } = await openIn(b, context, 'page.html', { config, secure: true });
    assert.equal(await other.evaluate(() => !!window.cookieStore), true);
    assert.ok((await gated(other)).includes(`${GA}/a/analytics.js`));
    const { page: tab } = await openIn(b, context, 'page.html', { config, secure: true, host: 'help.shop.example' });
    assert.deepEqual((await state(tab)).categories, ALL, 'the record is shared');
    await tab.evaluate(() => window.consentry.acceptCategory(['analytical']));
    assert.ok(await until(other, async () => (await state(other)).categories.targeting === false), 'www follows help');
    // Without the site's preferences category, preferences follow analytical.
    assert.deepEqual((await state(other)).categories, { ...NONE, analytical: true, preferences: true });
    assert.deepEqual(await sources(other), ['stored']);
  } finally {
    await context.close();
  }
});

test('a record changed without a message (no cookieStore on http): read when the page is shown again', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    assert.equal(await page.evaluate(() => !!window.cookieStore), false, 'http: no cookie change event');
    await context.addCookies([recordCookie({ granted: 1, last: Math.floor(Date.now() / 1000) - 10 })]);
    await page.waitForTimeout(300);
    assert.deepEqual((await state(page)).categories, ALL, 'nothing told the page yet');
    // Headless Chromium never hides a page; the event is what a tab switch delivers.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    assert.deepEqual((await state(page)).categories, NONE);
    assert.deepEqual(await sources(page), ['stored']);
    // Nothing changed since: showing it again changes nothing.
    await page.evaluate(() => dispatchEvent(new Event('focus')));
    assert.deepEqual(await sources(page), ['stored']);
  } finally {
    await context.close();
  }
});

test('a choice that never reached the jar is kept on its page: showing it again does not undo it', async () => {
  const context = await newContext(b);
  try {
    // A record this page cannot read back (written for another path), as when the browser drops it.
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, cookie: { path: '/elsewhere/' } } });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    assert.equal(await page.evaluate(() => document.cookie.includes('consentry=')), false);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    assert.deepEqual((await state(page)).categories, ALL, 'the choice made here stays for this page view');
    assert.deepEqual(await sources(page), ['accept-all']);
  } finally {
    await context.close();
  }
});

test('back/forward cache: a page restored after the record changed follows it; one told while cached is not kept stale', async () => {
  // A browser with the back/forward cache (Playwright turns it off by default), and pages that
  // may enter it (no Cache-Control: no-store).
  const bb = await startConsent({ launch: { ignoreDefaultArgs: ['--disable-back-forward-cache'] } });
  const html = readFileSync(join(fixturesRoot, 'page.html'), 'utf8').replace(/__CONFIG__/g, '{"revision":1}');
  bb.state.override = (req, res, url) => {
    if (!url.pathname.startsWith('/cacheable-')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(url.pathname.includes('plain') ? '<!doctype html><title>plain</title><p>No Consentry here.' : html);
    return true;
  };
  const back = async (page) => {
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => window.__ev && window.__ev.some((e) => e[0] == 'consentry:ready'));
  };
  try {
    const context = await newContext(bb, { cookies: [recordCookie({ granted: 15 })] });
    const { page } = await openIn(bb, context, 'cacheable-1.html');
    await page.evaluate(() => (window.__kept = 1));
    assert.ok((await gated(page)).includes(`${GA}/a/analytics.js`));
    // Changed while the page is cached, with no message (a subdomain's page on http, a server).
    await page.goto(`${bb.origin()}/cacheable-plain.html`);
    await context.addCookies([recordCookie({ granted: 1, last: Math.floor(Date.now() / 1000) - 10 })]);
    await back(page);
    assert.equal(await page.evaluate(() => window.__kept), 1, 'restored from the back/forward cache');
    assert.ok(await until(page, async () => (await state(page)).categories.analytical === false), 'the restored page follows');
    assert.deepEqual((await state(page)).categories, NONE);
    assert.deepEqual(await sources(page), ['stored']);
    assert.equal((await lastUpdate(page)).analytics_storage, 'denied');

    // Changed by a page of the site while this one is cached: the message evicts it from the
    // cache (Chromium), so going back loads it again, under the new choice either way.
    await page.evaluate(() => window.consentry.acceptCategory('all'));
    await page.goto(`${bb.origin()}/cacheable-2.html`);
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'));
    await page.evaluate(() => window.consentry.rejectAll());
    await back(page);
    assert.ok(await until(page, async () => (await state(page)).categories.analytical === false));
    assert.deepEqual((await state(page)).categories, NONE);
  } finally {
    await bb.close();
  }
});

test(`the site's other pages are not told about another site's record on the same origin`, async () => {
  // Two configs on one origin, each with its own record name: a change of one leaves the other.
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 }), recordCookie({ granted: 15, name: 'other' })] });
  try {
    const { page: mine } = await openIn(b, context, 'page.html');
    const { page: theirs } = await openIn(b, context, 'page.html', { config: { revision: 1, cookie: { name: 'other' } } });
    await theirs.evaluate(() => window.consentry.rejectAll());
    await mine.waitForTimeout(300);
    await mine.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    assert.deepEqual((await state(mine)).categories, ALL);
    assert.deepEqual(await sources(mine), []);
  } finally {
    await context.close();
  }
});

// ---- found by review (2026-12-07): each failed before its fix ----
const CORE = '/consentry/consentry-core.js';
const holdCore = () => {
  let go;
  b.state.delay[CORE] = new Promise((r) => (go = r));
  return go;
};
const ready = (page) => page.waitForFunction(() => __ev.some((e) => e[0] == 'consentry:ready'), null, { timeout: 15000 });

for (const who of ['api', 'banner']) test(`a choice made before the core that never reached the jar is kept when the core starts following (${who})`, async () => {
  const go = holdCore();
  const context = await newContext(b);
  try {
    const page = await context.newPage();
    await (await context.newCDPSession(page)).send('Emulation.setDocumentCookieDisabled', { disabled: true });
    await page.goto(`${b.origin()}/page.html`, { waitUntil: 'domcontentloaded' });
    if (who == 'api') await page.evaluate(() => window.consentry.acceptCategory('all'));
    else {
      await ui.banner(page);
      await ui.click(page, '.banner [data-action=accept-all]');
    }
    go();
    await ready(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await sources(page), [who == 'api' ? 'api' : 'accept-all'], 'no stored change undoes it');
    assert.equal((await state(page)).decided, true);
  } finally {
    delete b.state.delay[CORE];
    await context.close();
  }
});

test('a withdrawal the page queued before the core reaches the other open tabs (http: the message)', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
  try {
    const { page: other } = await openIn(b, context, 'page.html');
    const go = holdCore();
    const tab = await context.newPage();
    await tab.goto(`${b.origin()}/page.html`, { waitUntil: 'domcontentloaded' });
    await tab.evaluate(() => window.consentry.rejectAll());
    go();
    await ready(tab);
    assert.equal((await state(tab)).categories.analytical, false);
    assert.ok(await until(other, async () => (await state(other)).categories.analytical === false, 3000), 'the other tab follows');
  } finally {
    delete b.state.delay[CORE];
    await context.close();
  }
});

test('configs with their own cookie path on one origin: a choice under /a/ grants nothing under /b/', async () => {
  const html = readFileSync(join(fixturesRoot, 'page.html'), 'utf8');
  b.state.override = (req, res, url) => {
    const m = url.pathname.match(/^\/(a|b)\/page\.html$/);
    if (!m) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html.replace(/__CONFIG__/g, JSON.stringify({ revision: 1, cookie: { path: `/${m[1]}/` } })));
    return true;
  };
  const context = await newContext(b);
  try {
    const { page: pb } = await openIn(b, context, 'b/page.html');
    const { page: pa } = await openIn(b, context, 'a/page.html');
    await pa.evaluate(() => window.consentry.acceptCategory('all'));
    await pb.waitForTimeout(1000);
    assert.equal((await state(pb)).decided, false, "/b/'s jar holds no record for it");
    assert.deepEqual(await gated(pb), []);
    await pa.evaluate(() => window.consentry.reset());
    await pb.waitForTimeout(300);
    assert.deepEqual(await sources(pb), [], 'nothing changed for /b/');
  } finally {
    b.state.override = null;
    await context.close();
  }
});

test('two tabs choosing at the same moment both end on the choice the jar kept', async () => {
  const context = await newContext(b);
  try {
    const { page: pa } = await openIn(b, context, 'page.html');
    const { page: pb } = await openIn(b, context, 'page.html');
    const at = Date.now() + 300;
    await Promise.all([
      pa.evaluate((t) => {
        while (Date.now() < t);
        window.consentry.acceptCategory('all');
      }, at),
      pb.evaluate((t) => {
        while (Date.now() < t);
        window.consentry.rejectAll();
      }, at),
    ]);
    await pa.waitForTimeout(500);
    const g = decodeRecord((await recordOf(context)).value, 'www.shop.example', 1, Date.now() / 1000).granted;
    assert.equal((await state(pa)).categories.analytical, !!(g & 4), 'tab A = the jar');
    assert.equal((await state(pb)).categories.analytical, !!(g & 4), 'tab B = the jar');
  } finally {
    await context.close();
  }
});

test('a reset elsewhere while the preferences are open: closing them asks again', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
  try {
    const { page: other } = await openIn(b, context, 'page.html');
    await other.evaluate(() => window.consentry.showPreferences());
    assert.ok(await until(other, async () => (await ui.shown(other)).prefs));
    const { page: tab } = await openIn(b, context, 'page.html');
    await tab.evaluate(() => window.consentry.reset());
    assert.ok(await until(other, async () => (await state(other)).decided === false));
    await other.keyboard.press('Escape');
    assert.ok(await until(other, async () => (await ui.shown(other)).banner), 'the banner asks');
  } finally {
    await context.close();
  }
});

test('a withdrawal the page cannot read back (cookie.path elsewhere) does not leave the older grant in force', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
  const config = { revision: 1, cookie: { path: '/elsewhere/' } };
  try {
    const { page } = await openIn(b, context, 'page.html', { config });
    assert.equal((await state(page)).categories.analytical, true, 'the older record on / is read');
    await page.evaluate(() => window.consentry.rejectAll());
    const { page: next } = await openIn(b, context, 'page.html', { config });
    assert.notEqual((await state(next)).categories.analytical, true);
  } finally {
    await context.close();
  }
});

test('a newer record with the same answer changes nothing for the other pages (no event)', () =>
  withTabs(15, async ({ other, tab }) => {
    await tab.evaluate(() => window.consentry.acceptCategory('all'));
    await other.waitForTimeout(500);
    assert.deepEqual(await sources(other), []);
    assert.equal((await state(other)).record.id, (await state(tab)).record.id);
  }));
