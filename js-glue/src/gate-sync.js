// The synchronous half of the tracker gate, installed by the bootstrap before any other script of
// the page runs. It only HOLDS: every URL that leaves the page is put through K.u (the decision,
// first-party-only until the core replaces it), and whatever is not allowed is neutralised and
// handed to K.h (the held registry, a plain queue until the core replaces it). Releasing
// lives in gate-release.js (one releaser, K.r, for the bootstrap's early release in
// gate-early.js and the core's); classifying, placeholders and sweeping in gate-activate.js.
//
// The kernel K is the one object shared by the bootstrap and the core (docs/js-contracts.md,
// "Kernel"). Its names are short because this file counts against the bootstrap's budget:
//   u(url, kind) -> 0 pass | 1 hold | 2 block      c(cookieString, replay) -> write now?
//   h(item)  register a held element, or a held request {u, go(), no()}
//   q held items waiting for the core, cq cookie writes waiting as [string, replay]
//   ok elements not to gate (Consentry's own; released ones: frames and images released in
//   place only until the next change of consent, gate-core.js), dyn elements held through a property or
//   setAttribute (a script among them is released in place), pre elements the HTML parser
//   inserted (the preload scanner fetched them: the core tells the site owner)
//   o originals: f fetch, cg / cs the document.cookie getter / setter (the top window's)
//   w windows the gate is installed in (the page's and its same-origin frames')
//
// Values are stringified once: what is checked is what is used (an object whose toString
// changes between the check and the use gains nothing). Trusted Types objects pass as they are.

// The URL attributes of each gated element, by local name: HTML and SVG alike (a string of HTML
// does not say which namespace its elements end up in; the HTML parser turns <image> into <img>).
// A held value moves to data-cs-<name> (xlink:href to data-cs-href); a srcset-like value is held
// when any URL in it would be; a javascript: URL moves to data-cs-js and never comes back; srcdoc
// is rewritten like a document's HTML, scripts included, and hooks its frame first.
export const URL_ATTRS = {
  script: 'src href', img: 'src srcset', image: 'src href', iframe: 'src srcdoc', link: 'href imagesrcset', source: 'srcset',
};
/** The data-cs-<name> attributes a held element can carry, in the order they name its URL. */
export const HELD_ATTRS = ['src', 'href', 'srcset', 'imagesrcset'];

export function installGate(K, W) {
  const d = W.document;
  const P = 'prototype';
  const E = W.Element[P];
  const D = W.Document[P];
  const def = Object.defineProperty;
  const gd = Object.getOwnPropertyDescriptor;
  const o = K.o.f ? {} : K.o; // a frame's originals stay its own
  const sa = E.setAttribute;
  const A = URL_ATTRS;

  // The gated attribute of `el` named `n` ('' if none), without a namespace prefix.
  const ga = (el, n) => ((A[el.localName] || '').split(' ').includes((n = String(n).toLowerCase().replace(/.*:/, ''))) ? n : '');
  const js = (v) => /^javascript:/i.test(v.replace(/[\0- ]/g, ''));
  // Does `v`, the value of gated attribute `a` of a <t>, need holding? Every URL of a srcset-like
  // value counts (however its commas are read); a javascript: URL always does.
  const need = (v, t, a) => (/set$/.test(a) ? (v + ' ' + v.replace(/,/g, ' ')).split(/\s+/) : [v]).some((u) => u && K.u(u.replace(/,+$/, ''), t));

  // Neutralises attribute n (gated name a) of el set to v when it may not pass; dyn: by a page
  // script. A javascript: URL is kept aside (data-cs-js) and never registered.
  const hold = (el, n, a, v, dyn, j = js(v)) => {
    if (K.ok.has(el) || !(j || need(v, el.localName, a))) return 0;
    if (dyn) K.dyn.add(el);
    sa.call(el, 'data-cs-' + (j ? 'js' : a), v);
    el.removeAttribute(n);
    j || K.h(el);
    return 1;
  };
  // A page script sets attribute n of el to v (stringified here, once); s(v) sets it natively.
  const set = (el, n, v, s, a = ga(el, n)) => {
    if (!a) return s(v);
    v = String(v);
    a == 'srcdoc' ? s(doc(v)) : hold(el, n, a, v, 1) || s(v);
  };

  // A request: pass, hold (queued until consent) or drop. u is a string.
  const request = (u, go, no) => {
    const r = K.u(u, 'request');
    return r ? (r > 1 ? no() : K.h({ u, go, no })) : go();
  };

  // An element found in the DOM or about to enter it (parser: inserted by the HTML parser).
  // Declared markup (data-category, Cookiebot's data-cookieconsent) is inert by its own type or
  // data-src, and markup from HTML strings was neutralised before parsing: both are only
  // registered. A URL attribute set natively is gated like any other; a srcdoc is rewritten.
  const check = (el, parser) => {
    const t = el.localName;
    if (!A[t] || K.ok.has(el)) return;
    for (const { name: n, value: v } of [...el.attributes]) {
      const a = ga(el, n);
      /^data-(category|cookieconsent|cs-)/.test(n) && K.h(el);
      if (n == 'data-cs-srcdoc' || (a == 'srcdoc' && v != doc(v))) {
        el.removeAttribute(n);
        sa.call(el, 'srcdoc', doc(v));
      } else if (a && a != 'srcdoc') {
        if (parser) K.pre.add(el);
        hold(el, n, a, v);
      }
    }
  };
  const scan = (n, parser) => {
    if (n && n.querySelectorAll) {
      check(n, parser);
      n.querySelectorAll('script,img,image,iframe,link,source').forEach((e) => check(e, parser));
    }
    return n;
  };

  const setter = (p, a, f) => {
    const y = gd(p, a);
    y && def(p, a, { ...y, set(v) { f.call(this, v, y.set); } });
  };
  // Wraps methods: g maps the arguments; after the call, new same-origin frames get the gate.
  const wrap = (p, names, g) => names.split(' ').forEach((m) => {
    const f = p[m];
    f && (p[m] = function (...a) {
      return f.apply(this, a.map(g));
    });
  });

  // URL properties and setAttribute(NS) (Attr nodes: gate-frames.js, in the core).
  for (const t in A) {
    for (const a of A[t].split(' ')) setter(d.createElement(t).constructor[P], a, function (v, s) { set(this, a, v, (w) => s.call(this, w)); });
  }
  E.setAttribute = function (n, v) { set(this, n, v, (w) => sa.call(this, n, w)); };
  const sn = E.setAttributeNS;
  E.setAttributeNS = function (ns, n, v) { set(this, n, v, (w) => sn.call(this, ns, n, w)); };

  // Insertion: nodes built elsewhere (DOMParser, templates, inert documents) carry native attributes.
  const ins = (n) => scan(n);
  wrap(W.Node[P], 'appendChild insertBefore replaceChild', ins);
  wrap(E, 'append prepend before after replaceWith replaceChildren insertAdjacentElement', ins);

  // HTML strings: held URLs are moved to data-cs-<attr> before the browser parses them.
  // innerHTML-like sinks never run scripts, so their scripts are left alone; a document's HTML
  // (document.write, srcdoc) runs them. A srcdoc in a string moves to data-cs-srcdoc and comes
  // back rewritten when its iframe is found (check).
  const HTML = /(<(script|img|image|iframe|link|source)\b(?:[^>"']|"[^"]*"|'[^']*')*?\s)(src|href|xlink:href|srcset|imagesrcset|srcdoc)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)/gi;
  const x = (h, s) =>
    typeof h != 'string' ? h : h.replace(HTML, (m, pre, t, n, eq, q) => {
      const a = ga({ localName: (t = t.toLowerCase()) }, n);
      const v = q.replace(/^["']|["']$/g, '');
      return a && (s || t != 'script') && (a == 'srcdoc' || js(v) || need(v, t, a)) ? pre + 'data-cs-' + (js(v) ? 'js' : a) + eq + q : m;
    });
  // A srcdoc document: rewritten like document.write's HTML (K.sd, from the core, then makes
  // its new window hand itself to the gate first: gate-frames.js).
  const doc = (h) => (h = x(h, 1), K.sd ? K.sd(h) : h);
  const html = function (v, s) { s.call(this, x(v)); };
  setter(E, 'innerHTML', html);
  setter(E, 'outerHTML', html);
  setter(W.ShadowRoot[P], 'innerHTML', html);
  wrap(E, 'insertAdjacentHTML setHTMLUnsafe', x);
  wrap(W.ShadowRoot[P], 'setHTMLUnsafe', x);
  wrap(D, 'write writeln', (v) => x(v, 1));

  // Network: fetch, XMLHttpRequest, sendBeacon (held until consent, dropped when refused).
  const F = (o.f = W.fetch);
  W.fetch = (i, n) => new Promise((y, j) => {
    const u = i instanceof W.Request ? i.url : (i = String(i));
    request(u, () => y(F.call(W, i, n)), () => j(TypeError('Consentry: blocked ' + u)));
  });
  const X = W.XMLHttpRequest[P];
  const xo = X.open;
  const xs = X.send;
  X.open = function (m, u, ...r) { return xo.call(this, m, (this.__cs = String(u)), ...r); };
  X.send = function (b) { request(this.__cs, () => xs.call(this, b), () => 0); };
  const nv = W.navigator;
  const sb = nv.sendBeacon;
  nv.sendBeacon = (u, b) => request((u = String(u)), () => sb.call(nv, u, b), () => false) ?? true;

  // Cookies: document.cookie and cookieStore.set go through K.c (a write is dropped or queued).
  const cd = gd(D, 'cookie');
  o.cg = cd.get;
  o.cs = cd.set;
  setter(D, 'cookie', function (v, s) {
    const go = () => s.call(this, v);
    if (K.c((v = String(v)), go)) go();
  });
  const CS = W.CookieStore && W.CookieStore[P];
  if (CS) {
    const cs = CS.set;
    CS.set = function (a, b) {
      const go = () => cs.apply(this, arguments);
      const c = typeof a == 'object' ? a : { name: a, value: b };
      return K.c(c.name + '=' + c.value, go) ? go() : Promise.resolve();
    };
  }

  // Parser-inserted elements: a MutationObserver callback runs before the parser runs a script.
  new W.MutationObserver((rs) => rs.forEach((r) => r.addedNodes.forEach((n) => scan(n, 1)))).observe(
    d.documentElement, { childList: true, subtree: true });
  K.g = { set, scan, ga, x };
}
