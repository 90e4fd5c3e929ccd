// Node-side helpers for tests/browser/hostile-*.test.mjs: one server + Chromium per test file
// (tests/lib/browser.mjs: every host is this server, tracker hosts keep their real names so the
// real category database decides, every request is recorded per host; http and https).
//
// Pages are this folder's *.html. `__CONFIG__` in a page is replaced by the `config` query
// parameter (the raw string, so a test can send invalid JSON; default DEFAULT_CONFIG) and the
// `csp` query parameter becomes the page's Content-Security-Policy. /consentry/ is dist/ with
// the REAL banner (consentry-ui.js), unlike the gate tests.
//
// Trackers (any host other than *.shop.example): *.js answers a script that records its run in
// window.__ran ("host/path") and writes the cookies named by its c= query parameters; *.gif a
// pixel, *.html a frame, *.css a stylesheet, anything else 204 (CORS allowed).
//
// Every page gets, before any of its scripts, window.__winErrors (the window's 'error' and
// 'unhandledrejection' events: an exception escaping into the site) and window.__ev (Consentry's
// window events).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { startBrowser } from '../../lib/browser.mjs';
import { answerTracker, escapeAttr } from '../../lib/fake-tracker.mjs';
import { repoRoot, resolveUnder } from '../../../demo-site/server.mjs';
import { encodeRecord } from '../../../js-glue/src/store.js';

export const fixturesRoot = fileURLToPath(new URL('.', import.meta.url));
export const dist = join(repoRoot, 'dist');
export const SITE = 'www.shop.example';
export const GA = 'www.google-analytics.com'; // analytical in the database
export const FB = 'connect.facebook.net'; // targeting
export const FBPX = 'www.facebook.com'; // targeting (pixel)
export const YT = 'www.youtube.com'; // targeting (frame)
export const TRACKERS = [GA, FB, FBPX, YT];
/** Cookies the trackers and site.js write that need consent. */
export const GATED_COOKIES = ['_ga', '_gid', '_fbp', 'fr', 'random_xyz'];
export const DEFAULT_CONFIG = { revision: 1, privacyPolicyUrl: '/privacy.html', cookies: [{ name: 'sid', category: 'mandatory', vendor: 'Shop', purpose: 'Session', retention: 'session' }] };
/** Granted masks (bit 0 mandatory, 1 preferences, 2 analytical, 3 targeting). */
export const MASK = { none: 1, analytical: 7, all: 15 };


// c=<cookie> makes the script write that cookie for an hour.
const tracker = (res, url, host) =>
  answerTracker(res, url, host, {
    script: () => url.searchParams.getAll('c').map((c) => `document.cookie=${JSON.stringify(c + '=1; path=/; max-age=3600')};`).join(''),
  });

/**
 * Starts the server and Chromium. `b.state.override(req, res, url, host)` may answer a request
 * first (return true when it did): a test replaces the wasm, the blob, the config...
 */
export async function startHostile() {
  for (const f of ['consentry.js', 'consentry-core.js', 'consentry-ui.js', 'consentry-ui-prefs.js', 'consentry.wasm', 'consentry-db.cdb']) {
    if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run node scripts/build-js.mjs`);
  }
  const state = { override: null };
  const b = await startBrowser({
    siteRoot: fixturesRoot,
    routes: (req, res, url) => {
      const host = (req.headers.host || '').replace(/:\d+$/, '');
      if (state.override && state.override(req, res, url, host)) return true;
      if (!host.endsWith('shop.example')) {
        tracker(res, url, host);
        return true;
      }
      if (url.pathname.startsWith('/api/')) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end('{"ok":true}');
        return true;
      }
      if (url.pathname.endsWith('.html')) {
        const file = resolveUnder(fixturesRoot, url.pathname);
        if (!file || !existsSync(file)) return false;
        const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
        if (url.searchParams.get('csp')) headers['content-security-policy'] = url.searchParams.get('csp');
        res.writeHead(200, headers);
        res.end(pageHtml(url.pathname, url.searchParams.get('config')));
        return true;
      }
      return false;
    },
  });
  b.state = state;
  return b;
}

/** A fixture page with its config in place (also used by tests that serve a page themselves). */
export function pageHtml(path, config = null) {
  const html = readFileSync(resolveUnder(fixturesRoot, path), 'utf8');
  return html.replace(/__CONFIG__/g, escapeAttr(config ?? JSON.stringify(DEFAULT_CONFIG)));
}

/** A route for b.state.override (tests/lib/browser.mjs). */
export { serve } from '../../lib/browser.mjs';

const INIT = () => {
  window.__winErrors = [];
  window.__ev = [];
  addEventListener('error', (e) => window.__winErrors.push('error: ' + (e.message || (e.error && e.error.message) || e.type)));
  addEventListener('unhandledrejection', (e) => window.__winErrors.push('unhandledrejection: ' + String(e.reason && (e.reason.message || e.reason))));
  for (const n of ['consentry:ready', 'consentry:core-ready', 'consentry:consent', 'consentry:change']) {
    addEventListener(n, () => window.__ev.push(n));
  }
};

/**
 * Opens `file` in a new context. Options: config (object, or a raw string), csp, https, cookies
 * (Playwright cookies; `url` filled in when neither url nor domain is given), wait ('core':
 * consentry:core-ready, 'ready': consentry:ready (the API), 'load': the load event), path (a
 * page path to serve instead of `file`'s own, e.g. under a sub-directory), setup (async (page)
 * => ..., before navigation). Returns { context, page, logs, errors, mark, origin,
 * consentryErrors(), warnings(), close() }.
 */
export async function open(b, file, opts = {}) {
  const { config, csp, https = false, cookies = [], wait = 'core', setup, contextOptions = {} } = opts;
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const origin = `${https ? 'https' : 'http'}://${SITE}:${b.port}`;
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ sameSite: 'Lax', ...(c.url || c.domain ? {} : { url: origin }), ...c })));
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const logs = [];
  const errors = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => errors.push(String(e)));
  if (setup) await setup(page, origin);
  const q = new URLSearchParams();
  if (config !== undefined) q.set('config', typeof config == 'string' ? config : JSON.stringify(config));
  if (csp) q.set('csp', csp);
  const mark = b.requests.length;
  await page.goto(`${origin}/${file}${q.toString() ? '?' + q : ''}`);
  if (wait == 'core') await waitEvent(page, 'consentry:core-ready');
  else if (wait == 'ready') await waitEvent(page, 'consentry:ready');
  return {
    context, page, logs, errors, mark, origin,
    consentryErrors: () => logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).map((l) => l.text),
    warnings: () => logs.filter((l) => l.type == 'warning' && l.text.startsWith('Consentry:')).map((l) => l.text),
    close: () => context.close(),
  };
}

export const waitEvent = (page, name, timeout = 10000) =>
  page.waitForFunction((n) => window.__ev.includes(n), name, { timeout });

export const settle = (page, ms = 400) => page.waitForTimeout(ms);

/** Paths requested at the server to `host` since `mark` (query strings cut). */
export function pathsSince(b, mark, host) {
  return b.requests.slice(mark).filter((r) => r.host == host).map((r) => r.path.split('?')[0]);
}

/** Requests to any tracker host since `mark`, as "host/path". */
export function trackerHits(b, mark, hosts = TRACKERS) {
  return b.requests.slice(mark).filter((r) => hosts.includes(r.host)).map((r) => r.host + r.path.split('?')[0]);
}

/** window.__ran (scripts that ran) and window.__side (side effects of the site's own code). */
export const ran = (page) => page.evaluate(() => window.__ran || []);
export const side = (page) => page.evaluate(() => window.__side || []);

/**
 * Nothing that needs consent ran or was requested since `t.mark`: no request to a tracker host
 * (counted at the server), no tracker script ran, the declared inline targeting script did not
 * run, no gated cookie exists. `allowed` lists hosts the test's choice allows.
 */
export async function assertNothingGated(b, t, { allowed = [], msg = '' } = {}) {
  const hosts = TRACKERS.filter((h) => !allowed.includes(h));
  assert.deepEqual(trackerHits(b, t.mark, hosts), [], `${msg} no request to a tracker host`);
  const r = await ran(t.page);
  assert.deepEqual(r.filter((x) => hosts.some((h) => x.startsWith(h))), [], `${msg} no tracker script ran`);
  if (!allowed.includes(FB)) assert.ok(!(await side(t.page)).includes('inline-targeting'), `${msg} the declared inline targeting script did not run`);
  const gated = GATED_COOKIES.filter((n) => !(allowed.includes(GA) && ['_ga', '_gid'].includes(n)));
  const names = (await t.context.cookies()).map((c) => c.name);
  assert.deepEqual(names.filter((n) => gated.includes(n)), [], `${msg} no gated cookie`);
}

/** No exception escaped into the site: no 'pageerror', no window 'error' / 'unhandledrejection'. */
export async function assertNoEscape(t, allowed = []) {
  assert.deepEqual(t.errors.filter((e) => !allowed.includes(e)), [], 'no uncaught exception (pageerror)');
  const w = await t.page.evaluate(() => window.__winErrors);
  assert.deepEqual(w.filter((e) => !allowed.some((a) => e.includes(a))), [], "no window 'error' or 'unhandledrejection' event");
}

// ---- the banner (the real consentry-ui.js, in an open shadow root) ----------------------

export const waitBanner = (page, timeout = 10000) =>
  page.waitForFunction(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner:not([hidden])'), null, { timeout });

/** Clicks a banner button: 'accept-all', 'reject-all' or 'preferences'. */
export async function clickBanner(page, action) {
  await waitBanner(page);
  await page.locator(`consentry-ui .banner [data-action=${action}]`).click();
}

/** The banner's title, text and policy link as the visitor sees them. */
export const bannerTexts = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    const q = (s) => root.querySelector(s);
    return {
      title: q('.title')?.textContent ?? null,
      desc: q('.desc')?.textContent ?? null,
      links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      elements: [...root.querySelectorAll('img,script,iframe,svg image,object,embed')].map((e) => e.localName),
    };
  });

// ---- consent records ------------------------------------------------------------------------

const now = () => Math.floor(Date.now() / 1000);

/** A genuine record, as this site's Consentry would have written it. */
export function record({ granted = MASK.all, revision = 1, siteKey = SITE, id = 'hostile-test-id-0001', first = now() - 7200, last = now() - 3600, expiry = now() + 30 * 86400, signals = 0 } = {}) {
  const v = encodeRecord({ granted, revision, id, first, last, expiry, signals }, siteKey);
  if (!v) throw new Error('could not encode the test record');
  return v;
}

/** FNV-1a 32 over UTF-8 bytes (the record's check; the format is in wasm/core/consent_record.h). */
function fnv(s, h = 2166136261) {
  for (const byte of Buffer.from(s, 'utf8')) h = Math.imul(h ^ byte, 16777619) >>> 0;
  return h >>> 0;
}
/** A record whose check is RIGHT for `siteKey` whatever the fields say (a forger who knows the format). */
export function forge(fields, siteKey = SITE) {
  const payload = fields.join('.');
  return payload + '.' + fnv(payload, fnv('|', fnv(siteKey))).toString(36);
}
/** The fields of a genuine record (for forge()). */
export function fieldsOf({ granted = MASK.all, revision = 1, id = 'hostile-test-id-0001', first = now() - 7200, last = now() - 3600, expiry = now() + 30 * 86400, signals = 0 } = {}) {
  return ['1', granted, revision, id, first.toString(36), last.toString(36), expiry.toString(36), signals];
}

/** The record cookie as Playwright takes it (host-only on the site unless domain is given). */
export const recordCookie = (value, extra = {}) => ({ name: 'consentry', value, ...extra });

/** State the page sees through the public API. */
export const consentState = (page) =>
  page.evaluate(() => {
    const s = window.consentry.getConsent();
    return s && { decided: s.decided, categories: s.categories };
  });
