// Issue #8 (4): the gate under load, in real Chromium (bench/load/: the page and the harness;
// bench/load/run.mjs prints the figures, nothing here asserts a timing). A page inserts 5,000
// scripts, images and iframes in one loop, to first-party and tracker hosts, and writes
// document.cookie 10,000 times (mandatory, analytical, targeting and unknown names). Requests are
// counted at the server. The gate must stay exact (nothing gated leaks, every first-party element
// loads, mandatory writes land with their last value) and its memory must stay bounded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIRST_PARTY_HOSTS, GA, TARGETING_HOSTS, loadRequests, memory, openLoad, startLoad, until } from '../../bench/load/lib.mjs';

let b;
before(async () => {
  b = await startLoad();
});
after(async () => {
  await b?.close();
});

const N = 5000;
const sum = (o, prefix) => Object.entries(o).filter(([k]) => k.startsWith(prefix)).reduce((a, [, v]) => a + v, 0);
const values = async (context) => Object.fromEntries((await context.cookies()).map((c) => [c.name, c.value]));
/** document.cookie writes reach the browser's cookie store asynchronously: the cookies once `sid` has `want`. */
async function settled(context, want) {
  await until(async () => (await values(context)).sid === want, 5000, 50);
  return values(context);
}

test(`${N} scripts, images and iframes in one loop: no tracker request, every first-party one loads, analytics released exactly`, async () => {
  const t = await openLoad(b);
  try {
    const want = await t.page.evaluate((n) => __expected(n, 'mixed'), N);
    const first = sum(want, 'first');
    const analytical = sum(want, 'analytical');
    assert.equal(first + analytical + sum(want, 'targeting'), N);
    const mark = b.requests.length;
    await t.page.evaluate((n) => __insert(n, 1, 'mixed'), N);
    await until(() => loadRequests(b, mark, FIRST_PARTY_HOSTS).length >= first, 30000);
    await until(() => t.page.evaluate((n) => __fp >= n, want['first script']), 10000);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(loadRequests(b, mark, FIRST_PARTY_HOSTS).length, first, 'each first-party element requested once');
    assert.equal(await t.page.evaluate(() => __fp), want['first script'], 'each first-party script ran once');
    assert.deepEqual(loadRequests(b, mark, [GA, ...TARGETING_HOSTS]), [], 'no request to a tracker host before a choice');
    assert.equal(await t.page.evaluate(() => __tr), 0);

    const m2 = b.requests.length;
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await until(() => loadRequests(b, m2, [GA]).length >= analytical, 30000);
    await until(() => t.page.evaluate((n) => __tr >= n, want['analytical script']), 10000);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(loadRequests(b, m2, [GA]).length, analytical, 'each analytical element released once');
    assert.equal(await t.page.evaluate(() => __tr), want['analytical script'], 'each analytical script ran once');
    assert.deepEqual(loadRequests(b, mark, TARGETING_HOSTS), [], 'targeting stays blocked');
    assert.equal(loadRequests(b, m2, FIRST_PARTY_HOSTS).length, 0, 'nothing first-party loaded twice');
    assert.deepEqual(t.errors, []);
    assert.deepEqual(t.logs.filter((l) => l.type == 'error'), []);
  } finally {
    await t.close();
  }
});

test('10,000 cookie writes before the core is ready and 2 x 10,000 after: mandatory land with their last value, nothing else; memory bounded', async () => {
  const t = await openLoad(b, { query: 'early=10000' });
  try {
    // While the page parsed: queued, then replayed once classified (last write wins).
    let c = await settled(t.context, '0.9992');
    assert.deepEqual([c.sid, c.PHPSESSID, c.cart], ['0.9992', '0.9993', '0.9994'], 'the queued mandatory writes landed, last value');
    assert.deepEqual(Object.keys(c).filter((n) => !['sid', 'PHPSESSID', 'cart'].includes(n)), [], 'nothing else before a choice');
    const m0 = await memory(t.cdp);
    await t.page.evaluate(() => __cookies(10000, 1));
    const m1 = await memory(t.cdp);
    await t.page.evaluate(() => __cookies(10000, 2));
    const m2 = await memory(t.cdp);
    c = await settled(t.context, '2.9992');
    assert.deepEqual([c.sid, c.PHPSESSID, c.cart], ['2.9992', '2.9993', '2.9994']);
    assert.deepEqual(Object.keys(c).filter((n) => !['sid', 'PHPSESSID', 'cart'].includes(n)), []);
    // The items list keeps one entry per cookie name (507 here): the second 10,000 writes add nothing.
    assert.ok(m2.heap - m1.heap < 256 * 1024, `heap after GC grew ${m2.heap - m1.heap} bytes on the second 10,000 writes (first: ${m1.heap - m0.heap})`);

    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await t.page.evaluate(() => __cookies(10000, 3));
    c = await settled(t.context, '3.9992');
    assert.deepEqual([c.sid, c._ga, c._gid], ['3.9992', '3.9995', '3.9996'], 'analytical writes land now');
    assert.deepEqual(Object.keys(c).filter((n) => ['_fbp', 'IDE'].includes(n) || n.startsWith('x_')), [], 'targeting and unknown never');
    assert.deepEqual(t.errors, []);
  } finally {
    await t.close();
  }
});

/**
 * One page (with Consentry, undecided) that inserted 1,500 elements with new URLs and removed
 * them, 3 times; memory after GC before and after each round. Shared by the tests below.
 */
let churned = null;
function churn() {
  churned = churned || (async () => {
    const t = await openLoad(b);
    const m = [await memory(t.cdp)];
    const want = await t.page.evaluate(() => __expected(1500, 'mixed'));
    for (let r = 1; r <= 3; r++) {
      const mark = b.requests.length;
      await t.page.evaluate((round) => __insert(1500, round, 'mixed'), r);
      // First-party elements load (and are kept alive by the loading) before they are removed.
      await until(() => loadRequests(b, mark, FIRST_PARTY_HOSTS).length >= sum(want, 'first'), 20000);
      await until(() => t.page.evaluate((n) => __fp >= n, want['first script'] * r), 10000);
      await t.page.evaluate(() => __clear());
      m.push(await memory(t.cdp));
    }
    return { t, m };
  })();
  return churned;
}
after(async () => {
  if (churned) await (await churned).t.close();
});
const perRound = (m, k) => m.slice(1).map((x, i) => x[k] - m[i][k]);

test('elements the page removed are not kept by the gate (DOM nodes after GC do not grow per round)', async () => {
  const { m } = await churn();
  const growth = perRound(m, 'nodes');
  assert.ok(growth.slice(1).every((g) => g < 100), `DOM nodes kept per round of 1,500 (750 of them held): ${growth}`);
});

test('inserting 1,500 elements with new URLs again and again: the heap after GC does not grow per round', async () => {
  const { m } = await churn();
  const growth = perRound(m, 'heap');
  assert.ok(growth.slice(1).every((g) => g < 150 * 1024), `heap growth per round of 1,500 (bytes): ${growth}`);
});

test('a choice empties what the gate holds: after Accept all, removed elements and decisions can be collected', async () => {
  const { t, m } = await churn();
  const mark = b.requests.length;
  await t.page.evaluate(() => consentry.acceptCategory('all'));
  // Released images load (the gate cannot tell a removed image from a pixel), and loading keeps
  // them alive: wait for that before counting.
  let left = Infinity;
  await until(async () => (left = (await memory(t.cdp)).nodes - m[0].nodes) < 300, 10000, 500);
  assert.ok(left < 300, `DOM nodes left after the choice: ${left} (before it: ${m[3].nodes - m[0].nodes})`);
  // Scripts the page removed do not run when released; images do (a detached new Image() is how
  // pixels are sent, and the gate cannot tell one from the other).
  assert.ok(!loadRequests(b, mark, [GA, ...TARGETING_HOSTS]).some((r) => r.path.includes('/s.js')), 'no removed script ran');
  assert.deepEqual(t.errors, []);
});
