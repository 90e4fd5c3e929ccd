// The sweep (consentry-core.js): after a refusal or a withdrawal, and on every page view with a
// decided record, cookies the core does not allow under the current consent are deleted on every
// variant they can live on: host-only and every parent domain up to the registrable domain,
// path "/" and each prefix of the current path (with and without a trailing "/"), Secure on
// https. localStorage and sessionStorage keys the core does not allow are removed. Consentry's
// own record is never swept. Cookies a script cannot see (HttpOnly) cannot be swept from here.
// With remove false it only lists what it finds (the inspector's items) and deletes nothing.

// Where a cookie of this page can live. Domains: host-only (''), then the host and each parent
// domain whose name is at least as long as `floor` (the registrable domain; without the core, the
// last two labels); only host-only for an IP address.
export function cookieDomains(host, floor) {
  if (/^[\d.]+$|:/.test(host)) return [''];
  const labels = host.split('.');
  const out = [''];
  for (let i = 0; i < labels.length; i++) {
    const p = labels.slice(i).join('.');
    if (p.length < floor.length) break;
    out.push(p);
  }
  return out;
}

// Paths: "/" and each prefix of the page's path, with and without a trailing "/".
export function cookiePaths(pathname) {
  const out = ['/'];
  const segs = pathname.split('/').filter(Boolean);
  for (let i = 1; i <= segs.length; i++) {
    const p = '/' + segs.slice(0, i).join('/');
    out.push(p, p + '/');
  }
  return out;
}

// Deletes one variant of a cookie through the page's original setter.
export const expireCookie = (K, d, name, dom, path, secure) =>
  K.o.cs.call(d, `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=${path}` + (dom ? `; Domain=${dom}` : '') + (secure ? '; Secure' : ''));

export function sweep({ core, K, W, host, keep, note, remove = true }) {
  const d = W.document;
  const loc = W.location;
  const cookies = K.o.cg.call(d).split(/;\s*/).filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return { name: i < 0 ? '' : p.slice(0, i), value: i < 0 ? p : p.slice(i + 1) };
  }).filter((c) => c.name && c.name != keep);

  if (cookies.length) {
    const verdicts = core.classifyCookies(host, cookies.map((c) => ({ name: c.name, value: c.value })));
    const doomed = cookies.filter((c, i) => {
      note('cookie', c.name, verdicts[i]);
      return remove && verdicts[i].verdict != 'allow';
    });
    if (doomed.length) {
      const reg = core.registrableDomains([host])[0];
      const domains = reg ? cookieDomains(host, reg) : [''];
      const paths = cookiePaths(loc.pathname);
      const secure = loc.protocol == 'https:';
      for (const c of doomed) for (const dom of domains) for (const path of paths) expireCookie(K, d, c.name, dom, path, secure);
    }
  }

  for (const area of ['localStorage', 'sessionStorage']) {
    let store;
    try {
      store = W[area];
      if (!store || !store.length) continue;
    } catch (e) {
      continue;
    }
    const keys = [];
    for (let i = 0; i < store.length; i++) keys.push(store.key(i));
    const verdicts = core.classifyCookies(host, keys.map((k) => ({ name: k, storage: true })));
    keys.forEach((k, i) => {
      note('storage', k, verdicts[i]);
      if (remove && verdicts[i].verdict != 'allow') store.removeItem(k);
    });
  }
}
