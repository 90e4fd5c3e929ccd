// Issue #4: the visitor's choice end to end with the real bundles (bootstrap, core, banner UI):
// first visit, accept all, reject all, a custom choice, persistence across page views, a new
// config revision, expiry, withdrawal and the sweep, reset, the floating button and
// [data-consentry-open] for returning visitors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FB, GA, SITE, newContext, openIn, ran, recordCookie, serve, since, startConsent, state, ui, until,
} from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

const GATED = [`${GA}/a/analytics.js`, 'inline-analytical', `${FB}/a/pixel.js`, 'not-targeting', 'inline-preferences'];
const gated = async (page) => (await ran(page)).filter((x) => GATED.includes(x));
const events = (page) => page.evaluate(() => __ev.filter((e) => e[0] == 'consentry:consent' || e[0] == 'consentry:change').map((e) => [e[0], e[1].source]));
const cookieNames = async (context) => (await context.cookies()).map((c) => c.name).sort();
const ALL = { mandatory: true, preferences: true, analytical: true, targeting: true };
const NONE = { mandatory: true, preferences: false, analytical: false, targeting: false };

test('first visit: the banner, nothing gated, no record; "Accept all" runs everything once and is remembered', async () => {
  const context = await newContext(b);
  try {
    let { page, errors } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await gated(page), [], 'nothing gated before the choice');
    assert.deepEqual(since(b, 0, '/a/').filter((r) => r.host == GA || r.host == FB), []);
    let s = await state(page);
    assert.equal(s.decided, false);
    assert.equal(s.record, null);
    assert.deepEqual(s.categories, NONE);
    assert.ok(!(await context.cookies()).some((c) => c.name == 'consentry'));

    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await gated(page)).length == 4);
    await page.waitForTimeout(300);
    assert.deepEqual(await gated(page), [`${GA}/a/analytics.js`, 'inline-analytical', `${FB}/a/pixel.js`, 'inline-preferences'],
      'document order; preferences follow analytical (no preferences category); !targeting stays held');
    s = await state(page);
    assert.equal(s.decided, true);
    assert.deepEqual(s.categories, ALL);
    assert.deepEqual(await events(page), [['consentry:consent', 'accept-all'], ['consentry:change', 'accept-all']]);
    assert.deepEqual((await ui.shown(page)), { banner: false, prefs: false, fab: true });
    assert.deepEqual(errors, []);

    // The next page view: no banner, the same choice, each tag once.
    ({ page, errors } = await openIn(b, context, 'page.html'));
    await until(page, async () => (await gated(page)).length == 4);
    await until(page, async () => (await ui.shown(page)).fab);
    assert.deepEqual(await ui.shown(page), { banner: false, prefs: false, fab: true }, 'the floating button, no banner');
    assert.deepEqual((await state(page)).categories, ALL);
    await page.waitForTimeout(300);
    const r = await gated(page);
    assert.deepEqual([...r].sort(), [`${GA}/a/analytics.js`, 'inline-analytical', `${FB}/a/pixel.js`, 'inline-preferences'].sort());
    assert.deepEqual(await events(page), [], 'no consent event for a stored choice');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('"Reject all": only !targeting runs, on this page view and the next; the banner does not come back', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=reject-all]');
    await until(page, async () => (await gated(page)).length == 1);
    await page.waitForTimeout(300);
    assert.deepEqual(await gated(page), ['not-targeting']);
    assert.deepEqual((await state(page)).categories, NONE);
    assert.equal((await state(page)).decided, true);
    ({ page } = await openIn(b, context, 'page.html'));
    await page.waitForTimeout(400);
    assert.deepEqual(await gated(page), ['not-targeting']);
    assert.equal((await ui.shown(page)).banner, false);
    assert.equal((await state(page)).decided, true);
  } finally {
    await context.close();
  }
});

test('a custom choice in the preferences: exactly the switched-on categories, kept on the next page view', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await page.evaluate(() => consentry.showPreferences());
    await page.waitForFunction(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]'));
    await page.locator('consentry-ui .prefs label[for=sw-analytical]').click();
    await page.locator('consentry-ui .prefs [data-action=save]').click();
    await until(page, async () => (await gated(page)).length == 4);
    await page.waitForTimeout(300);
    assert.deepEqual(await gated(page), [`${GA}/a/analytics.js`, 'inline-analytical', 'not-targeting', 'inline-preferences']);
    assert.deepEqual((await state(page)).categories, { mandatory: true, preferences: true, analytical: true, targeting: false });
    assert.deepEqual(await events(page), [['consentry:consent', 'custom'], ['consentry:change', 'custom']]);
    ({ page } = await openIn(b, context, 'page.html'));
    await until(page, async () => (await gated(page)).length == 4);
    assert.deepEqual((await gated(page)).sort(), [`${GA}/a/analytics.js`, 'inline-analytical', 'not-targeting', 'inline-preferences'].sort());
    assert.equal((await state(page)).categories.targeting, false);
  } finally {
    await context.close();
  }
});

test('a new config revision asks everyone again; the old record grants nothing', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html', { config: { revision: 1 } });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await gated(page)).length == 4);
    ({ page } = await openIn(b, context, 'page.html', { config: { revision: 2 } }));
    await ui.banner(page);
    await page.waitForTimeout(400);
    assert.equal((await state(page)).decided, false);
    assert.deepEqual(await gated(page), []);
    await ui.click(page, '.banner [data-action=reject-all]');
    assert.equal((await state(page)).record.revision, 2);
  } finally {
    await context.close();
  }
});

test('expiry: the record is honoured until its expiry and ignored after it (clock moved forward)', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    const { expiry, last } = (await state(page)).record;
    assert.equal(expiry - last, 182 * 86400, 'the default lifetime');

    page = await context.newPage();
    await page.clock.setFixedTime(new Date((expiry - 3600) * 1000));
    await page.goto(`${b.origin()}/page.html`);
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'));
    assert.equal((await state(page)).decided, true, 'an hour before expiry');

    page = await context.newPage();
    await page.clock.setFixedTime(new Date((expiry + 60) * 1000));
    await page.goto(`${b.origin()}/page.html`);
    await ui.banner(page);
    await page.waitForTimeout(300);
    assert.equal((await state(page)).decided, false, 'a minute after expiry');
    assert.deepEqual(await gated(page), []);
  } finally {
    await context.close();
  }
});

test('a near-expiry record (forged) is honoured; an expired one asks again', async () => {
  const now = Math.floor(Date.now() / 1000);
  let context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4, expiry: now + 120 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await until(page, async () => (await gated(page)).length == 4);
    assert.deepEqual((await state(page)).categories, { mandatory: true, preferences: true, analytical: true, targeting: false });
  } finally {
    await context.close();
  }
  context = await newContext(b, { cookies: [recordCookie({ granted: 15, last: now - 7200, expiry: now - 60 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    assert.equal((await state(page)).decided, false);
  } finally {
    await context.close();
  }
});

test('withdrawal sweeps the withdrawn category\'s cookies, "Reject all" the rest; Consentry\'s record stays', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await cookieNames(context)).includes('_fbp') && (await cookieNames(context)).includes('_ga'));
    await page.evaluate(() => consentry.showPreferences());
    await page.waitForFunction(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]'));
    assert.equal(await page.locator('consentry-ui .prefs input[data-category=targeting]').isChecked(), true);
    await page.locator('consentry-ui .prefs label[for=sw-targeting]').click();
    await page.locator('consentry-ui .prefs [data-action=save]').click();
    await until(page, async () => !(await cookieNames(context)).includes('_fbp'));
    let names = await cookieNames(context);
    assert.ok(!names.includes('_fbp') && names.includes('_ga') && names.includes('consentry'), names.join());
    assert.ok((await ran(page)).includes('not-targeting'), 'withdrawing targeting released !targeting');
    await page.evaluate(() => consentry.rejectAll());
    await until(page, async () => !(await cookieNames(context)).includes('_ga'));
    names = await cookieNames(context);
    assert.deepEqual(names, ['consentry']);
    assert.deepEqual((await page.evaluate(() => __ev.filter((e) => e[0] == 'consentry:change').map((e) => e[1].source))), ['accept-all', 'custom', 'api']);
  } finally {
    await context.close();
  }
});

test('reset(): the record is gone, the banner asks again (UI already running, or loaded for it)', async () => {
  for (const config of [{ revision: 1 }, { revision: 1, floatingButton: false }]) {
    const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
    try {
      const { page } = await openIn(b, context, 'page.html', { config });
      if (config.floatingButton !== false) await until(page, async () => (await ui.shown(page)).fab);
      else assert.equal(await page.evaluate(() => !!window.__consentryUi), false, 'floatingButton false: no UI yet');
      await page.evaluate(() => consentry.reset());
      await until(page, async () => (await ui.shown(page)).banner);
      assert.equal((await ui.shown(page)).banner, true, JSON.stringify(config));
      assert.equal((await state(page)).decided, false);
      assert.ok(!(await context.cookies()).some((c) => c.name == 'consentry'));
      assert.deepEqual(await page.evaluate(() => __ev.filter((e) => e[0] == 'consentry:change').map((e) => e[1].source)), ['reset']);
    } finally {
      await context.close();
    }
  }
});

// A change made while the classifier is still loading (the wasm held back here) is decided when
// it is in, and what the classifier's hook does besides deciding applies then too: a reset's
// sweep, and reloadOnWithdraw after a withdrawal from the choice early release ran scripts by.
test('reset() and a withdrawal before the classifier is in: swept, and reloaded with reloadOnWithdraw, once it is', async () => {
  for (const change of ['reset', 'rejectAll']) {
    let sendWasm;
    b.state.delay['/consentry/consentry.wasm'] = new Promise((r) => (sendWasm = r));
    const context = await newContext(b, { cookies: [recordCookie({ granted: 15 }), { name: '_ga', value: 'GA1.1.123.456', domain: SITE, path: '/' }] });
    await context.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierIn = true)));
    try {
      const config = { revision: 1, floatingButton: false, reloadOnWithdraw: change == 'rejectAll' };
      const { page } = await openIn(b, context, 'page.html', { config, wait: 'ready' });
      await page.evaluate(() => localStorage.setItem('_ga_TEST', '1'));
      await until(page, async () => (await ran(page)).includes(`${GA}/a/analytics.js`), 8000);
      let reloads = 0;
      page.on('framenavigated', (f) => f === page.mainFrame() && reloads++);
      assert.equal(await page.evaluate(() => !!window.__classifierIn), false, 'the classifier is not in yet');
      await page.evaluate((m) => consentry[m](), change);
      sendWasm();
      if (change == 'reset') {
        await until(page, async () => !(await cookieNames(context)).includes('_ga'), 8000);
        assert.deepEqual(await cookieNames(context), [], 'the reset swept _ga (and the record is gone)');
        assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), [], 'and the storage key');
        assert.equal(reloads, 0);
      } else {
        await until(page, async () => reloads > 0, 8000);
        assert.equal(reloads, 1, 'reloaded once the classifier was in');
        assert.deepEqual(await cookieNames(context), ['consentry'], '_ga swept');
      }
    } finally {
      delete b.state.delay['/consentry/consentry.wasm'];
      await context.close();
    }
  }
});

// Cookie writes the page makes before the core (or the classifier) is there are queued; their
// order is the page's. A cookie written and deleted again (a "cookies enabled?" probe) stays
// deleted, and a write made after a withdrawal the page queued is decided under the withdrawal,
// also when the wasm then fails (fail closed writes only what the config declares mandatory).
test('cookie writes queued before the core: a write then its deletion stays deleted, whether the core or the classifier is awaited', async () => {
  for (const held of ['/consentry/consentry-core.js', '/consentry/consentry.wasm']) {
    let send;
    b.state.delay[held] = new Promise((r) => (send = r));
    const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
    await context.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierIn = true)));
    try {
      const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, floatingButton: false }, wait: false, until: 'domcontentloaded' });
      const before = await page.evaluate(() => {
        const r = [!!window.__consentryCoreLoader, !!window.__classifierIn];
        document.cookie = 'probe=1; path=/';
        document.cookie = 'probe=; max-age=0; path=/';
        return r;
      });
      assert.deepEqual(before, [held.endsWith('.wasm') && before[0], false], `${held}: written before it arrived`);
      send();
      await until(page, () => page.evaluate(() => !!window.__classifierIn), 10000);
      await until(page, async () => (await cookieNames(context)).includes('_ga'), 8000);
      assert.ok(!(await cookieNames(context)).includes('probe'), `${held}: the deleted cookie came back: ${await cookieNames(context)}`);
    } finally {
      delete b.state.delay[held];
      await context.close();
    }
  }
});

test('a cookie written after a withdrawal the page queued before the core is decided under the withdrawal (also when the wasm fails)', async () => {
  const config = { revision: 1, floatingButton: false, cookies: [{ name: 'stats_id', category: 'analytical' }] };
  for (const wasm of ['ok', '404']) {
    let sendCore;
    b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (sendCore = r));
    b.state.override = wasm == '404' ? serve('/consentry/consentry.wasm', 404, 'text/plain', 'no') : null;
    const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
    await context.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierIn = true)));
    try {
      const { page, logs } = await openIn(b, context, 'page.html', { config, wait: false, until: 'domcontentloaded' });
      await page.evaluate(() => {
        consentry.rejectAll();
        document.cookie = 'stats_id=abc; path=/';
      });
      sendCore();
      await until(page, () => page.evaluate(() => consentry.getConsent() !== null), 10000);
      if (wasm == '404') await until(page, async () => logs.some((l) => l.type == 'error' && /^Consentry: the wasm core could not load/.test(l.text)), 10000);
      else await until(page, () => page.evaluate(() => !!window.__classifierIn), 10000);
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => consentry.acceptedCategory('analytical')), false);
      assert.ok(!(await cookieNames(context)).includes('stats_id'), `wasm ${wasm}: ${await cookieNames(context)}`);
    } finally {
      delete b.state.delay['/consentry/consentry-core.js'];
      b.state.override = null;
      await context.close();
    }
  }
});

// A 'change' listener that changes the consent again (a site's rule: no targeting here): every
// listener, the window's too, hears of both changes in the order they were made, the last one last.
test('a change made from a change listener: every listener gets the changes in order, the current one last', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 })] });
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, floatingButton: false } });
    const out = await page.evaluate(() => {
      const seen = { api: [], win: [] };
      const t = (s) => s.categories.targeting;
      consentry.on('change', (s) => t(s) && consentry.acceptCategory(['analytical']));
      consentry.on('change', (s) => seen.api.push(t(s)));
      addEventListener('consentry:change', (e) => seen.win.push(t(e.detail)));
      consentry.acceptCategory('all');
      return { ...seen, now: consentry.acceptedCategory('targeting') };
    });
    assert.deepEqual(out, { api: [true, false], win: [true, false], now: false });
    const gcm = await page.evaluate(() => dataLayer.filter((e) => e[0] == 'consent' && e[1] == 'update').map((e) => e[2].ad_storage));
    assert.equal(gcm.at(-1), 'denied', 'Consent Mode ends with the current state');
  } finally {
    await context.close();
  }
});

test('returning visitor: the floating button appears (UI loaded at idle) and opens the preferences', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await until(page, async () => (await ui.shown(page)).fab);
    assert.deepEqual(await ui.shown(page), { banner: false, prefs: false, fab: true });
    await ui.click(page, '.fab');
    await until(page, async () => (await ui.shown(page)).prefs);
    assert.equal(await page.locator('consentry-ui .prefs input[data-category=analytical]').isChecked(), true);
    assert.equal(await page.locator('consentry-ui .prefs input[data-category=targeting]').isChecked(), false);
  } finally {
    await context.close();
  }
  // floatingButton: false: no button, no UI bundle until asked.
  const context2 = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  try {
    const { page, mark } = await openIn(b, context2, 'page.html', { config: { revision: 1, floatingButton: false } });
    await page.waitForTimeout(600);
    assert.deepEqual(since(b, mark, 'consentry-ui'), []);
    assert.equal(await page.evaluate(() => !!document.querySelector('consentry-ui')), false);
  } finally {
    await context2.close();
  }
});

test('[data-consentry-open] works before the UI bundle has arrived (preferences, or ="banner" the banner)', async () => {
  for (const [link, layer] of [['#settings', 'prefs'], ['#again', 'banner']]) {
    const context = await newContext(b, { cookies: [recordCookie({ granted: 1 })] });
    b.state.delay['/consentry/consentry-ui.js'] = 1200;
    try {
      const { page } = await openIn(b, context, 'page.html', { wait: 'ready' });
      assert.equal(await page.evaluate(() => !!window.__consentryUi), false, 'the UI is not there yet');
      await page.locator(link).click();
      assert.equal(await page.evaluate(() => location.hash), '', 'the link\'s default action was prevented');
      await until(page, async () => (await ui.shown(page))[layer]);
      assert.equal((await ui.shown(page))[layer], true, link);
      // Once the UI runs, its own listener answers (and only it: one dialog).
      await page.keyboard.press('Escape');
      await until(page, async () => !(await ui.shown(page))[layer]);
      await page.locator('#settings').click();
      await until(page, async () => (await ui.shown(page)).prefs);
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.prefs').length), 1);
    } finally {
      delete b.state.delay['/consentry/consentry-ui.js'];
      await context.close();
    }
  }
});

test('the record cookie: first-party, SameSite=Lax, Path=/, the configured name', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, cookie: { name: 'cs_choice' } } });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=reject-all]');
    const c = (await context.cookies()).find((x) => x.name == 'cs_choice');
    assert.ok(c, 'written under the configured name');
    assert.deepEqual([c.domain, c.path, c.sameSite, c.httpOnly], [SITE, '/', 'Lax', false]);
  } finally {
    await context.close();
  }
});

test('closing the banner (× or Escape) is "no consent yet": nothing runs, nothing is recorded, Consent Mode stays denied, the next page view asks again', async () => {
  for (const how of ['close', 'Escape']) {
    const context = await newContext(b);
    try {
      let { page, errors, mark } = await openIn(b, context, 'page.html');
      await ui.banner(page);
      if (how == 'close') await ui.click(page, '.banner .close');
      else {
        await page.locator('consentry-ui .banner [data-action=accept-all]').focus();
        await page.keyboard.press('Escape');
      }
      await until(page, async () => !(await ui.shown(page)).banner);
      await page.waitForTimeout(400);
      assert.deepEqual(await ui.shown(page), { banner: false, prefs: false, fab: true }, `${how}: the floating button offers the choice`);
      assert.deepEqual(await gated(page), [], `${how}: nothing gated ran (not even !targeting: nothing was refused either)`);
      const s = await state(page);
      assert.equal(s.decided, false);
      assert.deepEqual(s.categories, NONE);
      assert.ok(!(await context.cookies()).some((c) => c.name == 'consentry'), 'no record');
      assert.deepEqual(await events(page), []);
      assert.equal(await page.evaluate(() => dataLayer.filter((e) => e[0] == 'consent' && e[1] == 'update').length), 0, 'no Consent Mode update');
      assert.equal(since(b, mark, '/a/').filter((r) => r.host == GA || r.host == FB).length, 0, 'no tracker request');
      assert.deepEqual(errors, []);
      ({ page } = await openIn(b, context, 'page.html'));
      await ui.banner(page);
      await until(page, async () => (await ui.shown(page)).banner);
      assert.equal((await ui.shown(page)).banner, true, `${how}: asked again on the next page view`);
    } finally {
      await context.close();
    }
  }
});

test('keyboard only, real bundles: Tab to the banner\'s Preferences, switch analytical with Space, Save; later reopen from the page\'s link and Reject all', async () => {
  const context = await newContext(b);
  const focusedOf = (page) => page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? a.getAttribute('data-action') || a.getAttribute('data-category') || a.id || a.tagName.toLowerCase() : '';
  });
  const tabTo = async (page, target, max = 20) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if ((await focusedOf(page)) == target) return;
    }
    assert.fail(`${target} was not reached by Tab (at ${await focusedOf(page)})`);
  };
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await page.waitForTimeout(300);
    await tabTo(page, 'accept-all', 6);
    await page.keyboard.press('Tab');
    assert.equal(await focusedOf(page), 'reject-all', 'the three choices are adjacent in the tab order');
    await page.keyboard.press('Tab');
    assert.equal(await focusedOf(page), 'preferences');
    await page.keyboard.press('Enter');
    await until(page, async () => (await ui.shown(page)).prefs);
    await tabTo(page, 'analytical');
    await page.keyboard.press('Space');
    await tabTo(page, 'save');
    await page.keyboard.press('Enter');
    await until(page, async () => (await gated(page)).includes('inline-analytical'));
    assert.deepEqual((await state(page)).categories, { mandatory: true, preferences: true, analytical: true, targeting: false });
    assert.deepEqual(await events(page), [['consentry:consent', 'custom'], ['consentry:change', 'custom']]);

    // Withdraw, by keyboard, from the page's own [data-consentry-open] link.
    await tabTo(page, 'settings');
    await page.keyboard.press('Enter');
    await until(page, async () => (await ui.shown(page)).prefs);
    await tabTo(page, 'reject-all');
    await page.keyboard.press('Enter');
    await until(page, async () => !(await ui.shown(page)).prefs);
    assert.deepEqual((await state(page)).categories, NONE);
    assert.equal(await focusedOf(page), 'settings', 'focus went back to the link');
  } finally {
    await context.close();
  }
});
