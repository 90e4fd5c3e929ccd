// The golden fixtures through the BUILT wasm (Embind boundary + bridge), so native and wasm agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGolden, goldenBatches, readFixture } from '../lib/fixtures.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCore, nativeBuild } from '../lib/core.mjs';
import { _fields } from '../../js-glue/src/wasm-bridge.js';
import { decodeRecord, encodeRecord } from '../../js-glue/src/store.js';

const core = await loadCore();

test('the default blob loads in wasm and reports itself', () => {
  const info = core.info();
  assert.equal(info.loaded, true);
  assert.equal(info.tier, 'core');
  assert.ok(info.exact > 100, `expected >100 exact rules, got ${info.exact}`);
});

test('consent records: wasm decode, JS mirror decode and the fixture agree', () => {
  for (const row of readFixture('consent-records.tsv')) {
    const where = `consent-records.tsv:${row._line} (${row.note})`;
    const wasm = core.decodeConsent(row.value, row.site_key, +row.revision, +row.now);
    const js = decodeRecord(row.value, row.site_key, +row.revision, +row.now);
    assert.equal(wasm.valid, row.result === 'valid', where);
    assert.equal(js.valid, row.result === 'valid', where);
    if (wasm.valid) {
      assert.equal(String(wasm.granted), row.granted, where);
      assert.deepEqual({ ...js, valid: true }, { ...wasm }, where);
      assert.equal(core.encodeConsent(wasm, row.site_key), row.value, where);
      assert.equal(encodeRecord(js, row.site_key), row.value, where);
    } else {
      assert.ok(wasm.error.includes(row.note), `${where}: wasm said ${wasm.error}`);
      assert.equal(js.error, row.code, `${where}: js said ${js.error}`);
    }
  }
});

test('decisions: every verdict through the packed boundary', () => {
  for (const row of readFixture('decisions.tsv')) {
    core.configure(`preferences=${row.preferences}`);
    core.setConsent(row.decided === '1', +row.granted);
    const declared = (row.inverted === '1' ? '!' : '') + row.category;
    const [r] = core.classifyUrls('www.shop.example', [{ declared, url: 'https://cdn.elsewhere.example/x.js' }]);
    assert.equal(r.verdict, row.verdict, `decisions.tsv:${row._line}`);
  }
  core.configure('');
  core.setConsent(false, 1);
});

test('registrable domains decide first vs third party', () => {
  for (const row of readFixture('registrable-domains.tsv')) {
    if (!row.registrable || row.registrable === row.host) continue;
    const [same] = core.classifyUrls(row.host, [{ url: `https://${row.registrable}/x.js` }]);
    assert.equal(same.party, 'first', `registrable-domains.tsv:${row._line}`);
  }
});

for (const [file, kind] of [['cookies.tsv', 'cookie'], ['urls.tsv', 'url']]) {
  test(`golden ${file} through wasm`, () => {
    const rows = readFixture(file);
    assert.ok(rows.length > 20, `${file} has ${rows.length} rows`);
    let n = 0;
    for (const batch of goldenBatches(rows, kind)) {
      const out = kind === 'cookie' ? core.classifyCookies(batch.page, batch.items) : core.classifyUrls(batch.page, batch.items);
      n += checkGolden(file, kind, rows, batch, out);
    }
    assert.equal(n, rows.length, `${file}: every row checked`);
  });
}

test('a corrupt blob is refused with a reason', async () => {
  const { createCore } = await import('../../js-glue/src/wasm-bridge.js');
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { nativeBuild, wasmBuild } = await import('../lib/core.mjs');
  const require = createRequire(import.meta.url);
  const blob = readFileSync(join(nativeBuild, 'consentry-core.cdb'));
  blob[blob.length - 1] ^= 0xff;
  await assert.rejects(
    createCore({
      factory: require(join(wasmBuild, 'consentry.js')),
      wasmBinary: readFileSync(join(wasmBuild, 'consentry.wasm')),
      db: blob,
    }),
    /checksum mismatch/,
  );
});

test('registrable-domains.tsv through the boundary (registrableDomains, one batch)', () => {
  const rows = readFixture('registrable-domains.tsv');
  assert.ok(rows.length > 0);
  const got = core.registrableDomains(rows.map((r) => r.host));
  rows.forEach((r, i) => assert.equal(got[i], r.registrable || r.host, `registrable-domains.tsv:${r._line}`));
});

test('registrable domains and vendor descriptions by id through wasm', () => {
  assert.deepEqual(core.registrableDomains(['www.bbc.co.uk', 'https://a.b.example.com/x', 'bad host']), ['bbc.co.uk', 'example.com', '']);
  assert.deepEqual(core.registrableDomains(['/relative']), ['']);
  const [ga, none] = core.describe(['Vgoogle-analytics', 'Vnope']);
  assert.equal(ga.name, 'Google Analytics');
  assert.ok(ga.purpose.length > 10);
  assert.equal(none.name, '');
});

test('purposes and retention come with the texts blob of the same database; a bad one is refused, the rest works', async () => {
  const bare = await loadCore({ texts: false });
  const refs = ['Vgoogle-analytics'];
  assert.deepEqual(bare.describe(refs), [{ name: 'Google Analytics', purpose: '', retention: '' }]);
  assert.equal(bare.info().texts, false);
  assert.equal(bare.loadTexts(readFileSync(join(nativeBuild, 'consentry-full-texts.cdb'))),
    'category texts rejected: they belong to another category database');
  assert.match(bare.loadTexts(new Uint8Array([1, 2, 3])), /^category texts rejected: too short/);
  assert.match(bare.loadTexts(readFileSync(join(nativeBuild, 'consentry-core.cdb'))), /bad magic/);
  assert.equal(bare.describe(refs)[0].purpose, '');
  assert.equal(bare.classifyCookies('www.shop.example', [{ name: '_ga' }])[0].category, 'analytical');
  // As the page passes it: an ArrayBuffer.
  assert.equal(bare.loadTexts(new Uint8Array(readFileSync(join(nativeBuild, 'consentry-core-texts.cdb'))).slice().buffer), '');
  assert.equal(bare.info().texts, true);
  assert.equal(bare.describe(refs)[0].purpose, core.describe(refs)[0].purpose);
  assert.ok(bare.describe(refs)[0].purpose.length > 10);
});

test('a batch answer is split once into its fields; a text with a tab of its own falls back to line by line', () => {
  assert.deepEqual(_fields('a\tb\tc\nd\te\tf', 2, 3), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(_fields('a\tb\tc\tX\nd\te\tf', 2, 3), ['a', 'b', 'c', 'd', 'e', 'f'], 'an extra field is cut');
  assert.deepEqual(_fields('a\tb\nd\te\tf', 2, 3), ['a', 'b', '', 'd', 'e', 'f'], 'a missing one is empty');
  assert.throws(() => _fields('a\tb\tc', 2, 3), /1 lines for 2 items/);
  // Separators in the input never reach the engine: fields keep their count.
  const [r] = core.classifyUrls('www.shop.example', [{ url: 'https://www.google-analytics.com/a\tb\nc.js', declared: '' }]);
  assert.equal(r.host, 'www.google-analytics.com');
  assert.equal(r.category, 'analytical');
});
