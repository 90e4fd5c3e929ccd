// The preferences centre is its own bundle, dist/consentry-ui-prefs.js, next to consentry-ui.js
// (issue #7: fewer bytes before the banner). Checked here: it is not requested before the banner
// (or the floating button) is on screen, then once at idle time; nothing on screen, nothing
// requested until the preferences are asked for; a click on Preferences while it is on its way
// opens the dialog when it arrives, focus inside, the button aria-busy meanwhile; a choice made
// meanwhile wins; a 404 means one console error and a banner that still works; strict CSP
// ('self') and a nonce-only policy; the frozen object and the event it hands to the page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, focused, openUi, settle, startUi, uiState } from './fixtures-ui/helpers.mjs';
import { EN, EN_BANNER, KEYS, PREFS_KEYS } from '../../js-glue/src/ui/texts.js';
import EN_PREFS from '../../js-glue/src/ui/en-prefs.js';

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

const PREFS = /\/consentry\/consentry-ui-prefs\.js$/;

/**
 * setup() for openUi: counts the requests for consentry-ui-prefs.js, records in the page what
 * was on screen when its <script> was inserted (and the nonce it carried), and the event;
 * `route` may answer the request.
 */
function watch(route) {
  const requested = [];
  return {
    requested,
    setup: async (page) => {
      page.on('request', (r) => PREFS.test(new URL(r.url()).pathname) && requested.push(r.url()));
      await page.addInitScript(() => {
        window.__prefsScripts = [];
        window.__prefsEvents = 0;
        window.addEventListener('consentry:ui-prefs-loaded', () => window.__prefsEvents++);
        const visible = (el) => !!el && !el.hidden && el.getClientRects().length > 0;
        new MutationObserver((muts) => {
          for (const m of muts) {
            for (const n of m.addedNodes) {
              if (n.tagName !== 'SCRIPT' || !/consentry-ui-prefs\.js$/.test(n.src)) continue;
              const root = document.querySelector('consentry-ui')?.shadowRoot;
              window.__prefsScripts.push({
                banner: visible(root?.querySelector('.banner')),
                fab: visible(root?.querySelector('.fab-wrap')),
                nonce: n.nonce,
              });
            }
          }
        }).observe(document, { childList: true, subtree: true });
      });
      if (route) await page.route(PREFS, route);
    },
  };
}

/** A route handler that holds the file until release() (request: resolves when it is held). */
function held() {
  let release;
  let seen;
  const gate = new Promise((r) => (release = r));
  const request = new Promise((r) => (seen = r));
  return {
    gate,
    request,
    release: () => release(),
    route: async (route) => {
      seen();
      await gate;
      await route.continue();
    },
  };
}

const loaded = (page) => page.waitForFunction(() => !!window.__consentryUiPrefs);
const prefsOpen = (page) => page.evaluate(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]'));
const busy = (page, sel) => page.evaluate((s) => document.querySelector('consentry-ui').shadowRoot.querySelector(s)?.getAttribute('aria-busy'), sel);
const notLoadErrors = (errors) => errors.filter((e) => !/Failed to load resource/.test(e));

describe('when it is fetched', () => {
  test('first visit: not before the banner is on screen, then once at idle time; opening it then needs no request', async () => {
    for (const layout of ['box', 'bar', 'modal']) {
      const w = watch();
      const { page, close, errors } = await openUi(b, 'page.html', { config: { layout }, setup: w.setup });
      try {
        await loaded(page);
        const scripts = await page.evaluate(() => window.__prefsScripts);
        assert.deepEqual(scripts, [{ banner: true, fab: false, nonce: '' }], `${layout}: inserted once, with the banner on screen`);
        assert.equal(w.requested.length, 1, layout);
        assert.equal(await page.evaluate(() => window.__prefsEvents), 1, `${layout}: consentry:ui-prefs-loaded`);
        assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="consentry-ui-prefs"]').length), 0, 'the <script> is removed once run');
        // Open, back to the banner, open again: synchronous, nothing requested again.
        assert.equal(await page.evaluate(() => {
          document.querySelector('consentry-ui').shadowRoot.querySelector('.banner [data-action=preferences]').click();
          return !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]');
        }), true, `${layout}: opens at once`);
        assert.equal(await focused(page), 'ui:panel', layout);
        await page.keyboard.press('Escape');
        await page.locator('.banner [data-action=preferences]').click();
        assert.equal(await prefsOpen(page), true);
        await page.waitForTimeout(100);
        assert.equal(w.requested.length, 1, `${layout}: fetched once`);
        assert.deepEqual(notLoadErrors(errors), []);
      } finally {
        await close();
      }
    }
  });

  test('returning visitor: after the floating button is on screen, once', async () => {
    const w = watch();
    const { page, close } = await openUi(b, 'page.html', { decided: true, cats: ['analytical'], setup: w.setup });
    try {
      await loaded(page);
      assert.deepEqual(await page.evaluate(() => window.__prefsScripts), [{ banner: false, fab: true, nonce: '' }]);
      await page.locator('.fab').click();
      assert.equal(await prefsOpen(page), true);
      assert.equal(await page.locator('.prefs input[data-category=analytical]').isChecked(), true);
      assert.equal(w.requested.length, 1);
    } finally {
      await close();
    }
  });

  test('nothing on screen (decided, no floating button): not fetched until the preferences are asked for', async () => {
    const w = watch();
    const { page, close, errors } = await openUi(b, 'page.html', { decided: true, config: { floatingButton: false }, setup: w.setup });
    try {
      await page.waitForTimeout(600);
      assert.deepEqual(w.requested, []);
      assert.equal(await page.evaluate(() => typeof window.__consentryUiPrefs), 'undefined');
      await page.locator('#cookie-settings').focus();
      await page.evaluate(() => window.__harness.ui.showPreferences());
      await page.waitForSelector('consentry-ui .prefs[open]');
      assert.equal(await focused(page), 'ui:panel', 'focus moves into the dialog');
      await page.keyboard.press('Escape');
      assert.equal(await focused(page), 'page:cookie-settings', 'and back where it was');
      assert.equal(w.requested.length, 1);
      assert.deepEqual(notLoadErrors(errors), []);
    } finally {
      await close();
    }
  });
});

describe('asked for before it arrived', () => {
  test('a click on Preferences is kept: the dialog opens when the file arrives, focus inside; the button is aria-busy meanwhile', async () => {
    for (const layout of ['box', 'modal']) {
      const h = held();
      const w = watch(h.route);
      const { page, close, errors } = await openUi(b, 'page.html', { config: { layout }, wait: false, setup: w.setup });
      try {
        await page.locator('.banner [data-action=preferences]').waitFor();
        await h.request;
        await page.locator('.banner [data-action=preferences]').click();
        await page.locator('.banner [data-action=preferences]').click(); // impatient: still one request
        assert.equal(await prefsOpen(page), false);
        assert.equal(await busy(page, '.banner [data-action=preferences]'), 'true', `${layout}: aria-busy while it loads`);
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false }, `${layout}: the banner stays meanwhile`);
        h.release();
        await page.waitForSelector('consentry-ui .prefs[open]');
        assert.deepEqual(await uiState(page), { banner: false, prefs: true, fab: false }, layout);
        assert.equal(await focused(page), 'ui:panel', `${layout}: focus moved into the dialog`);
        // Unchanged from there: Escape goes back to the banner, focus on Preferences, no longer busy.
        await page.keyboard.press('Escape');
        await settle(page);
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false }, layout);
        assert.equal(await focused(page), 'ui:preferences', layout);
        assert.equal(await busy(page, '.banner [data-action=preferences]'), null);
        await page.locator('.banner [data-action=preferences]').click();
        await page.locator('.prefs label[for=sw-analytical]').click();
        await page.locator('.prefs [data-action=save]').click();
        assert.deepEqual(await calls(page), [{ categories: ['mandatory', 'analytical'], source: 'custom' }]);
        assert.equal(w.requested.length, 1, `${layout}: one request`);
        assert.deepEqual(notLoadErrors(errors), []);
      } finally {
        h.release();
        await close();
      }
    }
  });

  test('showPreferences() and the floating button before it arrived; a choice made meanwhile wins', async () => {
    // A page's call before the file is there (the bootstrap forwards consentry.showPreferences()).
    let h = held();
    let w = watch(h.route);
    let o = await openUi(b, 'page.html', { wait: false, setup: w.setup });
    try {
      await o.page.locator('.banner [data-action=preferences]').waitFor();
      await o.page.evaluate(() => window.__harness.ui.showPreferences());
      await h.request;
      assert.equal(await prefsOpen(o.page), false);
      h.release();
      await o.page.waitForSelector('consentry-ui .prefs[open]');
      assert.equal(await focused(o.page), 'ui:panel');
    } finally {
      h.release();
      await o.close();
    }

    // The floating button (returning visitor): busy, then the dialog.
    h = held();
    w = watch(h.route);
    o = await openUi(b, 'page.html', { decided: true, wait: false, setup: w.setup });
    try {
      await o.page.locator('.fab').waitFor();
      await h.request;
      await o.page.locator('.fab').click();
      assert.equal(await busy(o.page, '.fab'), 'true');
      h.release();
      await o.page.waitForSelector('consentry-ui .prefs[open]');
      assert.equal(await focused(o.page), 'ui:panel');
      assert.equal(await busy(o.page, '.fab'), null);
    } finally {
      h.release();
      await o.close();
    }

    // Preferences clicked, then Accept all before the file arrives: the choice stands, nothing opens.
    h = held();
    w = watch(h.route);
    o = await openUi(b, 'page.html', { wait: false, setup: w.setup });
    try {
      await o.page.locator('.banner [data-action=preferences]').waitFor();
      await h.request;
      await o.page.locator('.banner [data-action=preferences]').click();
      await o.page.locator('.banner [data-action=accept-all]').click();
      assert.deepEqual(await calls(o.page), [{ categories: ['mandatory', 'analytical', 'targeting'], source: 'accept-all' }]);
      h.release();
      await loaded(o.page);
      await settle(o.page);
      assert.deepEqual(await uiState(o.page), { banner: false, prefs: false, fab: true });
      assert.equal(await busy(o.page, '.fab'), null);
    } finally {
      h.release();
      await o.close();
    }
  });
});

describe('when it fails', () => {
  test('404: one console error starting with "Consentry:" naming the file; the banner still works', async () => {
    for (const action of ['accept-all', 'reject-all']) {
      const w = watch((route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
      const { page, close, errors } = await openUi(b, 'page.html', { setup: w.setup });
      try {
        await page.waitForFunction(() => window.__prefsScripts.length === 1 && !document.querySelector('script[src*="consentry-ui-prefs"]'));
        const own = notLoadErrors(errors);
        assert.equal(own.length, 1, JSON.stringify(own));
        assert.match(own[0], /^Consentry: .*consentry-ui-prefs\.js/);
        // Preferences: asked for again, fails again, nothing breaks; the banner stays and works.
        await page.locator('.banner [data-action=preferences]').click();
        await page.waitForFunction(() => !document.querySelector('script[src*="consentry-ui-prefs"]') && window.__prefsScripts.length === 2);
        await page.waitForTimeout(50);
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
        assert.equal(await busy(page, '.banner [data-action=preferences]'), null, 'no longer busy');
        assert.equal(await focused(page), 'ui:preferences');
        assert.ok(notLoadErrors(errors).every((e) => /^Consentry: /.test(e)), JSON.stringify(errors));
        await page.locator(`.banner [data-action=${action}]`).click();
        await settle(page);
        const expected = action === 'accept-all' ? ['mandatory', 'analytical', 'targeting'] : ['mandatory'];
        assert.deepEqual(await calls(page), [{ categories: expected, source: action }]);
        assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
        assert.equal(w.requested.length, 2);
      } finally {
        await close();
      }
    }
  });
});

describe('Content-Security-Policy', () => {
  test("script-src 'self': same-origin script, styles adopted, no violation", async () => {
    const w = watch();
    const { page, close, errors } = await openUi(b, 'page.html', { csp: true, setup: w.setup });
    try {
      await loaded(page);
      await page.locator('.banner [data-action=preferences]').click();
      const probe = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return {
          adopted: root.adoptedStyleSheets.length,
          styleElements: root.querySelectorAll('style').length,
          switch: getComputedStyle(root.querySelector('.switch')).position,
          display: getComputedStyle(root.querySelector('.prefs')).display,
        };
      });
      assert.deepEqual(probe, { adopted: 2, styleElements: 0, switch: 'relative', display: 'flex' });
      assert.deepEqual(await page.evaluate(() => window.__harness.cspViolations), []);
      assert.deepEqual(notLoadErrors(errors), []);
    } finally {
      await close();
    }
  });

  test('nonce-only script-src: the file carries the nonce consentry-ui.js was loaded with', async () => {
    const w = watch();
    const { page, close, errors } = await openUi(b, 'nonce.html', { csp: 'nonce', setup: w.setup });
    try {
      await loaded(page);
      const [s] = await page.evaluate(() => window.__prefsScripts);
      assert.equal(s.nonce, 'c29tZS10ZXN0LW5vbmNl');
      await page.locator('.banner [data-action=preferences]').click();
      assert.equal(await prefsOpen(page), true);
      await page.locator('.prefs [data-action=reject-all]').click();
      assert.deepEqual(await calls(page), [{ categories: ['mandatory'], source: 'reject-all' }]);
      assert.deepEqual(await page.evaluate(() => window.__harness.cspViolations), []);
      assert.deepEqual(notLoadErrors(errors), []);
    } finally {
      await close();
    }
  });
});

describe('the hand-over', () => {
  test('one frozen, non-writable, non-configurable object: { css, build }', async () => {
    const { page, close } = await openUi(b);
    try {
      await loaded(page);
      const d = await page.evaluate(() => {
        const x = Object.getOwnPropertyDescriptor(window, '__consentryUiPrefs');
        const before = window.__consentryUiPrefs;
        window.__consentryUiPrefs = {};
        return { writable: x.writable, configurable: x.configurable, frozen: Object.isFrozen(x.value), keys: Object.keys(x.value).sort(), same: window.__consentryUiPrefs === before };
      });
      assert.deepEqual(d, { writable: false, configurable: false, frozen: true, keys: ['build', 'css'], same: true });
    } finally {
      await close();
    }
  });
});

describe('texts', () => {
  test("English is split by layer (en-banner.js in consentry-ui.js, en-prefs.js in consentry-ui-prefs.js); KEYS names every key", () => {
    assert.deepEqual(Object.keys(EN_PREFS), PREFS_KEYS, 'texts.js PREFS_KEYS lists en-prefs.js');
    assert.deepEqual([...KEYS].sort(), Object.keys(EN).sort());
    assert.deepEqual({ ...EN_BANNER, ...EN_PREFS }, EN);
    assert.equal(Object.keys(EN_BANNER).filter((k) => k in EN_PREFS).length, 0, 'no key in both');
  });

  test('a site override of a preferences text, a language file for both layers, English of the right half as the fallback', async () => {
    // German file (both layers), one preferences key and one banner key overridden by the site.
    const { page, close } = await openUi(b, 'page.html', { lang: 'de', config: { texts: { de: { save: 'Auswahl sichern', title: 'Cookies bei Northwind' } } } });
    try {
      await page.locator('.banner [data-action=preferences]').click();
      const got = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return { save: root.querySelector('[data-action=save]').textContent, th: root.querySelector('.prefs th')?.textContent, cat: root.querySelector('label[for=sw-analytical]').textContent };
      });
      const DE = (await import('../../js-glue/src/ui/texts/de.js')).default;
      assert.deepEqual(got, { save: 'Auswahl sichern', th: DE.name, cat: DE.catAnalytical });
    } finally {
      await close();
    }
    // A language only the site supplies, with one preferences key: the rest falls back to English.
    const o = await openUi(b, 'page.html', { lang: 'fi', config: { texts: { fi: { save: 'Tallenna' } } } });
    try {
      await o.page.locator('.banner [data-action=preferences]').click();
      const got = await o.page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return { save: root.querySelector('[data-action=save]').textContent, desc: root.querySelector('#p-desc').firstChild.textContent, accept: root.querySelector('.prefs [data-action=accept-all]').textContent };
      });
      assert.deepEqual(got, { save: 'Tallenna', desc: EN.prefsText, accept: EN.acceptAll });
    } finally {
      await o.close();
    }
  });
});
