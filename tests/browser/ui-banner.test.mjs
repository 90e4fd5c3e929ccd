// The first layer and the preferences centre in real Chromium, driven through a fake ctx
// (fixtures-ui/harness.js) that records every ctx.choose() call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, openUi, settle, startUi, uiState } from './fixtures-ui/helpers.mjs';

let b;
before(async () => {
  b = await startUi();
});
after(async () => {
  await b?.close();
});

/** Geometry and paint of the three first-layer buttons. */
async function buttonLooks(page) {
  return page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    return [...root.querySelectorAll('.banner .actions .btn')].map((el) => {
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      return {
        action: el.dataset.action,
        width: Math.round(r.width * 10) / 10,
        height: Math.round(r.height * 10) / 10,
        inViewport: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
        tabIndex: el.tabIndex,
        paint: [s.backgroundColor, s.color, s.fontWeight, s.fontSize, s.borderTopColor, s.borderTopWidth, s.opacity, s.textDecorationLine].join('|'),
      };
    });
  });
}

const LAYOUTS = [
  ['box', 'bottom'],
  ['box', 'top-left'],
  ['box', 'bottom-left'],
  ['box', 'top-right'],
  ['bar', 'bottom'],
  ['bar', 'top'],
  ['modal', 'center'],
];

describe('first layer', () => {
  for (const [layout, position] of LAYOUTS) {
    test(`${layout} ${position}: renders with three equal choices (size, colour weight, tab order)`, async () => {
      const { page, errors, close } = await openUi(b, 'page.html', { config: { layout, position } });
      try {
        assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
        const btns = await buttonLooks(page);
        assert.deepEqual(btns.map((x) => x.action), ['accept-all', 'reject-all', 'preferences']);
        for (const x of btns) {
          assert.equal(x.width, btns[0].width, `${x.action} width`);
          assert.equal(x.height, btns[0].height, `${x.action} height`);
          assert.equal(x.paint, btns[0].paint, `${x.action} paint`);
          assert.equal(x.tabIndex, 0, `${x.action} is in the tab order`);
          assert.ok(x.inViewport, `${x.action} is inside the viewport`);
          assert.ok(x.height >= 40, `${x.action} is a comfortable target (${x.height}px)`);
        }
        const geo = await page.evaluate(() => {
          const el = document.querySelector('consentry-ui').shadowRoot.querySelector('.banner');
          const r = el.getBoundingClientRect();
          return { top: r.top, left: r.left, right: innerWidth - r.right, bottom: innerHeight - r.bottom, position: getComputedStyle(el).position, tag: el.tagName, role: el.getAttribute('role'), label: el.getAttribute('aria-label') };
        });
        assert.equal(geo.position, 'fixed');
        if (layout === 'modal') {
          assert.equal(geo.tag, 'DIALOG');
          assert.ok(Math.abs(geo.left - geo.right) < 2 && Math.abs(geo.top - geo.bottom) < 2, `centred: ${JSON.stringify(geo)}`);
        } else {
          assert.equal(geo.role, 'region');
          assert.equal(geo.label, 'Your privacy choices');
          const [v, h] = position.split('-');
          if (v === 'top') assert.ok(geo.top < 24, `at the top: ${JSON.stringify(geo)}`);
          else assert.ok(geo.bottom < 24, `at the bottom: ${JSON.stringify(geo)}`);
          if (layout === 'bar') assert.ok(geo.left === 0 && geo.right === 0, 'full width');
          else if (h === 'left') assert.ok(geo.left < 24 && geo.right > 600, `left: ${JSON.stringify(geo)}`);
          else assert.ok(geo.right < 24 && geo.left > 600, `right: ${JSON.stringify(geo)}`);
        }
        assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
        assert.deepEqual(await calls(page), [], 'showing the banner records nothing');
      } finally {
        await close();
      }
    });
  }

  test('the three buttons are equal on a phone too (stacked)', async () => {
    const { page, close } = await openUi(b, 'page.html', { config: { layout: 'bar' }, viewport: { width: 375, height: 700 } });
    try {
      const btns = await buttonLooks(page);
      for (const x of btns) {
        assert.equal(x.width, btns[0].width);
        assert.equal(x.height, btns[0].height);
        assert.equal(x.paint, btns[0].paint);
        assert.ok(x.inViewport);
      }
    } finally {
      await close();
    }
  });

  test('phone: nothing overflows sideways (banner, and preferences with every list open)', async () => {
    for (const lang of ['en', 'de', 'ar']) {
      const { page, close } = await openUi(b, 'page.html', { lang, viewport: { width: 320, height: 640 } });
      try {
        const overflow = () =>
          page.evaluate(() =>
            [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.banner, .banner *, .prefs, .prefs *')]
              .filter((el) => el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') // 1px = visually hidden
              .map((el) => el.className || el.tagName),
          );
        assert.deepEqual(await overflow(), [], `${lang} banner`);
        await page.locator('.banner [data-action=preferences]').click();
        for (const s of await page.locator('.prefs summary').all()) await s.click();
        assert.deepEqual(await overflow(), [], `${lang} preferences`);
        const box = await page.evaluate(() => {
          const r = document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs').getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        });
        assert.ok(box.left >= 0 && box.right <= 320 && box.top >= 0 && box.bottom <= 640, JSON.stringify(box));
      } finally {
        await close();
      }
    }
  });

  test('Accept all / Reject all record exactly what they say, then the floating button appears', async () => {
    for (const [action, expected] of [
      ['accept-all', { categories: ['mandatory', 'analytical', 'targeting'], source: 'accept-all' }],
      ['reject-all', { categories: ['mandatory'], source: 'reject-all' }],
    ]) {
      const { page, close } = await openUi(b);
      try {
        await page.locator(`.banner [data-action=${action}]`).click();
        assert.deepEqual(await calls(page), [expected]);
        await settle(page);
        assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      } finally {
        await close();
      }
    }
  });

  for (const layout of ['box', 'bar', 'modal']) {
    test(`${layout}: the close button and Escape hide the banner and record nothing`, async () => {
      const { page, close } = await openUi(b, 'page.html', { config: { layout } });
      try {
        await page.locator('.banner .close').click();
        assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true }, 'closed; the floating button lets the visitor come back');
        assert.deepEqual(await calls(page), []);
        const state = await page.evaluate(() => window.__harness.ctx.getState());
        assert.equal(state.decided, false);
        assert.equal(state.categories.analytical || state.categories.targeting, false, 'nothing granted');

        await page.evaluate(() => window.__harness.ui.show());
        await settle(page);
        assert.equal((await uiState(page)).banner, true);
        await page.locator('.banner [data-action=reject-all]').focus();
        await page.keyboard.press('Escape');
        assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
        assert.deepEqual(await calls(page), [], 'Escape records nothing either');
      } finally {
        await close();
      }
    });
  }

  test('no scroll-means-consent: scrolling and clicking the page record nothing', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(200);
      await page.locator('h1').click();
      await page.keyboard.press('End');
      await page.waitForTimeout(100);
      assert.deepEqual(await calls(page), []);
      assert.equal((await uiState(page)).banner, true);
    } finally {
      await close();
    }
  });

  test('the privacy policy link: http(s) and relative only, built as an attribute', async () => {
    const cases = [
      ['/privacy', '/privacy'],
      ['https://example.org/privacy?x=1#y', 'https://example.org/privacy?x=1#y'],
      ['privacy.html', '/privacy.html'],
      ['javascript:alert(1)', null],
      [' JaVaScRiPt:alert(1)', null],
      ['data:text/html,<script>alert(1)</script>', null],
      ['java\nscript:alert(1)', null],
      ['"><img src=x onerror=alert(1)>', '/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E'],
    ];
    for (const [url, expected] of cases) {
      const { page, close } = await openUi(b, 'page.html', { config: { privacyPolicyUrl: url } });
      try {
        const href = await page.evaluate(() => {
          const a = document.querySelector('consentry-ui').shadowRoot.querySelector('.banner a');
          return a ? a.getAttribute('href') : null;
        });
        if (expected === null) assert.equal(href, null, `${url} is refused`);
        else assert.ok(href && href.endsWith(expected), `${url} -> ${href}`);
        const images = await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelectorAll('img').length);
        assert.equal(images, 0);
      } finally {
        await close();
      }
    }
  });

  test('a returning visitor sees no banner, only the floating button (unless floatingButton: false)', async () => {
    let o = await openUi(b, 'page.html', { decided: true, cats: ['analytical'] });
    assert.deepEqual(await uiState(o.page), { banner: false, prefs: false, fab: true });
    await o.close();
    o = await openUi(b, 'page.html', { decided: true, config: { floatingButton: false } });
    assert.deepEqual(await uiState(o.page), { banner: false, prefs: false, fab: false });
    assert.equal(await o.page.evaluate(() => document.querySelectorAll('consentry-ui').length), 1);
    await o.close();
  });

  test('a choice made elsewhere (the public API) hides the banner; a reset shows it again', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.evaluate(() => window.__harness.apiChoose(['mandatory', 'analytical']));
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      await page.evaluate(() => window.__harness.reset());
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
    } finally {
      await close();
    }
  });

  test('start() returns show / hide / showPreferences / failed / destroy (and ready, a promise)', async () => {
    const { page, close } = await openUi(b, 'page.html', { decided: true });
    try {
      assert.deepEqual(await page.evaluate(() => Object.keys(window.__harness.ui).sort()), ['destroy', 'failed', 'hide', 'ready', 'show', 'showPreferences']);
      assert.equal(await page.evaluate(() => window.__harness.ui.ready instanceof Promise), true);
      assert.equal(await page.evaluate(() => Object.isFrozen(window.__consentryUi)), true);
      await page.evaluate(() => window.__harness.ui.show());
      await settle(page);
      assert.equal((await uiState(page)).banner, true, 'show() works for a decided visitor too');
      await page.evaluate(() => window.__harness.ui.hide());
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      await page.evaluate(() => window.__harness.ui.showPreferences());
      await settle(page);
      assert.equal((await uiState(page)).prefs, true);
      await page.evaluate(() => window.__harness.ui.destroy());
      assert.equal(await page.evaluate(() => document.querySelectorAll('consentry-ui').length), 0);
      assert.equal(await page.evaluate(() => window.__harness.listenerCount('change') + window.__harness.listenerCount('items')), 0);
      await page.locator('#cookie-settings').click();
      assert.equal(await page.evaluate(() => document.querySelectorAll('consentry-ui').length), 0, 'destroyed: links do nothing');
      assert.deepEqual(await calls(page), []);
    } finally {
      await close();
    }
  });
});

describe('preferences centre', () => {
  /** Switch states and labels, in order. */
  async function switches(page) {
    return page.evaluate(() =>
      [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.prefs input[role=switch]')].map((i) => ({
        category: i.dataset.category,
        checked: i.checked,
        disabled: i.disabled,
        type: i.type,
        label: i.labels[0]?.textContent,
        described: i.getAttribute('aria-describedby') ? i.getRootNode().getElementById(i.getAttribute('aria-describedby'))?.textContent : null,
      })),
    );
  }

  test('one switch per enabled category; nothing pre-ticked; mandatory locked on', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.locator('.banner [data-action=preferences]').click();
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: true, fab: false });
      const sw = await switches(page);
      assert.deepEqual(
        sw.map((s) => [s.category, s.checked, s.disabled, s.type, s.label]),
        [
          ['mandatory', true, true, 'checkbox', 'Strictly necessary'],
          ['analytical', false, false, 'checkbox', 'Statistics'],
          ['targeting', false, false, 'checkbox', 'Marketing'],
        ],
      );
      for (const s of sw) assert.ok(s.described && s.described.length > 20, `${s.category} has a description`);
      assert.deepEqual(await calls(page), []);
    } finally {
      await close();
    }
  });

  test('the optional fourth category; a returning visitor sees their current choice', async () => {
    const { page, close } = await openUi(b, 'page.html', { config: { categories: { preferences: true } }, decided: true, cats: ['targeting'] });
    try {
      await page.locator('#cookie-settings').click();
      await settle(page);
      assert.deepEqual(
        (await switches(page)).map((s) => [s.category, s.checked]),
        [
          ['mandatory', true],
          ['preferences', false],
          ['analytical', false],
          ['targeting', true],
        ],
      );
    } finally {
      await close();
    }
  });

  test('Save choices records exactly the switched-on categories ("custom")', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.locator('.banner [data-action=preferences]').click();
      await page.locator('.prefs label:has-text("Statistics")').click();
      await page.locator('.prefs [data-action=save]').click();
      assert.deepEqual(await calls(page), [{ categories: ['mandatory', 'analytical'], source: 'custom' }]);
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
    } finally {
      await close();
    }
  });

  test('Accept all and Reject all inside the preferences', async () => {
    for (const [action, expected] of [
      ['accept-all', ['mandatory', 'analytical', 'targeting']],
      ['reject-all', ['mandatory']],
    ]) {
      const { page, close } = await openUi(b, 'page.html', { decided: true, cats: ['analytical'] });
      try {
        await page.locator('.fab').click();
        await page.locator(`.prefs [data-action=${action}]`).click();
        assert.deepEqual(await calls(page), [{ categories: expected, source: action }]);
      } finally {
        await close();
      }
    }
  });

  test('closing the preferences saves nothing; from the banner it goes back to the banner', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.locator('.banner [data-action=preferences]').click();
      await page.locator('.prefs label:has-text("Marketing")').click();
      await page.locator('.prefs .close').click();
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
      assert.deepEqual(await calls(page), []);
      await page.locator('.banner [data-action=preferences]').click();
      await page.keyboard.press('Escape');
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: true, prefs: false, fab: false });
      assert.deepEqual(await calls(page), []);
    } finally {
      await close();
    }
  });

  test('cookies and services per category: ctx.items() merged with config.cookies, refreshed on "items"', async () => {
    const { page, close } = await openUi(b);
    try {
      await page.locator('.banner [data-action=preferences]').click();
      const read = () =>
        page.evaluate(() => {
          const root = document.querySelector('consentry-ui').shadowRoot;
          const out = {};
          for (const cat of root.querySelectorAll('.cat')) {
            const c = cat.querySelector('input').dataset.category;
            out[c] = {
              summary: cat.querySelector('summary').textContent,
              head: [...cat.querySelectorAll('th')].map((th) => th.textContent),
              rows: [...cat.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent)),
            };
          }
          return out;
        });
      let got = await read();
      assert.deepEqual(got.mandatory.head, ['Name', 'Provider', 'Purpose', 'Retention']);
      assert.deepEqual(got.mandatory.rows, [
        ['consentry', 'This website', 'Remembers your privacy choices', '182 days'],
        ['sid', 'Northwind Coffee', 'Keeps you signed in and your basket filled', 'Until the end of the session'],
      ]);
      assert.equal(got.mandatory.summary, 'Cookies and services (2)');
      assert.deepEqual(got.analytical.rows, [
        ['_ga', 'Google Analytics', 'Distinguishes visitors', '2 years'],
        // A preferences cookie without the site's preferences category: granted with analytical.
        ['nw_lang', 'Northwind Coffee', 'Remembers your language', '1 year'],
        ['www.googletagmanager.com', 'Google Tag Manager', 'Loads Google Analytics', ''],
      ]);
      assert.deepEqual(
        got.targeting.rows.map((r) => r[0]),
        ['_fbp', 'www.youtube.com'],
      );
      // Open a list, then new items arrive: the list grows and stays open.
      await page.locator('.cat:has(input[data-category=targeting]) summary').click();
      await page.evaluate(() =>
        window.__harness.addItems([{ kind: 'script', name: 'https://connect.facebook.net/en_US/fbevents.js', host: 'connect.facebook.net', category: 'targeting', vendor: 'Meta', purpose: 'Facebook Pixel', retention: '', verdict: 'hold', reason: 'db' }]),
      );
      got = await read();
      assert.equal(got.targeting.summary, 'Cookies and services (3)');
      assert.deepEqual(got.targeting.rows.find((r) => r[0] === 'connect.facebook.net'), ['connect.facebook.net', 'Meta', 'Facebook Pixel', '']);
      assert.equal(await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.cat:has(input[data-category=targeting]) details').open), true);
      assert.equal(await page.locator('.cat:has(input[data-category=targeting]) tbody tr').first().isVisible(), true);
    } finally {
      await close();
    }
  });

  test('config.hosts are listed under their category; with the preferences category, preferences items are listed there', async () => {
    const { page, close } = await openUi(b, 'page.html', {
      config: { categories: { preferences: true }, hosts: { 'cdn.northwind.example': 'mandatory', 'www.googletagmanager.com': 'analytical', 'bad.example': 'nonsense' } },
    });
    try {
      await page.locator('.banner [data-action=preferences]').click();
      const rows = await page.evaluate(() => {
        const out = {};
        for (const cat of document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.cat')) {
          out[cat.querySelector('input').dataset.category] = [...cat.querySelectorAll('tbody tr')].map((tr) => tr.cells[0].textContent + '|' + tr.cells[1].textContent);
        }
        return out;
      });
      assert.ok(rows.mandatory.includes('cdn.northwind.example|'), JSON.stringify(rows.mandatory));
      assert.ok(rows.analytical.includes('www.googletagmanager.com|Google Tag Manager'), 'a declared host seen on the page gets the core\'s vendor');
      assert.ok(rows.preferences.includes('nw_lang|Northwind Coffee'), JSON.stringify(rows.preferences));
      assert.ok(!rows.analytical.some((r) => r.startsWith('nw_lang')));
      assert.ok(!Object.values(rows).flat().some((r) => r.startsWith('bad.example')), 'an invalid category lists nothing');
    } finally {
      await close();
    }
  });

  test('an empty category says so', async () => {
    const { page, close } = await openUi(b, 'page.html', { items: false, config: { cookies: [] } });
    try {
      await page.locator('.banner [data-action=preferences]').click();
      await page.locator('.cat:has(input[data-category=targeting]) summary').click();
      assert.equal(await page.locator('.cat:has(input[data-category=targeting]) .none').textContent(), 'None found on this page so far.');
      assert.equal(await page.locator('.cat:has(input[data-category=targeting]) summary').textContent(), 'Cookies and services (0)');
    } finally {
      await close();
    }
  });

  test('GPC honoured: the notice is shown and marketing is off (the visitor may still switch it on)', async () => {
    const { page, close } = await openUi(b, 'page.html', { gpc: true });
    try {
      assert.match(await page.locator('.banner .signal').textContent(), /privacy signal was honoured/);
      await page.locator('.banner [data-action=preferences]').click();
      assert.equal(await page.locator('.prefs .signal').textContent(), "Your browser's privacy signal was honoured: marketing stays off unless you switch it on yourself.");
      assert.equal(await page.locator('.prefs input[data-category=targeting]').isChecked(), false);
      await page.locator('.prefs label:has-text("Marketing")').click();
      await page.locator('.prefs [data-action=save]').click();
      assert.deepEqual(await calls(page), [{ categories: ['mandatory', 'targeting'], source: 'custom' }]);
    } finally {
      await close();
    }
    const o = await openUi(b, 'page.html');
    assert.equal(await o.page.locator('.signal').count(), 0, 'no notice without the signal');
    await o.close();
  });

  test('withdraw at any time: data-consentry-open (event delegation) and the floating button', async () => {
    const { page, close } = await openUi(b, 'page.html', { decided: true, cats: ['analytical', 'targeting'] });
    try {
      // An element added after start() works too (delegation on document).
      await page.evaluate(() => {
        const s = document.createElement('span');
        s.setAttribute('data-consentry-open', '');
        s.id = 'late';
        s.textContent = 'Manage cookies';
        document.querySelector('main').append(s);
      });
      await page.locator('#late').click();
      await settle(page);
      assert.equal((await uiState(page)).prefs, true);
      await page.locator('.prefs label:has-text("Marketing")').click();
      await page.locator('.prefs [data-action=save]').click();
      assert.deepEqual(await calls(page), [{ categories: ['mandatory', 'analytical'], source: 'custom' }]);
      await settle(page);
      await page.locator('.fab').click();
      await settle(page);
      assert.equal((await uiState(page)).prefs, true);
      assert.equal(await page.locator('.prefs input[data-category=targeting]').isChecked(), false);
      assert.equal(await page.locator('.prefs input[data-category=analytical]').isChecked(), true);
      assert.equal(page.url().includes('#'), false, 'the link was not followed');
    } finally {
      await close();
    }
  });
});
