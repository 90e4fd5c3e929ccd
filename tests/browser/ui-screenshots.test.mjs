// Screenshots of every layout (light and dark), the preferences centre and the floating button
// at 1280x800 on a plausible page. Each run checks the UI sits wholly inside the viewport and the
// PNG is real; with CONSENTRY_SCREENSHOTS=1 the PNGs are written to docs/screenshots/ (else to a
// temporary folder, so a normal test run leaves the tree clean).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../demo-site/server.mjs';
import { openUi, settle, startUi } from './fixtures-ui/helpers.mjs';

const outDir = process.env.CONSENTRY_SCREENSHOTS === '1' ? join(repoRoot, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'consentry-shots-'));
mkdirSync(outDir, { recursive: true });

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

const SHOTS = [];
for (const colorScheme of ['light', 'dark']) {
  SHOTS.push({ name: `banner-bar-${colorScheme}`, opts: { colorScheme, config: { layout: 'bar', position: 'bottom', privacyPolicyUrl: '/privacy.html' } } });
  SHOTS.push({ name: `banner-box-${colorScheme}`, opts: { colorScheme, config: { layout: 'box', position: 'bottom-right', privacyPolicyUrl: '/privacy.html' } } });
  SHOTS.push({ name: `banner-modal-${colorScheme}`, opts: { colorScheme, config: { layout: 'modal', privacyPolicyUrl: '/privacy.html' } } });
  SHOTS.push({ name: `preferences-${colorScheme}`, opts: { colorScheme, gpc: colorScheme === 'dark', config: { privacyPolicyUrl: '/privacy.html', categories: { preferences: true } } }, prefs: true });
}
SHOTS.push({ name: 'banner-box-rtl-ar', opts: { lang: 'ar', config: { layout: 'box', privacyPolicyUrl: '/privacy.html' } } });
SHOTS.push({ name: 'floating-button', opts: { decided: true, cats: ['analytical'] } });

for (const s of SHOTS) {
  test(`screenshot ${s.name}`, async () => {
    const { page, close } = await openUi(b, 'page.html', { reducedMotion: 'reduce', ...s.opts });
    try {
      if (s.prefs) {
        await page.evaluate(() => window.__harness.ui.showPreferences());
        await settle(page);
        await page.locator('.cat:has(#sw-analytical) summary').click();
        await page.locator('.prefs label[for=sw-analytical]').click();
        await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.activeElement?.blur());
      }
      const box = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        const el = root.querySelector('.prefs, .banner, .fab');
        const r = el.getBoundingClientRect();
        return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, w: innerWidth, h: innerHeight };
      });
      assert.ok(box.top >= 0 && box.left >= 0 && box.bottom <= box.h && box.right <= box.w, `inside the viewport: ${JSON.stringify(box)}`);
      const file = join(outDir, `${s.name}.png`);
      await page.screenshot({ path: file });
      assert.ok(statSync(file).size > 20000, `${file} is a real screenshot`);
    } finally {
      await close();
    }
  });
}

// Issue #4: "Put a screenshot of each layout, light and dark, in the README" (shown as images,
// not only linked), from the files this test writes.
test('the README shows every layout, light and dark', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const layout of ['bar', 'box', 'modal']) {
    for (const scheme of ['light', 'dark']) {
      const name = `banner-${layout}-${scheme}`;
      assert.ok(SHOTS.some((s) => s.name === name), `${name} is taken here`);
      assert.match(readme, new RegExp(`!\\[[^\\]]*\\]\\(docs/screenshots/${name}\\.png\\)`), `README embeds ${name}.png`);
      assert.ok(statSync(join(repoRoot, 'docs', 'screenshots', `${name}.png`)).size > 20000, `docs/screenshots/${name}.png is committed`);
    }
  }
});
