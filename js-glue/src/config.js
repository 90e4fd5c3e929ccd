// The site config (docs/js-contracts.md, "Site config"). `basics` is the tiny part the synchronous
// bootstrap needs to read the stored record and hold things before the core is ready;
// `validateConfig` (consentry-core.js only) checks every field, names each problem and falls back
// to the safe default, and `policyOf` turns the result into the core's policy string.
// Both share `basics`, so the bootstrap and the core can never disagree on the record's key.

import { REGIONS } from './gcm.js';
import { deepFreeze, fieldChecks, isObj, uiFields } from './config-ui.js';

export const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];
/** A withdrawal: `next` (a consent state) refuses a category that `prev`, a decided state, granted. */
export const withdraws = (prev, next) => prev.decided && CATEGORIES.some((c) => prev.categories[c] && !next.categories[c]);
export const MAX_DAYS = 396;

/** Cookie name, cookie domain (a suffix of `host`, else ''), site key (domain or host), revision. */
export function basics(c, host) {
  const k = (c && c.cookie) || {};
  let dom = typeof k.domain == 'string' ? k.domain.replace(/^\./, '').toLowerCase() : '';
  if (dom && host != dom && !host.endsWith('.' + dom)) dom = '';
  const r = c.revision;
  // r|0: an integer (not a numeric string), as Number.isInteger says for this range.
  return {
    name: typeof k.name == 'string' && /^[\w-]{1,64}$/.test(k.name) ? k.name : 'consentry',
    dom,
    key: dom || host,
    rev: r === (r | 0) && r >= 0 && r < 1e9 ? r : 0,
  };
}

// Own keys only (Object.hasOwn is newer than Safari 15).
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const HOST_RE = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Returns { cfg, problems }: cfg is complete, frozen and safe; problems name each field that was
 * unknown or invalid (its safe default was used instead).
 * `loc` is { hostname, protocol } of the page.
 */
export function validateConfig(raw, loc) {
  const problems = [];
  const c = isObj(raw) ? raw : {};
  if (!isObj(raw)) problems.push('the config must be a JSON object');
  const b = basics(c, loc.hostname);
  const out = {};
  const bad = (field, why) => problems.push(`"${field}" ${why}; the safe default is used`);
  const { bool, oneOf } = fieldChecks(c, bad);

  if ('revision' in c && c.revision !== b.rev) bad('revision', 'must be an integer from 0 to 999999999');
  out.revision = b.rev;
  // language, layout, position, privacyPolicyUrl, categories, texts, floatingButton: the banner's
  // fields, checked by the code the banner's bundle uses for them (config-ui.js).
  uiFields(c, out, bad, problems);

  const ck = isObj(c.cookie) ? c.cookie : {};
  if ('cookie' in c && !isObj(c.cookie)) bad('cookie', 'must be an object');
  const cookie = { name: b.name, domain: b.dom, path: '/', sameSite: 'Lax', acceptedDays: 182, refusedDays: 182 };
  if ('name' in ck && ck.name !== b.name) bad('cookie.name', 'must be 1-64 letters, digits, "_" or "-"');
  if ('domain' in ck && ck.domain && !b.dom) bad('cookie.domain', `must be "${loc.hostname}" or one of its parent domains`);
  if ('path' in ck) {
    if (typeof ck.path == 'string' && /^\/[^;\s]*$/.test(ck.path)) cookie.path = ck.path;
    else bad('cookie.path', 'must start with "/"');
  }
  if ('sameSite' in ck) {
    const ss = ['Lax', 'Strict', 'None'].find((x) => x.toLowerCase() === String(ck.sameSite).toLowerCase());
    if (!ss || (ss == 'None' && loc.protocol != 'https:')) bad('cookie.sameSite', 'must be "Lax" or "Strict" ("None" only on https)');
    else cookie.sameSite = ss;
  }
  for (const f of ['acceptedDays', 'refusedDays']) {
    if (!(f in ck)) continue;
    const v = ck[f];
    if (!(typeof v == 'number' && v > 0 && Number.isFinite(v))) bad(`cookie.${f}`, 'must be a positive number of days');
    else if (v > MAX_DAYS) {
      problems.push(`"cookie.${f}" is capped at ${MAX_DAYS} days (13 months)`);
      cookie[f] = MAX_DAYS;
    } else cookie[f] = v;
  }
  for (const k of Object.keys(ck)) if (!own(cookie, k)) bad(`cookie.${k}`, 'is unknown');
  out.cookie = cookie;

  out.autoBlock = bool('autoBlock', true);
  out.unknownCookies = oneOf('unknownCookies', CATEGORIES, 'targeting');
  out.unknownThirdParty = oneOf('unknownThirdParty', CATEGORIES, 'targeting');

  out.hosts = {};
  if ('hosts' in c) {
    if (!isObj(c.hosts)) bad('hosts', 'must be an object of host: category');
    else for (const [h, cat] of Object.entries(c.hosts)) {
      const host = h.toLowerCase().replace(/^\./, '');
      if (!HOST_RE.test(host)) bad(`hosts.${h}`, 'is not a host name');
      else if (!CATEGORIES.includes(cat)) bad(`hosts.${h}`, `must be one of ${CATEGORIES.join(', ')}`);
      else out.hosts[host] = cat;
    }
  }

  out.cookies = [];
  if ('cookies' in c) {
    if (!Array.isArray(c.cookies)) bad('cookies', 'must be a list');
    else c.cookies.forEach((e, i) => {
      if (!isObj(e) || typeof e.name != 'string' || !/^[^\s;=,]{1,128}$/.test(e.name) || !CATEGORIES.includes(e.category)) {
        bad(`cookies[${i}]`, 'needs a "name" (no spaces, ";", "=" or ",") and a "category"');
        return;
      }
      const str = (k) => (typeof e[k] == 'string' ? e[k] : '');
      out.cookies.push({ name: e.name, category: e.category, vendor: str('vendor'), purpose: str('purpose'), retention: str('retention') });
    });
  }

  out.reloadOnWithdraw = bool('reloadOnWithdraw', false);
  out.database = oneOf('database', ['core', 'full'], 'core');

  const g = isObj(c.gcm) ? c.gcm : {};
  if ('gcm' in c && !isObj(c.gcm)) bad('gcm', 'must be an object');
  const gcm = { enabled: true, regions: [], adsDataRedaction: true, urlPassthrough: false, waitForUpdate: 500 };
  for (const k of ['enabled', 'adsDataRedaction', 'urlPassthrough']) {
    if (k in g) typeof g[k] == 'boolean' ? (gcm[k] = g[k]) : bad(`gcm.${k}`, 'must be true or false');
  }
  if ('regions' in g) {
    // The bootstrap reads it the same way (gcm.js gcmStart): the list, joined by commas, is tested.
    if (Array.isArray(g.regions) && (!g.regions.length || REGIONS.test(g.regions))) gcm.regions = g.regions.slice();
    else bad('gcm.regions', 'must be a list of ISO 3166 region codes');
  }
  if ('waitForUpdate' in g) {
    const w = g.waitForUpdate;
    if (w === (w | 0) && w >= 0 && w <= 1e4) gcm.waitForUpdate = w;
    else bad('gcm.waitForUpdate', 'must be an integer from 0 to 10000 (ms)');
  }
  for (const k of Object.keys(g)) if (!own(gcm, k)) bad(`gcm.${k}`, 'is unknown');
  out.gcm = gcm;
  out.honorDnt = bool('honorDnt', false);

  // Own keys only: "toString" or "__proto__" (an own key of what JSON.parse makes) are unknown too.
  for (const k of Object.keys(c)) if (!own(out, k)) problems.push(`"${k}" is unknown and was ignored`);
  return { cfg: deepFreeze(out), problems };
}

/** The core's policy string (wasm/core/policy.h grammar) for a validated config. */
export function policyOf(cfg) {
  const parts = [
    `unknownCookie=${cfg.unknownCookies}`,
    `unknownThirdParty=${cfg.unknownThirdParty}`,
    `preferences=${cfg.categories.preferences ? 1 : 0}`,
    `cookie=mandatory:${cfg.cookie.name}`,
  ];
  for (const [h, cat] of Object.entries(cfg.hosts)) parts.push(`host=${cat}:${h}`);
  for (const e of cfg.cookies) parts.push(`cookie=${e.category}:${e.name}`);
  return parts.join(';');
}
