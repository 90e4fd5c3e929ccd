// Issue #7 (BENCHMARKS.md, proposals 1-3): loading order. A first visit requests the banner's
// bundle at once (not after the core) and fetches the wasm and the blob only once the banner is
// up; nothing held runs before the core has decided. A returning visitor's declared scripts the
// stored choice grants run before the blob has arrived, in document order, up to the first
// script that needs the core, and nothing runs twice. The inspector gets ctx.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FB, GA, newContext, openIn, ran, recordCookie, serve, since, startConsent, state, ui, until } from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
  b.state.delay = {};
});

const at = (list) => (list.length ? list[0].time : Infinity);

test('first visit: the UI bundle is requested first, the controller once it is there, the wasm and the blob after the banner is up', async () => {
  const context = await newContext(b);
  b.state.delay['/consentry/consentry-core.js'] = 700;
  try {
    const { page, mark } = await openIn(b, context, 'page.html', { wait: false });
    await ui.banner(page);
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'), null, { timeout: 15000 });
    const core = at(since(b, mark, '/consentry/consentry-core.js'));
    const uiReq = at(since(b, mark, '/consentry/consentry-ui.js'));
    assert.ok(uiReq <= core, `consentry-ui.js requested ${uiReq - core} ms after consentry-core.js`);
    const bannerAt = await page.evaluate(() => window.__bannerAt);
    assert.ok(bannerAt, 'the banner was seen');
    for (const f of ['/consentry/consentry.wasm', '/consentry/consentry-db.cdb']) {
      const t = at(since(b, mark, f));
      assert.ok(t >= bannerAt, `${f} requested ${bannerAt - t} ms before the banner was on screen`);
    }
    assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel=preload][href*="consentry"]').length), 0, 'no preload competes with the banner');
  } finally {
    delete b.state.delay['/consentry/consentry-core.js'];
    await context.close();
  }
});

// A first visit with consentry-core.js held back until release(): the page, the banner on screen.
async function bannerBeforeCore(context) {
  let release;
  b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (release = r));
  const { page, mark } = await openIn(b, context, 'page.html', { wait: false, until: 'commit' });
  await ui.banner(page);
  await until(page, async () => (await ui.shown(page)).banner);
  return { page, mark, release };
}

test('first visit: the banner is on screen before consentry-core.js arrives; a choice made then is recorded when it does', async () => {
  const context = await newContext(b);
  try {
    const { page, mark, release } = await bannerBeforeCore(context);
    assert.equal(await page.evaluate(() => !!window.__consentryCoreLoader), false, 'the controller has not arrived');
    const uiAt = since(b, mark, '/consentry/consentry-ui.js');
    const coreAt = since(b, mark, '/consentry/consentry-core.js');
    assert.equal(uiAt.length, 1);
    assert.ok(coreAt.length <= 1 && at(coreAt) >= at(uiAt), 'the controller is requested after the banner bundle');
    const heading = await page.evaluate(() => document.querySelector('consentry-ui').shadowRoot.querySelector('.banner').textContent);
    assert.ok(heading.length > 20, 'the banner has its texts');
    await page.locator('.banner [data-action=accept-all]').click();
    await page.waitForTimeout(300);
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), [], 'nothing runs before the controller');
    assert.equal((await context.cookies()).some((c) => c.name == 'consentry'), false, 'nothing recorded yet');
    assert.equal((await ui.shown(page)).banner, false, 'the banner closed on the click');
    release();
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:consent'), null, { timeout: 15000 });
    const consent = await page.evaluate(() => window.__ev.find((e) => e[0] == 'consentry:consent')[1]);
    assert.equal(consent.source, 'accept-all', 'the waiting choice keeps its source');
    assert.equal(consent.decided, true);
    await until(page, async () => (await ran(page)).includes('inline-preferences'));
    assert.ok((await context.cookies()).some((c) => c.name == 'consentry'), 'recorded');
    assert.equal((await state(page)).categories.targeting, true);
    assert.equal((await ui.shown(page)).banner, false);
  } finally {
    delete b.state.delay['/consentry/consentry-core.js'];
    await context.close();
  }
});

// The banner's choice and the page's API calls made before the controller are applied in the
// order they were made: the later one wins (the banner's choice used to be applied last).
test('first visit, before consentry-core.js: "Accept all" on the banner, then the page\'s rejectAll(): the later one wins', async () => {
  const context = await newContext(b);
  try {
    const { page, mark, release } = await bannerBeforeCore(context);
    await page.locator('.banner [data-action=accept-all]').click();
    assert.equal(await page.evaluate(() => consentry.rejectAll()), null, 'queued: the controller has not arrived');
    release();
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:ready'), null, { timeout: 15000 });
    await until(page, async () => (await ran(page)).includes('not-targeting'));
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.__ev.filter((e) => e[0] == 'consentry:change').map((e) => e[1].source)), ['accept-all', 'api']);
    assert.deepEqual((await state(page)).categories, { mandatory: true, preferences: false, analytical: false, targeting: false });
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), ['not-targeting']);
    assert.deepEqual(since(b, mark, '/a/', GA).concat(since(b, mark, '/a/', FB)), [], 'no gated script was requested');
    await until(page, async () => (await ui.shown(page)).fab);
    assert.equal((await ui.shown(page)).fab, true, 'the floating button knows a choice was made');
  } finally {
    delete b.state.delay['/consentry/consentry-core.js'];
    await context.close();
  }
});

test('first visit: preferences opened before consentry-core.js arrives list the config\'s declarations once it does', async () => {
  const context = await newContext(b);
  let release;
  b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (release = r));
  const config = {
    revision: 1,
    cookie: { name: 'site_consent' },
    cookies: [{ name: 'sid', category: 'mandatory', vendor: 'Fernway Coffee' }],
    hosts: { 'cdn.fernway.example': 'mandatory' },
  };
  const mandatory = (page) => page.evaluate(() => {
    const cats = [...document.querySelector('consentry-ui').shadowRoot.querySelectorAll('.cat')];
    const cat = cats.find((c) => c.querySelector('input').dataset.category == 'mandatory');
    return [...(cat ? cat.querySelectorAll('tbody tr') : [])].map((tr) => tr.cells[0].textContent).sort();
  });
  try {
    const { page } = await openIn(b, context, 'page.html', { config, wait: false, until: 'commit' });
    await ui.banner(page);
    await page.locator('.banner [data-action=preferences]').click();
    await until(page, async () => (await ui.shown(page)).prefs);
    assert.equal(await page.evaluate(() => !!window.__consentryCoreLoader), false, 'the controller has not arrived');
    // The banner's bundle checks only the banner's fields: the declarations are the controller's.
    assert.deepEqual(await mandatory(page), []);
    release();
    await until(page, async () => (await mandatory(page)).length == 3);
    assert.deepEqual(await mandatory(page), ['cdn.fernway.example', 'sid', 'site_consent']);
  } finally {
    delete b.state.delay['/consentry/consentry-core.js'];
    await context.close();
  }
});

test('first visit, declared scripts only: nothing fetches the classifier, the wasm or the blob before a choice', async () => {
  const context = await newContext(b);
  try {
    const { page, mark } = await openIn(b, context, 'declared-scripts.html');
    await ui.banner(page);
    await page.waitForTimeout(800);
    for (const f of ['/consentry/consentry-classifier.js', '/consentry/consentry.wasm', '/consentry/consentry-db.cdb']) {
      assert.equal(since(b, mark, f).length, 0, `${f} was requested`);
    }
    assert.deepEqual(await ran(page), [], 'nothing ran before a choice');
  } finally {
    await context.close();
  }
});

// consentry-core.js answers 404 once `go` resolves (at once without it).
const coreMissing = (go) => (req, res, url) => {
  if (url.pathname != '/consentry/consentry-core.js') return false;
  Promise.resolve(go).then(() => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no');
  });
  return true;
};
const failureShown = (page) => page.evaluate(() => {
  const banner = document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner');
  const alert = banner?.querySelector('[role=alert]');
  return {
    shown: !!banner && banner.getClientRects().length > 0,
    alert: alert ? alert.textContent : null,
    choices: banner ? banner.querySelectorAll('[data-action]').length : -1,
  };
});

test('first visit, consentry-core.js missing: the banner says no choice can be saved (no choices offered), nothing runs, the console says why', async () => {
  const context = await newContext(b);
  b.state.override = coreMissing();
  try {
    const { page, logs } = await openIn(b, context, 'page.html', { wait: false });
    await ui.banner(page);
    assert.ok(await until(page, async () => (await failureShown(page)).alert != null), 'the banner tells the visitor');
    const f = await failureShown(page);
    assert.equal(f.shown, true);
    assert.match(f.alert, /cannot be saved/);
    assert.equal(f.choices, 0, 'no Accept / Reject / Preferences that could not be kept');
    await page.evaluate(() => window.consentry.showPreferences());
    await page.waitForTimeout(300);
    assert.equal((await ui.shown(page)).prefs, false, 'the preferences neither: the banner says why');
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), []);
    assert.equal((await context.cookies()).some((c) => c.name == 'consentry'), false);
    assert.ok(logs.some((l) => l.type == 'error' && /^Consentry: .*consentry-core\.js/.test(l.text)), JSON.stringify(logs));
  } finally {
    b.state.override = null;
    await context.close();
  }
});

test('first visit: a choice made while consentry-core.js is on its way, which then fails: the banner comes back to say it was not saved', async () => {
  let go;
  b.state.override = coreMissing(new Promise((r) => (go = r)));
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html', { wait: false, until: 'commit' });
    await ui.banner(page);
    await until(page, async () => (await ui.shown(page)).banner);
    await page.locator('.banner [data-action=accept-all]').click();
    await until(page, async () => !(await ui.shown(page)).banner);
    assert.equal((await ui.shown(page)).banner, false, 'closed on the click, the choice queued for the controller');
    go();
    assert.ok(await until(page, async () => (await failureShown(page)).shown), 'the banner is back');
    assert.match((await failureShown(page)).alert, /cannot be saved/);
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), [], 'the choice granted nothing');
    assert.equal((await context.cookies()).some((c) => c.name == 'consentry'), false);

    // Closed without a choice before the failure: it stays closed (nothing was lost).
    let go2;
    b.state.override = coreMissing(new Promise((r) => (go2 = r)));
    const { page: other, logs } = await openIn(b, context, 'page.html', { wait: false, until: 'commit' });
    await ui.banner(other);
    await until(other, async () => (await ui.shown(other)).banner);
    await other.locator('.banner .close').click();
    await until(other, async () => !(await ui.shown(other)).banner);
    go2();
    assert.ok(await until(other, async () => logs.some((l) => l.type == 'error' && /consentry-core\.js/.test(l.text))), 'the core failed');
    await other.waitForTimeout(300);
    assert.equal((await ui.shown(other)).banner, false, 'a banner closed without a choice stays closed');
  } finally {
    b.state.override = null;
    await context.close();
  }
});

test('first visit: a choice made before the core is ready releases nothing until the core has decided', async () => {
  const context = await newContext(b);
  let release;
  b.state.delay['/consentry/consentry-db.cdb'] = new Promise((r) => (release = r));
  try {
    const { page, mark } = await openIn(b, context, 'page.html', { wait: 'ready' });
    // The blob is held back, so the classifier cannot be ready before this listener.
    await page.evaluate(() => addEventListener('consentry:classifier-ready', () => (window.__classifierReady = true)));
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    await page.waitForTimeout(500);
    // (consentry:core-ready may come first: page.html's markup is all declared, so the core has
    // decided everything it holds without the classifier; the choice needs it.)
    assert.equal(await page.evaluate(() => window.__classifierReady === true), false, 'the blob is still on its way');
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), [], 'held stays held');
    assert.deepEqual(since(b, mark, '/a/', GA), []);
    release();
    await page.waitForFunction(() => window.__classifierReady === true, null, { timeout: 15000 });
    await until(page, async () => (await ran(page)).includes('inline-preferences'));
    assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'),
      [`${GA}/a/analytics.js`, 'inline-analytical', 'connect.facebook.net/a/pixel.js', 'inline-preferences']);
  } finally {
    delete b.state.delay['/consentry/consentry-db.cdb'];
    await context.close();
  }
});

test('returning visitor: declared scripts run before the blob, in order, up to the first script that needs the core', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  let release;
  b.state.delay['/consentry/consentry-db.cdb'] = new Promise((r) => (release = r));
  try {
    const { page, mark } = await openIn(b, context, 'order.html', { wait: 'ready' });
    // The classifier is fetched only when the page needs it (here: the undeclared script). A
    // returning visitor's bootstrap preloads its three files as soon as it holds that script,
    // while the page is parsed; the core's requests then use the preloads (each file once).
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('link[rel=preload]')]
      .map((l) => `${new URL(l.href).pathname} ${l.as} ${l.crossOrigin}`).sort()),
    ['/consentry/consentry-classifier.js script null', '/consentry/consentry-db.cdb fetch anonymous', '/consentry/consentry.wasm fetch anonymous']);
    await until(page, async () => since(b, mark, '/consentry/consentry-classifier.js').length > 0);
    assert.equal(since(b, mark, '/consentry/consentry-classifier.js').length, 1, 'the classifier is fetched, once');
    assert.equal(since(b, mark, '/consentry/consentry.wasm').length, 1, 'the wasm is fetched, once');
    await until(page, async () => (await ran(page)).includes('three'));
    const early = await ran(page);
    assert.equal(await page.evaluate(() => window.__ev.some((e) => e[0] == 'consentry:core-ready')), false, 'before the core is ready');
    assert.deepEqual(early, [`${GA}/o/one.js`, 'two', 'three'], 'declared (an alias too) and !targeting, in order; the undeclared script stops it');
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), early, 'nothing after the undeclared script before the core');
    release();
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'), null, { timeout: 15000 });
    await until(page, async () => (await ran(page)).includes(`${GA}/o/six.js`));
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), [`${GA}/o/one.js`, 'two', 'three', `${GA}/o/undeclared.js`, 'five', `${GA}/o/six.js`], 'each once, in document order');
    assert.equal(since(b, mark, '/consentry/consentry-db.cdb').length, 1, 'the blob is fetched, once');
    assert.equal(since(b, mark, '/o/one.js', GA).length, 1);
    assert.equal((await state(page)).decided, true);
  } finally {
    delete b.state.delay['/consentry/consentry-db.cdb'];
    await context.close();
  }
});

/**
 * A returning visitor who granted analytical (and preferences) opens `file` while consentry-core.js
 * is held back; `fn({ page, mark, release })` runs the checks (release() lets the core through).
 */
async function coreHeldBack(file, fn, { query = '' } = {}) {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  let release;
  b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (release = r));
  try {
    const { page, mark } = await openIn(b, context, file, { query, wait: false, until: 'commit' });
    await fn({ page, mark, release });
  } finally {
    delete b.state.delay['/consentry/consentry-core.js'];
    await context.close();
  }
}
const DECLARED = [`${GA}/d/one.js`, 'two', 'three', `${GA}/d/four.js`, 'five'];

test('returning visitor, declared-only page: the bootstrap releases what the choice grants at DOMContentLoaded, before consentry-core.js arrives', () =>
  coreHeldBack('declared.html', async ({ page, mark, release }) => {
    await until(page, async () => (await ran(page)).length >= DECLARED.length);
    assert.equal(await page.evaluate(() => !!window.__consentryCoreLoader), false, 'consentry-core.js has not arrived');
    assert.deepEqual(await ran(page), DECLARED, 'granted (aliases, !targeting, data-src and src), in document order; targeting held');
    assert.equal(await page.evaluate(() => document.querySelector('iframe').getAttribute('src')), `https://${GA}/d/frame.html`, 'the declared frame too');
    release();
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'), null, { timeout: 15000 });
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), DECLARED, 'the core releases nothing a second time');
    assert.equal(since(b, mark, '/d/one.js', GA).length, 1);
    assert.equal(since(b, mark, '/consentry/consentry-classifier.js').length, 0, 'no classifier for declared markup');
    assert.equal((await state(page)).decided, true);
  }));

test('returning visitor, a page that holds something undeclared: the bootstrap releases nothing, the core decides', () =>
  coreHeldBack('order.html', async ({ page, mark, release }) => {
    await page.waitForFunction(() => document.readyState != 'loading');
    await page.waitForTimeout(500);
    assert.deepEqual(await ran(page), [], 'nothing before the core: the undeclared script needs the classifier');
    release();
    await until(page, async () => (await ran(page)).includes(`${GA}/o/six.js`));
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), [`${GA}/o/one.js`, 'two', 'three', `${GA}/o/undeclared.js`, 'five', `${GA}/o/six.js`], 'each once, in document order');
    assert.equal(since(b, mark, '/consentry/consentry-db.cdb').length, 1, 'the blob is fetched, once: the preload made while parsing is used');
    assert.equal(since(b, mark, '/consentry/consentry.wasm').length, 1, 'the wasm too');
  }));

test('returning visitor on a page that needs the classifier: the floating button\'s bundle waits for the classifier, and comes when it fails too', async () => {
  let release;
  b.state.delay['/consentry/consentry-db.cdb'] = new Promise((r) => (release = r));
  try {
    const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
    try {
      const { page, mark } = await openIn(b, context, 'order.html', { wait: 'ready' });
      await until(page, async () => since(b, mark, '/consentry/consentry.wasm').length > 0);
      await page.waitForTimeout(800); // idle time has come and gone
      assert.equal(since(b, mark, '/consentry/consentry-ui.js').length, 0, 'not while the blob is on its way');
      assert.equal((await ui.shown(page)).fab, false);
      release();
      await until(page, async () => (await ui.shown(page)).fab);
      assert.equal(since(b, mark, '/consentry/consentry-ui.js').length, 1, 'then once');
    } finally {
      await context.close();
    }
  } finally {
    delete b.state.delay['/consentry/consentry-db.cdb'];
  }
  // The wasm missing: the page fails closed, and the visitor can still reach their choice.
  b.state.override = (req, res, url) => {
    if (url.pathname != '/consentry/consentry.wasm') return false;
    res.writeHead(404, { 'cache-control': 'no-store' });
    res.end();
    return true;
  };
  try {
    const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
    try {
      const { page } = await openIn(b, context, 'order.html', { wait: 'ready' });
      await until(page, async () => (await ui.shown(page)).fab);
      assert.deepEqual((await ran(page)).filter((x) => x != 'www.shop.example/tag.js'), [], 'nothing released: fail closed');
    } finally {
      await context.close();
    }
  } finally {
    b.state.override = null;
  }
});

test('returning visitor, a config from a URL: early release waits for the core (the bootstrap has no choice to read yet)', async () => {
  b.state.override = serve('/declared-config.json', 200, 'application/json', '{"revision":1}');
  try {
    await coreHeldBack('declared.html', async ({ page, release }) => {
      await page.waitForFunction(() => document.readyState != 'loading');
      await page.waitForTimeout(400);
      assert.deepEqual(await ran(page), [], 'nothing before the core');
      release();
      await until(page, async () => (await ran(page)).includes('five'));
      assert.deepEqual(await ran(page), DECLARED);
    }, { query: 'config=/declared-config.json' });
  } finally {
    b.state.override = null;
  }
});

test('returning visitor with a refusal: nothing declared runs early but !categories', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 })] });
  let release;
  b.state.delay['/consentry/consentry-db.cdb'] = new Promise((r) => (release = r));
  try {
    const { page } = await openIn(b, context, 'order.html', { wait: 'ready' });
    await until(page, async () => (await ran(page)).includes('three'));
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), ['three']);
    release();
    await page.waitForFunction(() => window.__ev.some((e) => e[0] == 'consentry:core-ready'), null, { timeout: 15000 });
    await page.waitForTimeout(300);
    assert.deepEqual(await ran(page), ['three']);
  } finally {
    delete b.state.delay['/consentry/consentry-db.cdb'];
    await context.close();
  }
});

test('the inspector gets ctx (start(ctx)), loaded before the core or after it; early releases are listed as released', async () => {
  const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 2 | 4 })] });
  try {
    let { page } = await openIn(b, context, 'inspector.html');
    await until(page, async () => (await ran(page)).includes(`${GA}/i/analytics.js`));
    // The purposes come with the database's texts, fetched once the inspector asked for the list.
    const snapshot = () => page.evaluate(() => window.__consentryInspector.snapshot());
    await until(page, async () => (await snapshot()).elements.some((r) => r.name.endsWith('/i/analytics.js') && r.purpose));
    let snap = await snapshot();
    assert.equal(snap.connection, 'ctx');
    assert.equal(snap.state.decided, true);
    let row = snap.elements.find((r) => r.name.endsWith('/i/analytics.js'));
    assert.ok(row, JSON.stringify(snap.elements));
    assert.deepEqual([row.verdict, row.category, row.reason], ['released', 'analytical', 'site-rule'], 'released early, listed by the core');
    assert.match(row.purpose, /analytics/i, 'a URL item gets its vendor\'s purpose (describe V<vendorId>)');

    ({ page } = await openIn(b, context, 'page.html'));
    await page.addScriptTag({ url: '/consentry/consentry-inspector.js' });
    await page.waitForFunction(() => !!window.__consentryInspector);
    snap = await page.evaluate(() => window.__consentryInspector.snapshot());
    assert.equal(snap.connection, 'ctx');
    row = snap.elements.find((r) => r.name.endsWith('/a/analytics.js'));
    assert.ok(row, JSON.stringify(snap.elements));
    assert.equal(row.verdict, 'released');
  } finally {
    await context.close();
  }
});
