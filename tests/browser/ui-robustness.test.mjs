// The UI in hostile surroundings and its cost to the page: a CSS-hostile host page, a strict
// CSP, XSS strings in every text the site or the core supplies, dark mode and theming, style
// isolation both ways, no layout shift, and never the page's largest contentful paint.
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

/** Computed looks of the UI's key elements, for comparing two pages. */
const looks = (page) =>
  page.evaluate(() => {
    const root = document.querySelector('consentry-ui').shadowRoot;
    const out = {};
    for (const sel of ['.banner', '.title', '.desc', '.link', '.btn', '.close', '.prefs', '.cat-name', '.switch', '.tbl td', '.fab']) {
      const el = root.querySelector(sel);
      if (!el) continue;
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      out[sel] = {
        display: s.display,
        position: s.position,
        visibility: s.visibility,
        opacity: s.opacity,
        font: `${s.fontFamily} ${s.fontSize} ${s.fontWeight} ${s.lineHeight} ${s.letterSpacing} ${s.textTransform}`,
        color: s.color,
        background: s.backgroundColor,
        direction: s.direction,
        size: `${Math.round(r.width)}x${Math.round(r.height)}`,
      };
    }
    return out;
  });

describe('isolation', () => {
  test('a CSS-hostile page (all: unset !important, button { display: none }, ...) changes nothing', async () => {
    const normal = await openUi(b, 'page.html');
    const hostile = await openUi(b, 'hostile.html');
    try {
      // The hostile sheet really is hostile to the page's own elements.
      const pageButton = await hostile.page.evaluate(() => getComputedStyle(document.getElementById('page-button')).display);
      assert.equal(pageButton, 'none');
      assert.deepEqual(await looks(hostile.page), await looks(normal.page), 'banner');
      assert.deepEqual(await uiState(hostile.page), { banner: true, prefs: false, fab: false });
      for (const o of [normal, hostile]) {
        await o.page.locator('.banner [data-action=preferences]').click();
        await settle(o.page);
        await o.page.locator('.prefs summary').first().click();
      }
      assert.deepEqual(await looks(hostile.page), await looks(normal.page), 'preferences');
      await hostile.page.locator('.prefs label[for=sw-targeting]').click();
      await hostile.page.locator('.prefs [data-action=save]').click();
      assert.deepEqual(await calls(hostile.page), [{ categories: ['mandatory', 'targeting'], source: 'custom' }]);
      await settle(hostile.page);
      assert.deepEqual(await uiState(hostile.page), { banner: false, prefs: false, fab: true });
    } finally {
      await normal.close();
      await hostile.close();
    }
  });

  test('the UI leaks no style into the page and the page cannot query into it', async () => {
    const { page, close } = await openUi(b, 'page.html', { start: false });
    try {
      const probe = () =>
        page.evaluate(() => {
          const pick = (el) => {
            const s = getComputedStyle(el);
            return [s.fontFamily, s.fontSize, s.color, s.backgroundColor, s.margin, s.padding, s.outlineStyle, s.display].join('|');
          };
          return {
            h2: pick(document.querySelector('.cards h2')),
            button: pick(document.querySelector('.button')),
            body: pick(document.body),
            html: document.documentElement.getAttribute('style') + document.documentElement.className + document.body.getAttribute('style') + document.body.className,
            sheets: document.styleSheets.length,
            scrollHeight: document.documentElement.scrollHeight,
          };
        });
      const before = await probe();
      await page.evaluate(() => window.__harness.start());
      await settle(page);
      await page.evaluate(() => window.__harness.ui.showPreferences());
      await settle(page);
      assert.deepEqual(await probe(), before);
      assert.equal(await page.evaluate(() => document.querySelectorAll('.btn, .banner, .prefs, dialog').length), 0);
    } finally {
      await close();
    }
  });

  test('strict CSP (style-src \'self\', no inline script): styled through adoptedStyleSheets, no violation', async () => {
    const { page, close, errors } = await openUi(b, 'page.html', { csp: true, config: { layout: 'modal' } });
    try {
      const probe = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return {
          adopted: root.adoptedStyleSheets.length,
          styleElements: root.querySelectorAll('style').length,
          position: getComputedStyle(root.querySelector('.banner')).position,
          button: getComputedStyle(root.querySelector('.btn')).backgroundColor,
        };
      });
      assert.deepEqual(probe, { adopted: 1, styleElements: 0, position: 'fixed', button: 'rgb(29, 78, 216)' });
      await page.locator('.banner [data-action=preferences]').click();
      await page.locator('.prefs summary').first().click();
      await page.locator('.prefs [data-action=reject-all]').click();
      await settle(page);
      assert.deepEqual(await uiState(page), { banner: false, prefs: false, fab: true });
      assert.deepEqual(await page.evaluate(() => window.__harness.cspViolations), [], 'no CSP violation');
      assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
      // And the policy really is in force: an inline style attribute is refused and reported.
      const inlineBlocked = await page.evaluate(() => {
        const d = document.createElement('div');
        d.setAttribute('style', 'color: rgb(255, 0, 0)');
        document.body.append(d);
        const blocked = getComputedStyle(d).color !== 'rgb(255, 0, 0)';
        d.remove();
        return blocked;
      });
      assert.equal(inlineBlocked, true);
      await page.waitForTimeout(100);
      assert.deepEqual((await page.evaluate(() => window.__harness.cspViolations)).map((v) => v.directive), ['style-src-attr']);
    } finally {
      await close();
    }
  });
});

describe('texts are text', () => {
  test('XSS strings from config.texts, config.cookies and ctx.items() show literally and run nothing', async () => {
    const xss = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';
    const texts = {
      en: {
        title: xss,
        text: `<script>window.__xss=99</script>${xss}`,
        acceptAll: '<b>Accept</b>',
        policy: '<svg onload="window.__xss=7">',
        catTargeting: xss,
        items: `${xss} ({n})`,
      },
    };
    const cookies = [{ name: '<i>sid</i>', category: 'mandatory', vendor: xss, purpose: '<a href="javascript:window.__xss=5">x</a>', retention: xss }];
    const { page, close } = await openUi(b, 'page.html', { config: { texts, cookies }, gpc: true });
    try {
      await page.evaluate((x) => window.__harness.addItems([{ kind: 'cookie', name: x, host: 'x', category: 'analytical', vendor: x, purpose: x, retention: x, verdict: 'block', reason: x }]), xss);
      await page.locator('.banner [data-action=preferences]').click();
      for (const s of await page.locator('.prefs summary').all()) await s.click();
      await page.waitForTimeout(300);
      const probe = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return {
          xss: window.__xss,
          elements: root.querySelectorAll('img, script, b, i, svg:not([aria-hidden]), a:not(.link), iframe').length,
          links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
          title: root.querySelector('.prefs .title').textContent,
          cats: root.querySelector('label[for=sw-targeting]').textContent,
          cells: [...root.querySelectorAll('td')].map((td) => td.textContent),
          summary: root.querySelector('summary').textContent,
        };
      });
      assert.equal(probe.xss, undefined, 'nothing ran');
      assert.equal(probe.elements, 0, 'no element was created from a string');
      assert.equal(probe.cats, texts.en.catTargeting);
      assert.ok(probe.cells.includes('<i>sid</i>'));
      assert.ok(probe.cells.includes(xss));
      assert.ok(probe.cells.includes('<a href="javascript:window.__xss=5">x</a>'));
      assert.equal(probe.summary, `${xss} (3)`, 'consentry, <i>sid</i> and the core\'s sid');
      assert.ok(probe.links.every((h) => h.endsWith('/privacy')));
      await page.locator('.prefs .close').click();
      await settle(page);
      const banner = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        return { title: root.querySelector('.banner .title').textContent, accept: root.querySelector('[data-action=accept-all]').textContent, desc: root.querySelector('.banner .desc').textContent };
      });
      assert.equal(banner.title, xss);
      assert.equal(banner.accept, '<b>Accept</b>');
      assert.ok(banner.desc.startsWith('<script>window.__xss=99</script>'));
      assert.equal(await page.evaluate(() => window.__xss), undefined);
    } finally {
      await close();
    }
  });
});

describe('themes', () => {
  const colours = (page) =>
    page.evaluate(() => {
      const root = document.querySelector('consentry-ui').shadowRoot;
      const s = getComputedStyle(root.querySelector('.banner'));
      const btn = getComputedStyle(root.querySelector('.btn'));
      return { bg: s.backgroundColor, fg: s.color, scheme: s.colorScheme, button: btn.backgroundColor, buttonText: btn.color };
    });

  test('dark mode follows prefers-color-scheme', async () => {
    let o = await openUi(b, 'page.html', { colorScheme: 'light' });
    assert.deepEqual(await colours(o.page), { bg: 'rgb(255, 255, 255)', fg: 'rgb(27, 31, 39)', scheme: 'light', button: 'rgb(29, 78, 216)', buttonText: 'rgb(255, 255, 255)' });
    await o.close();
    o = await openUi(b, 'page.html', { colorScheme: 'dark' });
    assert.deepEqual(await colours(o.page), { bg: 'rgb(31, 34, 40)', fg: 'rgb(236, 238, 242)', scheme: 'dark', button: 'rgb(157, 188, 255)', buttonText: 'rgb(11, 22, 48)' });
    await o.close();
  });

  test('CSS custom properties set by the site theme the UI', async () => {
    const { page, close } = await openUi(b, 'page.html', { start: false });
    try {
      await page.addStyleTag({
        content: ':root { --consentry-bg: #fdf6ec; --consentry-fg: #2b1d12; --consentry-accent: #7a3e1d; --consentry-accent-fg: #fff; --consentry-radius: 4px; --consentry-button-radius: 999px; --consentry-font: Georgia, serif; --consentry-font-size: 18px; }',
      });
      await page.evaluate(() => window.__harness.start());
      await settle(page);
      const t = await page.evaluate(() => {
        const root = document.querySelector('consentry-ui').shadowRoot;
        const s = getComputedStyle(root.querySelector('.banner'));
        const btn = getComputedStyle(root.querySelector('.btn'));
        return { bg: s.backgroundColor, fg: s.color, radius: s.borderTopLeftRadius, font: s.fontFamily, size: s.fontSize, button: btn.backgroundColor, buttonRadius: btn.borderTopLeftRadius };
      });
      assert.deepEqual(t, { bg: 'rgb(253, 246, 236)', fg: 'rgb(43, 29, 18)', radius: '4px', font: 'Georgia, serif', size: '16.875px', button: 'rgb(122, 62, 29)', buttonRadius: '999px' });
    } finally {
      await close();
    }
  });
});

describe('performance', () => {
  test('no layout shift (CLS 0) through banner, preferences, choice and floating button', async () => {
    for (const layout of ['bar', 'box', 'modal']) {
      const { page, close } = await openUi(b, 'page.html', { start: false, config: { layout, position: layout === 'bar' ? 'top' : 'bottom' } });
      try {
        await page.evaluate(() => {
          window.__shifts = [];
          new PerformanceObserver((list) => window.__shifts.push(...list.getEntries().map((e) => ({ value: e.value, recent: e.hadRecentInput })))).observe({ type: 'layout-shift', buffered: true });
        });
        await page.evaluate(() => window.__harness.start());
        await settle(page);
        await page.locator('.banner [data-action=preferences]').click();
        await settle(page);
        await page.locator('.prefs summary').first().click();
        await page.locator('.prefs .close').click();
        await settle(page);
        await page.locator('.banner .close').click();
        await settle(page);
        await page.locator('.fab').click();
        await page.locator('.prefs [data-action=accept-all]').click();
        await settle(page);
        await page.waitForTimeout(200);
        const shifts = await page.evaluate(() => window.__shifts);
        assert.deepEqual(shifts, [], `${layout}: layout shifts ${JSON.stringify(shifts)}`);
      } finally {
        await close();
      }
    }
  });

  /** Records LCP entries from the start, shows the banner, and reports the final candidate. */
  async function lcp(file, layout, opts = {}) {
    const { page, close } = await openUi(b, file, { start: false, config: { layout }, ...opts });
    try {
      await page.evaluate(() => {
        window.__lcp = [];
        new PerformanceObserver((list) => window.__lcp.push(...list.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await page.waitForTimeout(300);
      await page.evaluate(() => window.__harness.start());
      await settle(page);
      await page.waitForTimeout(500);
      return await page.evaluate(() => {
        const host = document.querySelector('consentry-ui');
        const root = host.shadowRoot;
        const last = window.__lcp[window.__lcp.length - 1];
        const el = last && last.element;
        const areas = [...root.querySelectorAll('.banner .title, .banner .desc, .banner .btn')].map((e) => {
          const r = e.getBoundingClientRect();
          return Math.round(r.width * r.height);
        });
        return {
          count: window.__lcp.length,
          size: last ? last.size : 0,
          element: el ? el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') : null,
          inUi: !!el && (el === host || el.getRootNode() === root),
          entries: window.__lcp.map((e) => ({ size: e.size, el: e.element ? e.element.tagName : null, time: Math.round(e.startTime) })),
          biggestUiBlock: Math.max(...areas),
          shown: !!root.querySelector('.banner'),
        };
      });
    } finally {
      await close();
    }
  }

  for (const file of ['page.html', 'article.html']) {
    for (const layout of ['bar', 'box', 'modal']) {
      test(`${file}, ${layout}: the banner is not the largest contentful paint`, async () => {
        for (const reducedMotion of ['no-preference', 'reduce']) {
          const r = await lcp(file, layout, { reducedMotion });
          assert.ok(r.shown, 'the banner was shown');
          assert.ok(r.count > 0, 'LCP was reported');
          assert.equal(r.inUi, false, JSON.stringify(r));
          assert.ok(r.element, `the LCP element is a page element: ${JSON.stringify(r.entries)}`);
          assert.ok(r.size > r.biggestUiBlock * 1.25, `page LCP ${r.size} px² vs biggest banner block ${r.biggestUiBlock} px²`);
        }
      });
    }
  }
});
