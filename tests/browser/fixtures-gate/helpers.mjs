// Node-side helpers for tests/browser/gate-*.test.mjs: one server + Chromium per test file
// (tests/lib/browser.mjs: tracker hosts keep their real names, http and https), pages from this
// folder, fake trackers answering on every other host, and page probes.
//
// Pages: every *.html here may hold `__CONFIG__` (replaced by the `config` query parameter,
// default {"revision":1}) and is served with the `csp` query parameter as its
// Content-Security-Policy header. /consentry/ is dist/ (the real bundles), except
// consentry-ui.js, which is stub-ui.js here (the banner is another test suite's business) unless
// a test overrides it.
//
// Trackers (any host other than *.shop.example): *.js answers a script that records its run in
// window.__ran ("host/path") and, by query parameter, c=<cookie> writes that cookie, s=<url>
// injects a script (createElement + appendChild), p=<url> fires a pixel (new Image), d=<ms>
// delays the answer; *.gif a pixel, *.html a frame, *.css a stylesheet, anything else 204 (CORS).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startBrowser } from '../../lib/browser.mjs';
import { answerTracker, escapeAttr } from '../../lib/fake-tracker.mjs';
import { repoRoot, resolveUnder } from '../../../demo-site/server.mjs';
import { createCore } from '../../../js-glue/src/wasm-bridge.js';
import { encodeRecord } from '../../../js-glue/src/store.js';

export const fixturesRoot = fileURLToPath(new URL('.', import.meta.url));
export const dist = join(repoRoot, 'dist');
export const SITE = 'www.shop.example';
export const GA = 'www.google-analytics.com';
export const FB = 'connect.facebook.net';
export const GTM = 'www.googletagmanager.com';
export const YT = 'www.youtube.com';
export const DEFAULT_CONFIG = { revision: 1 };
const require = createRequire(import.meta.url);

/** The real category database through the built wasm: the category of each host / cookie. */
let corePromise = null;
export function dbCore() {
  corePromise = corePromise || createCore({
    factory: require(join(repoRoot, 'build', 'wasm', 'consentry.js')),
    wasmBinary: readFileSync(join(dist, 'consentry.wasm')),
    db: readFileSync(join(dist, 'consentry-db.cdb')),
  });
  return corePromise;
}
export async function hostCategory(host) {
  const core = await dbCore();
  return core.classifyUrls(SITE, [{ url: `https://${host}/x.js` }])[0].category;
}


// The suite's extras: c=<cookie>, s=<script url>, p=<pixel url>, d=<delay ms> (header comment).
const tracker = (res, url, host) => {
  const q = url.searchParams;
  answerTracker(res, url, host, {
    delay: +(q.get('d') || 0),
    script: () =>
      q.getAll('c').map((c) => `document.cookie=${JSON.stringify(c + '=1; path=/')};`).join('') +
      q.getAll('s').map((x) => `var e=document.createElement('script');e.async=true;e.src=${JSON.stringify(x)};document.head.appendChild(e);`).join('') +
      q.getAll('p').map((x) => `new Image().src=${JSON.stringify(x)};`).join(''),
  });
};

/**
 * Starts the server and Chromium. `override(req, res, url)` may answer first (fail-closed tests
 * replace the wasm, the blob, the core bundle...); return true when it did.
 */
export async function startGate() {
  for (const f of ['consentry.js', 'consentry-core.js', 'consentry.wasm', 'consentry-db.cdb']) {
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
      if (url.pathname == '/consentry/consentry-ui.js') {
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
        res.end(readFileSync(join(fixturesRoot, 'stub-ui.js')));
        return true;
      }
      if (url.pathname.endsWith('.html')) {
        const file = resolveUnder(fixturesRoot, url.pathname);
        if (!file || !existsSync(file)) return false;
        const config = url.searchParams.get('config') || JSON.stringify(DEFAULT_CONFIG);
        const html = readFileSync(file, 'utf8').replace(/__CONFIG__/g, escapeAttr(config));
        const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
        if (url.searchParams.get('csp')) headers['content-security-policy'] = url.searchParams.get('csp');
        res.writeHead(200, headers);
        res.end(html);
        return true;
      }
      return false;
    },
  });
  b.state = state;
  return b;
}

const INIT = () => {
  window.__ev = [];
  for (const n of ['consentry:ready', 'consentry:core-ready', 'consentry:consent', 'consentry:change']) {
    addEventListener(n, (e) => window.__ev.push([n, e.detail ? JSON.parse(JSON.stringify(e.detail)) : null]));
  }
};

/** A record for `granted` (mask) as the site would have stored it. */
export function recordCookie({ granted, revision = 1, siteKey = SITE, name = 'consentry' }) {
  const now = Math.floor(Date.now() / 1000);
  const value = encodeRecord({ granted, revision, id: 'test-consent-id-0001', first: now - 3600, last: now - 3600, expiry: now + 86400 * 30, signals: 0 }, siteKey);
  if (!value) throw new Error('could not encode the test record');
  return { name, value, domain: siteKey, path: '/' };
}

/**
 * Opens `file` (under this folder) in a new context. Options: config (object), csp (string),
 * https, cookies (playwright cookies; url filled in), query (extra query string), wait ('core'
 * waits for consentry:core-ready, 'load' only for the load event, false for nothing), until
 * (page.goto's waitUntil, default 'load').
 * Returns { context, page, logs, errors, consentryErrors(), mark, close }.
 */
export async function open(b, file, opts = {}) {
  const { config, csp, https = false, cookies = [], query = '', wait = 'core', until = 'load', contextOptions = {} } = opts;
  const context = await b.browser.newContext(contextOptions);
  const origin = `${https ? 'https' : 'http'}://${SITE}:${b.port}`;
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ url: c.domain ? undefined : origin, ...c })));
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const logs = [];
  const errors = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => errors.push(String(e)));
  const q = new URLSearchParams(query);
  if (config) q.set('config', typeof config == 'string' ? config : JSON.stringify(config));
  if (csp) q.set('csp', csp);
  const mark = b.requests.length;
  await page.goto(`${origin}/${file}${q.toString() ? '?' + q : ''}`, { waitUntil: until });
  if (wait == 'core') await coreReady(page);
  return {
    context, page, logs, errors, mark, origin,
    consentryErrors: () => logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).map((l) => l.text),
    warnings: () => logs.filter((l) => l.type == 'warning' && l.text.startsWith('Consentry:')).map((l) => l.text),
    close: () => context.close(),
  };
}

export const coreReady = (page) =>
  page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'), null, { timeout: 10000 });

export const settle = (page, ms = 400) => page.waitForTimeout(ms);

/** Requests recorded at the server since `mark` to `host` (optionally whose path contains `part`). */
export function since(b, mark, host, part = '') {
  return b.requests.slice(mark).filter((r) => r.host == host && r.path.includes(part));
}

/** Paths requested since `mark` to `host`, query strings cut. */
export function pathsSince(b, mark, host) {
  return since(b, mark, host).map((r) => r.path.split('?')[0]);
}

export const ran = (page) => page.evaluate(() => window.__ran || []);
export const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();
