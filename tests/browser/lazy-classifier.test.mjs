// Issue #7: the classifier (consentry-classifier.js, consentry.wasm, consentry-db.cdb) is fetched
// only when something needs classifying (docs/js-contracts.md, "Loading order"). Requests are
// counted at the server. A page whose gated markup is all declared, without cookies to judge,
// never fetches it, on a first visit or a returning one; each trigger fetches each of the three
// files exactly once; a classifier that cannot load fails closed; releases keep document order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FB, GA, newContext, ran, recordCookie, since, startConsent, state, ui, until } from './fixtures-consent/helpers.mjs';

const FILES = ['/consentry/consentry-classifier.js', '/consentry/consentry.wasm', '/consentry/consentry-db.cdb'];
const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

// Pages of this file: /lazy/<name>.html, built from PAGES (head and body markup after consentry.js).
const DECLARED_HEAD = `<script type="text/plain" data-category="analytical" data-src="https://${GA}/l/analytics.js"></script>
<script type="text/plain" data-category="analytical">(window.__ran = window.__ran || []).push('inline-analytical');</script>`;
const DECLARED_BODY = `<script type="text/plain" data-category="targeting" data-src="https://${FB}/l/ads.js"></script>
<iframe data-category="targeting" data-src="https://www.youtube.com/l/embed.html" title="video"></iframe>`;
const PAGES = {
  declared: { head: DECLARED_HEAD, body: DECLARED_BODY },
  undeclared: { head: DECLARED_HEAD + `\n<script src="https://${GA}/l/undeclared.js"></script>`, body: DECLARED_BODY },
  mandatory: { head: `<script type="text/plain" data-category="necessary">(window.__ran = window.__ran || []).push('necessary');</script>`, body: '' },
  fetch: { head: DECLARED_HEAD, body: `<script>window.__fetch = () => fetch('https://${GA}/l/collect').then(() => 'sent', () => 'refused');</script>` },
  cookie: { head: DECLARED_HEAD, body: `<script>window.__write = (n) => { document.cookie = n + '=1; path=/'; };</script>` },
  inspector: { head: `<script src="/consentry/consentry-inspector.js" async></script>\n` + DECLARED_HEAD, body: '' },
};

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

function servePages(req, res, url, host) {
  const m = /^\/lazy\/(\w+)\.html$/.exec(url.pathname);
  if (!host.endsWith('shop.example') || !m || !PAGES[m[1]]) return false;
  const config = url.searchParams.get('config') || '{"revision":1}';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lazy ${m[1]}</title>
<script src="/consentry/consentry.js" data-config='${escapeAttr(config)}'></script>
${PAGES[m[1]].head}
</head><body><h1>Lazy</h1>
<p><a href="#" id="settings" data-consentry-open>Cookie settings</a></p>
${PAGES[m[1]].body}
</body></html>`);
  return true;
}

/** Opens /lazy/<name>.html and waits for consentry:core-ready (or `wait`). */
async function open(context, name, { config, wait = 'core-ready' } = {}) {
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push({ type: m.type(), text: m.text() }));
  await page.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierReady = (window.__classifierReady || 0) + 1)));
  const mark = b.requests.length;
  const q = config ? '?config=' + encodeURIComponent(JSON.stringify(config)) : '';
  await page.goto(`${b.origin('www.shop.example')}/lazy/${name}.html${q}`);
  await page.waitForFunction((w) => window.__ev.some((e) => e[0] == 'consentry:' + w), wait, { timeout: 15000 });
  return { page, mark, logs, errors: () => logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).map((l) => l.text) };
}

const counts = (mark) => FILES.map((f) => since(b, mark, f).length);
const classified = (page) => page.waitForFunction(() => window.__classifierReady >= 1, null, { timeout: 15000 });
/** Each of the classifier's three files was requested exactly once, and it is ready once. */
async function loadedOnce(page, mark, what) {
  await classified(page);
  await page.waitForTimeout(300);
  assert.deepEqual(counts(mark), [1, 1, 1], `${what}: classifier, wasm and blob requested once each`);
  assert.equal(await page.evaluate(() => window.__classifierReady), 1, `${what}: ready once`);
}
async function notLoaded(page, mark, what) {
  await page.waitForTimeout(800);
  assert.deepEqual(counts(mark), [0, 0, 0], `${what}: nothing of the classifier requested`);
  assert.equal(await page.evaluate(() => window.__classifierReady || 0), 0);
}

async function withContext(opts, fn) {
  b.state.override = servePages;
  const context = await newContext(b, opts);
  try {
    await fn(context);
  } finally {
    b.state.override = null;
    await context.close();
  }
}

test('a page whose gated markup is all declared never loads the classifier: first visit, returning visits', async () => {
  await withContext({}, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await ui.banner(page);
    await notLoaded(page, mark, 'first visit, banner up');
    assert.deepEqual(await ran(page), [], 'nothing gated ran');
  });
  for (const [granted, expect] of [[1 | 4 | 8, [`${GA}/l/analytics.js`, 'inline-analytical', `${FB}/l/ads.js`]], [1 | 4, [`${GA}/l/analytics.js`, 'inline-analytical']], [1, []]]) {
    await withContext({ cookies: [recordCookie({ granted })] }, async (context) => {
      const { page, mark } = await open(context, 'declared');
      await until(page, async () => (await ran(page)).length >= expect.length);
      await notLoaded(page, mark, `returning visitor, granted ${granted}`);
      assert.deepEqual(await ran(page), expect, 'what the stored choice grants ran, in document order');
      const frame = await page.evaluate(() => document.querySelector('iframe').getAttribute('src'));
      assert.equal(frame != null, (granted & 8) != 0, 'the declared frame follows targeting');
      assert.equal((await state(page)).decided, true);
    });
  }
});

test('an undeclared third-party script loads the classifier once, after the banner; it decides in order', async () => {
  await withContext({}, async (context) => {
    const { page, mark } = await open(context, 'undeclared');
    await loadedOnce(page, mark, 'undeclared script');
    const bannerAt = await page.evaluate(() => window.__bannerAt);
    assert.ok(bannerAt, 'the banner was seen');
    for (const f of FILES) assert.ok(since(b, mark, f)[0].time >= bannerAt, `${f} after the banner`);
    assert.deepEqual(await ran(page), []);
    await page.evaluate(() => consentry.acceptCategory('all'));
    await until(page, async () => (await ran(page)).length >= 4);
    assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical', `${GA}/l/undeclared.js`, `${FB}/l/ads.js`], 'document order');
    assert.deepEqual(counts(mark), [1, 1, 1], 'a choice after it is loaded does not load it again');
  });
});

test('each trigger loads the classifier exactly once', async (t) => {
  await t.test('a choice on this page view', () => withContext({}, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await ui.banner(page);
    await notLoaded(page, mark, 'before the choice');
    await ui.click(page, '.banner [data-action=accept-all]');
    await loadedOnce(page, mark, 'a choice');
    await until(page, async () => (await ran(page)).length >= 3);
    assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical', `${FB}/l/ads.js`]);
    await page.evaluate(() => consentry.rejectAll());
    await page.waitForTimeout(300);
    assert.deepEqual(counts(mark), [1, 1, 1], 'a second choice');
  }));
  await t.test('the visitor reaching for the banner: a pointer over it, then the click', () => withContext({}, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await ui.banner(page);
    await notLoaded(page, mark, 'the banner up, untouched');
    await page.locator('consentry-ui .banner [data-action=accept-all]').hover();
    await loadedOnce(page, mark, 'a pointer over the banner');
    assert.deepEqual(await ran(page), [], 'nothing released before the choice');
    assert.equal((await state(page)).decided, false);
    await ui.click(page, '.banner [data-action=accept-all]');
    await until(page, async () => (await ran(page)).length >= 3);
    assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical', `${FB}/l/ads.js`]);
    assert.deepEqual(counts(mark), [1, 1, 1], 'the click does not fetch it again');
  }));
  await t.test('the visitor reaching for the banner: a key pressed in it', () => withContext({}, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await ui.banner(page);
    await page.locator('consentry-ui .banner [data-action=reject-all]').focus();
    await notLoaded(page, mark, 'focus alone');
    await page.keyboard.press('Shift+Tab');
    await loadedOnce(page, mark, 'a key in the banner');
    assert.equal((await state(page)).decided, false);
  }));
  await t.test('the visitor reaching for the banner before the controller has arrived: fetched once it has', () => withContext({}, async (context) => {
    let release;
    b.state.delay['/consentry/consentry-core.js'] = new Promise((r) => (release = r));
    try {
      const page = await context.newPage();
      await page.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierReady = (window.__classifierReady || 0) + 1)));
      const mark = b.requests.length;
      await page.goto(`${b.origin('www.shop.example')}/lazy/declared.html`);
      await ui.banner(page);
      await page.locator('consentry-ui .banner [data-action=preferences]').hover();
      await page.waitForTimeout(300);
      assert.deepEqual(counts(mark), [0, 0, 0], 'nothing without the controller');
      release();
      await loadedOnce(page, mark, 'a pointer over the early banner');
      assert.equal((await state(page)).decided, false);
      assert.deepEqual(await ran(page), []);
    } finally {
      delete b.state.delay['/consentry/consentry-core.js'];
    }
  }));
  await t.test('a change of a stored choice (API)', () => withContext({ cookies: [recordCookie({ granted: 1 })] }, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await notLoaded(page, mark, 'stored refusal');
    await page.evaluate(() => consentry.acceptCategory(['analytical']));
    await loadedOnce(page, mark, 'acceptCategory');
    await until(page, async () => (await ran(page)).length >= 2);
    assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical']);
  }));
  await t.test('declared markup only the classifier may release on a first visit (necessary)', () => withContext({}, async (context) => {
    const { page, mark } = await open(context, 'mandatory');
    await loadedOnce(page, mark, 'data-category="necessary"');
    await until(page, async () => (await ran(page)).includes('necessary'));
  }));
  await t.test('a request to a third party', () => withContext({ cookies: [recordCookie({ granted: 1 | 4 })] }, async (context) => {
    const { page, mark } = await open(context, 'fetch');
    await notLoaded(page, mark, 'before the request');
    const sent = page.evaluate(() => window.__fetch());
    await loadedOnce(page, mark, 'fetch');
    assert.equal(await sent, 'sent', 'analytics granted: the request is sent once classified');
    assert.equal(since(b, mark, '/l/collect', GA).length, 1);
  }));
  await t.test('a cookie write, then more of them', () => withContext({ cookies: [recordCookie({ granted: 1 })] }, async (context) => {
    const { page, mark } = await open(context, 'cookie', { config: { revision: 1, cookies: [{ name: 'sid', category: 'mandatory' }] } });
    await page.evaluate(() => window.__write('sid'));
    await notLoaded(page, mark, 'a cookie the config declares mandatory');
    await page.evaluate(() => window.__write('_ga'));
    await loadedOnce(page, mark, 'an undeclared cookie write');
    await page.evaluate(() => window.__write('_fbp'));
    await page.waitForTimeout(200);
    const names = (await context.cookies()).map((c) => c.name).sort();
    assert.deepEqual(names, ['consentry', 'sid'], 'refused analytics and targeting cookies are not written');
    assert.deepEqual(counts(mark), [1, 1, 1]);
  }));
  await t.test('an existing cookie a decided choice must judge (the sweep)', () => withContext({
    cookies: [recordCookie({ granted: 1 }), { name: '_ga', value: 'GA1.1.1', domain: 'www.shop.example', path: '/' }],
  }, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await loadedOnce(page, mark, 'an existing _ga with analytics refused');
    await until(page, async () => !(await context.cookies()).some((c) => c.name == '_ga'));
    assert.ok(!(await context.cookies()).some((c) => c.name == '_ga'), '_ga swept');
  }));
  await t.test('cookies to judge do not hold back the declared scripts the stored choice grants', async () => {
    let release;
    b.state.delay['/consentry/consentry-db.cdb'] = new Promise((r) => (release = r));
    try {
      await withContext({ cookies: [recordCookie({ granted: 1 | 4 | 8 }), { name: '_ga', value: 'GA1.1.1', domain: 'www.shop.example', path: '/' }] }, async (context) => {
        const page = await context.newPage();
        await page.addInitScript(() => addEventListener('consentry:classifier-ready', () => (window.__classifierReady = (window.__classifierReady || 0) + 1)));
        const mark = b.requests.length;
        await page.goto(`${b.origin('www.shop.example')}/lazy/declared.html`);
        await until(page, async () => (await ran(page)).length >= 3);
        assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical', `${FB}/l/ads.js`], 'released while the blob is held back');
        assert.equal(await page.evaluate(() => window.__classifierReady || 0), 0);
        release();
        await loadedOnce(page, mark, 'an existing _ga under a stored accept-all (the sweep)');
        assert.ok((await context.cookies()).some((c) => c.name == '_ga'), 'analytics granted: _ga kept');
      });
    } finally {
      delete b.state.delay['/consentry/consentry-db.cdb'];
    }
  });
  await t.test("consentry.on('items')", () => withContext({ cookies: [recordCookie({ granted: 1 | 4 })] }, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await notLoaded(page, mark, 'before the listener');
    await page.evaluate(() => consentry.on('items', (list) => (window.__items = list)));
    await loadedOnce(page, mark, "on('items')");
    await page.waitForFunction(() => (window.__items || []).some((i) => i.name.endsWith('/l/analytics.js')));
  }));
  await t.test('an existing storage key', () => withContext({ cookies: [recordCookie({ granted: 1 | 4 | 8 })] }, async (context) => {
    const page0 = await context.newPage();
    await page0.goto(`${b.origin('www.shop.example')}/blank-for-storage.html`).catch(() => 0);
    await page0.evaluate(() => localStorage.setItem('_hjSessionUser_1', '1')).catch(() => 0);
    await page0.close();
    const { page, mark } = await open(context, 'declared');
    await loadedOnce(page, mark, 'a localStorage key');
  }));
  await t.test('the floating button reached for (a pointer over it)', () => withContext({ cookies: [recordCookie({ granted: 1 | 4 })] }, async (context) => {
    const { page, mark } = await open(context, 'declared');
    const fab = page.locator('consentry-ui .fab');
    await fab.waitFor({ state: 'visible', timeout: 15000 });
    await notLoaded(page, mark, 'the button up, untouched');
    await fab.hover();
    await loadedOnce(page, mark, 'a pointer over the floating button');
    assert.equal(await page.evaluate(() => !!document.querySelector('consentry-ui').shadowRoot.querySelector('.prefs')), false, 'nothing opened');
  }));
  await t.test('the preferences centre', () => withContext({ cookies: [recordCookie({ granted: 1 | 4 })] }, async (context) => {
    const { page, mark } = await open(context, 'declared');
    await notLoaded(page, mark, 'before it opens');
    await page.evaluate(() => consentry.showPreferences());
    await loadedOnce(page, mark, 'showPreferences');
  }));
  await t.test('the inspector', () => withContext({ cookies: [recordCookie({ granted: 1 | 4 })] }, async (context) => {
    const { page, mark } = await open(context, 'inspector');
    await loadedOnce(page, mark, 'the inspector connected');
    const snap = await page.evaluate(() => window.__consentryInspector.snapshot());
    const row = snap.elements.find((r) => r.name.endsWith('/l/analytics.js'));
    assert.ok(row, JSON.stringify(snap.elements));
    assert.equal(row.verdict, 'released');
  }));
});

test('a classifier that cannot load fails closed: one error, nothing gated runs, even after accepting', async (t) => {
  const fail = (path, status) => (req, res, url, host) => {
    if (url.pathname == path) {
      res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
      res.end('no');
      return true;
    }
    return servePages(req, res, url, host);
  };
  for (const [path, error] of [
    ['/consentry/consentry-classifier.js', /^Consentry: the classifier could not load \(.*consentry-classifier\.js: load failed\)\. Nothing that needs consent will run\.$/],
    ['/consentry/consentry.wasm', /^Consentry: the wasm core could not load \(.*HTTP 404.*\)/],
  ]) {
    await t.test(`${path} answers 404, an undeclared script`, async () => {
      const context = await newContext(b);
      b.state.override = fail(path, 404);
      try {
        const { page, mark, logs } = await open(context, 'undeclared', { wait: 'ready' });
        await until(page, async () => logs.some((l) => l.type == 'error'), 8000);
        await page.evaluate(() => consentry.acceptCategory('all'));
        await page.waitForTimeout(600);
        assert.deepEqual(await ran(page), [], 'nothing gated ran');
        // The preload scanner may fetch the undeclared tag of the HTML once (it never runs);
        // nothing else reaches the tracker.
        assert.deepEqual(since(b, mark, '/l/', GA).map((r) => r.path).filter((p) => p != '/l/undeclared.js'), [], 'no other request to the tracker');
        assert.ok(since(b, mark, '/l/undeclared.js', GA).length <= 1);
        const errs = logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).map((l) => l.text);
        assert.equal(errs.length, 1, JSON.stringify(errs));
        assert.match(errs[0], error);
      } finally {
        b.state.override = null;
        await context.close();
      }
    });
  }
  await t.test('a late trigger (a cookie write after core-ready) with the classifier missing', async () => {
    const context = await newContext(b, { cookies: [recordCookie({ granted: 1 | 4 | 8 })] });
    b.state.override = fail('/consentry/consentry-classifier.js', 404);
    try {
      const { page, mark, logs } = await open(context, 'cookie');
      await until(page, async () => (await ran(page)).length >= 2);
      assert.deepEqual(counts(mark), [0, 0, 0]);
      await page.evaluate(() => window.__write('_ga'));
      await until(page, async () => logs.some((l) => l.type == 'error'), 8000);
      await page.waitForTimeout(300);
      assert.ok(!(await context.cookies()).some((c) => c.name == '_ga'), 'the write waiting for the classifier is dropped');
      assert.equal(logs.filter((l) => l.type == 'error' && l.text.startsWith('Consentry:')).length, 1);
      assert.deepEqual(await ran(page), [`${GA}/l/analytics.js`, 'inline-analytical'], 'what the stored choice released stays; nothing else');
    } finally {
      b.state.override = null;
      await context.close();
    }
  });
});
