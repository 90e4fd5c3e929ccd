// Node-side helpers for tests/browser/consent-*.test.mjs: one server + Chromium per test file
// (tests/lib/browser.mjs: every host maps to it), pages from this folder with the real bundles
// (/consentry/ is dist/, banner UI included), fake tags on every host outside *.shop.example.
//
// Pages: every *.html here may hold `__CONFIG__` (the `config` query parameter, default
// {"revision":1}). Tags (any host other than *.shop.example, and /tag.js on the site itself):
// *.js answers a script that records its run in window.__ran ("host/path") and pushes
// {tag: "host/path", seen: <dataLayer length when it ran>} to window.dataLayer, as a tag that
// reads Consent Mode would; ?c=<cookie> also writes that cookie. *.gif a pixel, anything else 204.
// `b.state.delay[path]` (ms, or a promise) holds a response of ours back; `b.state.override(req, res, url,
// host)` may answer first. Every request is logged with the time it arrived (b.requests).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startBrowser } from '../../lib/browser.mjs';
import { answerTracker, escapeAttr } from '../../lib/fake-tracker.mjs';
import { repoRoot, resolveUnder, sendFile } from '../../../demo-site/server.mjs';
import { encodeRecord } from '../../../js-glue/src/store.js';

export const fixturesRoot = fileURLToPath(new URL('.', import.meta.url));
export const dist = join(repoRoot, 'dist');
export const SITE = 'www.shop.example';
export const GA = 'www.google-analytics.com';
export const FB = 'connect.facebook.net';

// A tag also pushes {tag, seen} onto dataLayer (seen: what was there before it: the GCM order
// tests); c=<cookie> writes that cookie. No frames or stylesheets here (204).
const tag = (res, url, host) =>
  answerTracker(res, url, host, {
    pages: false,
    script: (label) =>
      `var l=window.dataLayer=window.dataLayer||[];l.push({tag:${label},seen:l.length});` +
      url.searchParams.getAll('c').map((c) => `document.cookie=${JSON.stringify(c + '=1; path=/')};`).join(''),
  });

/** One server and Chromium for a test file; `launch`: more options for chromium.launch(). */
export async function startConsent({ launch } = {}) {
  for (const f of ['consentry.js', 'consentry-core.js', 'consentry-ui.js', 'consentry-ui-prefs.js', 'consentry.wasm', 'consentry-db.cdb']) {
    if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run node scripts/build-js.mjs`);
  }
  const state = { override: null, delay: {} };
  const b = await startBrowser({
    launch,
    siteRoot: fixturesRoot,
    routes: (req, res, url) => {
      const host = (req.headers.host || '').replace(/:\d+$/, '');
      if (state.override && state.override(req, res, url, host)) return true;
      if (!host.endsWith('shop.example') || url.pathname == '/tag.js') {
        tag(res, url, host);
        return true;
      }
      const wait = state.delay[url.pathname];
      if (wait && url.pathname.startsWith('/consentry/')) {
        const send = () => sendFile(res, resolveUnder(dist, url.pathname.slice('/consentry/'.length)));
        if (typeof wait == 'number') setTimeout(send, wait);
        else wait.then(send);
        return true;
      }
      if (url.pathname.endsWith('.html')) {
        const file = resolveUnder(fixturesRoot, url.pathname);
        if (!file || !existsSync(file)) return false;
        const config = url.searchParams.get('config') || '{"revision":1}';
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(readFileSync(file, 'utf8').replace(/__CONFIG__/g, escapeAttr(config)));
        return true;
      }
      return false;
    },
  });
  b.state = state;
  return b;
}

// In every page: consent events, and the time the banner was first on screen.
const INIT = () => {
  window.__ev = [];
  for (const n of ['consentry:ready', 'consentry:core-ready', 'consentry:consent', 'consentry:change']) {
    addEventListener(n, (e) => window.__ev.push([n, e.detail ? JSON.parse(JSON.stringify(e.detail)) : null]));
  }
  const look = () => {
    const el = document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner');
    if (el && el.getClientRects().length) window.__bannerAt = Date.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
};

/** Browser privacy signals as navigator reports them (before any script of the page runs). */
export const SIGNALS = {
  gpc: () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }),
  dnt: () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true }),
};

/** A new context (options: signals ['gpc', 'dnt'], cookies, contextOptions). */
export async function newContext(b, { signals = [], cookies = [], contextOptions = {} } = {}) {
  const context = await b.browser.newContext(contextOptions);
  if (cookies.length) await context.addCookies(cookies);
  await context.addInitScript(INIT);
  for (const s of signals) await context.addInitScript(SIGNALS[s]);
  return context;
}

/**
 * Opens `file` in `context` (a new page). Options: config (object), host, query, wait: 'core'
 * (consentry:core-ready), 'ready' (consentry:ready) or false; secure: https (the same server).
 * Returns { page, logs, errors, mark }.
 */
export async function openIn(b, context, file, { config, host = SITE, query = '', wait = 'core', until: waitUntil = 'load', secure = false } = {}) {
  const page = await context.newPage();
  const logs = [];
  const errors = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => errors.push(String(e)));
  const q = new URLSearchParams(query);
  if (config) q.set('config', JSON.stringify(config));
  const mark = b.requests.length;
  await page.goto(`${b.origin(host).replace(/^http:/, secure ? 'https:' : 'http:')}/${file}${q.toString() ? '?' + q : ''}`, { waitUntil });
  if (wait) await page.waitForFunction((w) => window.__ev.some((e) => e[0] == 'consentry:' + w), wait == 'core' ? 'core-ready' : 'ready', { timeout: 15000 });
  return { page, logs, errors, mark, consentryErrors: () => logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).map((l) => l.text) };
}

/** A route for b.state.override (tests/lib/browser.mjs). */
export { serve } from '../../lib/browser.mjs';

/** A record as Consentry would have stored it (granted mask; times in seconds). */
export function recordCookie({ granted, revision = 1, siteKey = SITE, signals = 0, name = 'consentry', first, last, expiry, domain }) {
  const now = Math.floor(Date.now() / 1000);
  last = last ?? now - 3600;
  const value = encodeRecord({ granted, revision, id: 'test-consent-id-0001', first: first ?? last, last, expiry: expiry ?? now + 86400 * 30, signals }, siteKey);
  if (!value) throw new Error('could not encode the test record');
  return { name, value, domain: domain || siteKey, path: '/' };
}

/** The UI's shadow root probes. */
export const ui = {
  banner: (page) => page.waitForFunction(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner')),
  shown: (page) => page.evaluate(() => {
    const root = document.querySelector('consentry-ui')?.shadowRoot;
    const vis = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return { banner: vis(root?.querySelector('.banner')), prefs: vis(root?.querySelector('.prefs')), fab: vis(root?.querySelector('.fab')) };
  }),
  click: (page, sel) => page.locator(`consentry-ui ${sel}`).click(),
};

export const state = (page) => page.evaluate(() => window.consentry.getConsent());
export const ran = (page) => page.evaluate(() => window.__ran || []);
export const until = async (page, cond, ms = 6000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await page.waitForTimeout(50);
  }
  return false;
};
/** Requests since `mark` whose path contains `part` (on any host, or on `host`). */
export const since = (b, mark, part, host) => b.requests.slice(mark).filter((r) => r.path.includes(part) && (!host || r.host == host));
/** The record cookie as the browser holds it, decoded with the site key. */
export async function recordOf(context, name = 'consentry') {
  return (await context.cookies()).find((c) => c.name == name) || null;
}
/** dataLayer entries as plain data: Arguments objects become { args: [...] }. */
export const dataLayer = (page) => page.evaluate(() => (window.dataLayer || []).map((e) =>
  Object.prototype.toString.call(e) == '[object Arguments]' ? { args: JSON.parse(JSON.stringify([...e])) } : JSON.parse(JSON.stringify(e))));
