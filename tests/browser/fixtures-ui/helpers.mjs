// Node-side helpers for tests/browser/ui-*.test.mjs: a server + Chromium (tests/lib/browser.mjs)
// serving this folder, pages opened through harness.js with a fake ctx, shadow-DOM probes and
// axe-core. Needs dist/consentry-ui.js and dist/consentry-ui-prefs.js (node scripts/build-js.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startBrowser } from '../../lib/browser.mjs';
import { repoRoot, resolveUnder, sendFile } from '../../../demo-site/server.mjs';

export const fixturesRoot = fileURLToPath(new URL('.', import.meta.url));
export const uiBundle = join(repoRoot, 'dist', 'consentry-ui.js');
export const prefsBundle = join(repoRoot, 'dist', 'consentry-ui-prefs.js');
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";
/** The nonce of the <script> tags in the fixtures that have one (nonce.html, real-nonce.html). */
export const NONCE = 'c29tZS10ZXN0LW5vbmNl';
/** Scripts only by nonce ('self' does not count); 'wasm-unsafe-eval' for the real core. */
export const NONCE_CSP = `default-src 'self'; script-src 'nonce-${NONCE}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'`;

/** Starts the server (pages from this folder, /consentry/ from dist/) and Chromium. */
export async function startUi() {
  for (const f of [uiBundle, prefsBundle]) if (!existsSync(f)) throw new Error(`${f} is missing: run node scripts/build-js.mjs`);
  return startBrowser({
    siteRoot: fixturesRoot,
    routes: (req, res, url) => {
      const csp = url.searchParams.get('csp');
      if ((csp === '1' || csp === 'nonce') && url.pathname.endsWith('.html')) {
        sendFile(res, resolveUnder(fixturesRoot, url.pathname), { 'content-security-policy': csp === '1' ? STRICT_CSP : NONCE_CSP });
        return true;
      }
      return false;
    },
  });
}

/**
 * Opens `file` with the harness. Options: config (object), decided, cats (array), gpc, dnt,
 * lang, items, start, csp (true: STRICT_CSP, 'nonce': NONCE_CSP), wait (for the UI to be built,
 * language file included, and to settle), plus context options (colorScheme, reducedMotion,
 * locale, viewport), setup (async (page) => ..., before the page is opened: routes, init
 * scripts), waitUntil (of page.goto: 'load' by default; a language file still on its way delays
 * the load event). Warnings are collected in `warnings`.
 */
export async function openUi(b, file = 'page.html', opts = {}) {
  const { config, decided, cats, gpc, dnt, lang, items, start, csp, wait = true, setup, waitUntil = 'load', ...contextOptions } = opts;
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  const errors = [];
  const warnings = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const q = new URLSearchParams();
  if (config) q.set('config', JSON.stringify(config));
  if (decided) q.set('decided', '1');
  if (cats) q.set('cats', cats.join(','));
  if (gpc) q.set('gpc', '1');
  if (dnt) q.set('dnt', '1');
  if (lang) q.set('lang', lang);
  if (items === false) q.set('items', '0');
  if (start === false) q.set('start', '0');
  if (csp) q.set('csp', csp === 'nonce' ? 'nonce' : '1');
  if (setup) await setup(page);
  await page.goto(`${b.origin()}/${file}?${q}`, { waitUntil });
  await page.waitForSelector('html[data-harness="ready"]');
  if (wait && start !== false) await settle(page);
  return { context, page, errors, warnings, close: () => context.close() };
}

/**
 * Waits until the UI the harness started is built (a language file may still be loading:
 * ui.ready), then until the preferences centre's bundle (consentry-ui-prefs.js, fetched at idle
 * time once something is on screen, or when the preferences are asked for) is no longer on its
 * way, then two frames and for entry animations to finish (they are .22 s at most).
 */
export async function settle(page) {
  await page.evaluate(
    () =>
      new Promise((r) => {
        // The UI schedules its idle fetch a frame after it shows something: an idle callback
        // queued after that frame runs after it.
        Promise.resolve(window.__harness?.ui?.ready).then(() => requestAnimationFrame(() => (window.requestIdleCallback || setTimeout)(r, { timeout: 1000 })));
      }),
  );
  await page.waitForFunction(() => !document.querySelector('script[src*="consentry-ui-prefs.js"]'));
  await page.evaluate(
    () =>
      new Promise((r) => {
        Promise.resolve(window.__harness?.ui?.ready).then(() => {
          const root = document.querySelector('consentry-ui')?.shadowRoot;
          const anims = root ? root.getAnimations().map((a) => a.finished.catch(() => {})) : [];
          Promise.all(anims).then(() => requestAnimationFrame(() => requestAnimationFrame(r)));
        });
      }),
  );
}

/** Runs in the page: describes the deep active element ('page:<id|tag>' or 'ui:<hint>'). */
export async function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a || a === document.body) return 'body';
    const inUi = a.getRootNode() !== document;
    const hint = a.getAttribute('data-action') || a.getAttribute('data-category') || a.id || (a.className && String(a.className).split(' ')[0]) || a.tagName.toLowerCase();
    return `${inUi ? 'ui' : 'page'}:${hint}`;
  });
}

/** What the harness recorded: ctx.choose() calls. */
export const calls = (page) => page.evaluate(() => window.__harness.calls);

/** Visible state of the UI: which layers are shown. */
export async function uiState(page) {
  return page.evaluate(() => {
    const root = document.querySelector('consentry-ui')?.shadowRoot;
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return {
      banner: shown(root?.querySelector('.banner')),
      prefs: shown(root?.querySelector('.prefs')),
      fab: shown(root?.querySelector('.fab')),
    };
  });
}

/**
 * axe-core over the whole document (open shadow roots included); returns violations, plus any
 * colour-contrast check axe could not finish inside the UI (so "zero" is never a blind spot).
 * When the preferences scroll, contrast is checked at several scroll positions: text cut by the
 * scroll box is "partially obscured" for axe at one position, and checked fully at another.
 */
export async function axe(page, options = {}) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.addScriptTag({ content: AXE });
  const run = () => page.evaluate((opts) => window.axe.run(document, opts), options);
  // Scroll positions of the preferences' list (top, then half a screen at a time).
  const positions = await page.evaluate(() => {
    const body = document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.prefs .body');
    if (!body || body.scrollHeight <= body.clientHeight) return [];
    const out = [];
    for (let y = 0; y < body.scrollHeight - body.clientHeight; y += Math.max(40, body.clientHeight / 2)) out.push(y);
    out.push(body.scrollHeight - body.clientHeight);
    return out;
  });
  const scrollTo = (y) =>
    page.evaluate((top) => {
      document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs .body').scrollTop = top;
    }, y);
  const unsureOf = (result) =>
    new Map(
      result.incomplete
        .filter((v) => v.id === 'color-contrast')
        .flatMap((v) => v.nodes.filter((n) => Array.isArray(n.target[0])))
        .map((n) => [JSON.stringify(n.target), n]),
    );
  if (positions.length) await scrollTo(positions[0]);
  const first = await run();
  const violations = first.violations;
  let unsure = unsureOf(first);
  for (const y of positions.slice(1)) {
    if (!unsure.size) break;
    await scrollTo(y);
    const again = await page.evaluate((opts) => window.axe.run(document, { ...opts, runOnly: ['color-contrast'] }), options);
    violations.push(...again.violations.filter((v) => !violations.some((w) => w.id === v.id)));
    const more = unsureOf(again);
    unsure = new Map([...unsure].filter(([k]) => more.has(k)));
  }
  const all = [...violations];
  if (unsure.size) all.push({ id: 'color-contrast (incomplete)', impact: 'serious', help: 'axe could not check contrast', nodes: [...unsure.values()] });
  return all.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary || ''}`.slice(0, 400)),
  }));
}
