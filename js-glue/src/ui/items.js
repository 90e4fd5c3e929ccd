// What the preferences centre lists under each category: ctx.items() (what the core classified
// on this page) merged with the site's config.cookies and config.hosts declarations and the
// consent cookie itself. Cookies and storage are keyed by name, everything else (scripts,
// frames, requests...) by host, so twenty requests to one host show as one service. Without the
// site's preferences category, preferences items are granted with analytical (the core decides
// so), so they are listed there.

const str = (v) => (v == null ? '' : String(v).trim());
const FIELDS = ['vendor', 'purpose', 'retention'];

/**
 * Returns Map(category -> [{ name, vendor, purpose, retention }]) for the enabled categories.
 * Earlier sources win (the category, and each empty field is filled from later ones):
 * the site's declarations (cookies, then hosts), then the consent cookie, then what the core
 * classified.
 * `site` ({ host, vendor }): scripts and requests of the page's own host without a vendor
 * (declared inline scripts, first-party tags) are shown as the site's own ("This website").
 */
export function groupItems({ declared = [], hosts = {}, classified = [], consentCookie = null, enabled = [], site = null }) {
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
      let category = str(it.category);
      if (category === 'preferences' && !enabled.includes(category)) category = 'analytical';
      if (!enabled.includes(category)) return;
      row = { name, category, vendor: '', purpose: '', retention: '' };
      rows.set(key, row);
    }
    for (const f of FIELDS) if (!row[f]) row[f] = str(it[f]);
  };
  for (const it of declared) put({ kind: 'cookie', ...it });
  if (hosts && typeof hosts === 'object') for (const h of Object.keys(hosts)) put({ kind: 'script', host: h, category: hosts[h] });
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
