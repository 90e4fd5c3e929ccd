// Issue #4, preferences centre with the real core: under each category, the cookies and
// services Consentry knows for this site, from config.cookies and from what the core classified
// on this page (held and released scripts, cookies written once allowed): name, vendor, purpose,
// retention. The fake-ctx side (merging, refresh on "items", empty lists) is ui-banner.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FB, GA, SITE, dist, newContext, openIn, since, startConsent, ui, until } from './fixtures-consent/helpers.mjs';
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
    // The lists fill as the core's classification arrives (the "items" event), and the purposes
    // with the database's texts, fetched once the lists were wanted (at the same time).
    await until(page, async () => !!row(await lists(page), 'analytical', GA)?.[2] && !!row(await lists(page), 'targeting', FB));
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
    await until(page, async () => !!row(await lists(page), 'targeting', '_fbp')?.[3]);
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

test('the purposes and retention periods are fetched only when a list is wanted: not for the banner or a choice; once for the preferences', async () => {
  const context = await newContext(b);
  try {
    const { page, mark, errors } = await openIn(b, context, 'page.html', { config: CONFIG });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await context.cookies()).some((c) => c.name == '_ga'));
    await page.waitForTimeout(500);
    assert.ok(since(b, mark, '/consentry/consentry-db.cdb').length == 1, 'the classifier\'s blob was fetched');
    assert.equal(since(b, mark, '-texts.cdb').length, 0, 'no texts for the banner and a choice');
    await openPrefs(page);
    assert.ok(await until(page, async () => /analytics/i.test(row(await lists(page), 'analytical', '_ga')?.[2] || '')), 'the purposes arrive');
    await page.evaluate(() => consentry.hide());
    await openPrefs(page);
    await page.waitForTimeout(300);
    assert.deepEqual(since(b, mark, '-texts.cdb').map((r) => r.path), ['/consentry/consentry-db-texts.cdb'], 'fetched once');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const [what, send] of [
  ['a 404', (res) => (res.writeHead(404), res.end())],
  ['another database\'s texts', (res) => (res.writeHead(200, { 'content-type': 'application/octet-stream' }), res.end(readFileSync(join(dist, 'consentry-db-full-texts.cdb'))))],
  ['garbage', (res) => (res.writeHead(200, { 'content-type': 'application/octet-stream' }), res.end(Buffer.from('CSTX not really')))],
]) {
  test(`texts that cannot load (${what}): the lists show names, providers and the config's texts, one warning, the rest works`, async () => {
    b.state.override = (req, res, url) => url.pathname == '/consentry/consentry-db-texts.cdb' && (send(res), true);
    const context = await newContext(b);
    try {
      const { page, logs, errors, consentryErrors } = await openIn(b, context, 'page.html', { config: CONFIG });
      await ui.banner(page);
      await openPrefs(page);
      assert.ok(await until(page, async () => !!row(await lists(page), 'analytical', GA)), 'the held tag is listed');
      await until(page, async () => logs.some((l) => l.type == 'warning' && /purposes and retention/.test(l.text)));
      const got = await lists(page);
      assert.deepEqual(row(got, 'analytical', GA).slice(0, 3), [GA, 'Google Analytics', ''], 'its provider, no purpose');
      assert.deepEqual(row(got, 'mandatory', 'sid'), ['sid', 'Fernway Coffee', 'Keeps you signed in', 'Until the end of the session'], 'the config\'s own texts');
      const warnings = logs.filter((l) => l.type == 'warning' && /purposes and retention/.test(l.text));
      assert.equal(warnings.length, 1, JSON.stringify(logs));
      assert.match(warnings[0].text, what == 'a 404' ? /HTTP 404/ : /category texts rejected/);
      await ui.click(page, '.prefs [data-action=accept-all]');
      assert.ok(await until(page, async () => (await context.cookies()).some((c) => c.name == '_ga')), 'consent still releases the tags');
      assert.deepEqual(consentryErrors(), []);
      assert.deepEqual(errors, []);
    } finally {
      b.state.override = null;
      await context.close();
    }
  });
}
