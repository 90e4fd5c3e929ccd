// Shared by bench/load/run.mjs (figures) and tests/browser/load-*.test.mjs (correctness): a
// server + Chromium (tests/lib/browser.mjs: every host is this server and every request is
// recorded), the load page (pages/load.html + load.js) with or without Consentry, and
// measurements through the Chrome DevTools Protocol.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBrowser } from '../../tests/lib/browser.mjs';

export const pagesRoot = fileURLToPath(new URL('./pages/', import.meta.url));
export const SITE = 'www.shop.example';
export const GA = 'www.google-analytics.com';
export const TARGETING_HOSTS = ['connect.facebook.net', 'www.facebook.com', 'www.youtube.com'];
export const FIRST_PARTY_HOSTS = [SITE, 'cdn.shop.example'];
/** The site's config: sid declared (PHPSESSID and cart are mandatory in the database). */
export const CONFIG = { revision: 1, cookies: [{ name: 'sid', category: 'mandatory' }] };
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const esc = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

/** Starts the server and Chromium. Returns startBrowser's object. */
export async function startLoad() {
  const html = readFileSync(new URL('./pages/load.html', import.meta.url), 'utf8');
  const js = readFileSync(new URL('./pages/load.js', import.meta.url));
  return startBrowser({
    siteRoot: pagesRoot,
    routes: (req, res, url) => {
      const p = url.pathname;
      const send = (type, body) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
        res.end(body);
        return true;
      };
      if (p == '/load.html') {
        const tag = url.searchParams.get('consentry') == '1'
          ? `<script src="/consentry/consentry.js" data-config='${esc(JSON.stringify(CONFIG))}'></script>` : '';
        return send('text/html; charset=utf-8', html.replace('<!--CONSENTRY-->', tag));
      }
      if (p == '/load/load.js') return send('text/javascript', js);
      if (p == '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return true;
      }
      if (!p.startsWith('/load/')) return false;
      const host = (req.headers.host || '').replace(/:\d+$/, '');
      const first = host.endsWith('shop.example');
      if (p.endsWith('.js')) return send('text/javascript', first ? 'window.__fp++;' : 'window.__tr++;');
      if (p.endsWith('.gif')) return send('image/gif', GIF);
      if (p.endsWith('.html')) return send('text/html', '<!doctype html><title>f</title>');
      res.writeHead(204, { 'access-control-allow-origin': '*' });
      res.end();
      return true;
    },
  });
}

/**
 * Opens the load page in a new context, with Consentry or without (baseline), over https (the
 * tracker hosts are HSTS-preloaded). `cookies`: Playwright cookies to start with; `query`: more
 * of the page's query string (e.g. early=10000); `init`: a function run in the page before its
 * scripts. Waits for
 * consentry:core-ready with Consentry, for the load event without. Returns { context, page,
 * cdp, errors, logs, mark, origin, close() }.
 */
export async function openLoad(b, { consentry = true, cookies = [], query = '', init = null } = {}) {
  const context = await b.browser.newContext();
  const origin = `https://${SITE}:${b.port}`;
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ url: origin, sameSite: 'Lax', ...c })));
  await context.addInitScript(() => addEventListener('consentry:core-ready', () => (window.__coreReady = true)));
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = [];
  const logs = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const mark = b.requests.length;
  const q = [consentry ? 'consentry=1' : '', query].filter(Boolean).join('&');
  await page.goto(`${origin}/load.html${q ? '?' + q : ''}`);
  if (consentry) await page.waitForFunction(() => window.__coreReady, null, { timeout: 15000 });
  return { context, page, cdp, errors, logs, mark, origin, close: () => context.close() };
}

/**
 * The page's memory after a full garbage collection: JS heap used (Runtime.getHeapUsage, bytes)
 * and the DOM counters of Performance.getMetrics (Nodes, Documents, Frames, JSEventListeners).
 */
export async function memory(cdp) {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { heap: usedSize, nodes: m.Nodes, documents: m.Documents, frames: m.Frames, listeners: m.JSEventListeners };
}

/** Requests since `mark` whose host is in `hosts` and whose path starts with /load/ (not load.js). */
export function loadRequests(b, mark, hosts) {
  return b.requests.slice(mark).filter((r) => hosts.includes(r.host) && r.path.startsWith('/load/') && !r.path.startsWith('/load/load.js'));
}

/** Polls `cond` (sync or async) until true or `ms` pass; returns its last value. */
export async function until(cond, ms = 10000, step = 100) {
  const end = Date.now() + ms;
  let v = await cond();
  while (!v && Date.now() < end) {
    await new Promise((r) => setTimeout(r, step));
    v = await cond();
  }
  return v;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * An init script that records every WebAssembly.Memory the page's modules export (window.__wasmMemories):
 * read their size with `page.evaluate(() => __wasmMemories.reduce((a, m) => a + m.buffer.byteLength, 0))`.
 */
export function recordWasmMemories() {
  window.__wasmMemories = [];
  const keep = (r) => {
    const inst = r && (r.instance || r);
    for (const v of Object.values((inst && inst.exports) || {})) if (v instanceof WebAssembly.Memory) window.__wasmMemories.push(v);
    return r;
  };
  for (const f of ['instantiate', 'instantiateStreaming']) {
    const orig = WebAssembly[f];
    if (orig) WebAssembly[f] = function (...a) { return orig.apply(this, a).then(keep); };
  }
}
