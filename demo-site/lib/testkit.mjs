// Helpers for the demo's browser tests (tests/browser/demo-*.test.mjs): the demo server with its
// fakes and a Chromium that maps every host to it (tests/lib/browser.mjs), plus page probes.
import { startBrowser } from '../../tests/lib/browser.mjs';
import { TRACKER_HOSTS, fakeTarget } from './fakes.mjs';

export const SITE = 'www.shop.example';
export const TRACKERS = Object.keys(TRACKER_HOSTS);

/** One server + Chromium for a test file. */
export async function startDemo() {
  const b = await startBrowser();
  return {
    ...b,
    /** Page origin: real-host mode (www.shop.example, trackers under their real names) or local (127.0.0.1, *.localhost fakes). */
    pageOrigin: (mode = 'real') => (mode === 'local' ? `http://127.0.0.1:${b.port}` : b.origin(SITE)),
    /** Requests to a tracker fake since index `from` (any of the three ways to reach one). */
    trackerRequests(from = 0) {
      return b.requests.slice(from).filter((r) => fakeTarget(r.host, r.path.split('?')[0]));
    },
  };
}

/** The real host a recorded request was for, and its path. */
export function describeRequest(r) {
  const t = fakeTarget(r.host, r.path.split('?')[0]);
  return t ? `${t.realHost}${r.path.startsWith('/fake/') ? r.path.slice(6 + t.realHost.length) : r.path}` : `${r.host}${r.path}`;
}

/**
 * Opens `path` in a fresh context, waits for Consentry's core and the banner, then lets the page
 * settle. Returns { context, page, errors, mark } where mark is the request count at load.
 */
export async function openPage(b, path, { mode = 'real', banner = true, settle = 700, context } = {}) {
  const ctx = context || (await b.browser.newContext({ viewport: { width: 1280, height: 860 } }));
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const mark = b.requests.length;
  await page.goto(b.pageOrigin(mode) + path);
  await page.waitForFunction(() => !!(window.consentry && window.consentry.getConsent && window.consentry.getConsent()), null, { timeout: 15000 });
  if (banner) await page.locator('consentry-ui [data-action="accept-all"]').waitFor({ state: 'visible', timeout: 15000 });
  await page.waitForTimeout(settle);
  return { context: ctx, page, errors, mark };
}

/** Clicks a first-layer button of the real banner: 'accept-all' | 'reject-all' | 'preferences'. */
export async function clickBanner(page, action) {
  await page.locator(`consentry-ui [data-action="${action}"]`).click();
}

/** Waits until `fn()` is truthy (polling), or throws with `what` and the last value. */
export async function until(fn, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last === undefined ? '' : ` (last: ${JSON.stringify(last)})`}`);
}

/** Cookie names in the context's jar (first- and third-party, partitioned included). */
export async function cookieNames(context) {
  return (await context.cookies()).map((c) => c.name);
}

/** Paths requested from the fakes (real host + path, no query) since `from`. */
export function trackerPaths(b, from = 0) {
  return [...new Set(b.trackerRequests(from).map((r) => describeRequest(r).split('?')[0]))].sort();
}

/** The inspector's data (consentry.inspector.snapshot()). */
export function inspectorSnapshot(page) {
  return page.evaluate(() => window.consentry.inspector.snapshot());
}
