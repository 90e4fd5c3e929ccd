// Early release, in the bootstrap (consentry.js). Declared markup needs no classification: its
// category is in the page, the choice in the record. So a returning visitor's declared scripts
// run without waiting for consentry-core.js (one round trip less on the way to the consented
// script), under the same rule as the core's early release (docs/js-contracts.md, "Early
// release"): at DOMContentLoaded, when nothing held so far needs the classifier (no held request,
// no undeclared held markup, no unknown category, no detached element the choice grants), every
// declared element the stored choice grants is released, in document order; otherwise nothing
// is, and the core decides as before (after the wasm compiled). When the core is running by then
// (K.ce), the core does it; nothing is released early either when the page has changed the
// consent before the core arrived (a queued acceptCategory, rejectAll or reset also sets K.ce).
//
// Shared with the core through the kernel (one copy of each, in this bundle):
//   K.dc(el)     the element's declaration (data-category, Cookiebot's data-cookieconsent), or null
//   K.in(el)     inert: a neutralised URL, or declared markup kept inert by its type or data-src
//   K.cat(name)  a declared category name (aliases too) -> its index in CATEGORIES, -1 unknown
//   K.sv(el, m)  what grant bits m (1 mandatory, 2 preferences, 4 analytical, 8 targeting) say
//                of a declared, inert element: 'allow', 'block', or '' (only the core can tell)
//   K.r          the releaser (gate-release.js): one for both, so that order and "nothing twice"
//                hold across the bootstrap's releases and the core's
//   K.rel        what the bootstrap released early (the core lists it as released)
import { CATEGORIES } from './config.js';
import { HELD_ATTRS } from './gate-sync.js';
import { createReleaser } from './gate-release.js';

// Declared category names (wasm/core/categories.cpp parseCategory). No prototype: a declared
// "constructor" or "__proto__" is an unknown name, not an inherited property.
const ALIAS = {
  __proto__: null, necessary: 0, essential: 0, functionality: 1, analytics: 2, statistics: 2, marketing: 3, advertising: 3, ads: 3,
};

export function installEarly(K, W) {
  const dc = (K.dc = (el, a = el.getAttribute('data-category'), b = el.getAttribute('data-cookieconsent')) =>
    a != null ? a.trim() : b == null ? null : (b = b.trim()) == 'ignore' ? 'mandatory' : b);
  const has = (el, a) => el.hasAttribute(a);
  const inert = (K.in = (el) => HELD_ATTRS.some((a) => has(el, 'data-cs-' + a)) ||
    (dc(el) != null && (el.localName == 'script' ? el.type == 'text/plain'
      : has(el, 'data-src') || has(el, 'data-cookieblock-src') || has(el, 'data-href'))));
  const cat = (K.cat = (n) => ALIAS[n] ?? CATEGORIES.indexOf(n));
  const sv = (K.sv = (el, m) => {
    const dec = dc(el);
    if (dec == null || !inert(el)) return '';
    const parts = dec.split(/\s*,\s*/).filter(Boolean); // dec is trimmed: so is each part
    let v = parts.length ? 'allow' : '';
    for (const p of parts) {
      const inv = p[0] == '!';
      const c = cat(inv ? p.slice(1) : p);
      if (c < 0) return '';
      if (!((m | 1) & (1 << c)) == !inv) v = 'block';
    }
    return v;
  });
  K.r = createReleaser({ K, W });

  W.document.addEventListener('DOMContentLoaded', () => {
    const m = K.m;
    if (K.ce || K.dead || !m) return;
    const go = [];
    for (const x of new Set(K.q)) {
      if (!x.nodeType) return;
      const v = sv(x, m);
      if (v ? v == 'allow' && !x.isConnected : inert(x)) return;
      v == 'allow' && go.push(x);
    }
    K.rel = go.sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
    go.forEach(K.r.release);
  });
}
