// Issue #3: every way an undeclared tracker enters a page, against an analytical host and a
// targeting host at once (fixtures-gate/vectors.js), during parsing (before the core can be
// ready) and again after the core is ready. Requests are counted at the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FB, GA, hostCategory, open, pathsSince, ran, settle, startGate } from './fixtures-gate/helpers.mjs';

const SCRIPTS = ['append-child.js', 'insert-before.js', 'append.js', 'prepend.js', 'src-after-insert.js', 'set-attribute.js', 'template.js', 'replace-with.js'];
const OTHERS = ['image.gif', 'img-element.gif', 'inner-html.gif', 'adjacent.gif', 'dom-parser.gif', 'iframe.html', 'inner-html.html', 'preload.js', 'prefetch.js'];
const REQUESTS = ['beacon', 'fetch', 'xhr'];
const expected = (host, { requests = true } = {}) => {
  const out = [];
  for (const phase of ['parse', 'late']) {
    const names = [...SCRIPTS, ...OTHERS, ...(requests ? REQUESTS : [])];
    if (phase == 'parse') names.push('document-write.js', 'document-write.gif');
    for (const n of names) out.push(`/v/${phase}/${n}`);
  }
  return out.sort();
};
const scriptsRun = (host) => ['parse', 'late'].flatMap((p) => SCRIPTS.map((s) => `${host}/v/${p}/${s}`)).concat(`${host}/v/parse/document-write.js`).sort();

async function until(page, cond, ms = 4000) {
  const end = Date.now() + ms;
  while (Date.now() < end && !cond()) await page.waitForTimeout(50);
}

let b;
before(async () => {
  b = await startGate();
  assert.equal(await hostCategory(GA), 'analytical', `the database must call ${GA} analytical`);
  assert.equal(await hostCategory(FB), 'targeting', `the database must call ${FB} targeting`);
});
after(async () => {
  await b?.close();
});

test('before any choice, no vector sends a request to an analytical or a targeting host', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 600);
    assert.deepEqual(pathsSince(b, t.mark, GA), [], 'analytical host');
    assert.deepEqual(pathsSince(b, t.mark, FB), [], 'targeting host');
    assert.deepEqual(await ran(t.page), ['first-party'], 'only the first-party script ran');
    assert.deepEqual(await t.page.evaluate(() => [__fetch, __xhr]), [[], []], 'held requests neither answered nor failed');
    assert.deepEqual(t.consentryErrors(), []);
  } finally {
    await t.close();
  }
});

test('accepting analytical releases every analytical vector once (no reload), targeting stays at zero', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 300);
    const m = b.requests.length;
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    const want = expected(GA);
    await until(t.page, () => pathsSince(b, m, GA).length >= want.length);
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, m, GA).sort(), want, 'each analytical vector exactly once');
    assert.deepEqual(pathsSince(b, t.mark, FB), [], 'targeting host');
    const r = await ran(t.page);
    assert.deepEqual(r.filter((x) => x.startsWith(GA)).sort(), scriptsRun(GA), 'every analytical script ran once');
    assert.equal(r.filter((x) => x.startsWith(FB)).length, 0);
    const [fetches, xhrs] = await t.page.evaluate(() => [__fetch, __xhr]);
    assert.deepEqual(fetches.filter((x) => x.includes(GA)), [`ok ${GA}`, `ok ${GA}`]);
    assert.deepEqual(xhrs, [`ok ${GA}`, `ok ${GA}`]);
    assert.deepEqual(fetches.filter((x) => x.includes(FB)), [`error ${FB} TypeError`, `error ${FB} TypeError`], 'refused requests are dropped');
  } finally {
    await t.close();
  }
});

test('a later accept of targeting in the same page view releases the targeting elements', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, () => pathsSince(b, t.mark, GA).length >= expected(GA).length);
    await settle(t.page, 300);
    const m = b.requests.length;
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    const want = expected(FB, { requests: false });
    await until(t.page, () => pathsSince(b, m, FB).length >= want.length);
    await settle(t.page, 300);
    // The requests were refused by the first choice, so they were dropped then.
    assert.deepEqual(pathsSince(b, m, FB).sort(), want);
    assert.deepEqual((await ran(t.page)).filter((x) => x.startsWith(FB)).sort(), scriptsRun(FB));
    assert.equal(pathsSince(b, m, GA).length, 0, 'nothing analytical ran twice');
  } finally {
    await t.close();
  }
});

test('accepting everything at once sends the queued requests of both hosts', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 300);
    const m = b.requests.length;
    await t.page.evaluate(() => consentry.acceptCategory('all'));
    const want = expected(FB);
    await until(t.page, () => pathsSince(b, m, FB).length >= want.length && pathsSince(b, m, GA).length >= want.length);
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, m, FB).sort(), want);
    assert.deepEqual(pathsSince(b, m, GA).sort(), expected(GA));
  } finally {
    await t.close();
  }
});

test('refusing everything: nothing is ever sent and the queued requests fail', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 300);
    await t.page.evaluate(() => consentry.rejectAll());
    await settle(t.page, 700);
    assert.deepEqual(pathsSince(b, t.mark, GA), []);
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
    assert.deepEqual(await ran(t.page), ['first-party']);
    const fetches = (await t.page.evaluate(() => __fetch)).sort();
    assert.deepEqual(fetches, [`error ${FB} TypeError`, `error ${FB} TypeError`, `error ${GA} TypeError`, `error ${GA} TypeError`]);
    // New attempts after the refusal are dropped at once.
    const late = await t.page.evaluate(async (h) => {
      const out = [];
      await fetch(`https://${h}/v/after/fetch`).then(() => out.push('ok'), (e) => out.push(e.name));
      out.push(navigator.sendBeacon(`https://${h}/v/after/beacon`, 'x'));
      new Image().src = `https://${h}/v/after/image.gif`;
      return out;
    }, GA);
    await settle(t.page, 300);
    assert.deepEqual(late, ['TypeError', false]);
    assert.deepEqual(pathsSince(b, t.mark, GA), []);
  } finally {
    await t.close();
  }
});

// Issue #8 (4): held elements the page removes are forgotten (they can be collected), one the
// page puts back is held again, and one never in the page (a new Image() pixel) still fires on
// consent.
test('removed held elements are forgotten, put back ones held again, a detached pixel still fires on consent', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 300);
    await t.page.evaluate((h) => {
      window.__pixel = new Image();
      window.__pixel.src = `https://${h}/v/forget/pixel.gif`;
      const gone = document.createElement('script');
      gone.src = `https://${h}/v/forget/removed.js`;
      document.body.appendChild(gone);
      const back = document.createElement('img');
      back.src = `https://${h}/v/forget/back.gif`;
      document.body.appendChild(back);
      window.__back = back;
      setTimeout(() => {
        gone.remove();
        back.remove();
      }, 50);
      setTimeout(() => document.body.appendChild(back), 300);
    }, GA);
    await settle(t.page, 700);
    assert.deepEqual(pathsSince(b, t.mark, GA).filter((p) => p.includes('/forget/')), [], 'nothing before the choice');
    const m = b.requests.length;
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(t.page, () => pathsSince(b, m, GA).filter((p) => p.includes('/forget/')).length >= 2);
    await settle(t.page, 500);
    assert.deepEqual(pathsSince(b, m, GA).filter((p) => p.includes('/forget/')).sort(), ['/v/forget/back.gif', '/v/forget/pixel.gif'],
      'the detached pixel and the image put back load; the removed script does not');
    assert.ok(!(await ran(t.page)).includes(`${GA}/v/forget/removed.js`));
  } finally {
    await t.close();
  }
});

// Issue #8 (3): what the gate now holds is given back on consent: srcset, <source srcset>, an
// SVG <script href> (run as a fresh SVG script) and <image href>.
test('held srcset, <source srcset> and SVG script / image are released on consent', async () => {
  const t = await open(b, 'vectors.html');
  try {
    await settle(t.page, 300);
    await t.page.evaluate((h) => {
      const i = document.createElement('img');
      i.srcset = `https://${h}/v/new/srcset.gif 1x`;
      document.body.appendChild(i);
      document.body.insertAdjacentHTML('beforeend', `<picture><source srcset="https://${h}/v/new/source.gif"><img alt=""></picture>`);
      const S = 'http://www.w3.org/2000/svg';
      const g = document.createElementNS(S, 'svg');
      const s = document.createElementNS(S, 'script');
      s.setAttribute('href', `https://${h}/v/new/svg.js`);
      const im = document.createElementNS(S, 'image');
      im.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', `https://${h}/v/new/svg-image.gif`);
      g.append(s, im);
      document.body.appendChild(g);
    }, GA);
    await settle(t.page, 500);
    assert.deepEqual(pathsSince(b, t.mark, GA).filter((p) => p.includes('/new/')), [], 'nothing before the choice');
    const m = b.requests.length;
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    // Released in document order, each script of the page after the one before it.
    await until(t.page, () => pathsSince(b, m, GA).filter((p) => p.includes('/new/')).length >= 4);
    await settle(t.page, 300);
    assert.deepEqual(pathsSince(b, m, GA).filter((p) => p.includes('/new/')).sort(),
      ['/v/new/source.gif', '/v/new/srcset.gif', '/v/new/svg-image.gif', '/v/new/svg.js']);
    assert.ok((await ran(t.page)).includes(`${GA}/v/new/svg.js`), 'the SVG script ran');
  } finally {
    await t.close();
  }
});
