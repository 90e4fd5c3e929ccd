// Issue #4, preferences centre with the real core: under each category, the cookies and
// services Consentry knows for this site, from config.cookies and from what the core classified
// on this page (held and released scripts, cookies written once allowed): name, vendor, purpose,
// retention. The fake-ctx side (merging, refresh on "items", empty lists) is ui-banner.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FB, GA, SITE, newContext, openIn, startConsent, ui, until } from './fixtures-consent/helpers.mjs';
import { axe } from './fixtures-ui/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

const CONFIG = {
  revision: 1,
  cookies: [{ name: 'sid', category: 'mandatory', vendor: 'Fernway Coffee', purpose: 'Keeps you signed in', retention: 'session' }],
  hosts: { 'cdn.fernway.example': 'mandatory' },
};

/** { category: [[name, vendor, purpose, retention], ...] } as the open preferences show them. */
const lists = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    const out = {};
    for (const cat of root.querySelectorAll('.cat')) {
      out[cat.querySelector('input').dataset.category] = {
        head: [...cat.querySelectorAll('th')].map((th) => th.textContent),
        rows: [...cat.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
      };
    }
    return out;
  });
const row = (got, cat, name) => got[cat].rows.find((r) => r[0] == name);
const openPrefs = async (page) => {
  await page.evaluate(() => consentry.showPreferences());
  await until(page, async () => (await ui.shown(page)).prefs);
};

test('each category lists the config\'s cookies and what the core classified on this page: name, vendor, purpose, retention', async () => {
  const context = await newContext(b);
  try {
    const { page, errors } = await openIn(b, context, 'page.html', { config: CONFIG });
    await ui.banner(page);

    // Before any choice: the held tags (classified by the core), the declarations, the record.
    await openPrefs(page);
    // The lists fill as the core's classification arrives (the "items" event).
    await until(page, async () => !!row(await lists(page), 'analytical', GA) && !!row(await lists(page), 'targeting', FB));
    let got = await lists(page);
    assert.deepEqual(got.mandatory.head, ['Name', 'Provider', 'Purpose', 'Retention']);
    assert.deepEqual(row(got, 'mandatory', 'sid'), ['sid', 'Fernway Coffee', 'Keeps you signed in', 'Until the end of the session'], 'config.cookies');
    assert.deepEqual(row(got, 'mandatory', 'consentry'), ['consentry', 'This website', 'Remembers your privacy choices', '182 days'], 'the record itself');
    assert.ok(row(got, 'mandatory', 'cdn.fernway.example'), 'config.hosts');
    const ga = row(got, 'analytical', GA);
    assert.ok(ga, `the held Google Analytics script is listed: ${JSON.stringify(got.analytical.rows)}`);
    assert.equal(ga[1], 'Google Analytics');
    assert.match(ga[2], /analytics/i, 'the vendor\'s purpose, from the category database');
    const fb = row(got, 'targeting', FB);
    assert.ok(fb, `the held Meta pixel is listed: ${JSON.stringify(got.targeting.rows)}`);
    assert.match(fb[1], /^Meta/);
    assert.ok(fb[2].length > 10, 'with its purpose');
    assert.deepEqual(row(got, 'analytical', SITE)?.slice(0, 2), [SITE, 'This website'], 'the declared inline script is the site\'s own');
    assert.equal(row(got, 'analytical', '_ga'), undefined, 'no _ga before it was written');

    // Accept all: the tags run and write their cookies; the core classifies them and the
    // preferences list them with the vendor, its purpose and the cookie's retention.
    await ui.click(page, '.prefs [data-action=accept-all]');
    await until(page, async () => (await context.cookies()).some((c) => c.name == '_fbp') && (await context.cookies()).some((c) => c.name == '_ga'));
    await openPrefs(page);
    await until(page, async () => !!row(await lists(page), 'targeting', '_fbp'));
    got = await lists(page);
    const gaCookie = row(got, 'analytical', '_ga');
    assert.ok(gaCookie, JSON.stringify(got.analytical.rows));
    assert.equal(gaCookie[1], 'Google Analytics');
    assert.match(gaCookie[2], /analytics/i, 'a cookie without its own purpose text gets its vendor\'s');
    assert.equal(gaCookie[3], '2 years');
    const fbp = row(got, 'targeting', '_fbp');
    assert.ok(fbp, JSON.stringify(got.targeting.rows));
    assert.match(fbp[1], /^Meta/);
    assert.ok(fbp[2].length > 10, 'with a purpose');
    assert.equal(fbp[3], '90 days');
    for (const [cat, { rows }] of Object.entries(got)) {
      // config.hosts has no vendor field: only a host the site declared may lack a provider.
      for (const r of rows) assert.ok(r[0] && (r[1] || r[0] in CONFIG.hosts), `${cat}: every row has a name and a provider: ${JSON.stringify(r)}`);
    }
    // Real data in the tables, every list open: still no accessibility violation.
    for (const s of await page.locator('consentry-ui .prefs summary').all()) await s.click();
    const v = await axe(page);
    assert.deepEqual(v, [], JSON.stringify(v, null, 1));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
