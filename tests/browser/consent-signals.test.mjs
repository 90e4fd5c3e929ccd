// Issue #4: browser privacy signals. Global Privacy Control (navigator.globalPrivacyControl,
// emulated before any page script runs) is always honoured: targeting is refused by default and
// cannot be pre-enabled, "Accept all" grants everything else, only an explicit choice switches
// targeting on; the record stores that the signal was seen (1) and honoured (2). Do Not Track
// (navigator.doNotTrack '1') has the same effect only with config.honorDnt (seen 4, honoured 8).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecord } from '../../js-glue/src/boot-record.js';
import {
  FB, GA, SITE, dataLayer, newContext, openIn, ran, recordCookie, startConsent, state, ui, until,
} from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

async function stored(context, revision = 1) {
  const c = (await context.cookies()).find((x) => x.name == 'consentry');
  return c ? readRecord(c.value, SITE, revision, Date.now() / 1000) : null;
}
const updates = async (page) => (await dataLayer(page)).filter((e) => e.args && e.args[0] == 'consent' && e.args[1] == 'update').map((e) => e.args[2].ad_storage);

test('GPC: the banner says it is honoured; "Accept all" grants all but targeting; the record says seen and honoured', async () => {
  const context = await newContext(b, { signals: ['gpc'] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    assert.equal(await page.locator('consentry-ui .banner .signal').isVisible(), true, 'the signal note');
    let s = await state(page);
    assert.deepEqual([s.signals, s.honoured], [{ gpc: true, dnt: false }, { gpc: true, dnt: false }]);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await ran(page)).includes(`${GA}/a/analytics.js`));
    await page.waitForTimeout(300);
    s = await state(page);
    assert.deepEqual(s.categories, { mandatory: true, preferences: true, analytical: true, targeting: false });
    assert.ok(!(await ran(page)).includes(`${FB}/a/pixel.js`) && (await ran(page)).includes('not-targeting'));
    const r = await stored(context);
    assert.deepEqual([r.valid, r.granted, r.signals], [true, 1 | 2 | 4, 1 | 2]);
    assert.deepEqual(await updates(page), ['denied']);
    // acceptCategory('all') is "Accept all" too.
    await page.evaluate(() => consentry.acceptCategory('all'));
    assert.equal((await state(page)).categories.targeting, false);
  } finally {
    await context.close();
  }
});

test('GPC: targeting is not pre-enabled in the preferences; switching it on explicitly grants it and is kept', async () => {
  const context = await newContext(b, { signals: ['gpc'] });
  try {
    let { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await page.evaluate(() => consentry.showPreferences());
    await page.waitForFunction(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]'));
    assert.equal(await page.locator('consentry-ui .prefs input[data-category=targeting]').isChecked(), false);
    assert.equal(await page.locator('consentry-ui .prefs .signal').isVisible(), true);
    await page.locator('consentry-ui .prefs label[for=sw-targeting]').click();
    await page.locator('consentry-ui .prefs [data-action=save]').click();
    await until(page, async () => (await ran(page)).includes(`${FB}/a/pixel.js`));
    assert.equal((await state(page)).categories.targeting, true, 'an explicit choice');
    const r = await stored(context);
    assert.deepEqual([r.granted & 8, r.signals], [8, 3]);
    ({ page } = await openIn(b, context, 'page.html'));
    await until(page, async () => (await ran(page)).includes(`${FB}/a/pixel.js`));
    assert.equal((await state(page)).categories.targeting, true, 'the explicit choice made under the signal stands');
    assert.deepEqual(await updates(page), ['granted']);
  } finally {
    await context.close();
  }
});

test('GPC turned on after the choice: targeting is taken back (GCM update, tags, state) while the signal is on', async () => {
  const context = await newContext(b, { signals: ['gpc'], cookies: [recordCookie({ granted: 15, signals: 0 })] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await until(page, async () => (await ran(page)).includes(`${GA}/a/analytics.js`));
    await page.waitForTimeout(400);
    const s = await state(page);
    assert.equal(s.decided, true);
    assert.deepEqual(s.categories, { mandatory: true, preferences: true, analytical: true, targeting: false });
    assert.deepEqual(s.honoured, { gpc: true, dnt: false });
    assert.deepEqual(await updates(page), ['denied'], 'the bootstrap\'s update already refuses ad storage');
    assert.ok(!(await ran(page)).includes(`${FB}/a/pixel.js`));
    assert.ok((await ran(page)).includes('not-targeting'));
  } finally {
    await context.close();
  }
});

test('DNT: ignored by default (seen, not honoured); with honorDnt it works like GPC', async () => {
  let context = await newContext(b, { signals: ['dnt'] });
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    assert.equal(await page.locator('consentry-ui .banner .signal').count(), 0);
    await ui.click(page, '.banner [data-action=accept-all]');
    const s = await state(page);
    assert.deepEqual([s.signals, s.honoured, s.categories.targeting], [{ gpc: false, dnt: true }, { gpc: false, dnt: false }, true]);
    assert.equal((await stored(context)).signals, 4);
  } finally {
    await context.close();
  }
  context = await newContext(b, { signals: ['dnt'] });
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, honorDnt: true } });
    await ui.banner(page);
    assert.equal(await page.locator('consentry-ui .banner .signal').isVisible(), true);
    await ui.click(page, '.banner [data-action=accept-all]');
    const s = await state(page);
    assert.deepEqual([s.honoured, s.categories.targeting, s.categories.analytical], [{ gpc: false, dnt: true }, false, true]);
    assert.equal((await stored(context)).signals, 12);
  } finally {
    await context.close();
  }
  // A choice made while DNT was ignored loses targeting once the site honours DNT.
  context = await newContext(b, { signals: ['dnt'], cookies: [recordCookie({ granted: 15, signals: 4 })] });
  try {
    const { page } = await openIn(b, context, 'page.html', { config: { revision: 1, honorDnt: true } });
    assert.equal((await state(page)).categories.targeting, false);
  } finally {
    await context.close();
  }
});

test('no signal: nothing honoured, "Accept all" grants targeting, the record\'s signals are 0', async () => {
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html');
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    const s = await state(page);
    assert.deepEqual([s.signals, s.honoured, s.categories.targeting], [{ gpc: false, dnt: false }, { gpc: false, dnt: false }, true]);
    assert.equal((await stored(context)).signals, 0);
  } finally {
    await context.close();
  }
});
