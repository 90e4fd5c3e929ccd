// The privacy page's cookie declaration: generated in the browser by the core from the real
// (full) database and the site's config, it lists every cookie the demo's trackers and the site
// write, each with its vendor, category, purpose and retention.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COOKIE_INVENTORY } from '../../demo-site/lib/fakes.mjs';
import { startDemo } from '../../demo-site/lib/testkit.mjs';

let b;
before(async () => {
  b = await startDemo();
});
after(async () => {
  await b?.close();
});

const EXPECTED = {
  _ga: ['analytical', 'Google Analytics', '2 years'],
  _ga_FERNWAY01: ['analytical', 'Google Analytics', '2 years'],
  _gid: ['analytical', 'Google Analytics', '1 day'],
  _hjSessionUser_3141592: ['analytical', 'Hotjar', '1 year'],
  _gcl_au: ['targeting', 'Google Ads', '90 days'],
  _fbp: ['targeting', 'Meta', '90 days'],
  IDE: ['targeting', 'Google Ads', '13 months'],
  YSC: ['targeting', 'YouTube', 'session'],
  VISITOR_INFO1_LIVE: ['targeting', 'YouTube', '6 months'],
  sessionid: ['mandatory', 'Fernway Coffee', 'session'],
  csrftoken: ['mandatory', 'Fernway Coffee', '1 year'],
  cart_id: ['mandatory', 'Fernway Coffee', '7 days'],
  consentry: ['mandatory', 'Consent management', '1 year'],
};

for (const mode of ['real', 'local']) {
  test(`/privacy/ (${mode} host): every cookie of the site with vendor, category, purpose and retention`, async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(b.pageOrigin(mode) + '/privacy/');
      await page.waitForFunction(() => document.body.dataset.declaration, null, { timeout: 20000 });
      assert.equal(await page.evaluate(() => document.body.dataset.declaration), 'ready',
        await page.locator('[data-declaration-status]').textContent());
      const rows = await page.$$eval('tr[data-cookie]', (trs) => trs.map((tr) => ({
        name: tr.dataset.cookie,
        category: tr.dataset.category,
        group: tr.closest('section').id,
        cells: [...tr.cells].map((td) => td.textContent.trim()),
      })));
      const names = rows.map((r) => r.name);
      for (const c of COOKIE_INVENTORY) assert.ok(names.includes(c.name), `${c.name} is declared`);
      assert.equal(new Set(names).size, names.length, 'each cookie once');
      for (const r of rows) {
        const [, vendor, purpose, retention] = r.cells;
        assert.equal(r.group, `decl-${r.category}`, `${r.name} is listed under its category`);
        assert.ok(vendor && vendor !== '—', `${r.name} has a vendor`);
        assert.ok(purpose.length > 20, `${r.name} has a purpose (${purpose})`);
        assert.ok(retention && retention !== 'unknown', `${r.name} has a retention`);
      }
      for (const [name, [category, vendor, retention]] of Object.entries(EXPECTED)) {
        const r = rows.find((x) => x.name === name);
        assert.equal(r.category, category, `${name} category`);
        assert.ok(r.cells[1].startsWith(vendor), `${name} vendor ${r.cells[1]}`);
        assert.equal(r.cells[3], retention, `${name} retention`);
      }
      // Third-party cookies say where they live.
      assert.match(rows.find((r) => r.name === 'IDE').cells[0], /doubleclick\.net \(third-party\)/);
      assert.match(await page.locator('[data-declaration-status]').textContent(), /full tier/);
    } finally {
      await context.close();
    }
  });
}
