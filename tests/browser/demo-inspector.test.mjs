// The inspector: how it opens, its keyboard and accessibility (on the sandbox page, fed by a fake
// ctx), and that on the real demo it shows what the tests observe at the server, with switches
// that change the consent and make the page react.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { clickBanner, cookieNames, inspectorSnapshot, openPage, startDemo, trackerPaths, until } from '../../demo-site/lib/testkit.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let b;
before(async () => {
  b = await startDemo();
});
after(async () => {
  await b?.close();
});

const SANDBOX = '/dev/inspector-sandbox.html';
const panelOpen = (page) => page.evaluate(() => {
  const host = document.querySelector('consentry-inspector');
  const p = host && host.shadowRoot.querySelector('.panel');
  return !!p && !p.hidden && p.getBoundingClientRect().width > 0;
});
const activeInPanel = (page) => page.evaluate(() => {
  const host = document.querySelector('consentry-inspector');
  const a = host && host.shadowRoot.activeElement;
  return a ? a.getAttribute('data-tab') || a.getAttribute('data-focus') || a.id || a.className : null;
});

async function sandbox(query = '') {
  const context = await b.browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(b.pageOrigin() + SANDBOX + query);
  return { context, page, errors };
}

describe('opening and closing (sandbox, fake ctx)', () => {
  test('?consentry-debug opens it on load, with focus in the panel', async () => {
    const { context, page, errors } = await sandbox('?consentry-debug');
    try {
      await until(() => panelOpen(page), 'the panel');
      assert.equal(await page.evaluate(() => window.__consentryInspector.isOpen()), true);
      assert.equal(await activeInPanel(page), 'panel');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('Ctrl+Shift+K toggles it and focus returns where it was; Escape closes it', async () => {
    const { context, page } = await sandbox();
    try {
      assert.equal(await panelOpen(page), false, 'closed until asked');
      await page.locator('#open').focus();
      await page.keyboard.press('Control+Shift+K');
      await until(() => panelOpen(page), 'open after Ctrl+Shift+K');
      await page.keyboard.press('Control+Shift+K');
      await until(async () => !(await panelOpen(page)), 'closed after Ctrl+Shift+K');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'open', 'focus is back on the button');
      await page.keyboard.press('Control+Shift+K');
      await until(() => panelOpen(page), 'open again');
      await page.keyboard.press('Escape');
      await until(async () => !(await panelOpen(page)), 'closed by Escape');
    } finally {
      await context.close();
    }
  });

  test('the API: open(), close(), toggle(), isOpen(), show(tab), snapshot()', async () => {
    const { context, page } = await sandbox();
    try {
      const r = await page.evaluate(() => {
        const i = window.__consentryInspector;
        const out = [i.isOpen(), i.open(), i.isOpen(), i.close(), i.isOpen(), i.toggle(), i.isOpen()];
        i.show('elements');
        const s = i.snapshot();
        return { out, tab: document.querySelector('consentry-inspector').shadowRoot.querySelector('[aria-selected="true"]').dataset.tab, s };
      });
      assert.deepEqual(r.out, [false, true, true, false, false, true, true]);
      assert.equal(r.tab, 'elements');
      assert.equal(r.s.connection, 'ctx');
      assert.equal(r.s.elements.length, 5);
      assert.ok(r.s.storage.some((x) => x.name === '_ga' && x.verdict === 'hold' && x.reason === 'exact'));
      assert.deepEqual(r.s.state.signals, { gpc: true, dnt: false });
    } finally {
      await context.close();
    }
  });
});

describe('keyboard, switches and accessibility (sandbox, fake ctx)', () => {
  test('tabs follow the tab pattern (arrow keys, Home, End)', async () => {
    const { context, page } = await sandbox('?consentry-debug');
    try {
      await until(() => panelOpen(page), 'the panel');
      await page.locator('consentry-inspector [data-tab="consent"]').focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await activeInPanel(page), 'storage');
      await page.keyboard.press('End');
      assert.equal(await activeInPanel(page), 'elements');
      await page.keyboard.press('ArrowRight');
      assert.equal(await activeInPanel(page), 'consent');
      const sel = await page.$$eval('consentry-inspector [role="tab"]', (t) => t.map((x) => [x.dataset.tab, x.getAttribute('aria-selected'), x.tabIndex]));
      assert.deepEqual(sel, [['consent', 'true', 0], ['storage', 'false', -1], ['elements', 'false', -1]]);
    } finally {
      await context.close();
    }
  });

  test('a category switch calls ctx.choose() with the new set, and the tables follow', async () => {
    const { context, page } = await sandbox('?consentry-debug');
    try {
      await until(() => panelOpen(page), 'the panel');
      assert.equal(await page.locator('consentry-inspector #ci-switch-mandatory').isDisabled(), true, 'necessary is always on');
      await page.locator('consentry-inspector #ci-switch-analytical').focus();
      await page.keyboard.press('Space');
      await until(() => page.evaluate(() => window.__fakeCalls.length === 1), 'one choose() call');
      assert.deepEqual(await page.evaluate(() => window.__fakeCalls[0]), { categories: ['mandatory', 'analytical'], source: 'custom' });
      assert.equal(await activeInPanel(page), 'ci-switch-analytical', 'focus stays on the switch across the re-render');
      await page.locator('consentry-inspector #ci-switch-preferences').click();
      await until(() => page.evaluate(() => window.__fakeCalls.length === 2), 'a second call');
      assert.deepEqual(await page.evaluate(() => window.__fakeCalls[1].categories), ['mandatory', 'preferences', 'analytical']);
      await page.evaluate(() => window.__consentryInspector.show('elements'));
      const rows = await page.$$eval('consentry-inspector tr[data-host]', (t) => Object.fromEntries(t.map((r) => [r.dataset.host, r.dataset.verdict])));
      assert.deepEqual(rows, { 'www.googletagmanager.com': 'released', 'www.google-analytics.com': 'allow', 'www.google.com': 'released', 'www.youtube.com': 'block', 'www.facebook.com': 'block' });
      await page.locator('consentry-inspector #ci-filter').fill('youtube');
      assert.equal(await page.locator('consentry-inspector tbody tr').count(), 1, 'the filter narrows the list');
    } finally {
      await context.close();
    }
  });

  test('axe-core: no violations inside the panel, on every tab', async () => {
    const { context, page } = await sandbox('?consentry-debug');
    try {
      await until(() => panelOpen(page), 'the panel');
      await page.addScriptTag({ content: AXE });
      for (const tab of ['consent', 'storage', 'elements']) {
        const v = await page.evaluate(async (t) => {
          window.__consentryInspector.show(t);
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((x) => ({ id: x.id, nodes: x.nodes.filter((n) => JSON.stringify(n.target).includes('consentry-inspector')).map((n) => JSON.stringify(n.target)) }))
            .filter((x) => x.nodes.length);
        }, tab);
        assert.deepEqual(v, [], `${tab}: ${JSON.stringify(v)}`);
      }
    } finally {
      await context.close();
    }
  });
});

describe('on the real demo', () => {
  test('shop: before consent the panel shows the container held; after "Accept all", what the server saw', async () => {
    const { context, page, mark } = await openPage(b, '/shop/?consentry-debug');
    try {
      await until(() => panelOpen(page), 'the panel');
      let s = await inspectorSnapshot(page);
      assert.equal(s.state.ready, true);
      assert.equal(s.state.decided, false);
      const gtm = () => s.elements.find((r) => r.host === 'www.googletagmanager.com');
      assert.equal(gtm().verdict, 'hold');
      assert.equal(gtm().category, 'analytical');
      assert.equal(gtm().reason, 'tracker-host');
      assert.equal(gtm().vendor, 'Google Tag Manager');
      assert.deepEqual(trackerPaths(b, mark), []);

      await clickBanner(page, 'accept-all');
      await until(() => trackerPaths(b, mark).includes('www.facebook.com/tr/'), 'the Meta PageView');
      await until(async () => {
        s = await inspectorSnapshot(page);
        const by = Object.fromEntries(s.elements.map((r) => [r.host, r.verdict]));
        const ran = (h) => by[h] === 'allow' || by[h] === 'released';
        // GTM was held, then released; the tags it injects after the choice are allowed at once.
        return (by['www.googletagmanager.com'] === 'released' && ['connect.facebook.net', 'googleads.g.doubleclick.net', 'www.facebook.com'].every(ran)) || by;
      }, 'the released tags in the snapshot');
      // Every tracker host the server saw is in the inspector, with a category and a reason.
      const seen = new Set(b.trackerRequests(mark).map((r) => r.host));
      for (const h of seen) {
        const r = s.elements.find((x) => x.host === h);
        assert.ok(r, `${h} is listed`);
        assert.equal(r.reason, 'tracker-host');
        assert.ok(['allow', 'released'].includes(r.verdict), `${h}: ${r.verdict}`);
      }
      const fbp = s.storage.find((r) => r.name === '_fbp');
      assert.deepEqual([fbp.category, fbp.verdict, fbp.reason, fbp.present], ['targeting', 'allow', 'exact', true]);
      assert.ok((await cookieNames(context)).includes('_fbp'));
      // The panel shows the same rows.
      await page.evaluate(() => window.consentry.inspector.show('elements'));
      const shown = await page.$$eval('consentry-inspector tr[data-host]', (t) => t.map((r) => `${r.dataset.host} ${r.dataset.verdict}`).sort());
      assert.deepEqual(shown, s.elements.map((r) => `${r.host} ${r.verdict}`).sort(), 'the panel shows the snapshot');
      assert.equal(s.state.decided, true);
      assert.ok(s.state.record && s.state.record.id, 'the consent record is shown');
    } finally {
      await context.close();
    }
  });

  test('blog: the switches change the consent and the page reacts (the map loads, the video stays blocked)', async () => {
    const { context, page, mark } = await openPage(b, '/journal/pour-over.html');
    try {
      await page.keyboard.press('Control+Shift+K');
      await until(() => panelOpen(page), 'the panel');
      await page.locator('consentry-inspector #ci-switch-preferences').click();
      await until(() => trackerPaths(b, mark).includes('www.google.com/maps/embed'), 'the map');
      await page.waitForTimeout(500);
      assert.ok(!trackerPaths(b, mark).some((p) => p.startsWith('www.youtube.com') || p.startsWith('www.facebook.com')), trackerPaths(b, mark).join());
      const s = await inspectorSnapshot(page);
      const by = Object.fromEntries(s.elements.map((r) => [r.host, [r.kind, r.verdict, r.category]]));
      assert.deepEqual(by['www.google.com'], ['iframe', 'released', 'preferences']);
      assert.deepEqual(by['www.youtube.com'], ['iframe', 'block', 'targeting']);
      assert.deepEqual(by['www.facebook.com'], ['img', 'block', 'targeting']);
      assert.equal(await page.evaluate(() => window.consentry.acceptedCategory('preferences')), true);
      await page.locator('consentry-inspector #ci-switch-targeting').click();
      await until(() => trackerPaths(b, mark).includes('www.youtube.com/embed/fernway-pourover'), 'the video after Marketing');
    } finally {
      await context.close();
    }
  });

  test('account: the strictly necessary cookies, with the rule that allowed them', async () => {
    const { context, page } = await openPage(b, '/account/');
    try {
      const s = await page.evaluate(() => window.consentry.inspector.snapshot());
      const row = (n) => s.storage.find((r) => r.name === n);
      assert.deepEqual([row('csrftoken').category, row('csrftoken').verdict, row('csrftoken').reason, row('csrftoken').present], ['mandatory', 'allow', 'site-rule', true]);
      assert.deepEqual([row('sessionid').category, row('sessionid').verdict, row('sessionid').present], ['mandatory', 'allow', false], 'HttpOnly: declared, not readable by the page');
    } finally {
      await context.close();
    }
  });
});
