// Issue #4: Google Consent Mode v2 on window.dataLayer, as gtag.js reads it. The consent default
// is the first entry, then the set commands (ads_data_redaction, url_passthrough), before the
// page's own gtag() calls and before any tag runs (a tag here pushes {tag, seen} when it runs:
// `seen` is the dataLayer length at that moment); a returning visitor's stored choice follows at
// once as an update; every change pushes an update and a consentry_consent event; regions,
// ads_data_redaction, url_passthrough; gcm.enabled false.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GA, FB, SITE, dataLayer, newContext, openIn, recordCookie, serve, startConsent, ui, until,
} from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

const G = 'granted';
const D = 'denied';
const consent = (ad, analytics, prefs) => ({
  ad_storage: ad, ad_user_data: ad, ad_personalization: ad, analytics_storage: analytics,
  functionality_storage: prefs, personalization_storage: prefs, security_storage: G,
});
const DEFAULT = { ...consent(D, D, D), wait_for_update: 500 };
const isCmd = (e, ...head) => e.args && head.every((h, i) => e.args[i] === h);
const tagIndex = (dl, label) => dl.findIndex((e) => e.tag === label);

test('first visit: the default is entry 0, an Arguments object, then redaction, before the page\'s gtag() calls and any tag', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html');
    const raw = await page.evaluate(() => [Object.prototype.toString.call(dataLayer[0]), dataLayer[0].length]);
    assert.deepEqual(raw, ['[object Arguments]', 3], 'pushed as gtag.js expects: function gtag(){dataLayer.push(arguments)}');
    let dl = await dataLayer(page);
    assert.deepEqual(dl[0], { args: ['consent', 'default', DEFAULT] });
    // Redaction is a setting of the tags' first hit (a page_view while ad_storage is denied):
    // it comes with the default, before the page's gtag('config') and the first-party tag.
    assert.deepEqual(dl[1], { args: ['set', 'ads_data_redaction', true] });
    const first = tagIndex(dl, `${SITE}/tag.js`);
    assert.ok(first > 1 && dl[first].seen >= 2, 'the first-party tag ran after the default and redaction');
    assert.ok(dl.findIndex((e) => isCmd(e, 'config', 'G-TEST')) > 0, 'the page\'s gtag(\'config\') after the default');
    assert.equal(dl.filter((e) => isCmd(e, 'consent', 'update')).length, 0, 'no update before a choice');

    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => tagIndex(await dataLayer(page), `${FB}/a/pixel.js`) > 0);
    dl = await dataLayer(page);
    assert.equal(dl.filter((e) => isCmd(e, 'set')).length, 1, 'redaction once per page view');
    const upd = dl.findIndex((e) => isCmd(e, 'consent', 'update'));
    assert.deepEqual(dl[upd].args[2], consent(G, G, G));
    assert.deepEqual(dl[upd + 1], { event: 'consentry_consent', consentry: { mandatory: true, preferences: true, analytical: true, targeting: true } });
    for (const label of [`${GA}/a/analytics.js`, `${FB}/a/pixel.js`]) {
      const i = tagIndex(dl, label);
      assert.ok(i > upd && dl[i].seen > upd, `${label} ran after the update`);
    }
  } finally {
    await context.close();
  }
});

test('every change pushes an update and the event: custom choice, withdrawal, reset', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html');
    await page.evaluate(() => consentry.acceptCategory(['analytical']));
    await page.evaluate(() => consentry.acceptCategory('all'));
    await page.evaluate(() => consentry.rejectAll());
    await page.evaluate(() => consentry.reset());
    const dl = await dataLayer(page);
    const updates = dl.filter((e) => isCmd(e, 'consent', 'update')).map((e) => e.args[2]);
    assert.deepEqual(updates, [consent(D, G, G), consent(G, G, G), consent(D, D, D), consent(D, D, D)],
      'preferences follow analytical without the preferences category');
    const evs = dl.filter((e) => e.event == 'consentry_consent').map((e) => [e.consentry.analytical, e.consentry.targeting]);
    assert.deepEqual(evs, [[true, false], [true, true], [false, false], [false, false]]);
  } finally {
    await context.close();
  }
});

test('the site\'s own preferences category maps to functionality_storage and personalization_storage', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, categories: { preferences: true } } });
    await page.evaluate(() => consentry.acceptCategory(['preferences']));
    await page.evaluate(() => consentry.acceptCategory(['analytical']));
    const updates = (await dataLayer(page)).filter((e) => isCmd(e, 'consent', 'update')).map((e) => e.args[2]);
    assert.deepEqual(updates, [consent(D, D, G), consent(D, G, D)]);
  } finally {
    await context.close();
  }
});

test('returning visitor: the stored choice is entry 2 (an update, after redaction), before the page\'s calls and any tag; then the event', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await until(page, async () => tagIndex(await dataLayer(page), `${GA}/a/analytics.js`) > 0);
    const dl = await dataLayer(page);
    assert.deepEqual(dl.slice(0, 3), [
      { args: ['consent', 'default', DEFAULT] },
      { args: ['set', 'ads_data_redaction', true] },
      { args: ['consent', 'update', consent(D, G, G)] },
    ]);
    assert.ok(tagIndex(dl, `${SITE}/tag.js`) > 2 && dl[tagIndex(dl, `${SITE}/tag.js`)].seen >= 3);
    // Released by the bootstrap at DOMContentLoaded (early release), before consentry-core.js
    // has run: it still finds redaction set, ad_storage being denied.
    const i = tagIndex(dl, `${GA}/a/analytics.js`);
    assert.ok(dl[i].seen >= 3);
    assert.equal(dl.filter((e) => isCmd(e, 'set')).length, 1, 'redaction once per page view');
    assert.equal(dl.filter((e) => isCmd(e, 'consent', 'update')).length, 1, 'no second update without a change');
    assert.deepEqual(dl.filter((e) => e.event == 'consentry_consent').map((e) => e.consentry),
      [{ mandatory: true, preferences: true, analytical: true, targeting: false }], 'the event once per page view');
    assert.equal(tagIndex(dl, `${FB}/a/pixel.js`), -1, 'targeting still refused');
  } finally {
    await context.close();
  }
});

// With a config URL the record is read (and the commands pushed) once the core has fetched the
// config, after the page's own gtag() calls: they still go in front, where an inline config puts
// them, unless a tag manager already owns dataLayer.push (then it has read what is there).
test('config URL: the default, redaction and a returning visitor\'s update go in front of the page\'s calls, unless a tag manager owns dataLayer', async () => {
  b.state.override = serve('/gcm-config.json', 200, 'application/json', '{"revision":1}');
  const query = 'config=' + encodeURIComponent('/gcm-config.json');
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  try {
    let { page } = await openIn(b, context, 'page.html', { query });
    await until(page, async () => tagIndex(await dataLayer(page), `${GA}/a/analytics.js`) > 0);
    let dl = await dataLayer(page);
    assert.ok(await page.evaluate(() => Object.prototype.toString.call(dataLayer[0]) == '[object Arguments]'));
    assert.deepEqual(dl[0], { args: ['consent', 'default', DEFAULT] }, JSON.stringify(dl));
    assert.deepEqual(dl[1], { args: ['set', 'ads_data_redaction', true] });
    assert.deepEqual(dl[2], { args: ['consent', 'update', consent(D, G, G)] });
    assert.ok(dl.findIndex((e) => isCmd(e, 'config', 'G-TEST')) > 2, 'the page\'s gtag(\'config\'), pushed earlier, now after them');
    assert.ok(dl[tagIndex(dl, `${GA}/a/analytics.js`)].seen >= 3, 'the released tag saw them');
    assert.equal(dl.filter((e) => isCmd(e, 'set')).length, 1);
    assert.equal(dl.filter((e) => isCmd(e, 'consent')).length, 2);

    // A tag manager that took dataLayer over before the config arrived has read its entries:
    // the commands are pushed through it, in order, not slipped in behind its back.
    await context.addInitScript(() => {
      window.dataLayer = [];
      window.__managed = [];
      dataLayer.push = function (...x) {
        __managed.push(...x.map((e) => (e && e[0]) || e.event || e.tag));
        return Array.prototype.push.apply(this, x);
      };
    });
    ({ page } = await openIn(b, context, 'page.html', { query }));
    await until(page, async () => tagIndex(await dataLayer(page), `${GA}/a/analytics.js`) > 0);
    dl = await dataLayer(page);
    const def = dl.findIndex((e) => isCmd(e, 'consent', 'default'));
    assert.ok(def > dl.findIndex((e) => isCmd(e, 'config', 'G-TEST')), JSON.stringify(dl));
    assert.deepEqual(dl.slice(def + 1, def + 3), [{ args: ['set', 'ads_data_redaction', true] }, { args: ['consent', 'update', consent(D, G, G)] }]);
    const managed = await page.evaluate(() => __managed);
    assert.ok(managed.indexOf('consent') > managed.indexOf('config'), 'through the manager\'s push: ' + managed);
  } finally {
    b.state.override = null;
    await context.close();
  }
});

// A change of consent the page makes before consentry-core.js has arrived is queued for the core;
// Consent Mode is denied at once (same-host tags, which the gate lets through before the core,
// must not go on under the stored grant), and the core pushes the state the replay leaves.
test('a change the page queues before the core: denied at once, then the state the replay leaves (also when it changes nothing)', async () => {
  const updates = async (page) => (await dataLayer(page)).filter((e) => isCmd(e, 'consent', 'update')).map((e) => e.args[2]);
  const NONE = consent(D, D, D);
  const ALL = consent(G, G, G);
  const run = async (call, { query = '' } = {}) => {
    let go;
    b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (go = r));
    const context = await newContext(b, { cookies: [recordCookie({ granted: 15 })] });
    try {
      const { page } = await openIn(b, context, 'page.html', { wait: false, query, until: 'domcontentloaded' });
      await page.evaluate(call);
      const before = await updates(page);
      go();
      await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:ready'), null, { timeout: 15000 });
      await page.waitForTimeout(200);
      return { before, after: await updates(page) };
    } finally {
      delete b.state.delay['/consentry/consentry-core.js'];
      await context.close();
    }
  };
  let r = await run(() => window.consentry.rejectAll());
  assert.deepEqual(r.before, [ALL, NONE], 'the stored grant, then denied as soon as the page withdrew');
  assert.deepEqual(r.after.slice(2).pop(), NONE, 'the core confirms the withdrawal');
  assert.ok(!r.after.slice(2).some((u) => u.analytics_storage == G), 'nothing granted again meanwhile');

  r = await run(() => window.consentry.acceptCategory('all'));
  assert.deepEqual(r.before, [ALL, NONE], 'denied until the core has replayed the call');
  assert.deepEqual(r.after.pop(), ALL, 'the replay changed nothing: the core pushes the state anyway');

  // A config URL: the record is read by the core, after the queued call; its grant is never pushed.
  b.state.override = serve('/gcm-config.json', 200, 'application/json', '{"revision":1}');
  try {
    r = await run(() => window.consentry.rejectAll(), { query: 'config=' + encodeURIComponent('/gcm-config.json') });
    assert.deepEqual(r.before, [], 'nothing pushed before the config is read');
    assert.ok(r.after.length, 'the core pushed the state');
    for (const u of r.after) assert.deepEqual(u, NONE, 'every update denies everything but security_storage');
  } finally {
    b.state.override = null;
  }
});

test('options: regions, wait_for_update, url_passthrough, no redaction; invalid regions fall back to everywhere', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html', {
      config: { revision: 1, gcm: { regions: ['ES', 'US-CA', 'de'], waitForUpdate: 1500, urlPassthrough: true, adsDataRedaction: false } },
    });
    let dl = await dataLayer(page);
    assert.deepEqual(dl[0], { args: ['consent', 'default', { ...consent(D, D, D), wait_for_update: 1500, region: ['ES', 'US-CA', 'de'] }] });
    assert.deepEqual(dl[1], { args: ['set', 'url_passthrough', true] }, 'with the default, before the page\'s calls');
    assert.deepEqual(dl.filter((e) => isCmd(e, 'set')), [{ args: ['set', 'url_passthrough', true] }]);

    // Invalid values: the bootstrap keeps the defaults, as the core's config check does.
    ({ page } = await openIn(b, context, 'page.html', {
      config: { revision: 1, gcm: { regions: ['Spain'], waitForUpdate: '9', urlPassthrough: 'yes', adsDataRedaction: 0 } },
    }));
    dl = await dataLayer(page);
    assert.deepEqual(dl[0], { args: ['consent', 'default', DEFAULT] }, 'the safe default: denied everywhere, 500 ms');
    assert.deepEqual(dl.filter((e) => isCmd(e, 'set')), [{ args: ['set', 'ads_data_redaction', true] }]);
  } finally {
    await context.close();
  }
});

test('gcm.enabled false: Consentry never touches window.dataLayer', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, gcm: { enabled: false } } });
    await page.evaluate(() => consentry.acceptCategory('all'));
    await until(page, async () => tagIndex(await dataLayer(page), `${GA}/a/analytics.js`) >= 0);
    const dl = await dataLayer(page);
    assert.ok(!dl.some((e) => isCmd(e, 'consent') || isCmd(e, 'set') || e.event == 'consentry_consent'), JSON.stringify(dl));
    assert.ok(tagIndex(dl, `${SITE}/tag.js`) == 0, 'the first entry is the site\'s own');
  } finally {
    await context.close();
  }
});
