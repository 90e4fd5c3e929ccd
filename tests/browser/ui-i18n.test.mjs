// Languages: texts complete for every language, the detection order (config.language,
// <html lang>, navigator.languages, English), site overrides, right-to-left. How a language
// other than English gets to the page (its own file) is ui-lang-load.test.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { EN, LANGS, RTL } from '../../js-glue/src/ui/texts.js';
import { openUi, settle, startUi } from './fixtures-ui/helpers.mjs';

const REQUIRED = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'ar'];
const TEXTS = {};
for (const lang of LANGS) TEXTS[lang] = (await import(`../../js-glue/src/ui/texts/${lang}.js`)).default;

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

const rootInfo = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    const r = root.querySelector('.root');
    return {
      lang: r.getAttribute('lang'),
      dir: r.getAttribute('dir'),
      direction: getComputedStyle(root.querySelector('.banner')).direction,
      title: root.querySelector('.title').textContent,
      buttons: [...root.querySelectorAll('.banner .btn')].map((x) => x.textContent),
    };
  });

describe('bundled texts', () => {
  test('every required language is bundled with every key, non-empty, same placeholders', () => {
    assert.deepEqual(readdirSync(new URL('../../js-glue/src/ui/texts/', import.meta.url)).sort(), LANGS.map((l) => `${l}.js`).sort(), 'texts/ has one file per LANGS entry');
    assert.equal(TEXTS.en, EN);
    for (const lang of REQUIRED) assert.ok(TEXTS[lang], `${lang} is bundled`);
    const keys = Object.keys(TEXTS.en).sort();
    for (const [lang, table] of Object.entries(TEXTS)) {
      assert.deepEqual(Object.keys(table).sort(), keys, `${lang} has exactly the English keys`);
      for (const k of keys) {
        assert.equal(typeof table[k], 'string', `${lang}.${k}`);
        assert.ok(table[k].trim().length > 0, `${lang}.${k} is not empty`);
        assert.equal(table[k].includes('{n}'), TEXTS.en[k].includes('{n}'), `${lang}.${k} placeholder`);
        assert.doesNotMatch(table[k], /[<>]/, `${lang}.${k} has no markup`);
      }
      if (lang !== 'en') {
        for (const k of ['title', 'text', 'acceptAll', 'rejectAll', 'prefs', 'save', 'signal']) assert.notEqual(table[k], TEXTS.en[k], `${lang}.${k} is translated`);
      }
    }
    assert.ok(RTL.includes('ar'));
  });

  test('accept and reject are worded as equals (similar length, no nudging words)', () => {
    for (const [lang, t] of Object.entries(TEXTS)) {
      const ratio = t.acceptAll.length / t.rejectAll.length;
      assert.ok(ratio > 0.6 && ratio < 1.6, `${lang}: "${t.acceptAll}" vs "${t.rejectAll}"`);
    }
  });

  for (const lang of REQUIRED) {
    test(`${lang}: renders, labels fit their buttons, direction ${RTL.includes(lang) ? 'rtl' : 'ltr'}`, async () => {
      for (const layout of ['box', 'bar']) {
        const { page, close } = await openUi(b, 'page.html', { config: { language: lang, layout } });
        try {
          const info = await rootInfo(page);
          assert.equal(info.lang, lang);
          assert.equal(info.dir, RTL.includes(lang) ? 'rtl' : 'ltr');
          assert.equal(info.direction, info.dir);
          assert.equal(info.title, TEXTS[lang].title);
          assert.deepEqual(info.buttons, [TEXTS[lang].acceptAll, TEXTS[lang].rejectAll, TEXTS[lang].prefs]);
          const clipped = await page.evaluate(() =>
            [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.banner .btn, .banner .title')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.textContent),
          );
          assert.deepEqual(clipped, [], `${lang} ${layout}: nothing clipped`);
          await page.evaluate(() => window.__harness.ui.showPreferences());
          await settle(page);
          const prefsTitle = await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs .title').textContent);
          assert.equal(prefsTitle, TEXTS[lang].prefsTitle);
        } finally {
          await close();
        }
      }
    });
  }
});

describe('language detection', () => {
  const cases = [
    // [name, openUi options, expected lang]
    ['config.language wins over <html lang> and the browser', { config: { language: 'fr' }, lang: 'de', locale: 'es-ES' }, 'fr'],
    ['"auto": <html lang> primary subtag', { lang: 'de-AT', locale: 'es-ES' }, 'de'],
    ['unsupported config.language falls through to <html lang>', { config: { language: 'xx' }, lang: 'it' }, 'it'],
    ['no <html lang>: navigator.languages', { lang: 'none', locale: 'nl-NL' }, 'nl'],
    ['unsupported <html lang>: navigator.languages', { lang: 'fi', locale: 'sv-SE' }, 'sv'],
    ['nothing supported: English', { lang: 'fi', locale: 'ja-JP' }, 'en'],
    ['underscore and case are tolerated', { config: { language: 'PT_br' } }, 'pt'],
    ['a language only the site supplies (config.texts) counts as available', { lang: 'fi', locale: 'de-DE', config: { texts: { fi: { title: 'Yksityisyysvalintasi' } } } }, 'fi'],
    ['a regional variant the site supplies beats the bundled base', { lang: 'pt-BR', config: { texts: { 'pt-BR': { acceptAll: 'Aceitar todos' } } } }, 'pt-br'],
  ];
  for (const [name, opts, expected] of cases) {
    test(name, async () => {
      const { page, close } = await openUi(b, 'page.html', opts);
      try {
        const info = await rootInfo(page);
        assert.equal(info.lang, expected);
      } finally {
        await close();
      }
    });
  }

  test('site-only language: its strings where given, English for the rest', async () => {
    const { page, close } = await openUi(b, 'page.html', { lang: 'fi', config: { texts: { fi: { title: 'Yksityisyysvalintasi' } } } });
    try {
      const info = await rootInfo(page);
      assert.equal(info.title, 'Yksityisyysvalintasi');
      assert.deepEqual(info.buttons, ['Accept all', 'Reject all', 'Preferences']);
    } finally {
      await close();
    }
  });

  test('regional override, then the bundled base language', async () => {
    const { page, close } = await openUi(b, 'page.html', { lang: 'pt-BR', config: { texts: { 'pt-BR': { acceptAll: 'Aceitar todos' } } } });
    try {
      const info = await rootInfo(page);
      assert.deepEqual(info.buttons, ['Aceitar todos', TEXTS.pt.rejectAll, TEXTS.pt.prefs]);
      assert.equal(info.title, TEXTS.pt.title);
    } finally {
      await close();
    }
  });
});

describe('overrides', () => {
  test('config.texts[lang][key] overrides any string, only in that language', async () => {
    const texts = {
      en: { title: 'Cookies at Northwind', acceptAll: 'Allow all', catAnalytical: 'Visitor statistics', items: 'What we use ({n})' },
      de: { title: 'Cookies bei Northwind' },
    };
    let o = await openUi(b, 'page.html', { config: { texts } });
    let info = await rootInfo(o.page);
    assert.equal(info.title, 'Cookies at Northwind');
    assert.deepEqual(info.buttons, ['Allow all', 'Reject all', 'Preferences']);
    await o.page.locator('.banner [data-action=preferences]').click();
    assert.equal(await o.page.locator('.prefs label[for=sw-analytical]').textContent(), 'Visitor statistics');
    // _ga, the tag manager and nw_lang (a preferences cookie is listed with analytical when the
    // site has no preferences category).
    assert.equal(await o.page.locator('.cat:has(#sw-analytical) summary').textContent(), 'What we use (3)');
    await o.close();
    o = await openUi(b, 'page.html', { lang: 'de', config: { texts } });
    info = await rootInfo(o.page);
    assert.equal(info.title, 'Cookies bei Northwind');
    assert.deepEqual(info.buttons, [TEXTS.de.acceptAll, TEXTS.de.rejectAll, TEXTS.de.prefs]);
    await o.close();
  });

  test('non-string overrides are ignored', async () => {
    const { page, close } = await openUi(b, 'page.html', { config: { texts: { en: { title: 42, acceptAll: null, rejectAll: { x: 1 } } } } });
    try {
      const info = await rootInfo(page);
      assert.equal(info.title, TEXTS.en.title);
      assert.deepEqual(info.buttons, ['Accept all', 'Reject all', 'Preferences']);
    } finally {
      await close();
    }
  });
});

describe('right to left', () => {
  test('Arabic: dir=rtl on the UI root, box mirrored to the end side, switches move the other way', async () => {
    const { page, close } = await openUi(b, 'page.html', { lang: 'ar' });
    try {
      const info = await rootInfo(page);
      assert.equal(info.dir, 'rtl');
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('dir')), null, 'the page itself is left alone');
      const box = await page.evaluate(() => {
        const r = document.querySelector('consentry-ui').shadowRoot.querySelector('.banner').getBoundingClientRect();
        return { left: r.left, right: innerWidth - r.right };
      });
      assert.ok(box.left < 40 && box.right > 600, `bottom-left in rtl: ${JSON.stringify(box)}`);
      await page.locator('.banner [data-action=preferences]').click();
      await settle(page);
      const knob = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        const on = getComputedStyle(root.querySelector('#sw-mandatory + .track'), '::before').transform;
        const off = getComputedStyle(root.querySelector('#sw-analytical + .track'), '::before').transform;
        return { on, off };
      });
      assert.match(knob.on, /matrix\(1, 0, 0, 1, -\d+/, 'on: knob moved towards the left');
      assert.equal(knob.off, 'none');
    } finally {
      await close();
    }
  });
});
