// The demo site's trackers, page by page, in real Chromium with the real bundles: nothing reaches
// a tracker before the visitor's choice (requests counted at the server), and accepting makes the
// right requests happen and the real cookies appear. Trackers keep their real host names here
// (tests/lib/browser.mjs maps every host to the demo server), so the real database decides.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickBanner, cookieNames, openPage, startDemo, trackerPaths, until } from '../../demo-site/lib/testkit.mjs';

let b;
before(async () => {
  b = await startDemo();
});
after(async () => {
  await b?.close();
});

const PAGES = {
  home: {
    path: '/',
    requests: ['www.googletagmanager.com/gtag/js', 'www.google-analytics.com/g/collect', 'static.hotjar.com/c/hotjar-3141592.js',
      'script.hotjar.com/modules.8f1e3b2c.js', 'in.hotjar.com/api/v2/client/sites/3141592/visit-data'],
    cookies: ['_ga', '_ga_FERNWAY01', '_gid', '_gcl_au', '_hjSessionUser_3141592', '_hjSession_3141592'],
  },
  blog: {
    path: '/journal/pour-over.html',
    requests: ['www.youtube.com/embed/fernway-pourover', 'i.ytimg.com/vi/fernway-pourover/hqdefault.jpg', 'www.youtube.com/api/stats/qoe',
      'www.google.com/maps/embed', 'www.google.com/maps/embed/usage', 'www.facebook.com/tr'],
    cookies: ['YSC', 'VISITOR_INFO1_LIVE', 'NID', 'fr'],
  },
  shop: {
    path: '/shop/',
    requests: ['www.googletagmanager.com/gtm.js', 'googleads.g.doubleclick.net/pagead/viewthroughconversion/987654321/',
      'connect.facebook.net/en_US/fbevents.js', 'www.facebook.com/tr/'],
    cookies: ['_gcl_au', 'IDE', '_fbp', 'fr'],
  },
};

describe('auto-blocking embedding: held before consent, released by "Accept all"', () => {
  for (const [name, p] of Object.entries(PAGES)) {
    test(`${name} (${p.path})`, async () => {
      const { context, page, errors, mark } = await openPage(b, p.path);
      try {
        assert.deepEqual(trackerPaths(b, mark), [], 'no request to any tracker before consent');
        const before = await cookieNames(context);
        for (const c of p.cookies) assert.ok(!before.includes(c), `${c} is not set before consent`);

        await clickBanner(page, 'accept-all');
        await until(() => p.requests.every((r) => trackerPaths(b, mark).includes(r)) || trackerPaths(b, mark), `the ${name} trackers`);
        await until(async () => {
          const now = await cookieNames(context);
          return p.cookies.every((c) => now.includes(c)) || now;
        }, `the ${name} cookies`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

test('shop: "analytics" only runs the tag manager, and each tag it injects is checked on its own', async () => {
  const { context, page, mark } = await openPage(b, '/shop/');
  try {
    await page.evaluate(() => window.consentry.acceptCategory(['analytical']));
    await until(() => trackerPaths(b, mark).includes('www.googletagmanager.com/gtm.js'), 'gtm.js');
    await page.waitForTimeout(800);
    await page.locator('[data-sku="KOC-250"] [data-add]').click();
    await page.waitForTimeout(500);
    assert.deepEqual(trackerPaths(b, mark), ['www.googletagmanager.com/gtm.js'], 'the ads pixel and the Meta Pixel stay blocked');
    const names = await cookieNames(context);
    for (const c of ['_gcl_au', 'IDE', '_fbp', 'fr']) assert.ok(!names.includes(c), `${c} (targeting) was not written`);
    assert.ok(names.includes('cart_id'), 'the basket cookie (strictly necessary) was written');
  } finally {
    await context.close();
  }
});

test('shop: after "Accept all", adding to the basket fires the tags GTM wires to the event', async () => {
  const { context, page, mark } = await openPage(b, '/shop/');
  try {
    await clickBanner(page, 'accept-all');
    await until(() => trackerPaths(b, mark).includes('www.facebook.com/tr/'), 'the Meta PageView');
    const at = b.requests.length;
    await page.locator('[data-sku="HBR-250"] [data-add]').click();
    await until(() => {
      const q = b.trackerRequests(at).map((r) => r.path);
      return (q.some((x) => /viewthroughconversion.*label=add_to_cart.*value=12/.test(x)) && q.some((x) => /ev=AddToCart/.test(x))) || q;
    }, 'the add_to_cart pixel and the Meta AddToCart event');
  } finally {
    await context.close();
  }
});

test('"Reject all": nothing reaches a tracker, on this page or the next ones', async () => {
  const { context, page, mark } = await openPage(b, '/shop/');
  try {
    await clickBanner(page, 'reject-all');
    await page.waitForTimeout(500);
    for (const p of ['/', '/journal/pour-over.html', '/shop/']) {
      await page.goto(b.pageOrigin() + p);
      await page.waitForFunction(() => !!(window.consentry && window.consentry.getConsent && window.consentry.getConsent()));
      await page.waitForTimeout(500);
      assert.equal(await page.locator('consentry-ui [data-action="accept-all"]').isVisible(), false, `${p}: no banner for a decided visitor`);
    }
    assert.deepEqual(trackerPaths(b, mark), []);
    const names = await cookieNames(context);
    for (const c of [...PAGES.home.cookies, ...PAGES.blog.cookies, ...PAGES.shop.cookies]) assert.ok(!names.includes(c), `${c} is not set`);
  } finally {
    await context.close();
  }
});

test('a returning visitor who accepted: trackers run on the next page without a banner', async () => {
  const { context, page } = await openPage(b, '/account/');
  try {
    await clickBanner(page, 'accept-all');
    await page.waitForTimeout(300);
    const mark = b.requests.length;
    await page.goto(b.pageOrigin() + '/');
    await until(() => trackerPaths(b, mark).includes('www.google-analytics.com/g/collect'), 'the GA hit');
    assert.equal(await page.locator('consentry-ui [data-action="accept-all"]').isVisible(), false);
  } finally {
    await context.close();
  }
});

test('account: the session and CSRF cookies are set before any choice, and no tracker is called', async () => {
  const { context, page, mark } = await openPage(b, '/account/');
  try {
    const jar = await context.cookies();
    const session = jar.find((c) => c.name === 'sessionid');
    assert.ok(session, 'sessionid (Set-Cookie) is set');
    assert.equal(session.httpOnly, true);
    assert.ok(jar.find((c) => c.name === 'csrftoken'), 'csrftoken (written by account.js) is set');
    assert.equal(await page.locator('input[name="csrfmiddlewaretoken"]').inputValue(), jar.find((c) => c.name === 'csrftoken').value);
    assert.deepEqual(trackerPaths(b, mark), []);
  } finally {
    await context.close();
  }
});
