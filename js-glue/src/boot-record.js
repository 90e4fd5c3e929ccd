// The bootstrap's reader of the consent record: the same verdict and fields as store.js
// decodeRecord (the mirror of wasm/core/consent_record.cpp, and the reference), without the
// reason of a refusal, which nothing at run time needs and which the 3 KB budget cannot carry.
// tests/browser/consent-record.test.mjs runs both over tests/fixtures/consent-records.tsv and
// many mutated records; they must agree on every field.

/** FNV-1a 32 over the UTF-8 bytes of `s`, continuing from `h`. */
const fnv = (s, h) => {
  for (const c of unescape(encodeURIComponent(s))) h = Math.imul(h ^ c.charCodeAt(), 16777619) >>> 0;
  return h;
};

/**
 * { valid: true, granted, revision, id, first, last, expiry, signals } for a perfect record of
 * this site and revision, valid: false for anything else (store.js says why).
 */
export function readRecord(t, key, rev, now) {
  const f = String(t).split('.');
  // A number in its canonical form (digits of base `b`, lower case, no sign, no leading zero:
  // what toString gives back) up to `max`, else -1. Same as store.js _num.
  const n = (i, b, max, v = parseInt(f[i], b)) => (v.toString(b) === f[i] && v <= max ? v : -1);
  // The check: any canonical number up to T; only the one FNV-1a gives (below 2^32) passes.
  // The granted mask: odd (mandatory) and not -1 (not a number up to 15).
  const T = 2 ** 40;
  const r = {
    granted: n(1, 10, 15), revision: n(2, 10, 999999999), id: f[3],
    first: n(4, 36, T), last: n(5, 36, T), expiry: n(6, 36, T), signals: n(7, 10, 15),
  };
  r.valid = t && t.length < 201 && f.length == 9 && f[0] == '1' &&
    n(8, 36, T) === fnv(t.slice(0, t.lastIndexOf('.')), fnv('|', fnv(key, 2166136261))) &&
    r.granted % 2 == 1 && r.revision === rev && /^[\w-]{8,36}$/.test(r.id) && r.first > 0 &&
    r.last >= r.first && r.expiry > r.last && r.expiry - r.last <= 34214400 && r.signals >= 0 &&
    r.expiry > now && r.last <= now + 86400;
  return r;
}
