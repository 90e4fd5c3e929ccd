// The demo's other ways in: the human demo (a page on 127.0.0.1 talking to *.localhost fakes, no
// host mapping needed), the declared-markup embedding (autoBlock false), the strict-CSP
// embedding, and the lab page with tags pasted as is.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickBanner, cookieNames, inspectorSnapshot, openPage, startDemo, trackerPaths, until } from '../../demo-site/lib/testkit.mjs';

let b;
before(async () => {
  b = await startDemo();
});
after(async () => {
  await b?.close();
});

describe('the human demo: page on 127.0.0.1, fakes on <real host>.localhost', () => {
  test('home: held, then released to the *.localhost fakes, which the config declares', async () => {
    const { context, page, mark } = await openPage(b, '/', { mode: 'local' });
    try {
      assert.deepEqual(trackerPaths(b, mark), []);
      await clickBanner(page, 'accept-all');
      await until(() => trackerPaths(b, mark).includes('www.google-analytics.com/g/collect') && trackerPaths(b, mark).includes('in.hotjar.com/api/v2/client/sites/3141592/visit-data'), 'GA and Hotjar');
      const hosts = new Set(b.trackerRequests(mark).map((r) => r.host));
      for (const h of hosts) assert.match(h, /\.localhost$/, 'every fake is reached on its *.localhost name');
      const jar = await cookieNames(context);
      for (const c of ['_ga', '_gid', '_hjSessionUser_3141592']) assert.ok(jar.includes(c), c);
      const items = (await inspectorSnapshot(page)).elements;
      const gtag = items.find((r) => r.host === 'www.googletagmanager.com.localhost');
      assert.equal(gtag.category, 'analytical');
      assert.equal(gtag.reason, 'site-rule');
      assert.equal(gtag.verdict, 'released');
    } finally {
      await context.close();
    }
  });

  test('shop: the tags GTM injects are third-party too (targeting, held until accepted)', async () => {
    const { context, page, mark } = await openPage(b, '/shop/', { mode: 'local' });
    try {
      await page.evaluate(() => window.consentry.acceptCategory(['analytical']));
      await until(() => trackerPaths(b, mark).includes('www.googletagmanager.com/gtm.js'), 'gtm.js');
      await page.waitForTimeout(600);
      assert.deepEqual(trackerPaths(b, mark), ['www.googletagmanager.com/gtm.js']);
      const blocked = (await inspectorSnapshot(page)).elements.filter((r) => r.verdict === 'block').map((r) => r.host).sort();
      assert.deepEqual(blocked, ['connect.facebook.net.localhost', 'googleads.g.doubleclick.net.localhost']);
    } finally {
      await context.close();
    }
  });
});

describe('declared markup only (/declared/, autoBlock false)', () => {
  const pages = {
    '/declared/': ['www.googletagmanager.com/gtag/js', 'www.google-analytics.com/g/collect', 'static.hotjar.com/c/hotjar-3141592.js'],
    '/declared/journal/pour-over.html': ['www.youtube.com/embed/fernway-pourover', 'www.google.com/maps/embed', 'www.facebook.com/tr'],
    '/declared/shop/': ['www.googletagmanager.com/gtm.js', 'googleads.g.doubleclick.net/pagead/viewthroughconversion/987654321/', 'connect.facebook.net/en_US/fbevents.js'],
  };
  for (const [path, expected] of Object.entries(pages)) {
    test(`${path}: nothing before consent, everything after "Accept all"`, async () => {
      const { context, page, errors, mark } = await openPage(b, path);
      try {
        assert.equal(await page.evaluate(() => window.consentry.getConsent() && document.querySelector('script[data-config]').getAttribute('data-config').includes('"autoBlock":false')), true);
        assert.deepEqual(trackerPaths(b, mark), []);
        await clickBanner(page, 'accept-all');
        await until(() => expected.every((p) => trackerPaths(b, mark).includes(p)) || trackerPaths(b, mark), path);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }

  test('/declared/shop/: the container is declared "analytical,targeting", so analytics alone does not start it', async () => {
    const { context, page, mark } = await openPage(b, '/declared/shop/');
    try {
      await page.evaluate(() => window.consentry.acceptCategory(['analytical']));
      await page.waitForTimeout(1000);
      assert.deepEqual(trackerPaths(b, mark), []);
      await page.evaluate(() => window.consentry.acceptCategory(['analytical', 'targeting']));
      await until(() => trackerPaths(b, mark).includes('connect.facebook.net/en_US/fbevents.js'), 'the container and its tags');
    } finally {
      await context.close();
    }
  });
});

describe('strict Content-Security-Policy (/csp/)', () => {
  test('served with the policy and a nonce on every script; the core runs; trackers wait for consent', async () => {
    const context = await b.browser.newContext();
    const page = await context.newPage();
    const violations = [];
    await page.exposeFunction('__violation', (v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => window.__violation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    try {
      const mark = b.requests.length;
      const res = await page.goto(b.pageOrigin() + '/csp/');
      const csp = res.headers()['content-security-policy'];
      assert.match(csp, /^script-src 'self' 'wasm-unsafe-eval' 'nonce-[A-Za-z0-9+/=]+'/);
      const nonce = /'nonce-([^']+)'/.exec(csp)[1];
      const tags = (await res.text()).match(/<script\b[^>]*>/g);
      assert.ok(tags.length >= 5);
      for (const t of tags) assert.ok(t.includes(`nonce="${nonce}"`), `${t} carries the response's nonce`);
      await page.waitForFunction(() => !!(window.consentry && window.consentry.getConsent && window.consentry.getConsent()), null, { timeout: 15000 });
      await page.locator('consentry-ui [data-action="accept-all"]').waitFor({ state: 'visible' });
      await page.waitForTimeout(600);
      assert.deepEqual(trackerPaths(b, mark), []);
      assert.deepEqual(violations.filter((v) => !/hotjar/.test(v)), [], 'nothing of Consentry or the site is refused by the policy');
      await clickBanner(page, 'accept-all');
      await until(() => trackerPaths(b, mark).includes('www.google-analytics.com/g/collect'), 'gtag.js, released with its nonce');
      // Hotjar's loader is created by its inline snippet without a nonce: the policy refuses it,
      // as it would on any site with this CSP (Hotjar documents a host allowlist instead).
      await until(() => violations.some((v) => /static\.hotjar\.com/.test(v)), 'the CSP refusing Hotjar');
      assert.ok(!trackerPaths(b, mark).some((p) => p.startsWith('static.hotjar.com')));
    } finally {
      await context.close();
    }
  });

  test('/csp/shop/: GTM passes its nonce on, so its tags run after "Accept all"', async () => {
    const { context, page, mark } = await openPage(b, '/csp/shop/');
    try {
      assert.deepEqual(trackerPaths(b, mark), []);
      await clickBanner(page, 'accept-all');
      await until(() => ['www.googletagmanager.com/gtm.js', 'connect.facebook.net/en_US/fbevents.js', 'www.facebook.com/tr/']
        .every((p) => trackerPaths(b, mark).includes(p)) || trackerPaths(b, mark), 'GTM and the Meta Pixel under the CSP');
    } finally {
      await context.close();
    }
  });
});

test('lab: tags pasted as is are fetched once by the preload scanner, never run, and flagged with advice', async () => {
  const { context, page, mark } = await openPage(b, '/lab/pasted-as-is.html');
  try {
    // The preload scanner fetches <script src> and <img src> from the HTML before any script runs.
    const early = trackerPaths(b, mark);
    assert.ok(early.every((p) => p === 'www.googletagmanager.com/gtag/js' || p === 'www.facebook.com/tr'), `only the preloads: ${early}`);
    assert.equal(await page.evaluate(() => !!(window.google_tag_manager && window.google_tag_manager.gtagLoaded)), false, 'gtag.js did not run');
    assert.ok(!(await cookieNames(context)).includes('_ga'));
    const snap = await inspectorSnapshot(page);
    const gtag = snap.elements.find((r) => r.host === 'www.googletagmanager.com' && r.kind === 'script');
    assert.equal(gtag.reason, 'undeclared-html');
    assert.equal(gtag.verdict, 'hold');
    await clickBanner(page, 'accept-all');
    await until(() => trackerPaths(b, mark).includes('www.google-analytics.com/g/collect'), 'gtag.js after consent');
  } finally {
    await context.close();
  }
});
