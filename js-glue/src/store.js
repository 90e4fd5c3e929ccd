// The consent record in the browser: a byte-for-byte mirror of wasm/core/consent_record.cpp's
// decode and encode (format documented there), so the synchronous bootstrap can read a returning
// visitor's choice before the wasm core has loaded. tests/fixtures/consent-records.tsv is run
// through both implementations to keep them identical.

const MAX_LIFETIME = 396 * 24 * 3600; // 13 months
const CLOCK_SKEW = 24 * 3600;
const MAX_LENGTH = 200;

/** FNV-1a 32 over the UTF-8 bytes of `s`, continuing from `h`. */
function _fnv32(s, h) {
  const bytes = unescape(encodeURIComponent(s));
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes.charCodeAt(i), 16777619) >>> 0;
  return h >>> 0;
}

function _check(siteKey, payload) {
  return _fnv32(payload, _fnv32('|', _fnv32(siteKey, 2166136261)));
}

/** Strict unsigned parse: no sign, no leading zeros, digits of `base` only, at most `max`. */
function _num(s, base, max) {
  const re = base === 10 ? /^(0|[1-9][0-9]*)$/ : /^(0|[1-9a-z][0-9a-z]*)$/;
  if (!re.test(s) || s.length > 20) return -1;
  const v = parseInt(s, base);
  return v <= max ? v : -1;
}

function _fieldsError(r) {
  if (!(r.granted & 1) || r.granted > 15) return 'granted';
  if (r.revision > 999999999) return 'revision';
  if (!/^[A-Za-z0-9_-]{8,36}$/.test(r.id)) return 'id';
  if (!(r.first > 0 && r.last >= r.first && r.expiry > r.last)) return 'order';
  if (r.expiry - r.last > MAX_LIFETIME) return 'lifetime';
  if (r.signals > 15) return 'signals';
  return '';
}

/** Why a record was refused: the short codes decodeRecord returns (they keep the bootstrap small). */
export const RECORD_ERRORS = {
  none: 'no record', long: 'record too long', fields: 'wrong number of fields', version: 'unknown format version',
  check: "check mismatch (tampered, truncated or another site's record)", granted: 'bad granted mask',
  revision: 'bad revision', time: 'bad timestamp', signals: 'bad signals', id: 'bad consent id',
  order: 'timestamps out of order', lifetime: 'lifetime over 13 months', changed: 'config revision changed',
  expired: 'expired', future: 'timestamp in the future',
};

/**
 * Decodes a stored record. Returns { valid: true, granted, revision, id, first, last, expiry,
 * signals } or { valid: false, error } with error one of RECORD_ERRORS' keys. Anything short of
 * a perfect record is "no consent".
 */
export function decodeRecord(text, siteKey, revision, nowSeconds) {
  const fail = (error) => ({ valid: false, error });
  if (typeof text !== 'string' || !text) return fail('none');
  if (text.length > MAX_LENGTH) return fail('long');
  const f = text.split('.');
  if (f.length !== 9) return fail('fields');
  if (f[0] !== '1') return fail('version');
  const check = _num(f[8], 36, 0xffffffff);
  if (check < 0) return fail('check');
  if (check !== _check(siteKey, text.slice(0, text.length - f[8].length - 1)))
    return fail('check');
  const MAXT = 2 ** 40;
  const r = {
    granted: _num(f[1], 10, 15),
    revision: _num(f[2], 10, 999999999),
    id: f[3],
    first: _num(f[4], 36, MAXT),
    last: _num(f[5], 36, MAXT),
    expiry: _num(f[6], 36, MAXT),
    signals: _num(f[7], 10, 15),
  };
  if (r.granted < 0) return fail('granted');
  if (r.revision < 0) return fail('revision');
  if (r.first < 0 || r.last < 0 || r.expiry < 0) return fail('time');
  if (r.signals < 0) return fail('signals');
  const err = _fieldsError(r);
  if (err) return fail(err);
  if (r.revision !== revision) return fail('changed');
  if (r.expiry <= nowSeconds) return fail('expired');
  if (r.last > nowSeconds + CLOCK_SKEW) return fail('future');
  r.valid = true;
  return r;
}

/** Encodes a record; returns '' when any field is invalid (never a partial record). */
export function encodeRecord(r, siteKey) {
  if (_fieldsError(r)) return '';
  const payload = ['1', r.granted, r.revision, r.id, r.first.toString(36), r.last.toString(36),
    r.expiry.toString(36), r.signals].join('.');
  return payload + '.' + _check(siteKey, payload).toString(36);
}

/** A random consent id (for the site's consent log), 22 chars of [A-Za-z0-9_-]. */
export function newConsentId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
