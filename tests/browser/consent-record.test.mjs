// The bootstrap's record reader (js-glue/src/boot-record.js, small for the 3 KB budget) against
// the reference decoder (js-glue/src/store.js decodeRecord, the mirror of
// wasm/core/consent_record.cpp, itself checked against the wasm in tests/node/wasm-golden):
// the same verdict, and the same fields for a valid record, on the fixtures, on records signed
// with every field at and around its limits, and on random mutations. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture } from '../lib/fixtures.mjs';
import { decodeRecord } from '../../js-glue/src/store.js';
import { readRecord } from '../../js-glue/src/boot-record.js';

const FIELDS = ['granted', 'revision', 'id', 'first', 'last', 'expiry', 'signals'];

function same(text, key, rev, now, where) {
  const ref = decodeRecord(text, key, rev, now);
  const got = readRecord(text, key, rev, now);
  assert.equal(!!got.valid, ref.valid, `${where}: ${JSON.stringify(text)} ${key} ${rev} ${now} (store.js: ${ref.error || 'valid'})`);
  if (ref.valid) for (const f of FIELDS) assert.equal(got[f], ref[f], `${where}: ${f}`);
}

// FNV-1a 32 as the record's check (consent_record.h), to sign records with invalid fields.
function fnv(s, h) {
  for (const c of Buffer.from(s, 'utf8')) h = Math.imul(h ^ c, 16777619) >>> 0;
  return h;
}
const sign = (payload, key) => payload + '.' + fnv(payload, fnv('|', fnv(key, 2166136261))).toString(36);

test('the fixtures', () => {
  for (const row of readFixture('consent-records.tsv')) {
    same(row.value, row.site_key, +row.revision, +row.now, `consent-records.tsv:${row._line}`);
  }
});

test('signed records with each field at and around its limits', () => {
  const now = 1790000000;
  const MAX = 396 * 86400;
  const b36 = (n) => n.toString(36);
  const base = { v: '1', granted: '5', revision: '3', id: 'AbCdEfGh12345678_-xy', first: b36(now - 100), last: b36(now - 10), expiry: b36(now + 86400), signals: '0' };
  const numbers10 = ['0', '1', '00', '01', '-1', '+1', ' 1', '1 ', '1e1', '1.0', 'NaN', 'Infinity', '0x1', '', 'a', '99999999999999999999', '999999999999999999999'];
  const variants = {
    v: ['1', '2', '01', '', ' 1'],
    granted: [...numbers10, ...Array.from({ length: 18 }, (_, i) => String(i))],
    revision: [...numbers10, '3', '999999999', '1000000000'],
    id: ['', 'a', '1234567', '12345678', 'x'.repeat(36), 'x'.repeat(37), 'abc$defgh', 'abcdefgh=', 'abc defgh', 'ÄbCdEfGh'],
    first: ['0', '1', b36(now - 10), b36(now - 9), b36(now + 1), '00', 'A', '-1', b36(2 ** 40), b36(2 ** 40 + 1)],
    last: ['0', b36(now - 100), b36(now - 101), b36(now + 86400), b36(now + 86401), b36(now + 86402), b36(now + 86399), 'Z', ''],
    expiry: [b36(now), b36(now + 1), b36(now - 10), b36(now - 9), b36(now - 10 + MAX), b36(now - 10 + MAX + 1), b36(2 ** 40), b36(2 ** 40 + 1), '0'],
    signals: [...numbers10, '3', '15', '16'],
  };
  let n = 0;
  for (const [field, values] of Object.entries(variants)) {
    for (const value of values) {
      const r = { ...base, [field]: value };
      const payload = [r.v, r.granted, r.revision, r.id, r.first, r.last, r.expiry, r.signals].join('.');
      for (const key of ['shop.example', 'www.shop.example']) {
        const text = sign(payload, 'shop.example');
        for (const rev of [3, 0, 999999999]) for (const t of [now, now - 50, now + 86400 * 400]) {
          same(text, key, rev, t, `${field}=${JSON.stringify(value)}`);
          n++;
        }
      }
    }
  }
  // The reference says "valid" for the base record itself.
  assert.equal(decodeRecord(sign(Object.values(base).join('.'), 'shop.example'), 'shop.example', 3, now).valid, true);
  assert.ok(n > 1000);
});

test('structure: missing, extra and empty fields, lengths, non-strings', () => {
  const now = 1790000000;
  const good = sign(['1', '15', '3', 'AbCdEfGh12345678_-xy', (now - 5).toString(36), (now - 5).toString(36), (now + 999).toString(36), '0'].join('.'), 'shop.example');
  same(good, 'shop.example', 3, now, 'good');
  const cases = [undefined, null, '', '.', '........', good + '.', '.' + good, good.replace(/\./g, '..'), good.slice(0, -1), good + 'x',
    good.split('.').slice(0, 8).join('.'), sign('1.15.3.AbCdEfGh12345678_-xy.' + 'a'.repeat(150) + '.b.c.0', 'shop.example')];
  for (const c of cases) same(c, 'shop.example', 3, now, 'structure');
  // A payload padded to 200 / 201 characters (the limit is on the whole value).
  for (let pad = 0; pad < 60; pad++) {
    const id = 'x'.repeat(8 + (pad % 29));
    const payload = ['1', '1', String(10 ** (pad % 9)), id, (now - 5).toString(36), (now - 5).toString(36), (now + 9).toString(36), '0'].join('.');
    same(sign(payload, 'k'.repeat(pad)), 'k'.repeat(pad), 10 ** (pad % 9), now, 'lengths');
  }
});

test('random mutations of valid records', () => {
  let seed = 7;
  const rnd = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._- +/=%é';
  const rows = readFixture('consent-records.tsv').filter((r) => r.result == 'valid');
  for (let i = 0; i < 20000; i++) {
    const row = rows[rnd(rows.length)];
    let t = row.value;
    const edits = 1 + rnd(3);
    for (let e = 0; e < edits; e++) {
      const at = rnd(t.length + 1);
      const op = rnd(3);
      const ch = alphabet[rnd(alphabet.length)];
      t = op == 0 ? t.slice(0, at) + ch + t.slice(at + 1) : op == 1 ? t.slice(0, at) + ch + t.slice(at) : t.slice(0, at) + t.slice(at + 1);
    }
    // Re-signed half of the time, so that field checks are reached.
    if (rnd(2)) t = sign(t.slice(0, Math.max(0, t.lastIndexOf('.'))), row.site_key);
    same(t, row.site_key, +row.revision, +row.now, `mutation ${i}`);
  }
});
