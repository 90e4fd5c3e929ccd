// Issue #3: declared markup (Consentry / vanilla-cookieconsent data-category, Cookiebot
// data-cookieconsent), release order and attributes, "!category", no double execution,
// returning visitors, undeclared tags in the page's HTML, tag-manager chains and placeholders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sendFile } from '../../demo-site/server.mjs';
import {
  FB, GA, GTM, SITE, YT, cookieNames, dist, hostCategory, open, pathsSince, ran, recordCookie, settle, since, startGate,
} from './fixtures-gate/helpers.mjs';

async function until(page, cond, ms = 4000) {
  const end = Date.now() + ms;
  while (Date.now() < end && !(await cond())) await page.waitForTimeout(50);
}
const count = (list, x) => list.filter((y) => y == x).length;
const PREFS_OFF_ANALYTICAL = 1 | 2 | 4; // preferences mirror analytical when the site has no preferences category

let b;
before(async () => {
  b = await startGate();
  assert.equal(await hostCategory(GA), 'analytical');
  assert.equal(await hostCategory(FB), 'targeting');
  assert.equal(await hostCategory('www.facebook.com'), 'targeting');
  assert.equal(await hostCategory(YT), 'targeting');
  assert.equal(await hostCategory(GTM), 'analytical', `the database must call ${GTM} analytical for the chain test`);
});
after(async () => {
  await b?.close();
});

test('first visit: declared markup stays inert, the banner is loaded once', async () => {
  const t = await open(b, 'markup.html');
  try {
    await settle(t.page, 400);
    assert.deepEqual(await ran(t.page), ['first-party']);
    assert.deepEqual(pathsSince(b, t.mark, GA), []);
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
    assert.deepEqual(pathsSince(b, t.mark, YT), []);
    assert.deepEqual(await t.page.evaluate(() => [window.__uiStarts, window.__uiShown]), [1, true]);
  } finally {
    await t.close();
  }
});

test('accepting analytical releases declared scripts in document order, keeps their attributes, runs !targeting', async () => {
  const t = await open(b, 'markup.html');
  try {
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, async () => (await ran(t.page)).length >= 10);
    await settle(t.page, 300);
    const r = await ran(t.page);
    const classic = r.filter((x) => !x.startsWith('module') && !x.endsWith('async.js'));
    assert.deepEqual(classic, [
      'first-party', `${GA}/m/slow.js`, 'inline-analytical', `${GA}/m/vanilla-src.js`, `${GA}/m/cookiebot.js`,
      'not-targeting', `${GA}/m/defer.js`, 'inline-analytical-2',
    ]);
    assert.ok(r.includes(`${GA}/m/async.js`), 'the async script ran');
    assert.ok(r.indexOf(`${GA}/m/async.js`) > r.indexOf(`${GA}/m/slow.js`), 'async did not hold back the others');
    assert.deepEqual(r.filter((x) => x.startsWith('module')), ['module-analytical:object'], 'data-type="module" ran as a module');
    assert.ok(!r.includes('inline-targeting') && !r.some((x) => x.startsWith(FB)));
    assert.equal(since(b, t.mark, GA, '/m/pixel.gif').length, 1, 'declared image');
    assert.deepEqual(pathsSince(b, t.mark, YT), [], 'targeting frames stay held');
    const attrs = await t.page.evaluate(() => {
      const s = [...document.scripts].find((x) => (x.src || '').includes('/m/async.js'));
      const d = [...document.scripts].find((x) => (x.src || '').includes('/m/defer.js'));
      return [s.type, s.hasAttribute('async'), d.hasAttribute('defer'), s.getAttribute('data-category')];
    });
    assert.deepEqual(attrs, ['', true, true, 'analytical']);
  } finally {
    await t.close();
  }
});

test('nothing runs twice, whatever the number of choices', async () => {
  const t = await open(b, 'markup.html');
  try {
    await t.page.evaluate(() => {
      consentry.acceptCategory(['analytical']);
      consentry.acceptCategory(['analytical']);
    });
    await settle(t.page, 800);
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await settle(t.page, 800);
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await settle(t.page, 500);
    const r = await ran(t.page);
    for (const x of new Set(r)) assert.equal(count(r, x), 1, `${x} ran once`);
    assert.ok(r.includes('inline-targeting') && r.includes(`${FB}/m/cookiebot-marketing.js`));
    assert.ok(r.includes('not-targeting'), 'ran while targeting was refused');
    for (const p of ['/m/slow.js', '/m/pixel.gif', '/m/cookiebot.js']) assert.equal(since(b, t.mark, GA, p).length, 1, p);
  } finally {
    await t.close();
  }
});

test('!targeting: runs on refusal, never with targeting granted, and on a later withdrawal', async () => {
  let t = await open(b, 'markup.html');
  try {
    await t.page.evaluate(() => consentry.rejectAll());
    await settle(t.page, 400);
    assert.deepEqual(await ran(t.page), ['first-party', 'not-targeting']);
  } finally {
    await t.close();
  }
  t = await open(b, 'markup.html');
  try {
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await settle(t.page, 800);
    assert.ok(!(await ran(t.page)).includes('not-targeting'));
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await settle(t.page, 400);
    assert.equal(count(await ran(t.page), 'not-targeting'), 1, 'withdrawing targeting released it');
  } finally {
    await t.close();
  }
});

// A returning visitor gets consentry-ui.js at idle time for the floating button
// (docs/js-contracts.md); without it (floatingButton: false) the UI bundle is never loaded
// unless asked for, which these two tests check.
const NO_FAB = { revision: 1, floatingButton: false };

// A release is decided when it is queued but runs in its turn: behind a declared script that
// takes 3 s to load (turns.html), the markup after it waits. A change of consent meanwhile decides
// that markup again: a withdrawal stops it (nothing the old accept-all allowed loads after it),
// a narrower choice lets through exactly what it grants, still in document order. The releases
// are the bootstrap's early release (declared markup only) or, with ?undeclared (a pixel only
// the classifier can decide), the classifier's.
const TURN_CHOICES = {
  'Reject all': { call: ['rejectAll'], runs: ['not-targeting'] },
  'analytical only': { call: ['acceptCategory', ['analytical']], runs: ['inline-analytical', 'not-targeting', 'inline-analytical-2'] },
};
for (const [path, query] of [['early release', ''], ['the classifier', 'undeclared=1']]) {
  for (const [label, choice] of Object.entries(TURN_CHOICES)) {
    test(`${label} while released scripts wait their turn (${path}): what has not run is decided again`, async () => {
      const t = await open(b, 'turns.html', { config: NO_FAB, query, cookies: [recordCookie({ granted: 15 })], wait: false, until: 'commit' });
      try {
        await until(t.page, async () => since(b, t.mark, GA, '/t/slow.js').length > 0 &&
          (await t.page.evaluate(() => window.consentry.getConsent() !== null)), 8000);
        // What had run, read in the same task as the choice is made.
        const before = await t.page.evaluate(([method, ...args]) => {
          const r = (window.__ran || []).slice();
          consentry[method](...args);
          return r;
        }, choice.call);
        assert.deepEqual(before, [], 'the choice came while the slow script was loading (nothing after it had run)');
        await until(t.page, async () => (await ran(t.page)).includes(`${GA}/t/slow.js`), 8000);
        await settle(t.page, 800);
        assert.deepEqual(await ran(t.page), [`${GA}/t/slow.js`, ...choice.runs], 'in document order, only what the new choice grants');
        assert.deepEqual(since(b, t.mark, FB).map((r) => r.path), [], 'the targeting script after it was never requested');
        assert.deepEqual(since(b, t.mark, 'www.facebook.com').map((r) => r.path), [], 'nor the pixels');
        assert.deepEqual(since(b, t.mark, YT).map((r) => r.path), [], 'nor the frame');
        assert.equal(await t.page.evaluate(() => consentry.acceptedCategory('targeting')), false);
        assert.deepEqual(t.consentryErrors(), []);
        assert.deepEqual(t.errors, []);
      } finally {
        await t.close();
      }
    });
  }
}

test('a withdrawal the page queues before the core loads: the stored accept-all releases nothing at DOMContentLoaded', async () => {
  const t = await open(b, 'turns.html', { config: NO_FAB, query: 'page-rejects=1', cookies: [recordCookie({ granted: 15 })] });
  try {
    await until(t.page, async () => (await ran(t.page)).includes('not-targeting'), 8000);
    await settle(t.page, 800);
    assert.deepEqual(await ran(t.page), ['not-targeting'], 'only what the withdrawal allows');
    for (const host of [GA, FB, 'www.facebook.com', YT]) assert.deepEqual(since(b, t.mark, host).map((r) => r.path), [], host);
    assert.deepEqual(await t.page.evaluate(() => consentry.getConsent().categories),
      { mandatory: true, preferences: false, analytical: false, targeting: false });
    assert.deepEqual(t.consentryErrors(), []);
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});

// The same after DOMContentLoaded: the bootstrap has released the declared markup (early release)
// and it waits behind slow.js when the page withdraws, while consentry-core.js has still not
// arrived (held back here). The call is queued; what was released and has not run must wait for
// the core, which takes it back when it replays the call.
test('a withdrawal the page queues after the early release, before the core loads: what waits its turn does not run', async () => {
  let sendCore;
  const coreHeld = new Promise((r) => (sendCore = r));
  b.state.override = (req, res, url) => {
    if (url.pathname != '/consentry/consentry-core.js') return false;
    coreHeld.then(() => sendFile(res, join(dist, 'consentry-core.js')));
    return true;
  };
  const t = await open(b, 'turns.html', { config: NO_FAB, cookies: [recordCookie({ granted: 15 })], wait: false, until: 'domcontentloaded' });
  try {
    await until(t.page, async () => since(b, t.mark, GA, '/t/slow.js').length > 0, 8000);
    const before = await t.page.evaluate(() => {
      const r = [(window.__ran || []).slice(), consentry.getConsent()];
      consentry.rejectAll();
      return r;
    });
    assert.deepEqual(before, [[], null], 'the call came while slow.js was loading, before the core');
    await until(t.page, async () => (await ran(t.page)).includes(`${GA}/t/slow.js`), 8000);
    await settle(t.page, 800);
    assert.deepEqual(await ran(t.page), [`${GA}/t/slow.js`], 'nothing queued behind slow.js ran while the core was away');
    sendCore();
    await until(t.page, async () => (await t.page.evaluate(() => consentry.getConsent() !== null)), 8000);
    await until(t.page, async () => (await ran(t.page)).includes('not-targeting'), 8000);
    await settle(t.page, 800);
    assert.deepEqual(await ran(t.page), [`${GA}/t/slow.js`, 'not-targeting'], 'the core decided it under the withdrawal');
    for (const host of [FB, 'www.facebook.com', YT]) assert.deepEqual(since(b, t.mark, host).map((r) => r.path), [], host);
    assert.equal(await t.page.evaluate(() => consentry.acceptedCategory('targeting')), false);
    assert.deepEqual(t.consentryErrors(), []);
    assert.deepEqual(t.errors, []);
  } finally {
    b.state.override = null;
    await t.close();
  }
});

// A frame or image is released in place: after a change of consent it is the gate's again, so
// a URL a page script sets on it later is decided by the choice of that moment (the next video
// in a player the visitor allowed before withdrawing), whether the classifier is in or not.
for (const withClassifier of [false, true]) {
  test(`after a withdrawal, a URL set on a frame or image released before it is decided again (${withClassifier ? 'the classifier in' : 'early release, before the classifier'})`, async () => {
    const t = await open(b, 'markup.html', { config: NO_FAB, cookies: [recordCookie({ granted: 15 })] });
    try {
      await until(t.page, () => t.page.evaluate(() => !!document.querySelector('iframe[data-category=targeting]').getAttribute('src')), 8000);
      if (withClassifier) {
        // A listener for the item list brings the classifier (unless it is in already).
        await t.page.evaluate(() => new Promise((r) => {
          addEventListener('consentry:classifier-ready', r);
          setTimeout(r, 5000);
          consentry.on('items', () => 0);
        }));
      }
      await settle(t.page, 300);
      const mark = b.requests.length;
      await t.page.evaluate(() => {
        consentry.acceptCategory(['analytical']); // targeting withdrawn
        document.querySelector('iframe[data-category=targeting]').src = 'https://www.youtube.com/embed/next.html';
        document.querySelector('img[data-category=analytical]').src = 'https://www.facebook.com/tr/after.gif';
      });
      await settle(t.page, 1000);
      assert.deepEqual(since(b, mark, YT).map((r) => r.path), [], 'the frame did not load its new URL');
      assert.deepEqual(since(b, mark, 'www.facebook.com').map((r) => r.path), [], 'nor the image a targeting pixel');
      await t.page.evaluate(() => (document.querySelector('img[data-category=analytical]').src = 'https://www.google-analytics.com/m/next.gif'));
      await settle(t.page, 500);
      assert.deepEqual(since(b, mark, GA, '/m/next.gif').length, 1, 'a URL the choice allows still loads');
      assert.deepEqual(t.errors, []);
    } finally {
      await t.close();
    }
  });
}

test('returning visitor: allowed scripts run without the banner, refused ones stay held', async () => {
  const t = await open(b, 'markup.html', { config: NO_FAB, cookies: [recordCookie({ granted: PREFS_OFF_ANALYTICAL })] });
  try {
    await until(t.page, async () => (await ran(t.page)).includes('inline-analytical-2'));
    const r = await ran(t.page);
    assert.ok(r.includes(`${GA}/m/slow.js`) && r.includes('not-targeting'));
    assert.ok(!r.includes('inline-targeting'));
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
    const state = await t.page.evaluate(() => [window.__uiStarts, consentry.getConsent().decided, consentry.acceptedCategory('analytical'),
      consentry.acceptedCategory('targeting'), __ev.map((e) => e[0]).filter((e) => e != 'consentry:ready' && e != 'consentry:core-ready')]);
    assert.deepEqual(state, [undefined, true, true, false, []], 'no banner, no consent event');
  } finally {
    await t.close();
  }
});

test('a record for another revision counts as no choice', async () => {
  const t = await open(b, 'markup.html', { cookies: [recordCookie({ granted: 15, revision: 0 })] });
  try {
    await settle(t.page, 300);
    assert.deepEqual(await ran(t.page), ['first-party']);
    assert.deepEqual(await t.page.evaluate(() => [window.__uiShown, consentry.getConsent().decided]), [true, false]);
  } finally {
    await t.close();
  }
});

test('undeclared tags in the HTML: not run, no cookie, the owner is told which markup to use', async () => {
  const t = await open(b, 'undeclared.html');
  try {
    await settle(t.page, 400);
    assert.deepEqual(await ran(t.page), ['first-party'], 'the analytics script did not run');
    assert.ok(!(await cookieNames(t.context)).includes('_ga'), 'no _ga cookie');
    assert.ok(!(await t.page.evaluate(() => /(^|; )_ga=/.test(document.cookie))), 'none in the page either');
    // The frame's navigation starts when the parser inserts it: it is cancelled when it can be,
    // and in any case taken away (no src) and replaced by a placeholder.
    const yt = pathsSince(b, t.mark, YT).length;
    assert.deepEqual(await t.page.evaluate(() => [document.querySelector('iframe').hasAttribute('src'),
      document.querySelectorAll('[data-consentry-placeholder]').length]), [false, 1]);
    const warn = t.warnings().find((w) => w.includes('/u/analytics.js'));
    assert.ok(warn, 'a console warning names the tag');
    const markup = `<script type="text/plain" data-category="analytical" data-src="https://${GA}/u/analytics.js?c=_ga"></script>`;
    assert.ok(warn.includes(markup), warn);
    assert.ok(t.warnings().some((w) => w.includes(`<img data-category="targeting" data-src="https://${FB}/u/tr.gif">`)));
    const items = await t.page.evaluate(() => window.__uiCtx.items());
    const it = items.find((x) => x.kind == 'script' && x.name.endsWith('/u/analytics.js'));
    assert.deepEqual([it.category, it.verdict, it.reason, it.advice, it.vendor], ['analytical', 'hold', 'undeclared-html', markup, 'Google Analytics']);
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, async () => (await ran(t.page)).length == 2);
    await settle(t.page, 200);
    assert.deepEqual(await ran(t.page), ['first-party', `${GA}/u/analytics.js`], 'runs once after consent');
    assert.ok(await t.page.evaluate(() => /(^|; )_ga=/.test(document.cookie)), 'and may write its cookie then');
    assert.equal(pathsSince(b, t.mark, YT).length, yt, 'targeting frame still held');
  } finally {
    await t.close();
  }
});

test('tag manager: the container and what it injects are each gated by their own category', async () => {
  const t = await open(b, 'tagmanager.html');
  try {
    await settle(t.page, 400);
    for (const h of [GTM, GA, FB, 'www.facebook.com']) assert.deepEqual(pathsSince(b, t.mark, h), [], h);
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, async () => pathsSince(b, t.mark, GA).length >= 2);
    await settle(t.page, 400);
    assert.deepEqual(pathsSince(b, t.mark, GTM), ['/tm/gtm.js']);
    assert.deepEqual(pathsSince(b, t.mark, GA).sort(), ['/tm/analytics.js', '/tm/collect.gif']);
    assert.deepEqual(pathsSince(b, t.mark, FB), [], 'the marketing script it injected is held');
    assert.deepEqual(pathsSince(b, t.mark, 'www.facebook.com'), [], 'and its pixel');
    assert.ok(await t.page.evaluate(() => /(^|; )_ga=/.test(document.cookie)), 'the analytics script wrote its cookie');
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    await until(t.page, async () => pathsSince(b, t.mark, 'www.facebook.com').length >= 2);
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, t.mark, FB), ['/tm/fbevents.js']);
    assert.deepEqual(pathsSince(b, t.mark, 'www.facebook.com').sort(), ['/tm/tr-from-fbevents.gif', '/tm/tr.gif']);
    const r = await ran(t.page);
    assert.deepEqual(r, [`${GTM}/tm/gtm.js`, `${GA}/tm/analytics.js`, `${FB}/tm/fbevents.js`]);
    assert.equal(pathsSince(b, t.mark, GTM).length, 1, 'the container loaded once');
  } finally {
    await t.close();
  }
});

test('placeholders: vendor and category named, "Load once" loads only that frame', async () => {
  const t = await open(b, 'markup.html');
  try {
    await settle(t.page, 200);
    const ph = await t.page.evaluate(() => [...document.querySelectorAll('[data-consentry-placeholder]')].map((el) => {
      const g = el.shadowRoot.querySelector('[role=group]');
      return {
        next: el.nextElementSibling.getAttribute('title'),
        label: g.getAttribute('aria-label'),
        text: g.querySelector('p').textContent,
        buttons: [...g.querySelectorAll('button')].map((x) => x.textContent),
        hidden: getComputedStyle(el.nextElementSibling).display,
        width: el.getBoundingClientRect().width,
        height: el.getBoundingClientRect().height,
      };
    }));
    assert.equal(ph.length, 2);
    assert.deepEqual(ph[0], {
      next: 'A video', label: 'YouTube content is blocked until you allow Marketing cookies.',
      text: 'YouTube content is blocked until you allow Marketing cookies.', buttons: ['Load once', 'Always allow Marketing'],
      hidden: 'none', width: 560, height: 315,
    });
    assert.equal(ph[1].next, 'Another video');
    await t.page.locator('[data-consentry-placeholder] >> nth=0').locator('button', { hasText: 'Load once' }).click();
    await until(t.page, async () => pathsSince(b, t.mark, YT).length >= 1);
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, t.mark, YT), ['/embed/abc.html']);
    assert.deepEqual(await t.page.evaluate(() => [document.querySelectorAll('[data-consentry-placeholder]').length,
      consentry.getConsent().decided, getComputedStyle(document.querySelector('iframe')).display]), [1, false, 'inline']);
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
  } finally {
    await t.close();
  }
});

test('placeholders: "Always allow Marketing" records the consent and releases everything targeting', async () => {
  const t = await open(b, 'markup.html');
  try {
    await settle(t.page, 200);
    await t.page.locator('[data-consentry-placeholder] >> nth=1').locator('button', { hasText: 'Always allow Marketing' }).click();
    await until(t.page, async () => pathsSince(b, t.mark, YT).length >= 2 && (await ran(t.page)).includes('inline-targeting'));
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, t.mark, YT).sort(), ['/embed/abc.html', '/embed/cookiebot.html']);
    const s = await t.page.evaluate(() => consentry.getConsent());
    assert.deepEqual([s.decided, s.categories.targeting, s.categories.analytical], [true, true, false]);
    assert.ok((await ran(t.page)).includes('inline-targeting'));
    assert.deepEqual(pathsSince(b, t.mark, GA), [], 'analytical was not granted');
    assert.equal(await t.page.evaluate(() => document.querySelectorAll('[data-consentry-placeholder]').length), 0);
    assert.ok((await cookieNames(t.context)).includes('consentry'));
  } finally {
    await t.close();
  }
});

test('autoBlock false: undeclared trackers pass, declared markup is still gated', async () => {
  const t = await open(b, 'vectors.html', { config: { revision: 1, autoBlock: false } });
  try {
    await until(t.page, async () => pathsSince(b, t.mark, FB).length > 10);
    assert.ok(pathsSince(b, t.mark, GA).length > 10, 'undeclared analytical vectors passed');
  } finally {
    await t.close();
  }
  const m = await open(b, 'markup.html', { config: { revision: 1, autoBlock: false } });
  try {
    await settle(m.page, 300);
    assert.deepEqual(await ran(m.page), ['first-party']);
    assert.deepEqual(pathsSince(b, m.mark, GA), []);
  } finally {
    await m.close();
  }
});

test('API and events: choices, copies, listeners, reset', async () => {
  const t = await open(b, 'markup.html');
  try {
    const out = await t.page.evaluate(async () => {
      const seen = [];
      const fn = (s) => seen.push(['change', s.categories.analytical, s.source]);
      consentry.on('change', fn);
      consentry.on('consent', (s) => seen.push(['consent', s.decided]));
      const before = consentry.acceptedCategory('analytical');
      consentry.acceptCategory(['analytical']);
      consentry.getConsent().categories.targeting = true;
      const ev = __ev.filter((e) => e[0] == 'consentry:change')[0][1];
      ev.categories.targeting = true;
      const afterAccept = [consentry.acceptedCategory('analytical'), consentry.acceptedCategory('targeting'), consentry.acceptedCategory('mandatory')];
      consentry.off('change', fn);
      consentry.rejectAll();
      const items = window.__uiCtx.items();
      consentry.reset();
      return {
        before, afterAccept, seen, afterReset: consentry.getConsent().decided, cookie: document.cookie.includes('consentry='),
        events: __ev.map((e) => e[0]).filter((e) => e.startsWith('consentry:c') && e != 'consentry:core-ready'),
        record: items.length > 0,
      };
    });
    assert.deepEqual(out.before, false);
    assert.deepEqual(out.afterAccept, [true, false, true], 'copies handed out do not change the state');
    assert.deepEqual(out.seen, [['consent', true], ['change', true, 'api']]);
    assert.equal(out.afterReset, false);
    assert.equal(out.cookie, false, 'reset deletes the record');
    assert.deepEqual(out.events, ['consentry:consent', 'consentry:change', 'consentry:change', 'consentry:change']);
    const ctx = await t.page.evaluate(() => {
      const c = window.__uiCtx;
      const st = c.choose(['targeting'], 'custom');
      return { st: [st.decided, st.categories.targeting, st.enabled], frozen: Object.isFrozen(c), cfg: Object.isFrozen(c.config.cookie), rev: c.config.revision };
    });
    assert.deepEqual(ctx, { st: [true, true, ['mandatory', 'analytical', 'targeting']], frozen: true, cfg: true, rev: 1 });
  } finally {
    await t.close();
  }
});

test('released scripts keep integrity, crossorigin and referrerpolicy (a wrong hash still refuses)', async () => {
  const { createHash } = await import('node:crypto');
  const body = (p) => `(function(){(window.__ran=window.__ran||[]).push(${JSON.stringify(GA + p)});})();`;
  const sri = 'sha384-' + createHash('sha384').update(body('/sri/good.js')).digest('base64');
  b.state.override = (req, res, url) => {
    if (url.pathname != '/sri.html') return false;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><html><head><script src="/consentry/consentry.js" data-config='{"revision":1}'></script>
<script type="text/plain" data-category="analytical" data-src="https://${GA}/sri/good.js" integrity="${sri}" crossorigin="anonymous" referrerpolicy="no-referrer"></script>
<script type="text/plain" data-category="analytical" data-src="https://${GA}/sri/bad.js" integrity="sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" crossorigin="anonymous"></script>
<script type="text/plain" data-category="analytical">(window.__ran=window.__ran||[]).push('after');</script>
</head><body></body></html>`);
    return true;
  };
  const t = await open(b, 'sri.html');
  try {
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, async () => (await ran(t.page)).includes('after'));
    assert.deepEqual(await ran(t.page), [`${GA}/sri/good.js`, 'after']);
    const good = b.requests.slice(t.mark).find((r) => r.path == '/sri/good.js');
    assert.ok(good, 'requested');
    const attrs = await t.page.evaluate(() => {
      const s = [...document.scripts].find((x) => (x.src || '').includes('/sri/good.js'));
      return [s.crossOrigin, s.referrerPolicy, s.integrity.slice(0, 7)];
    });
    assert.deepEqual(attrs, ['anonymous', 'no-referrer', 'sha384-']);
  } finally {
    b.state.override = null;
    await t.close();
  }
});

test('show(), showPreferences() and hide() load the UI on demand; a missing UI is reported clearly', async () => {
  let t = await open(b, 'markup.html', { config: NO_FAB, cookies: [recordCookie({ granted: 1 + 2 + 4 }), { name: '_gid', value: 'x', domain: SITE, path: '/' }] });
  try {
    assert.equal(await t.page.evaluate(() => window.__uiStarts), undefined, 'decided: no banner bundle');
    await t.page.evaluate(() => consentry.show());
    await t.page.waitForFunction(() => window.__uiShown === true);
    await t.page.evaluate(() => { consentry.hide(); consentry.showPreferences(); });
    await t.page.waitForFunction(() => window.__uiPrefs === true);
    assert.deepEqual(await t.page.evaluate(() => [window.__uiStarts, window.__uiShown]), [1, false]);
    const items = await t.page.evaluate(() => window.__uiCtx.items());
    assert.ok(items.some((i) => i.kind == 'cookie' && i.name == '_gid' && i.category == 'analytical' && i.vendor == 'Google Analytics'),
      'existing cookies are listed');
  } finally {
    await t.close();
  }
  b.state.override = (req, res, url) => {
    if (url.pathname != '/consentry/consentry-ui.js') return false;
    res.writeHead(404).end();
    return true;
  };
  t = await open(b, 'markup.html');
  try {
    await settle(t.page, 300);
    const errs = t.consentryErrors();
    assert.equal(errs.length, 1);
    assert.match(errs[0], /^Consentry: the banner UI \(.*consentry-ui\.js\) could not load/);
  } finally {
    b.state.override = null;
    await t.close();
  }
});
