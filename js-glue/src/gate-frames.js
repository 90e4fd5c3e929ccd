// The gate's hooks for rarer ways to set a URL or to reach another window (consentry-core.js).
// They are installed when the core sets up, before it releases anything; until then only
// same-host code runs (the bootstrap holds every other URL, and first-party code is trusted by
// design, docs/security.md), except the declared scripts a returning visitor's stored choice
// grants, which the bootstrap's early release (gate-early.js) runs at DOMContentLoaded, often
// before the core has arrived (docs/security.md, Known limits). The bootstrap's budget cannot
// carry them.
//
// - Attr nodes: setAttributeNode(NS), NamedNodeMap.setNamedItem(NS) (whose element a probe
//   attribute finds when the map is empty), and the value / nodeValue / textContent of an Attr
//   already on an element go through the bootstrap's attribute rule (K.g.set).
// - Range.insertNode / surroundContents scan what they insert, like appendChild;
//   createContextualFragment's HTML is rewritten like innerHTML's.
// - SVG href.baseVal (SVGAnimatedString) on <script> and <image>.
// - Same-origin frames still on about:blank get the whole gate (the bootstrap's hooks and these)
//   as soon as they are in the page, before a script can use their window: after every insertion
//   method and HTML sink of the window, and when the parser adds one.
// - A srcdoc document gets a new window: its HTML (rewritten like document.write's by the
//   bootstrap) starts with a script that hands that window to the gate first
//   (parent.__consentryFrame). A sandboxed srcdoc without allow-same-origin is an opaque origin
//   the gate cannot reach (docs/security.md, Known limits).
// The bootstrap's installGate comes as K.ig (not imported: it would be bundled a second time).

export function installFrames(K, W) {
  const P = 'prototype';
  const gd = Object.getOwnPropertyDescriptor;
  const def = Object.defineProperty;
  const d = W.document;
  const { set, scan, ga, x } = K.g;
  const ws = (K.w = K.w || new WeakSet());
  ws.add(W);

  // Each child window is looked at once (a WindowProxy stays the same when its frame navigates;
  // a srcdoc document's new window asks for the gate itself).
  let nf = 0;
  let fl = 0;
  const frames = () => {
    if (!fl && W.length == nf) return;
    fl = 0;
    nf = W.length;
    for (let i = 0; i < nf; i++) {
      let w;
      try {
        w = W[i];
        if (ws.has(w)) continue;
        ws.add(w);
        if (/^about:/.test(w.location.href) && !w.__consentryFrame) hook(w);
      } catch (e) {
        // cross-origin: its own document, not this page's to gate
      }
    }
  };
  const hook = (w) => {
    if (w.__consentryFrame) return;
    const o = K.g;
    try {
      K.ig(K, w);
      installFrames(K, w);
    } finally {
      K.g = o;
    }
  };
  def(W, '__consentryFrame', {
    value: (w) => {
      try {
        hook(w);
      } catch (e) {
        // a window that is not same-origin after all
      }
    },
  });

  const after = (p, names) => names.split(' ').forEach((m) => {
    const f = p && p[m];
    if (!f) return;
    p[m] = function (...a) {
      fl |= a.some((n) => n && (n.localName == 'iframe' || (n.querySelector && n.querySelector('iframe')) || /<iframe/i.test(typeof n == 'string' ? n : '')));
      try {
        return f.apply(this, a);
      } finally {
        frames();
      }
    };
  });
  const afterSet = (p, a) => {
    const y = p && gd(p, a);
    if (!y) return;
    def(p, a, {
      ...y,
      set(v) {
        fl = 1;
        try {
          y.set.call(this, v);
        } finally {
          frames();
        }
      },
    });
  };
  const N = W.Node[P];
  const E = W.Element[P];
  const SR = W.ShadowRoot[P];
  after(N, 'appendChild insertBefore replaceChild');
  after(E, 'append prepend before after replaceWith replaceChildren insertAdjacentElement insertAdjacentHTML setHTMLUnsafe');
  after(SR, 'setHTMLUnsafe');
  afterSet(E, 'innerHTML');
  afterSet(E, 'outerHTML');
  afterSet(SR, 'innerHTML');

  // Range insertion, scanned like the bootstrap's insertion methods; createContextualFragment's
  // HTML rewritten like innerHTML's (its images load before the fragment is inserted).
  const R = W.Range[P];
  const ccf = R.createContextualFragment;
  R.createContextualFragment = function (h) {
    return ccf.call(this, x(h));
  };
  for (const m of ['insertNode', 'surroundContents']) {
    const f = R[m];
    R[m] = function (n) {
      scan(n);
      fl = 1;
      try {
        return f.apply(this, arguments);
      } finally {
        frames();
      }
    };
  }

  // Attr nodes.
  const sa = E.setAttribute;
  const through = (el, x, v, native) =>
    el && el.nodeType == 1 && x && x.nodeType == 2 && ga(el, x.name) ? set(el, x.name, v, (w) => sa.call(el, x.name, w)) : native();
  const attr = (f, own) => function (x) {
    return through(own(this), x, x && x.value, () => f.apply(this, arguments)) ?? null;
  };
  E.setAttributeNode = attr(E.setAttributeNode, (e) => e);
  E.setAttributeNodeNS = attr(E.setAttributeNodeNS, (e) => e);
  const NM = W.NamedNodeMap[P];
  const probe = d.createAttribute('data-cs-probe');
  const owner = (m) => {
    if (m[0]) return m[0].ownerElement;
    sni.call(m, probe);
    const e = probe.ownerElement;
    if (e) e.removeAttributeNode(probe);
    return e;
  };
  const sni = NM.setNamedItem;
  NM.setNamedItem = attr(sni, owner);
  NM.setNamedItemNS = attr(NM.setNamedItemNS, owner);
  const value = (p, a) => {
    const y = gd(p, a);
    def(p, a, {
      ...y,
      set(v) {
        through(this.nodeType == 2 && this.ownerElement, this, v, () => y.set.call(this, v));
      },
    });
  };
  value(W.Attr[P], 'value');
  value(N, 'nodeValue');
  value(N, 'textContent');

  // SVG <script> / <image>: el.href.baseVal = url (an SVGAnimatedString knows no element: the
  // href getter tells which element each one belongs to).
  const anim = new WeakMap();
  for (const C of [W.SVGScriptElement, W.SVGImageElement]) {
    const y = C && gd(C[P], 'href');
    if (y) def(C[P], 'href', { ...y, get() { const v = y.get.call(this); anim.set(v, this); return v; } });
  }
  const AS = W.SVGAnimatedString && W.SVGAnimatedString[P];
  const bv = AS && gd(AS, 'baseVal');
  if (bv) {
    def(AS, 'baseVal', {
      ...bv,
      set(v) {
        const el = anim.get(this);
        el ? set(el, 'href', v, (w) => bv.set.call(this, w)) : bv.set.call(this, v);
      },
    });
  }

  // srcdoc: the new window hands itself to the gate before its own scripts run.
  const TAG = `<script nonce="${K.n || ''}">try{parent.__consentryFrame(window)}catch(e){}</script>`;
  K.sd = (h) => (h.replace(/^\s*<!doctype[^>]*>/i, '').startsWith(TAG) ? h : h.replace(/^(\s*<!doctype[^>]*>)?/i, (m) => m + TAG));

  // Frames the parser adds, and those already there.
  new W.MutationObserver((rs) => {
    fl |= rs.some((r) => [...r.addedNodes].some((n) => n.localName == 'iframe' || (n.querySelector && n.querySelector('iframe'))));
    frames();
  }).observe(d.documentElement, { childList: true, subtree: true });
  fl = 1;
  frames();
  // srcdoc frames already in the page were rewritten by the bootstrap before K.sd existed.
  d.querySelectorAll('iframe[srcdoc]').forEach((f) => {
    const v = f.getAttribute('srcdoc');
    const w = K.sd(v);
    if (w != v) sa.call(f, 'srcdoc', w);
  });
}
