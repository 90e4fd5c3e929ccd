// What the preferences centre lists under each category: ctx.items() (what the core classified
// on this page) merged with the site's config.cookies declarations and the consent cookie
// itself. Cookies and storage are keyed by name, everything else (scripts, frames, requests...)
// by host, so twenty requests to one host show as one service.

const str = (v) => (v == null ? '' : String(v).trim());
const FIELDS = ['vendor', 'purpose', 'retention'];

/**
 * Returns Map(category -> [{ name, vendor, purpose, retention }]) for the enabled categories.
 * Earlier sources win (the category, and each empty field is filled from later ones):
 * the site's declarations, then the consent cookie, then what the core classified.
 * `site` ({ host, vendor }): scripts and requests of the page's own host without a vendor
 * (declared inline scripts, first-party tags) are shown as the site's own ("This website").
 */
export function groupItems({ declared = [], classified = [], consentCookie = null, enabled = [], site = null }) {
  const rows = new Map();
  const put = (it) => {
    if (!it || typeof it !== 'object') return;
    const kind = str(it.kind) || 'cookie';
    const byName = kind === 'cookie' || kind === 'storage';
    const name = byName ? str(it.name) : str(it.host) || str(it.name);
    if (!name) return;
    const key = (byName ? 'c:' : 'h:') + name;
    let row = rows.get(key);
    if (!row) {
      if (!enabled.includes(str(it.category))) return;
      row = { name, category: str(it.category), vendor: '', purpose: '', retention: '' };
      rows.set(key, row);
    }
    for (const f of FIELDS) if (!row[f]) row[f] = str(it[f]);
  };
  for (const it of declared) put({ kind: 'cookie', ...it });
  put(consentCookie);
  for (const it of classified) put(it);
  if (site && site.host) {
    const row = rows.get('h:' + str(site.host));
    if (row && !row.vendor) row.vendor = str(site.vendor);
  }
  const out = new Map(enabled.map((c) => [c, []]));
  for (const row of rows.values()) out.get(row.category).push(row);
  for (const list of out.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}
