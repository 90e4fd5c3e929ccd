// Issue #8 (3): a hostile or broken site config in real Chromium: wrong types, unknown keys,
// missing fields, near-miss values that would grant something, markup and javascript: URLs in
// texts and privacyPolicyUrl, and config URLs that answer something other than a JSON object.
// Recoverable problems: one console warning naming each field, the safe default used, the
// banner works. Unusable configs: one console error, fail closed. Never an exception escaping
// into the page, never a tracker before consent.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FB, FBPX, GA, YT, assertNoEscape, assertNothingGated, bannerTexts, clickBanner, consentState, open, pathsSince, ran,
  serve, settle, startHostile, trackerHits, waitBanner,
} from './fixtures-hostile/helpers.mjs';

let b;
before(async () => {
  b = await startHostile();
});
after(async () => {
  await b?.close();
});

const NOTHING = { mandatory: true, preferences: false, analytical: false, targeting: false };

async function until(cond, ms = 4000) {
  const end = Date.now() + ms;
  while (Date.now() < end && !(await cond())) await new Promise((r) => setTimeout(r, 50));
}

/** The one "config problems" warning, or fails. */
function configWarning(t) {
  const w = t.warnings().filter((x) => x.startsWith('Consentry: config problems'));
  assert.equal(w.length, 1, `one config warning: ${JSON.stringify(t.warnings())}`);
  return w[0];
}

/** Accept all in the banner releases the trackers: the page is usable despite the config. */
async function acceptAllWorks(t) {
  const m = b.requests.length;
  await clickBanner(t.page, 'accept-all');
  await until(async () => (await ran(t.page)).length >= 4);
  assert.deepEqual((await ran(t.page)).sort(), [`${FB}/h/declared.js`, `${FB}/h/injected.js`, `${GA}/h/declared.js`, `${GA}/h/injected.js`]);
  assert.ok(pathsSince(b, m, GA).length > 0 && pathsSince(b, m, FB).length > 0);
}

test('wrong types in every field: one warning naming each, safe defaults (nothing granted), the banner works', async () => {
  const config = {
    revision: '1', language: 42, layout: 'sideways', position: ['top'], privacyPolicyUrl: 7, categories: 'all',
    texts: { en: 'hello', de: { title: 5 } }, cookie: 'consentry', autoBlock: 'false', unknownCookies: 'none',
    unknownThirdParty: null, hosts: ['www.google-analytics.com'], cookies: { name: '_ga', category: 'mandatory' },
    reloadOnWithdraw: 'yes', floatingButton: 0, database: { tier: 'full' }, gcm: 'on', honorDnt: 'true',
  };
  const t = await open(b, 'page.html', { config });
  try {
    await waitBanner(t.page);
    await settle(t.page, 300);
    const w = configWarning(t);
    for (const f of ['revision', 'language', 'layout', 'position', 'privacyPolicyUrl', 'categories', 'texts.en', 'texts.de.title', 'cookie',
      'autoBlock', 'unknownCookies', 'unknownThirdParty', 'hosts', 'cookies', 'reloadOnWithdraw', 'floatingButton', 'database', 'gcm', 'honorDnt']) {
      assert.ok(w.includes(`"${f}"`), `the warning names ${f}: ${w}`);
    }
    assert.deepEqual(t.consentryErrors(), []);
    assert.deepEqual(await consentState(t.page), { decided: false, categories: NOTHING });
    await assertNothingGated(b, t, { msg: 'autoBlock "false" is not false:' });
    assert.ok(!(await t.context.cookies()).some((c) => c.name == 'random_xyz'), 'unknown cookies stay targeting');
    const texts = await bannerTexts(t.page);
    assert.equal(texts.title, 'Your privacy choices', 'the bundled English text');
    await acceptAllWorks(t);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('unknown keys at every level are named in the warning and change nothing', async () => {
  const config = { revision: 1, grantAll: true, trackers: 'off', cookie: { httpOnly: true }, gcm: { mode: 'basic' }, categories: { ads: true } };
  const t = await open(b, 'page.html', { config });
  try {
    await waitBanner(t.page);
    const w = configWarning(t);
    for (const f of ['grantAll', 'trackers', 'cookie.httpOnly', 'gcm.mode', 'categories.ads']) assert.ok(w.includes(`"${f}"`), `names ${f}: ${w}`);
    await assertNothingGated(b, t);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('unknown keys named like Object.prototype members are reported too', async () => {
  // Raw JSON: "__proto__" is an own key of the parsed object, as JSON.parse makes it.
  const raw = '{"revision":1,"constructor":1,"__proto__":{"autoBlock":false},"toString":"x","cookie":{"valueOf":1},"gcm":{"hasOwnProperty":1}}';
  const t = await open(b, 'page.html', { config: raw });
  try {
    await waitBanner(t.page);
    await assertNothingGated(b, t, { msg: '__proto__.autoBlock is not autoBlock:' });
    await assertNoEscape(t);
    const w = t.warnings().join('\n');
    for (const f of ['constructor', '__proto__', 'toString', 'cookie.valueOf', 'gcm.hasOwnProperty']) assert.ok(w.includes(`"${f}"`), `names ${f}: ${w}`);
  } finally {
    await t.close();
  }
});

test('missing fields: {} and no data-config at all work with the defaults, silently', async () => {
  for (const [file, config] of [['page.html', '{}'], ['no-config.html', undefined]]) {
    const t = await open(b, file, { config });
    try {
      await waitBanner(t.page);
      await settle(t.page, 200);
      assert.deepEqual(t.warnings(), [], file);
      assert.deepEqual(t.consentryErrors(), [], file);
      await assertNothingGated(b, t, { msg: `${file}:` });
      await clickBanner(t.page, 'reject-all');
      await settle(t.page, 200);
      assert.deepEqual(await consentState(t.page), { decided: true, categories: NOTHING });
      await assertNothingGated(b, t, { msg: `${file} (rejected):` });
      await assertNoEscape(t);
    } finally {
      await t.close();
    }
  }
});

test('near misses never grant: hosts and cookies with a wrong category, a padded host, a "necessary" alias', async () => {
  const config = {
    revision: 1,
    hosts: { 'www.google-analytics.com ': 'mandatory', 'connect.facebook.net': 'Mandatory', 'www.facebook.com': 'necessary', 'https://www.youtube.com/': 'mandatory' },
    cookies: [{ name: '_ga', category: 'necessary' }, { name: 'random_xyz ', category: 'mandatory' }, { name: '_gid' }, 'sid'],
    unknownThirdParty: 'Mandatory',
    unknownCookies: ' mandatory',
  };
  const t = await open(b, 'page.html', { config });
  try {
    await waitBanner(t.page);
    await settle(t.page, 300);
    const w = configWarning(t);
    for (const f of ['hosts.www.google-analytics.com ', 'hosts.connect.facebook.net', 'hosts.www.facebook.com', 'hosts.https://www.youtube.com/',
      'cookies[0]', 'cookies[1]', 'cookies[2]', 'cookies[3]', 'unknownThirdParty', 'unknownCookies']) {
      assert.ok(w.includes(`"${f}"`), `names ${f}: ${w}`);
    }
    await assertNothingGated(b, t);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

const XSS = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';

test('markup in every text (banner, preferences, placeholder, declarations) shows literally and runs nothing', async () => {
  const texts = {
    title: XSS, text: `<script>window.__xss=99</script>${XSS}`, policy: `<svg onload="window.__xss=7">`, acceptAll: XSS,
    rejectAll: '<b onmouseover="window.__xss=3">Reject</b>', prefs: XSS, prefsTitle: XSS, catTargeting: XSS, catAnalytical: XSS,
    placeholderText: `${XSS} {vendor} {category}`, placeholderAllow: XSS, placeholderLoadOnce: '<iframe src="javascript:window.parent.__xss=5">',
  };
  const config = {
    revision: 1, privacyPolicyUrl: '/privacy.html', texts: { en: texts },
    cookies: [{ name: 'sid', category: 'mandatory', vendor: XSS, purpose: '<a href="javascript:window.__xss=5">x</a>', retention: XSS }],
  };
  const t = await open(b, 'page.html', { config });
  try {
    await waitBanner(t.page);
    await settle(t.page, 300);
    const bt = await bannerTexts(t.page);
    assert.equal(bt.title, XSS);
    assert.ok(bt.desc.startsWith('<script>window.__xss=99</script>'), bt.desc);
    assert.deepEqual(bt.elements, [], 'no element made from a text');
    // The placeholder of the held YouTube frame (the gate's own shadow root).
    const ph = await t.page.evaluate(() => {
      const p = document.querySelector('[data-consentry-placeholder]');
      return p && p.shadowRoot ? { text: p.shadowRoot.textContent, elements: p.shadowRoot.querySelectorAll('img,script,iframe,svg').length } : null;
    });
    assert.ok(ph && ph.text.includes(XSS), `placeholder text is literal: ${JSON.stringify(ph)}`);
    assert.equal(ph.elements, 0);
    await clickBanner(t.page, 'preferences');
    await settle(t.page, 400);
    await t.page.locator('consentry-ui .prefs summary').first().click().catch(() => {});
    await t.page.locator('consentry-ui .btn').first().hover().catch(() => {});
    await settle(t.page, 200);
    const prefs = await t.page.evaluate(() => {
      const root = document.querySelector('consentry-ui').shadowRoot;
      return { text: root.textContent, elements: [...root.querySelectorAll('img,script,iframe,svg image,b')].map((e) => e.localName),
        links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')) };
    });
    assert.ok(prefs.text.includes(XSS));
    assert.deepEqual(prefs.elements, []);
    assert.ok(prefs.links.every((h) => /^https?:/.test(h)), JSON.stringify(prefs.links));
    assert.equal(await t.page.evaluate(() => window.__xss), undefined, 'no text ran as code');
    assert.deepEqual(t.warnings(), [], 'markup in a text is allowed (it is shown as text)');
    await assertNothingGated(b, t);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('privacyPolicyUrl: javascript:, data:, vbscript: and protocol-relative URLs never become a link', async () => {
  const bad = [
    'javascript:window.__xss=1', ' JaVaScRiPt:window.__xss=1', 'java\tscript:window.__xss=1', 'java\nscript:window.__xss=1',
    '\u0000javascript:window.__xss=1', 'data:text/html,<script>window.__xss=1</script>', 'vbscript:msgbox(1)', '//evil.example/privacy',
    'https:\\\\evil.example', 'javascript://%0Awindow.__xss=1',
  ];
  const t = await open(b, 'page.html', { config: { revision: 1 }, wait: 'ready' });
  try {
    for (const url of bad) {
      await t.context.clearCookies();
      const logs = t.logs.length;
      await t.page.goto(`${t.origin}/page.html?config=${encodeURIComponent(JSON.stringify({ revision: 1, privacyPolicyUrl: url }))}`);
      await waitBanner(t.page);
      await settle(t.page, 150);
      const links = (await bannerTexts(t.page)).links;
      assert.ok(links.every((h) => /^https?:\/\/www\.shop\.example[:/]/.test(h)), `${JSON.stringify(url)} gave ${JSON.stringify(links)}`);
      const warned = t.logs.slice(logs).filter((l) => l.type == 'warning' && l.text.includes('"privacyPolicyUrl"'));
      assert.equal(warned.length, links.length ? 0 : 1, `${JSON.stringify(url)}: a warning when it is dropped`);
      await t.page.locator('consentry-ui .banner a').click({ timeout: 500 }).catch(() => {});
      assert.equal(await t.page.evaluate(() => window.__xss).catch(() => undefined), undefined, JSON.stringify(url));
    }
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('a config URL answering JSON null, a list, HTML or an HTTP error: one clear error or warning, nothing gated, no exception', async (tc) => {
  const cases = [
    ['null', 'application/json', 200, 'error'],
    ['"just a string"', 'application/json', 200, 'warning'],
    ['[1,2,3]', 'application/json', 200, 'warning'],
    ['<!doctype html><title>Not found</title><h1>Oops</h1>', 'text/html', 200, 'error'],
    ['{"revision": 1, }', 'application/json', 200, 'error'],
    ['{"revision":1}', 'application/json', 500, 'error'],
  ];
  for (const [body, type, status, kind] of cases) {
    b.state.override = serve('/hostile-config.json', status, type, body);
    const t = await open(b, 'url-config.html', { wait: 'load' });
    try {
      await settle(t.page, 800);
      const errs = t.consentryErrors();
      tc.diagnostic(`${body.slice(0, 20)} (${status}): ${[...errs, ...t.warnings()].join(' | ')}`);
      if (kind == 'error') {
        assert.equal(errs.length, 1, `${body}: one error ${JSON.stringify(errs)}`);
        assert.match(errs[0], /^Consentry: the config (could not be read|could not be used|is not)/, body);
      } else {
        assert.deepEqual(errs, [], body);
        assert.match(configWarning(t), /must be a JSON object/, body);
      }
      await assertNothingGated(b, t, { msg: `${body}:` });
      assert.ok((await t.page.evaluate(() => __side)).includes('first-party-late'), 'the page works');
      await assertNoEscape(t);
    } finally {
      b.state.override = null;
      await t.close();
    }
  }
});

test('a texts object nested 10,000 deep: one clear error, fail closed, no exception escapes', async (tc) => {
  let deep = '"x"';
  for (let i = 0; i < 10000; i++) deep = `{"a":${deep}}`;
  b.state.override = serve('/hostile-config.json', 200, 'application/json', `{"revision":1,"texts":{"en":${deep}}}`);
  const t = await open(b, 'url-config.html', { wait: 'load' });
  try {
    await settle(t.page, 800);
    const errs = t.consentryErrors();
    const warns = t.warnings();
    tc.diagnostic([...errs, ...warns].join(' | '));
    assert.ok(errs.length + warns.length >= 1 && errs.length <= 1, `one clear message: ${JSON.stringify([errs, warns])}`);
    await assertNothingGated(b, t);
    await assertNoEscape(t);
  } finally {
    b.state.override = null;
    await t.close();
  }
});

test('a config of 2 MB (long texts, 5,000 hosts) works', async () => {
  const hosts = {};
  for (let i = 0; i < 5000; i++) hosts[`cdn${i}.shop-assets.example`] = 'mandatory';
  const config = { revision: 1, hosts, texts: { en: { text: 'long '.repeat(300000) } } };
  b.state.override = serve('/hostile-config.json', 200, 'application/json', JSON.stringify(config));
  const t = await open(b, 'url-config.html', { wait: 'core' });
  try {
    await waitBanner(t.page);
    assert.deepEqual(t.consentryErrors(), []);
    assert.deepEqual(t.warnings(), []);
    await assertNothingGated(b, t);
    await acceptAllWorks(t);
    await assertNoEscape(t);
  } finally {
    b.state.override = null;
    await t.close();
  }
});
