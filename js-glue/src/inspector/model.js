// What the inspector shows, computed from ctx (docs/js-contracts.md) and the page itself. Pure
// data in, plain data out: the panel renders it, consentry.inspector.snapshot() returns it.

export const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];
export const STORAGE_KINDS = ['cookie', 'storage'];
export const VERDICT_LABEL = { allow: 'allowed', released: 'released', hold: 'held', block: 'blocked' };

const str = (v) => (v == null ? '' : String(v));

/** Cookie names readable by the page (HttpOnly and third-party cookies are not). */
export function pageCookies(doc) {
  let raw = '';
  try {
    raw = doc.cookie || '';
  } catch {
    raw = '';
  }
  const names = new Set();
  for (const part of raw.split(';')) {
    const name = part.split('=')[0].trim();
    if (name) names.add(name);
  }
  return names;
}

/** Keys of localStorage and sessionStorage (either may throw when storage is disabled). */
export function pageStorage(win) {
  const keys = new Map();
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const s = win[area];
      for (let i = 0; i < s.length; i++) keys.set(s.key(i), area);
    } catch {
      // storage disabled: nothing to list
    }
  }
  return keys;
}

/** A stable key for merging repeated sightings of the same thing. */
const keyOf = (it) => `${it.kind}|${it.kind === 'request' || it.kind === 'img' ? it.host || it.name : it.name}|${it.verdict}`;

/**
 * Rows for the two tables. items: ctx.items(); cookies/storage: what the page can see right now.
 * Cookies and storage keys the core has not classified (yet) are listed too, as "unclassified".
 */
export function buildRows(items, cookies = new Set(), storage = new Map(), consentCookie = 'consentry') {
  const stored = new Map();
  const elements = new Map();
  for (const raw of Array.isArray(items) ? items : []) {
    if (!raw || typeof raw !== 'object') continue;
    const it = {
      kind: str(raw.kind) || 'cookie',
      name: str(raw.name),
      host: str(raw.host),
      category: str(raw.category),
      vendor: str(raw.vendor),
      purpose: str(raw.purpose),
      retention: str(raw.retention),
      verdict: str(raw.verdict),
      reason: str(raw.reason),
    };
    const target = STORAGE_KINDS.includes(it.kind) ? stored : elements;
    const k = keyOf(it);
    const prev = target.get(k);
    if (prev) {
      prev.count++;
      for (const f of ['vendor', 'purpose', 'retention', 'host']) if (!prev[f]) prev[f] = it[f];
    } else target.set(k, { ...it, count: 1 });
  }
  const storageRows = [...stored.values()];
  const seen = new Set(storageRows.map((r) => `${r.kind}|${r.name}`));
  for (const r of storageRows) {
    r.present = r.kind === 'cookie' ? cookies.has(r.name) : storage.has(r.name);
    if (r.kind === 'storage' && storage.has(r.name)) r.area = storage.get(r.name);
  }
  for (const name of cookies) {
    if (seen.has(`cookie|${name}`)) continue;
    if (name === consentCookie) {
      // Consentry's own record: never classified by the gate, always strictly necessary.
      storageRows.push({ kind: 'cookie', name, host: '', category: 'mandatory', vendor: 'Consentry', purpose: "Stores the visitor's consent choice.", retention: '', verdict: 'allow', reason: 'consent record', present: true, count: 1 });
      continue;
    }
    storageRows.push({ kind: 'cookie', name, host: '', category: '', vendor: '', purpose: '', retention: '', verdict: '', reason: 'not classified yet', present: true, count: 1 });
  }
  for (const [name, area] of storage) {
    if (seen.has(`storage|${name}`)) continue;
    storageRows.push({ kind: 'storage', name, area, host: '', category: '', vendor: '', purpose: '', retention: '', verdict: '', reason: 'not classified yet', present: true, count: 1 });
  }
  const byCat = (a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name);
  storageRows.sort(byCat);
  const elementRows = [...elements.values()].sort((a, b) => rank(a) - rank(b) || (a.host || a.name).localeCompare(b.host || b.name));
  return { storage: storageRows, elements: elementRows };
}

const rank = (r) => {
  const i = CATEGORIES.indexOf(r.category);
  return i < 0 ? CATEGORIES.length : i;
};

/** Counts of rows per verdict ('' = unclassified). */
export function countVerdicts(rows) {
  const out = { allow: 0, released: 0, hold: 0, block: 0, '': 0 };
  for (const r of rows) out[r.verdict in out ? r.verdict : ''] += 1;
  return out;
}

/** A safe copy of ctx.getState() with every field the panel reads. */
export function readState(ctx) {
  let s = {};
  try {
    s = (ctx && ctx.getState && ctx.getState()) || {};
  } catch {
    s = {};
  }
  const cats = s.categories || {};
  const enabled = Array.isArray(s.enabled) && s.enabled.length ? s.enabled.filter((c) => CATEGORIES.includes(c)) : ['mandatory', 'analytical', 'targeting'];
  return {
    ready: Array.isArray(s.enabled),
    decided: !!s.decided,
    categories: Object.fromEntries(CATEGORIES.map((c) => [c, c === 'mandatory' ? true : !!cats[c]])),
    enabled,
    signals: { gpc: !!(s.signals && s.signals.gpc), dnt: !!(s.signals && s.signals.dnt) },
    honoured: { gpc: !!(s.honoured && s.honoured.gpc), dnt: !!(s.honoured && s.honoured.dnt) },
    record: s.record && typeof s.record === 'object' ? { ...s.record } : null,
  };
}

/** Everything the panel shows, as plain data (consentry.inspector.snapshot()). */
export function snapshot(ctx, win) {
  let items = [];
  try {
    items = (ctx && ctx.items && ctx.items()) || [];
  } catch {
    items = [];
  }
  const name = (ctx && ctx.config && ctx.config.cookie && ctx.config.cookie.name) || 'consentry';
  const rows = buildRows(items, pageCookies(win.document), pageStorage(win), name);
  return { connection: ctx ? ctx.via || 'ctx' : 'none', state: readState(ctx), ...rows };
}

/** A record timestamp (seconds or milliseconds since the epoch) as a readable local date. */
export function formatTime(v) {
  const n = Number(v);
  if (!v || !Number.isFinite(n)) return '';
  const d = new Date(n < 1e11 ? n * 1000 : n);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
