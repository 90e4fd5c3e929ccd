// Page benchmark in real Chromium (playwright-core, /usr/bin/chromium): every page, every
// profile, N fresh browser contexts each, pages interleaved round-robin so that noise spreads over
// all of them. Per run:
//   first visit  fresh context, no state: time to banner visible, bytes (before the banner and in
//                total), long tasks, CLS, JS heap; the gated scripts must not have run. Then the
//                manager's real "accept all" button is clicked: both gated scripts must run; the
//                context's cookies and storage are kept (each manager's own format).
//   returning    a new fresh context holding exactly that state (storageState): time from
//                navigation start until the consented analytics script runs; no banner.
// Once per page and profile, a "reject all" check: click the real reject button, nothing may run,
// then reload: still nothing, and no banner.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../tests/lib/browser.mjs';
import { repoRoot } from '../../tests/lib/fixtures.mjs';
import { observer } from './observer.mjs';
import { sizesOf, startBenchServer } from './server.mjs';

export const PROFILES = {
  desktop: { id: 'desktop', label: 'desktop (no throttling)', cpu: 1, net: null },
  slow: {
    id: 'slow',
    label: '4x CPU, 150 ms RTT, 1.6 Mbps down / 750 kbps up',
    cpu: 4,
    net: { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 },
  },
};

const VIEWPORT = { width: 1366, height: 768 };
const HOST = 'www.shop.example';

export async function launchEnv({ encoding = 'br' } = {}) {
  const server = await startBenchServer({ encoding });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // Real visitors are not automation: without this navigator.webdriver is true and
    // vanilla-cookieconsent (hideFromBots, on by default) never shows its banner.
    ignoreDefaultArgs: ['--enable-automation'],
    args: [
      ...CHROMIUM_ARGS,
      '--disable-blink-features=AutomationControlled',
      `--host-resolver-rules=MAP * 127.0.0.1:${server.port}, EXCLUDE localhost`,
    ],
  });
  return {
    server,
    browser,
    encoding,
    origin: server.origin(HOST),
    version: browser.version(),
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Why the page cannot be measured yet ('' when it can). */
export function missingFiles(manager) {
  const missing = (manager.needs || []).filter((f) => !existsSync(join(repoRoot, f)));
  return missing.length ? `waiting for ${missing.join(', ')}` : '';
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openPage(env, manager, profile, storageState) {
  const context = await env.browser.newContext({
    viewport: VIEWPORT,
    ignoreHTTPSErrors: true,
    storageState,
    serviceWorkers: 'block',
  });
  await context.addInitScript(observer, { banner: manager.banner });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  if (profile.net) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profile.net });
  }
  // In-flight requests, for "network quiet".
  const net = { inflight: 0, last: Date.now(), failed: [] };
  page.on('request', () => {
    net.inflight++;
    net.last = Date.now();
  });
  const done = () => {
    net.inflight = Math.max(0, net.inflight - 1);
    net.last = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', (r) => {
    net.failed.push(r.url());
    done();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e && e.message ? e.message : e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, cdp, net, errors };
}

/** Polls the page until `cond(state)` holds and the network has been quiet for `quietMs`. */
async function settle(p, cond, { timeout, quietMs = 1000 }) {
  const t0 = Date.now();
  let state = null;
  for (;;) {
    state = await p.page.evaluate(() => ({
      banner: window.__bench.banner,
      opaque: window.__bench.bannerOpaque,
      ran: { ...(window.__benchRan || {}) },
      loaded: document.readyState === 'complete',
      now: performance.now(),
    }));
    const quiet = p.net.inflight === 0 && Date.now() - p.net.last >= quietMs;
    if (cond(state) && state.loaded && quiet) return { ...state, timedOut: false };
    if (Date.now() - t0 > timeout) return { ...state, timedOut: true };
    await sleep(100);
  }
}

async function collect(p) {
  const data = await p.page.evaluate(() => {
    const pick = (e) => ({
      name: e.name,
      start: e.startTime,
      end: e.responseEnd,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
      transfer: e.transferSize,
      type: e.initiatorType,
    });
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      bench: JSON.parse(JSON.stringify(window.__bench)),
      ran: { ...(window.__benchRan || {}) },
      resources: [pick(nav), ...performance.getEntriesByType('resource').map(pick)],
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      now: performance.now(),
    };
  });
  let heap = null;
  let backing = null;
  try {
    await p.cdp.send('HeapProfiler.collectGarbage');
    const u = await p.cdp.send('Runtime.getHeapUsage');
    heap = u.usedSize;
    backing = u.backingStorageSize ?? null; // ArrayBuffers and external strings, outside the JS heap
  } catch {
    /* not available */
  }
  return { ...data, heap, backing };
}

/** Cumulative layout shift: the largest session window (gap < 1 s, window <= 5 s). */
export function cls(shifts) {
  let best = 0;
  let cur = 0;
  let first = -Infinity;
  let prev = -Infinity;
  for (const s of [...shifts].sort((a, b) => a.t - b.t)) {
    if (s.t - prev > 1000 || s.t - first > 5000) {
      cur = 0;
      first = s.t;
    }
    cur += s.value;
    prev = s.t;
    best = Math.max(best, cur);
  }
  return best;
}

function isOwn(manager, url, pageUrl) {
  if (!manager.prefixes.length) return false;
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (url.split('#')[0] === pageUrl) return true; // the manager's inline config / init scripts
  return manager.prefixes.some((p) => u.pathname.startsWith(p));
}

/** Bytes, long tasks and attribution from what the page recorded. */
function analyse(manager, data, pageUrl, bannerAt, encoding) {
  const files = data.resources.map((r) => {
    const path = new URL(r.name).pathname;
    const s = sizesOf(path) || { raw: r.decoded, gzip: r.encoded, br: r.encoded };
    return { path, start: r.start, end: r.end, encoded: r.encoded, own: isOwn(manager, r.name, pageUrl) && r.type !== 'navigation', ...s };
  });
  const sum = (list, k) => list.reduce((a, f) => a + f[k], 0);
  const before = bannerAt == null ? [] : files.filter((f) => f.end <= bannerAt);
  const startedBefore = bannerAt == null ? [] : files.filter((f) => f.start <= bannerAt);
  const served = encoding === 'identity' ? 'raw' : encoding;
  const mismatches = files.filter((f) => f.encoded && f.encoded !== f[served]).map((f) => `${f.path}: ${f.encoded} != ${f[served]}`);

  // Long tasks, and which of them ran the manager's own scripts (long-animation-frame attribution).
  const own = [];
  for (const frame of data.bench.loaf)
    for (const s of frame.scripts) if (isOwn(manager, s.url, pageUrl)) own.push(s);
  const ownTasks = data.bench.longtasks.filter((t) => own.some((s) => s.start < t.start + t.duration && s.start + s.duration > t.start));
  return {
    files,
    bytes: {
      total: { gzip: sum(files, 'gzip'), br: sum(files, 'br'), raw: sum(files, 'raw'), count: files.length },
      ownTotal: { gzip: sum(files.filter((f) => f.own), 'gzip'), br: sum(files.filter((f) => f.own), 'br'), raw: sum(files.filter((f) => f.own), 'raw') },
      before: { gzip: sum(before, 'gzip'), br: sum(before, 'br'), raw: sum(before, 'raw'), count: before.length },
      ownBefore: { gzip: sum(before.filter((f) => f.own), 'gzip'), br: sum(before.filter((f) => f.own), 'br') },
      startedBefore: { gzip: sum(startedBefore, 'gzip'), br: sum(startedBefore, 'br'), count: startedBefore.length },
    },
    mismatches,
    longTasks: {
      count: data.bench.longtasks.length,
      total: data.bench.longtasks.reduce((a, t) => a + t.duration, 0),
      max: data.bench.longtasks.reduce((a, t) => Math.max(a, t.duration), 0),
      ownCount: ownTasks.length,
      ownMax: ownTasks.reduce((a, t) => Math.max(a, t.duration), 0),
      ownScriptMax: own.reduce((a, s) => Math.max(a, s.duration), 0),
      ownScripts: own.sort((a, b) => b.duration - a.duration).slice(0, 5),
    },
    cls: cls(data.bench.shifts),
  };
}

async function clickReal(p, selector, timeout) {
  await p.page.locator(selector).first().click({ timeout });
}

/** One first visit (+ accept all). Returns the measurements and the accepted state. */
export async function firstVisit(env, manager, profile, { accept = true } = {}) {
  const slow = profile.cpu > 1 || !!profile.net;
  const timeout = slow ? 45000 : 20000;
  const p = await openPage(env, manager, profile);
  const url = env.origin + manager.page;
  try {
    await p.page.goto(url, { waitUntil: 'commit', timeout });
    const st = await settle(p, (s) => !manager.banner || s.opaque != null, { timeout });
    const data = await collect(p);
    const bannerAt = data.bench.banner;
    const res = {
      ok: true,
      timedOut: st.timedOut,
      banner: bannerAt,
      bannerOpaque: data.bench.bannerOpaque,
      bannerRect: data.bench.bannerRect,
      fcp: data.bench.paints['first-contentful-paint'] ?? null,
      dcl: data.dcl,
      load: data.load,
      heap: data.heap,
      backing: data.backing,
      ranBeforeConsent: Object.keys(data.ran),
      errors: p.errors.slice(0, 5),
      failed: p.net.failed.slice(0, 5),
      ...analyse(manager, data, url, bannerAt, env.encoding),
    };
    if (manager.banner && accept) {
      const t0 = Date.now();
      try {
        await clickReal(p, manager.accept, timeout);
        const a = await settle(p, (s) => 'analytics' in s.ran && 'ads' in s.ran, { timeout, quietMs: 300 });
        res.accept = { ok: !a.timedOut, ran: Object.keys(a.ran), ms: Date.now() - t0 };
        await sleep(300);
        res.state = await p.context.storageState();
      } catch (e) {
        res.accept = { ok: false, error: String(e.message || e).split('\n')[0] };
      }
    }
    return res;
  } catch (e) {
    return { ok: false, error: String(e.message || e).split('\n')[0], errors: p.errors.slice(0, 5) };
  } finally {
    await p.context.close();
  }
}

/** A returning visitor who accepted all: time until the analytics script runs. */
export async function returningVisit(env, manager, profile, state) {
  const slow = profile.cpu > 1 || !!profile.net;
  const timeout = slow ? 45000 : 20000;
  const p = await openPage(env, manager, profile, state);
  const url = env.origin + manager.page;
  try {
    await p.page.goto(url, { waitUntil: 'commit', timeout });
    const st = await settle(p, (s) => 'analytics' in s.ran && 'ads' in s.ran, { timeout });
    await sleep(200); // a banner that would (wrongly) show right after
    const data = await collect(p);
    return {
      ok: true,
      timedOut: st.timedOut,
      analytics: data.ran.analytics ?? null,
      ads: data.ran.ads ?? null,
      bannerShown: data.bench.banner != null,
      heap: data.heap,
      errors: p.errors.slice(0, 5),
      ...analyse(manager, data, url, null, env.encoding),
    };
  } catch (e) {
    return { ok: false, error: String(e.message || e).split('\n')[0] };
  } finally {
    await p.context.close();
  }
}

/** Reject all, then reload: nothing gated may run, and the banner must not come back. */
export async function rejectCheck(env, manager, profile) {
  const slow = profile.cpu > 1 || !!profile.net;
  const timeout = slow ? 45000 : 20000;
  const p = await openPage(env, manager, profile);
  const url = env.origin + manager.page;
  try {
    await p.page.goto(url, { waitUntil: 'commit', timeout });
    await settle(p, (s) => s.opaque != null, { timeout });
    await clickReal(p, manager.reject, timeout);
    await sleep(1500);
    const after = await settle(p, () => true, { timeout });
    await p.page.reload({ waitUntil: 'commit', timeout });
    await sleep(500);
    const reload = await settle(p, () => true, { timeout });
    await sleep(1000);
    const bannerAgain = await p.page.evaluate(() => window.__bench.banner != null);
    const ranAfterReload = await p.page.evaluate(() => Object.keys(window.__benchRan || {}));
    const ok = Object.keys(after.ran).length === 0 && ranAfterReload.length === 0 && !bannerAgain && !reload.timedOut;
    return { ok, ranAfterReject: Object.keys(after.ran), ranAfterReload, bannerAgain };
  } catch (e) {
    return { ok: false, error: String(e.message || e).split('\n')[0] };
  } finally {
    await p.context.close();
  }
}

/**
 * Runs the page benchmark. Options: managers (ids), profiles (ids), runs, encoding, log(fn),
 * reject (bool). Returns { env: {chromium}, results: {profile: {manager: {...}}} }.
 */
export async function runPages({ managers, profiles = ['desktop', 'slow'], runs = 15, encoding = 'br', reject = true, log = () => {} }) {
  const env = await launchEnv({ encoding });
  const results = {};
  try {
    // Warm-up (not recorded): the server compresses every file once, Chromium starts its processes.
    for (const m of managers) if (!missingFiles(m)) await firstVisit(env, m, PROFILES.desktop, { accept: false });
    for (const pid of profiles) {
      const profile = PROFILES[pid];
      results[pid] = {};
      const active = [];
      for (const m of managers) {
        const why = missingFiles(m);
        results[pid][m.id] = { manager: m.id, skipped: why || null, first: [], returning: [], reject: null };
        if (!why) active.push(m);
      }
      for (let run = 0; run < runs; run++) {
        const order = active.map((_, i) => active[(i + run) % active.length]);
        for (const m of order) {
          const r = results[pid][m.id];
          const first = await firstVisit(env, m, profile);
          const state = first.state;
          delete first.state;
          r.first.push(first);
          const ret = await returningVisit(env, m, profile, m.banner ? state : undefined);
          r.returning.push(ret);
          log(`${pid} run ${run + 1}/${runs} ${m.id}: banner ${fmt(first.banner)} ms, returning analytics ${fmt(ret.analytics)} ms` +
            (first.ok ? '' : ` ERROR ${first.error}`) + (first.accept && !first.accept.ok ? ' ACCEPT FAILED' : ''));
        }
      }
      if (reject)
        for (const m of active)
          if (m.banner) {
            results[pid][m.id].reject = await rejectCheck(env, m, profile);
            log(`${pid} reject check ${m.id}: ${results[pid][m.id].reject.ok ? 'ok' : 'FAILED ' + JSON.stringify(results[pid][m.id].reject)}`);
          }
    }
  } finally {
    await env.close();
  }
  return { chromium: env.version, encoding, runs, results };
}

const fmt = (v) => (v == null ? '-' : Math.round(v));
