// The UI against the real bootstrap (dist/consentry.js -> consentry-core.js -> consentry-ui.js):
// the contract end to end. Skipped when dist/consentry.js has not been built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../demo-site/server.mjs';
import { axe, settle, startUi, uiState } from './fixtures-ui/helpers.mjs';
import DE from '../../js-glue/src/ui/texts/de.js';

const built = existsSync(join(repoRoot, 'dist', 'consentry.js')) && existsSync(join(repoRoot, 'dist', 'consentry-core.js'));
let b;
before(async () => {
  if (built) b = await startUi();
});
after(async () => {
  await b?.close();
});

async function open(context, file = 'real.html') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !/404/.test(m.text()) && errors.push(m.text()));
  await page.addInitScript(() => {
    window.__events = [];
    for (const e of ['consentry:consent', 'consentry:change']) addEventListener(e, (ev) => window.__events.push([e, ev.detail.source]));
  });
  await page.goto(`${b.origin()}/${file}`);
  await page.waitForFunction(() => window.consentry && window.consentry.getConsent() !== null);
  return { page, errors };
}
const waitBanner = (page) => page.waitForFunction(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner'));

describe('with the real bootstrap', { skip: !built && 'dist/consentry.js is not built' }, () => {
  test('first visit: the bootstrap loads the UI, the banner shows, axe finds nothing, Reject all is recorded', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const { page, errors } = await open(context);
      await waitBanner(page);
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
      assert.deepEqual(await axe(page), []);
      await page.locator('.banner [data-action=reject-all]').click();
      const state = await page.evaluate(() => window.consentry.getConsent());
      assert.equal(state.decided, true);
      assert.deepEqual(state.categories, { mandatory: true, preferences: false, analytical: false, targeting: false });
      assert.match(await page.evaluate(() => document.cookie), /(^|; )consentry=/);
      assert.deepEqual(await page.evaluate(() => window.__events), [
        ['consentry:consent', 'reject-all'],
        ['consentry:change', 'reject-all'],
      ]);
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('Escape records nothing; the preferences save exactly the switched-on categories; declarations are listed', async () => {
    const context = await b.browser.newContext();
    try {
      const { page } = await open(context);
      await waitBanner(page);
      await page.locator('.banner [data-action=accept-all]').focus();
      await page.keyboard.press('Escape');
      assert.equal((await page.evaluate(() => window.consentry.getConsent())).decided, false);
      assert.deepEqual(await page.evaluate(() => window.__events), []);
      await page.evaluate(() => window.consentry.showPreferences());
      await page.waitForFunction(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs[open]'));
      const cells = await page.evaluate(() => [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.cat:has(#sw-mandatory) td')].map((td) => td.textContent));
      assert.ok(cells.includes('sid') && cells.includes('Keeps you signed in'), cells.join(' | '));
      await page.locator('.prefs label[for=sw-analytical]').click();
      await page.locator('.prefs [data-action=save]').click();
      assert.equal(await page.evaluate(() => window.consentry.acceptedCategory('analytical')), true);
      assert.equal(await page.evaluate(() => window.consentry.acceptedCategory('targeting')), false);
      assert.deepEqual(await page.evaluate(() => window.__events), [
        ['consentry:consent', 'custom'],
        ['consentry:change', 'custom'],
      ]);
    } finally {
      await context.close();
    }
  });

  test('returning visitor: no banner; consentry.showPreferences() shows the current choice; show() asks again', async () => {
    const context = await b.browser.newContext();
    try {
      let { page } = await open(context);
      await waitBanner(page);
      await page.locator('.banner [data-action=accept-all]').click();
      ({ page } = await open(context));
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner')), false);
      await page.evaluate(() => window.consentry.showPreferences());
      await page.waitForFunction(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.prefs[open]'));
      assert.equal(await page.locator('.prefs input[data-category=targeting]').isChecked(), true);
      await page.keyboard.press('Escape');
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      await page.evaluate(() => window.consentry.show());
      await waitBanner(page);
      assert.equal((await uiState(page)).banner, true);
    } finally {
      await context.close();
    }
  });

  test('German page, nonce-only CSP: consentry.js -> consentry-ui.js -> consentry-ui-de.js, all by nonce; German, no violation', async () => {
    const context = await b.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const scripts = [];
      page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
      await page.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const errors = [];
      page.on('console', (m) => ['error', 'warning'].includes(m.type()) && !/404/.test(m.text()) && errors.push(m.text()));
      await page.goto(`${b.origin()}/real-nonce.html?csp=nonce`);
      await waitBanner(page);
      await settle(page);
      const shown = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return { lang: root.querySelector('.root').lang, title: root.querySelector('.title').textContent, accept: root.querySelector('[data-action=accept-all]').textContent };
      });
      assert.deepEqual(shown, { lang: 'de', title: DE.title, accept: DE.acceptAll });
      // The preferences centre follows at idle time, by nonce as well.
      await page.waitForFunction(() => !!window.__consentryUiPrefs);
      assert.deepEqual(scripts.filter((p) => /consentry-ui/.test(p)), ['/consentry/consentry-ui.js', '/consentry/consentry-ui-de.js', '/consentry/consentry-ui-prefs.js']);
      assert.deepEqual(await page.evaluate(() => window.__violations), []);
      assert.deepEqual(errors, []);
      await page.locator('.banner [data-action=reject-all]').click();
      assert.equal((await page.evaluate(() => window.consentry.getConsent())).decided, true);
    } finally {
      await context.close();
    }
  });

  // api.js: a returning visitor gets the UI at idle time (floating button), and a click on
  // [data-consentry-open] opens the preferences before any API call (or before the UI is there).
  test('returning visitor: the floating button and [data-consentry-open] work without an API call', async () => {
    const context = await b.browser.newContext();
    try {
      let { page } = await open(context);
      await waitBanner(page);
      await page.locator('.banner [data-action=reject-all]').click();
      ({ page } = await open(context));
      await page.locator('#cookie-settings').click();
      await page.waitForFunction(() => !!document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.prefs[open]'), null, { timeout: 3000 });
      await page.keyboard.press('Escape');
      await settle(page);
      assert.equal((await uiState(page)).fab, true);
    } finally {
      await context.close();
    }
  });
});
