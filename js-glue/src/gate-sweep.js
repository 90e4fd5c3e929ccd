// The sweep (consentry-core.js): after a refusal or a withdrawal, and on every page view with a
// decided record, cookies the core does not allow under the current consent are deleted on every
// variant they can live on: host-only and every parent domain up to the registrable domain,
// path "/" and each prefix of the current path (with and without a trailing "/"), Secure on
// https. localStorage and sessionStorage keys the core does not allow are removed. Consentry's
// own record is never swept. Cookies a script cannot see (HttpOnly) cannot be swept from here.
// With remove false it only lists what it finds (the inspector's items) and deletes nothing.

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
      // The host and its parent domains down to the registrable domain (none for an IP).
      const reg = core.registrableDomains([host])[0];
      const labels = host.split('.');
      const domains = [''];
      if (reg && !/^[\d.]+$|:/.test(host)) for (let i = 0; i < labels.length; i++) {
        const p = labels.slice(i).join('.');
        if (p.length < reg.length) break;
        domains.push(p);
      }
      const paths = ['/'];
      const segs = loc.pathname.split('/').filter(Boolean);
      for (let i = 1; i <= segs.length; i++) {
        const p = '/' + segs.slice(0, i).join('/');
        paths.push(p, p + '/');
      }
      const secure = loc.protocol == 'https:' ? '; Secure' : '';
      for (const c of doomed) {
        for (const dom of domains) {
          for (const path of paths) {
            K.o.cs.call(d, `${c.name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=${path}` +
              (dom ? `; Domain=${dom}` : '') + secure);
          }
        }
      }
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
