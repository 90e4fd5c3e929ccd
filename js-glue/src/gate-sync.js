// The synchronous half of the tracker gate, installed by the bootstrap before any other script of
// the page runs. It only HOLDS: every URL that leaves the page is put through K.u (the decision,
// first-party-only until the core replaces it), and whatever is not allowed is neutralised and
// handed to K.h (the held registry, a plain queue until the core replaces it). Releasing,
// classifying, placeholders and sweeping live in consentry-core.js (gate-core.js and friends).
//
// The kernel K is the one object shared by the bootstrap and the core (docs/js-contracts.md,
// "Kernel"). Its names are short because this file counts against the 3 KB budget:
//   u(url, kind) -> 0 pass | 1 hold | 2 block      c(cookieString, replay) -> write now?
//   h(item)  register a held element, or a held request {u, go(), no()}
//   q held items waiting for the core, cq cookie writes waiting as [string, replay]
//   ok elements never to gate (released ones), dyn elements held through a property or
//   setAttribute (a script among them is released in place), pre elements the HTML parser
//   inserted (the preload scanner fetched them: the core tells the site owner)
//   o originals: f fetch, cg / cs the document.cookie getter / setter

// The URL attribute of each gated element.
export const URL_ATTRS = { script: 'src', img: 'src', iframe: 'src', link: 'href' };

export function installGate(K, W) {
  const d = W.document;
  const P = 'prototype';
  const E = Element[P];
  const D = Document[P];
  const def = Object.defineProperty;
  const gd = Object.getOwnPropertyDescriptor;
  const o = K.o;
  const sa = E.setAttribute;
  const A = URL_ATTRS;

  // Neutralises one URL attribute when K.u does not let it pass; dyn: set by a page script.
  const hold = (el, a, v, dyn) => {
    if (K.ok.has(el) || !K.u(v, el.localName)) return 0;
    if (dyn) K.dyn.add(el);
    sa.call(el, 'data-cs-' + a, v);
    el.removeAttribute(a);
    K.h(el);
    return 1;
  };

  // A request: pass, hold (queued until consent) or drop.
  const request = (u, go, no) => {
    const r = K.u(u, 'request');
    return r ? (r > 1 ? no() : K.h({ u, go, no })) : go();
  };

  // An element found in the DOM or about to enter it (parser: inserted by the HTML parser).
  // Declared markup (data-category, Cookiebot's data-cookieconsent) is inert by its own type or
  // data-src, and markup from HTML strings was neutralised before parsing: both are only
  // registered. A URL attribute set natively is gated like any other.
  const check = (el, parser) => {
    const t = el.localName;
    if (!A[t] || K.ok.has(el)) return;
    if (el.matches('[data-category],[data-cookieconsent],[data-cs-src],[data-cs-href]')) K.h(el);
    const v = el.getAttribute(A[t]);
    if (v != null) {
      if (parser) K.pre.add(el);
      hold(el, A[t], v);
    }
  };
  const scan = (n, parser) => {
    if (n && n.querySelectorAll) {
      check(n, parser);
      n.querySelectorAll('script,img,iframe,link').forEach((e) => check(e, parser));
    }
    return n;
  };

  const setter = (p, a, f) => {
    const y = gd(p, a);
    def(p, a, { ...y, set(v) { f.call(this, v, y.set); } });
  };
  const wrap = (p, names, g) => names.split(' ').forEach((m) => {
    const f = p[m];
    p[m] = function (...a) { return f.apply(this, a.map(g)); };
  });

  // URL properties and setAttribute.
  for (const t in A) setter(d.createElement(t).constructor[P], A[t], function (v, s) { hold(this, A[t], v, 1) || s.call(this, v); });
  E.setAttribute = function (n, v) {
    if (!(A[this.localName] == String(n).toLowerCase() && hold(this, A[this.localName], v, 1))) return sa.call(this, n, v);
  };

  // Insertion: nodes built elsewhere (DOMParser, templates, inert documents) carry native attributes.
  const ins = (n) => scan(n);
  wrap(Node[P], 'appendChild insertBefore replaceChild', ins);
  wrap(E, 'append prepend before after replaceWith replaceChildren insertAdjacentElement', ins);

  // HTML strings: held URLs are moved to data-cs-<attr> before the browser parses them.
  // innerHTML-like sinks never run scripts, so their scripts are left alone.
  const HTML = /(<(script|img|iframe|link)\b(?:[^>"']|"[^"]*"|'[^']*')*?\s)(src|href)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)/gi;
  const x = (h, s) =>
    typeof h != 'string' ? h : h.replace(HTML, (m, pre, t, n, eq, v) =>
      A[(t = t.toLowerCase())] == n.toLowerCase() && (s || t != 'script') &&
      K.u(v.replace(/^["']|["']$/g, ''), t) ? pre + 'data-cs-' + n + eq + v : m);
  const html = function (v, s) { s.call(this, x(v)); };
  setter(E, 'innerHTML', html);
  setter(E, 'outerHTML', html);
  setter(ShadowRoot[P], 'innerHTML', html);
  wrap(E, 'insertAdjacentHTML', (v) => x(v));
  wrap(D, 'write writeln', (v) => x(v, 1));

  // Network: fetch, XMLHttpRequest, sendBeacon (held until consent, dropped when refused).
  const F = (o.f = W.fetch);
  W.fetch = (i, n) => {
    const u = i?.url || i;
    return new Promise((y, j) => request(u, () => y(F.call(W, i, n)), () => j(TypeError('Consentry: blocked ' + u))));
  };
  const X = XMLHttpRequest[P];
  const xo = X.open;
  const xs = X.send;
  X.open = function (m, u) { this.__cs = u; return xo.apply(this, arguments); };
  X.send = function (b) { request(this.__cs, () => xs.call(this, b), () => 0); };
  const nv = navigator;
  const sb = nv.sendBeacon;
  nv.sendBeacon = (u, b) => request(u, () => sb.call(nv, u, b), () => false) ?? true;

  // Cookies: document.cookie and cookieStore.set go through K.c (a write is dropped or queued).
  const cd = gd(D, 'cookie');
  o.cg = cd.get;
  o.cs = cd.set;
  setter(D, 'cookie', function (v, s) {
    const go = () => s.call(this, String(v));
    if (K.c(String(v), go)) go();
  });
  const CS = W.CookieStore && W.CookieStore[P];
  if (CS) {
    const set = CS.set;
    CS.set = function (a, b) {
      const go = () => set.apply(this, arguments);
      const c = typeof a == 'object' ? a : { name: a, value: b };
      return K.c(c.name + '=' + c.value, go) ? go() : Promise.resolve();
    };
  }

  // Parser-inserted elements: a MutationObserver callback runs before the parser runs a script.
  new MutationObserver((rs) => rs.forEach((r) => r.addedNodes.forEach((n) => scan(n, 1)))).observe(
    d.documentElement, { childList: true, subtree: true });
}
