// Writes a category source file in the layout the compiler and reviewers expect:
// one top-level key per line, and inside each array one entry object per line (so the compiler's
// "file:line" errors point at a single entry and git diffs stay one line per changed entry).
// Used by import.mjs (generated sources) and handy for re-formatting hand-edited ones.

export const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];

const VENDOR_KEYS = ['id', 'name', 'category', 'purpose', 'privacyUrl'];
const COOKIE_KEYS = ['name', 'match', 'category', 'vendor', 'domain', 'storage', 'purpose', 'retention'];
const HOST_KEYS = ['host', 'category', 'vendor'];
const HOSTLIST_KEYS = ['category', 'vendor', 'hosts'];

// Copies the known keys in a fixed order and drops undefined / empty-string optional values.
function ordered(obj, keys, keepNull = []) {
  const out = {};
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined || v === '') continue;
    if (v === null && !keepNull.includes(k)) continue;
    out[k] = v;
  }
  for (const k of Object.keys(obj)) if (!keys.includes(k)) throw new Error(`unknown key "${k}" in ${JSON.stringify(obj)}`);
  return out;
}

function entryLine(obj) {
  // JSON.stringify with a space after ':' and ',' for readability; strings stay escaped.
  return JSON.stringify(obj).replace(/^\{/, '{ ').replace(/\}$/, ' }')
    .replace(/","/g, '", "').replace(/":/g, '": ').replace(/,"/g, ', "');
}

function arrayBlock(key, items, keys, keepNull) {
  if (!items || items.length === 0) return `  "${key}": []`;
  const lines = items.map((it) => '    ' + compactEntry(ordered(it, keys, keepNull)));
  return `  "${key}": [\n${lines.join(',\n')}\n  ]`;
}

// Stable single-line serialisation that does not touch the contents of strings.
function compactEntry(obj) {
  const parts = Object.entries(obj).map(([k, v]) => {
    if (Array.isArray(v)) return `${JSON.stringify(k)}: [${v.map((x) => JSON.stringify(x)).join(', ')}]`;
    return `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{ ${parts.join(', ')} }`;
}

export function formatSource(doc) {
  const head = ['about', 'license', 'tier'].map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(doc[k])}`);
  const blocks = [
    arrayBlock('vendors', doc.vendors, VENDOR_KEYS),
    arrayBlock('cookies', doc.cookies, COOKIE_KEYS),
    arrayBlock('hosts', doc.hosts, HOST_KEYS),
    arrayBlock('hostLists', doc.hostLists, HOSTLIST_KEYS, ['vendor']),
  ];
  return `{\n${[...head, ...blocks].join(',\n')}\n}\n`;
}

export { entryLine };
