// The "obvious JavaScript approach" the classification benchmark compares the wasm core with:
// an array of regular expressions per category, the way vanilla-cookieconsent's autoClear
// matches cookie names ({ name: /^_ga/ } tested against every cookie), built from the same
// category sources (categories/sources/*.json, the core tier, as the compact blob):
//   cookie names  exact -> /^name$/i, prefix -> /^prefix./i (at least one more character),
//                 glob -> /^...$/i with * = .* and # = \d+; a rule with a `domain` applies only
//                 when the cookie's domain or the page host is that domain or a subdomain of it;
//   hosts         /(^|\.)host$/ on new URL(url).hostname; path-scoped host rules test
//                 hostname + pathname against /(^|\.)host\/path/.
// classify: the categories in a fixed order, the first rule that matches decides (that is what an
// array per category gives; it has no notion of "exact beats prefix" or "most specific host").
// Plain ES module without imports: it runs as is in Node and in the browser.

export const ORDER = ['mandatory', 'preferences', 'analytical', 'targeting'];

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function cookieRegex(r) {
  if (r.match === 'prefix') return new RegExp('^' + esc(r.name) + '.', 'i');
  if (r.match === 'glob') {
    const body = r.name
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '#' ? '\\d+' : esc(c)))
      .join('');
    return new RegExp('^' + body + '$', 'i');
  }
  return new RegExp('^' + esc(r.name) + '$', 'i');
}

const within = (host, domain) => host === domain || (host.length > domain.length && host.endsWith('.' + domain));

/**
 * rules: { cookies: [{ name, match, category, domain? }], hosts: [{ host, path?, category }] }
 * Returns { classifyCookie(name, domain, pageHost), classifyUrl(url), counts }.
 */
export function buildRegexClassifier(rules) {
  const cookies = Object.fromEntries(ORDER.map((c) => [c, []]));
  const hosts = Object.fromEntries(ORDER.map((c) => [c, []]));
  for (const r of rules.cookies) cookies[r.category].push({ re: cookieRegex(r), domain: r.domain || null });
  for (const h of rules.hosts)
    hosts[h.category].push(
      h.path
        ? { re: new RegExp('(^|\\.)' + esc(h.host) + esc(h.path)), path: true }
        : { re: new RegExp('(^|\\.)' + esc(h.host) + '$'), path: false },
    );
  return {
    counts: {
      cookieRegexes: rules.cookies.length,
      hostRegexes: rules.hosts.length,
    },
    classifyCookie(name, domain, pageHost) {
      const d = domain ? domain.replace(/^\./, '').toLowerCase() : '';
      for (const cat of ORDER)
        for (const r of cookies[cat]) {
          if (r.domain && !within(d, r.domain) && !within(pageHost, r.domain)) continue;
          if (r.re.test(name)) return cat;
        }
      return null;
    },
    classifyUrl(url) {
      let u;
      try {
        u = new URL(url);
      } catch {
        return null;
      }
      const host = u.hostname;
      const hostPath = host + u.pathname;
      for (const cat of ORDER)
        for (const r of hosts[cat]) if (r.re.test(r.path ? hostPath : host)) return cat;
      return null;
    },
  };
}

/** Reasons of the wasm core that come from a database rule (the rest: first-party, heuristic, unknown...). */
export const RULE_REASONS = new Set(['exact', 'domain', 'prefix', 'pattern', 'tracker-host']);
