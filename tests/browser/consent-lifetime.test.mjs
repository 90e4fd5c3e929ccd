// Issue #4: how long a choice lives and where. The record (and its cookie) lives
// cookie.acceptedDays when it grants anything beyond mandatory, cookie.refusedDays otherwise
// (default 182), at most 396 days (13 months); with cookie.domain the choice is shared by every
// subdomain (the site key is that domain): a.shop.example and b.shop.example here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readRecord } from '../../js-glue/src/boot-record.js';
import { GA, newContext, openIn, ran, startConsent, state, ui, until } from './fixtures-consent/helpers.mjs';

let b;
before(async () => {
  b = await startConsent();
});
after(async () => {
  await b?.close();
});

const DAY = 86400;
const near = (a, x, why) => assert.ok(Math.abs(a - x) <= 120, `${why}: ${a} vs ${x}`);

test('acceptedDays / refusedDays: the record\'s expiry and the cookie\'s', async () => {
  const config = { revision: 1, cookie: { acceptedDays: 30, refusedDays: 7 } };
  const context = await newContext(b);
  try {
    const { page } = await openIn(b, context, 'page.html', { config });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=reject-all]');
    let r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 7 * DAY, 'only mandatory: refusedDays');
    let c = (await context.cookies()).find((x) => x.name == 'consentry');
    near(c.expires, r.expiry, 'the cookie expires with the record');
    await page.evaluate(() => consentry.acceptCategory(['analytical']));
    r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 30 * DAY, 'anything beyond mandatory: acceptedDays');
    c = (await context.cookies()).find((x) => x.name == 'consentry');
    near(c.expires, r.expiry, 'the cookie follows');
    assert.equal(readRecord(c.value, 'www.shop.example', 1, Date.now() / 1000).expiry, r.expiry);
  } finally {
    await context.close();
  }
});

test('the default is 182 days; more than 396 is capped (and reported)', async () => {
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html');
    await page.evaluate(() => consentry.acceptCategory('all'));
    let r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 182 * DAY);
    await page.evaluate(() => consentry.rejectAll());
    r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 182 * DAY);
    let logs;
    ({ page, logs } = await openIn(b, context, 'page.html', { config: { revision: 1, cookie: { acceptedDays: 1000, refusedDays: 400 } } }));
    assert.ok(logs.some((l) => l.type == 'warning' && /cookie\.acceptedDays" is capped at 396 days/.test(l.text)));
    await page.evaluate(() => consentry.acceptCategory('all'));
    r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 396 * DAY);
    const c = (await context.cookies()).find((x) => x.name == 'consentry');
    near(c.expires, r.expiry, 'cookie');
    await page.evaluate(() => consentry.rejectAll());
    r = (await state(page)).record;
    assert.equal(r.expiry - r.last, 396 * DAY);
  } finally {
    await context.close();
  }
});

test('cookie.domain: a choice made on a.shop.example holds on b.shop.example (one record, site key shop.example)', async () => {
  const config = { revision: 1, cookie: { domain: 'shop.example' } };
  const context = await newContext(b);
  try {
    let { page } = await openIn(b, context, 'page.html', { config, host: 'a.shop.example' });
    await ui.banner(page);
    await ui.click(page, '.banner [data-action=accept-all]');
    const first = (await state(page)).record;
    const cookies = (await context.cookies()).filter((x) => x.name == 'consentry');
    assert.deepEqual(cookies.map((x) => x.domain), ['.shop.example']);
    assert.equal(readRecord(cookies[0].value, 'shop.example', 1, Date.now() / 1000).valid, true, 'signed with the domain as site key');

    ({ page } = await openIn(b, context, 'page.html', { config, host: 'b.shop.example' }));
    await until(page, async () => (await ran(page)).includes(`${GA}/a/analytics.js`));
    const s = await state(page);
    assert.equal(s.decided, true);
    assert.equal(s.record.id, first.id, 'the same consent id');
    assert.equal((await ui.shown(page)).banner, false);
    // A change on b is seen on a.
    await page.evaluate(() => consentry.rejectAll());
    ({ page } = await openIn(b, context, 'page.html', { config, host: 'a.shop.example' }));
    assert.equal((await state(page)).categories.analytical, false);

    // Without cookie.domain each host has its own record: b's record means nothing on c.
    ({ page } = await openIn(b, context, 'page.html', { host: 'c.shop.example' }));
    assert.equal((await state(page)).decided, false);
  } finally {
    await context.close();
  }
});
