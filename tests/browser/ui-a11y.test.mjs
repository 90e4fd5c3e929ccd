// Keyboard-only use, the WAI-ARIA dialog pattern, visible focus, reduced motion, and axe-core
// (zero violations) in every state of the UI, light and dark, left-to-right and right-to-left.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, calls, focused, openUi, settle, startUi, uiState } from './fixtures-ui/helpers.mjs';

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

async function tabs(page, n, shift = false) {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    seen.push(await focused(page));
  }
  return seen;
}

describe('keyboard', () => {
  test('region banner: early in the tab order, the three choices adjacent, close last', async () => {
    const { page, close } = await openUi(b, 'page.html', { config: { layout: 'box' } });
    try {
      assert.equal(await focused(page), 'body', 'a non-modal banner does not steal focus');
      assert.deepEqual(await tabs(page, 6), ['ui:link', 'ui:accept-all', 'ui:reject-all', 'ui:preferences', 'ui:close', 'page:logo']);
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      assert.equal(await focused(page), 'ui:preferences');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      assert.deepEqual(await calls(page), [{ categories: ['mandatory'], source: 'reject-all' }]);
    } finally {
      await close();
    }
  });

  test('modal banner: focus moves in, is trapped both ways, the page behind is inert', async () => {
    const { page, close } = await openUi(b, 'page.html', { config: { layout: 'modal' } });
    try {
      assert.equal(await focused(page), 'ui:panel', 'the dialog itself takes focus');
      const cycle = ['ui:link', 'ui:accept-all', 'ui:reject-all', 'ui:preferences', 'ui:close'];
      assert.deepEqual(await tabs(page, 11), [...cycle, ...cycle, 'ui:link']);
      assert.deepEqual(await tabs(page, 3, true), ['ui:close', 'ui:preferences', 'ui:reject-all']);
      const inert = await page.evaluate(() => {
        const a = document.querySelector('.logo');
        a.focus();
        return document.activeElement !== a;
      });
      assert.ok(inert, 'page elements cannot take focus while the modal is open');
      await page.keyboard.press('Escape');
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      assert.deepEqual(await calls(page), []);
    } finally {
      await close();
    }
  });

  test('modal banner opened from a page control: the page is inert, focus returns there after Escape and after a choice', async () => {
    const { page, close } = await openUi(b, 'page.html', { decided: true, cats: ['analytical'], config: { layout: 'modal' } });
    try {
      for (const how of ['Escape', 'reject-all']) {
        await page.locator('.cta a.button').first().focus();
        assert.equal(await focused(page), 'page:button');
        await page.evaluate(() => window.__harness.ui.show()); // e.g. a "Change my choice" button
        await settle(page);
        assert.equal((await uiState(page)).banner, true);
        assert.equal(await focused(page), 'ui:panel', 'focus moves into the dialog');
        const inert = await page.evaluate(() => {
          const a = document.querySelector('.logo');
          a.focus();
          return document.activeElement !== a;
        });
        assert.ok(inert, 'the page behind is inert');
        if (how === 'Escape') await page.keyboard.press('Escape');
        else {
          await page.keyboard.press('Tab'); // link
          await page.keyboard.press('Tab'); // accept all
          await page.keyboard.press('Tab'); // reject all
          assert.equal(await focused(page), 'ui:reject-all');
          await page.keyboard.press('Enter');
        }
        await settle(page);
        assert.equal((await uiState(page)).banner, false, how);
        assert.equal(await focused(page), 'page:button', `${how}: focus went back where it was`);
      }
      assert.deepEqual(await calls(page), [{ categories: ['mandatory'], source: 'reject-all' }], 'Escape recorded nothing');
    } finally {
      await close();
    }
  });

  test('preferences: trapped, switches work with Space and Enter, Save by keyboard, focus returns to the opener', async () => {
    const { page, close } = await openUi(b, 'page.html', { decided: true, cats: [] });
    try {
      await page.locator('#cookie-settings').focus();
      await page.keyboard.press('Enter');
      await settle(page);
      assert.equal((await uiState(page)).prefs, true);
      assert.equal(await focused(page), 'ui:panel');
      // close, policy link, then per category: switch (mandatory is disabled) and its summary.
      const order = ['ui:close', 'ui:link', 'ui:summary', 'ui:analytical', 'ui:summary', 'ui:targeting', 'ui:summary', 'ui:save', 'ui:accept-all', 'ui:reject-all'];
      assert.deepEqual(await tabs(page, 11), [...order, 'ui:close']);
      assert.deepEqual(await tabs(page, 3), ['ui:link', 'ui:summary', 'ui:analytical']);
      const checked = (c) => page.evaluate((cat) => document.querySelector('consentry-ui').shadowRoot.querySelector(`input[data-category=${cat}]`).checked, c);
      await page.keyboard.press('Space');
      assert.equal(await checked('analytical'), true, 'Space switches on');
      await page.keyboard.press('Enter');
      assert.equal(await checked('analytical'), false, 'Enter switches off');
      await page.keyboard.press('Enter');
      assert.equal(await checked('analytical'), true);
      assert.deepEqual(await calls(page), [], 'toggling records nothing');
      await page.keyboard.press('Tab'); // summary
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelectorAll('details[open]').length), 1, 'Enter opens the list');
      // Through the opened table (no focusable cells), to Save.
      await page.keyboard.press('Tab'); // targeting
      await page.keyboard.press('Tab'); // summary
      await page.keyboard.press('Tab'); // save
      assert.equal(await focused(page), 'ui:save');
      await page.keyboard.press('Enter');
      assert.deepEqual(await calls(page), [{ categories: ['mandatory', 'analytical'], source: 'custom' }]);
      await settle(page);
      assert.equal(await focused(page), 'page:cookie-settings', 'focus went back where it was');
    } finally {
      await close();
    }
  });

  test('Escape in the preferences closes them, records nothing and returns focus (floating button)', async () => {
    const { page, close } = await openUi(b, 'page.html', { decided: true, cats: ['analytical'] });
    try {
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'ui:fab', 'the floating button comes first');
      await page.keyboard.press('Enter');
      await settle(page);
      assert.equal((await uiState(page)).prefs, true);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Escape');
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      assert.equal(await focused(page), 'ui:fab');
      assert.deepEqual(await calls(page), []);
    } finally {
      await close();
    }
  });

  test('banner -> preferences -> Escape returns to the banner with focus on Preferences', async () => {
    for (const layout of ['box', 'modal']) {
      const { page, close } = await openUi(b, 'page.html', { config: { layout } });
      try {
        await page.locator('.banner [data-action=preferences]').focus();
        await page.keyboard.press('Enter');
        await settle(page);
        assert.equal((await uiState(page)).prefs, true, layout);
        await page.keyboard.press('Escape');
        await settle(page);
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false }, layout);
        assert.equal(await focused(page), 'ui:preferences', layout);
        assert.deepEqual(await calls(page), []);
      } finally {
        await close();
      }
    }
  });

  test('focus is visible: a 3px ring on buttons, links and switches (light and dark)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { page, close } = await openUi(b, 'page.html', { colorScheme });
      try {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        const ring = () =>
          page.evaluate(() => {
            let a = document.activeElement;
            while (a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
            const target = a.matches('input[role=switch]') ? a.nextElementSibling : a;
            const s = getComputedStyle(target);
            return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
          });
        let r = await ring();
        assert.equal(r.style, 'solid');
        assert.ok(r.width >= 2, JSON.stringify(r));
        await page.keyboard.press('Shift+Tab');
        r = await ring();
        assert.equal(r.style, 'solid', 'link');
        await page.locator('.banner [data-action=preferences]').click();
        await page.locator('.prefs input[data-category=analytical]').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Shift+Tab');
        r = await ring();
        assert.equal(r.style, 'solid', 'switch track shows the ring');
        assert.ok(r.width >= 2);
      } finally {
        await close();
      }
    }
  });
});

describe('ARIA', () => {
  test('modal: role=dialog, aria-modal, labelled and described; region when not modal', async () => {
    let o = await openUi(b, 'page.html', { config: { layout: 'modal' } });
    const modal = await o.page.evaluate(() => {
      const root = document.querySelector('consentry-ui').shadowRoot;
      const d = root.querySelector('dialog.banner');
      return {
        open: d.open,
        modal: d.matches(':modal'),
        ariaModal: d.getAttribute('aria-modal'),
        label: root.getElementById(d.getAttribute('aria-labelledby')).textContent,
        desc: root.getElementById(d.getAttribute('aria-describedby')).textContent.slice(0, 20),
      };
    });
    assert.deepEqual(modal, { open: true, modal: true, ariaModal: 'true', label: 'Your privacy choices', desc: 'We use cookies and s' });
    const snap = await o.page.accessibility?.snapshot?.().catch(() => null);
    if (snap) assert.ok(JSON.stringify(snap).includes('Your privacy choices'));
    await o.close();

    o = await openUi(b, 'page.html', { config: { layout: 'bar' } });
    const region = await o.page.locator('role=region[name="Your privacy choices"]').count();
    assert.equal(region, 1);
    await o.page.locator('.banner [data-action=preferences]').click();
    assert.equal(await o.page.locator('role=dialog[name="Privacy preferences"]').count(), 1);
    assert.equal(await o.page.locator('role=switch[name="Statistics"]').count(), 1);
    assert.equal(await o.page.locator('role=switch[name="Strictly necessary"]').isDisabled(), true);
    assert.equal(await o.page.locator('role=button[name="Close without choosing"]').count(), 1);
    await o.close();
  });
});

describe('axe-core: zero violations', () => {
  test('axe looks inside the shadow root (sanity check)', async () => {
    const { page, close } = await openUi(b);
    try {
      await axe(page);
      const shadowTargets = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: ['color-contrast', 'button-name'] });
        return r.passes.flatMap((p) => p.nodes.map((n) => n.target)).filter((t) => Array.isArray(t[0]) || t.length > 1).length;
      });
      assert.ok(shadowTargets > 3, `axe checked ${shadowTargets} nodes inside the shadow root`);
    } finally {
      await close();
    }
  });

  const states = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const layout of ['bar', 'box', 'modal']) states.push({ name: `${layout} banner, ${colorScheme}`, opts: { colorScheme, config: { layout } } });
    states.push({ name: `preferences with open lists, ${colorScheme}`, opts: { colorScheme }, prefs: true });
    states.push({ name: `floating button, ${colorScheme}`, opts: { colorScheme, decided: true } });
    states.push({ name: `GPC honoured, banner and preferences, ${colorScheme}`, opts: { colorScheme, gpc: true }, prefs: true, alsoBanner: true });
    states.push({ name: `Arabic (rtl) banner and preferences, ${colorScheme}`, opts: { colorScheme, lang: 'ar' }, prefs: true, alsoBanner: true });
  }
  states.push({ name: 'four categories, German, bar at the top', opts: { lang: 'de', config: { layout: 'bar', position: 'top', categories: { preferences: true } } }, prefs: true, alsoBanner: true });
  states.push({ name: 'phone viewport, box', opts: { viewport: { width: 360, height: 640 } }, prefs: true, alsoBanner: true });

  for (const s of states) {
    test(s.name, async () => {
      const { page, close } = await openUi(b, 'page.html', s.opts);
      try {
        if (!s.prefs || s.alsoBanner) {
          const v = await axe(page);
          assert.deepEqual(v, [], JSON.stringify(v, null, 1));
        }
        if (s.prefs) {
          await page.evaluate(() => window.__harness.ui.showPreferences());
          await settle(page);
          for (const summary of await page.locator('.prefs summary').all()) await summary.click();
          const v = await axe(page);
          assert.deepEqual(v, [], JSON.stringify(v, null, 1));
        }
      } finally {
        await close();
      }
    });
  }
});

describe('motion', () => {
  test('animations run normally and are off with prefers-reduced-motion', async () => {
    const read = (page) =>
      page.evaluate(() => {
        const el = document.querySelector('consentry-ui').shadowRoot.querySelector('.banner');
        const s = getComputedStyle(el);
        return { name: s.animationName, duration: s.animationDuration, opacity: s.opacity };
      });
    let o = await openUi(b, 'page.html', { wait: false });
    const entering = await read(o.page);
    assert.notEqual(entering.name, 'none');
    // It slides in without fading: readable from its first frame, mid-animation too.
    assert.equal(entering.opacity, '1');
    await o.close();
    o = await openUi(b, 'page.html', { reducedMotion: 'reduce', wait: false });
    assert.equal((await read(o.page)).name, 'none');
    await o.page.locator('.banner [data-action=preferences]').click();
    // Opened at once when consentry-ui-prefs.js is there, else when it arrives.
    await o.page.locator('.prefs').waitFor();
    const prefs = await o.page.evaluate(() => {
      const root = document.querySelector('consentry-ui').shadowRoot;
      const knob = getComputedStyle(root.querySelector('.track'), '::before');
      return { dialog: getComputedStyle(root.querySelector('.prefs')).animationName, knob: knob.transitionDuration };
    });
    assert.deepEqual(prefs, { dialog: 'none', knob: '0s' });
    await o.close();
  });
});
