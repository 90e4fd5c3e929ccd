// Only English is bundled in consentry-ui.js: any other language comes from its own file,
// dist/consentry-ui-<lang>.js, next to consentry-ui.js. Checked here: exactly the right file (or
// none) is requested, nothing is rendered before it has arrived (no English first), a missing,
// broken or hanging file means English plus one console warning, it works under a strict CSP
// ('self') and a nonce-only one, and the texts are handed over through a frozen, one-shot hook.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EN } from '../../js-glue/src/ui/texts.js';
import DE from '../../js-glue/src/ui/texts/de.js';
import FR from '../../js-glue/src/ui/texts/fr.js';
import SV from '../../js-glue/src/ui/texts/sv.js';
import PT from '../../js-glue/src/ui/texts/pt.js';
import { openUi, settle, startUi, uiState } from './fixtures-ui/helpers.mjs';

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

// Language files only: consentry-ui-prefs.js (the preferences centre) is ui-prefs-load.test.mjs's.
const LANG_FILE = /\/consentry\/consentry-ui-(?!prefs\.js)[a-z]+\.js$/;

/** setup() for openUi: records the language files requested; `route` may answer them. */
function watch(route) {
  const requested = [];
  return {
    requested,
    setup: async (page) => {
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (LANG_FILE.test(path)) requested.push(path.replace('/consentry/', ''));
      });
      if (route) await page.route(LANG_FILE, route);
    },
  };
}

/** setup() part: samples, every frame and on every DOM change, what the UI shows. */
const sampleUi = (page) =>
  page.addInitScript(() => {
    window.__samples = [];
    const sample = () => {
      const root = document.querySelector('consentry-ui')?.shadowRoot;
      const text = root ? root.textContent.trim() : '';
      const last = window.__samples[window.__samples.length - 1];
      if (text && text !== last) window.__samples.push(text);
    };
    const frame = () => {
      sample();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new MutationObserver(sample).observe(document, { childList: true, subtree: true });
  });

const shown = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('consentry-ui')?.shadowRoot;
    const r = root?.querySelector('.root');
    return {
      lang: r?.getAttribute('lang'),
      dir: r?.getAttribute('dir'),
      title: root?.querySelector('.title')?.textContent,
      buttons: root ? [...root.querySelectorAll('.banner .btn')].map((x) => x.textContent) : [],
    };
  });

const delayed = (ms) => async (route) => {
  await new Promise((r) => setTimeout(r, ms));
  await route.continue();
};
const notLoadErrors = (errors) => errors.filter((e) => !/Failed to load resource/.test(e));

describe('which file', () => {
  const cases = [
    // [name, openUi options, files requested, language shown]
    ['English page: none', { lang: 'en' }, [], 'en'],
    ['<html lang="de-AT">: consentry-ui-de.js only', { lang: 'de-AT' }, ['consentry-ui-de.js'], 'de'],
    ['config.language "fr" on a German page: consentry-ui-fr.js only', { lang: 'de', config: { language: 'fr' } }, ['consentry-ui-fr.js'], 'fr'],
    ['pt-BR: the base language file', { lang: 'pt-BR' }, ['consentry-ui-pt.js'], 'pt'],
    ['unsupported <html lang>, browser in Swedish', { lang: 'fi', locale: 'sv-SE' }, ['consentry-ui-sv.js'], 'sv'],
    ['a language only the site supplies: none', { lang: 'fi', config: { texts: { fi: { title: 'Yksityisyysvalintasi' } } } }, [], 'fi'],
    ['the site overrides every German key: none', { lang: 'de', config: { texts: { de: { ...DE, title: 'Cookies bei Northwind' } } } }, [], 'de'],
    ['the site overrides some German keys: consentry-ui-de.js', { lang: 'de', config: { texts: { de: { title: 'Cookies bei Northwind' } } } }, ['consentry-ui-de.js'], 'de'],
  ];
  for (const [name, opts, files, lang] of cases) {
    test(name, async () => {
      const w = watch();
      const { page, close, errors, warnings } = await openUi(b, 'page.html', { ...opts, setup: w.setup });
      try {
        assert.equal((await shown(page)).lang, lang);
        await page.waitForTimeout(100);
        assert.deepEqual(w.requested, files);
        assert.deepEqual(notLoadErrors(errors), []);
        assert.deepEqual(warnings, []);
      } finally {
        await close();
      }
    });
  }

  test('the texts arrive intact (German, Portuguese, Swedish, French: title, buttons, preferences)', async () => {
    for (const [opts, T] of [[{ lang: 'de' }, DE], [{ lang: 'pt-BR' }, PT], [{ lang: 'sv' }, SV], [{ config: { language: 'fr' } }, FR]]) {
      const { page, close } = await openUi(b, 'page.html', opts);
      try {
        const s = await shown(page);
        assert.equal(s.title, T.title);
        assert.deepEqual(s.buttons, [T.acceptAll, T.rejectAll, T.prefs]);
        await page.evaluate(() => window.__harness.ui.showPreferences());
        await settle(page);
        const prefs = await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs').textContent);
        for (const k of ['prefsTitle', 'save', 'catAnalytical', 'catTargetingText', 'alwaysOn']) assert.ok(prefs.includes(T[k]), `${T.title}: ${k}`);
      } finally {
        await close();
      }
    }
  });

  test('prepare(config) before start(): the file is requested at once, start() reuses it', async () => {
    const w = watch();
    const { page, close } = await openUi(b, 'page.html', { lang: 'de', start: false, setup: w.setup });
    try {
      await page.waitForTimeout(200);
      assert.deepEqual(w.requested, []);
      await page.evaluate(() => window.__consentryUi.prepare(window.__harness.ctx.config));
      await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/consentry-ui-de.js')));
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui')), null, 'nothing is built by prepare()');
      await page.evaluate(() => window.__harness.start());
      await settle(page);
      assert.equal((await shown(page)).title, DE.title);
      // English needs no file; prepare() of an English config requests nothing.
      await page.evaluate(() => window.__consentryUi.prepare({ language: 'en' }));
      await page.waitForTimeout(100);
      assert.deepEqual(w.requested, ['consentry-ui-de.js']);
    } finally {
      await close();
    }
  });

  test('a second start() (after destroy) reuses the texts: still one request', async () => {
    const w = watch();
    const { page, close } = await openUi(b, 'page.html', { lang: 'de', setup: w.setup });
    try {
      await page.evaluate(() => {
        window.__harness.ui.destroy();
        window.__harness.start();
      });
      await settle(page);
      assert.equal((await shown(page)).title, DE.title);
      assert.deepEqual(w.requested, ['consentry-ui-de.js']);
    } finally {
      await close();
    }
  });
});

describe('no English first', () => {
  test('nothing is rendered until the German file has arrived; calls made meanwhile are replayed', async () => {
    const w = watch(delayed(800));
    const { page, close, errors } = await openUi(b, 'page.html', {
      lang: 'de',
      wait: false,
      waitUntil: 'domcontentloaded',
      setup: async (p) => {
        await w.setup(p);
        await sampleUi(p);
      },
    });
    try {
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui')), null, 'no UI element while the texts load');
      // The bootstrap may forward consentry.showPreferences() before the UI is built.
      await page.evaluate(() => window.__harness.ui.showPreferences());
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: true, fab: false });
      const samples = await page.evaluate(() => window.__samples);
      assert.ok(samples.length > 0, 'the UI was sampled');
      for (const s of samples) {
        for (const k of ['title', 'acceptAll', 'rejectAll', 'prefsTitle', 'save']) assert.ok(!s.includes(EN[k]), `English "${EN[k]}" was shown: ${s.slice(0, 200)}`);
        assert.ok(s.includes(DE.prefsTitle), s.slice(0, 200));
      }
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.root').lang), 'de');
      assert.deepEqual(w.requested, ['consentry-ui-de.js']);
      assert.deepEqual(notLoadErrors(errors), []);
    } finally {
      await close();
    }
  });
});

describe('the handle while the file loads', () => {
  test('same methods; destroy() before the texts arrive: nothing is ever built', async () => {
    const w = watch(delayed(500));
    const { page, close, errors, warnings } = await openUi(b, 'page.html', { lang: 'de', wait: false, waitUntil: 'domcontentloaded', setup: w.setup });
    try {
      assert.deepEqual(await page.evaluate(() => Object.keys(window.__harness.ui).sort()), ['destroy', 'failed', 'hide', 'ready', 'show', 'showPreferences']);
      await page.evaluate(() => {
        window.__harness.ui.show();
        window.__harness.ui.destroy();
      });
      await page.evaluate(() => window.__harness.ui.ready);
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui')), null);
      assert.equal(await page.evaluate(() => window.__harness.listenerCount('change') + window.__harness.listenerCount('items')), 0);
      assert.deepEqual(notLoadErrors(errors), []);
      assert.deepEqual(warnings, []);
    } finally {
      await close();
    }
  });
});

describe('failures fall back to English', () => {
  const failures = [
    ['404', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }), /could not load/],
    ['network error', (route) => route.abort('failed'), /could not load/],
    ['a file that does not register', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: 'void 0;' }), /did not register/],
    ['a file for another language', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: `self.__consentryUiTexts("fr", ${JSON.stringify(FR)});` }), /did not register/],
  ];
  for (const [name, handler, why] of failures) {
    test(`${name}: English, one warning naming the file`, async () => {
      const w = watch(handler);
      const { page, close, errors, warnings } = await openUi(b, 'page.html', { lang: 'de', setup: w.setup });
      try {
        assert.deepEqual(await shown(page), { lang: 'en', dir: 'ltr', title: EN.title, buttons: [EN.acceptAll, EN.rejectAll, EN.prefs] });
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
        assert.equal(warnings.length, 1, warnings.join('\n'));
        assert.match(warnings[0], /^Consentry: the de texts \(http:\/\/[^)]+\/consentry\/consentry-ui-de\.js\) .*; showing English\.$/);
        assert.match(warnings[0], why);
        assert.deepEqual(notLoadErrors(errors), []);
        assert.deepEqual(w.requested, ['consentry-ui-de.js']);
        assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="consentry-ui-"]').length), 0, 'the failed <script> is removed');
      } finally {
        await close();
      }
    });
  }

  test('a failed file with partial site texts for German: the site\'s strings, English for the rest', async () => {
    const w = watch((route) => route.fulfill({ status: 404, body: '' }));
    const { page, close, warnings } = await openUi(b, 'page.html', { lang: 'de', config: { texts: { de: { title: 'Cookies bei Northwind' } } }, setup: w.setup });
    try {
      assert.deepEqual(await shown(page), { lang: 'de', dir: 'ltr', title: 'Cookies bei Northwind', buttons: [EN.acceptAll, EN.rejectAll, EN.prefs] });
      assert.equal(warnings.length, 1);
    } finally {
      await close();
    }
  });

  test('a file that never arrives: nothing for 3 s, then English with a warning', async () => {
    const w = watch(() => {}); // never answered
    const { page, close, errors, warnings } = await openUi(b, 'page.html', { lang: 'de', wait: false, waitUntil: 'domcontentloaded', setup: w.setup });
    try {
      await page.waitForTimeout(1500);
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui')), null);
      await settle(page);
      assert.deepEqual(await shown(page), { lang: 'en', dir: 'ltr', title: EN.title, buttons: [EN.acceptAll, EN.rejectAll, EN.prefs] });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^Consentry: the de texts \(.*consentry-ui-de\.js\) did not load within 3 s; showing English\.$/);
      assert.deepEqual(notLoadErrors(errors), []);
    } finally {
      await close();
    }
  });
});

describe('Content-Security-Policy', () => {
  test("script-src 'self': the language file is a same-origin script, no violation", async () => {
    const w = watch();
    const { page, close, errors, warnings } = await openUi(b, 'page.html', { lang: 'ar', csp: true, setup: w.setup });
    try {
      const s = await shown(page);
      assert.equal(s.dir, 'rtl');
      assert.equal(s.lang, 'ar');
      assert.notEqual(s.title, EN.title);
      assert.deepEqual(w.requested, ['consentry-ui-ar.js']);
      assert.deepEqual(await page.evaluate(() => window.__harness.cspViolations), []);
      assert.deepEqual(notLoadErrors(errors), []);
      assert.deepEqual(warnings, []);
    } finally {
      await close();
    }
  });

  test('nonce-only script-src: the language file carries the nonce consentry-ui.js was loaded with', async () => {
    const w = watch();
    const { page, close, errors, warnings } = await openUi(b, 'nonce.html', { lang: 'de', csp: 'nonce', setup: w.setup });
    try {
      assert.equal((await shown(page)).title, DE.title);
      assert.deepEqual(w.requested, ['consentry-ui-de.js']);
      assert.deepEqual(await page.evaluate(() => window.__harness.cspViolations), []);
      assert.deepEqual(notLoadErrors(errors), []);
      assert.deepEqual(warnings, []);
      // Control: the policy is in force, a script without the nonce is refused.
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.src = '/consentry/consentry-ui-fr.js';
        document.head.append(s);
      });
      await page.waitForFunction(() => window.__harness.cspViolations.length > 0);
      assert.deepEqual((await page.evaluate(() => window.__harness.cspViolations)).map((v) => v.directive), ['script-src-elem']);
    } finally {
      await close();
    }
  });
});

describe('the hand-over', () => {
  test('a frozen, non-writable hook that takes only the file the UI asked for, once; no texts global', async () => {
    const w = watch(delayed(500));
    const { page, close } = await openUi(b, 'page.html', { lang: 'de', wait: false, waitUntil: 'domcontentloaded', setup: w.setup });
    try {
      const hook = await page.evaluate(() => {
        const d = Object.getOwnPropertyDescriptor(window, '__consentryUiTexts');
        const before = window.__consentryUiTexts;
        // A page script tries to forge the texts while the real file is on its way.
        window.__consentryUiTexts('de', { title: 'Forged', acceptAll: 'Forged' });
        window.__consentryUiTexts = () => {};
        let redefined = true;
        try {
          Object.defineProperty(window, '__consentryUiTexts', { value: () => {} });
        } catch {
          redefined = false;
        }
        return { writable: d.writable, configurable: d.configurable, frozen: Object.isFrozen(d.value), same: window.__consentryUiTexts === before, redefined };
      });
      assert.deepEqual(hook, { writable: false, configurable: false, frozen: true, same: true, redefined: false });
      await settle(page);
      assert.equal((await shown(page)).title, DE.title, 'the forged call was ignored');
      // After the hand-over the hook takes nothing more, even for the same language.
      await page.evaluate(() => {
        window.__consentryUiTexts('de', { title: 'Forged' });
        window.__harness.ui.destroy();
        window.__harness.start();
      });
      await settle(page);
      assert.equal((await shown(page)).title, DE.title);
      await page.waitForFunction(() => !!window.__consentryUiPrefs);
      const globals = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((k) => /consentry/i.test(k)).sort());
      // __consentryUiPrefs: the preferences centre's bundle (fetched at idle time), no texts in it.
      assert.deepEqual(globals, ['__consentryUi', '__consentryUiPrefs', '__consentryUiTexts']);
      assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="consentry-ui-"]').length), 0, 'the language <script> is removed once run');
      assert.deepEqual(w.requested, ['consentry-ui-de.js']);
    } finally {
      await close();
    }
  });
});
