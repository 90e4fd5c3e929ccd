// Releasing held elements (consentry-core.js). Scripts run one after another in the order they
// are released (the gate releases in document order): an external script that is not `async`
// must load (or fail) before the next one runs; `defer` and module scripts wait for
// DOMContentLoaded when released while the document is still parsing. Nothing runs twice.
//
// A script the HTML parser inserted (held or declared) is replaced by a fresh copy, since the
// parser's element cannot run again; it keeps every attribute (async, defer, type=module via
// data-type, integrity, crossorigin, referrerpolicy, nomodule, event handler attributes...) and
// its nonce. A script a page script created (K.dyn) is released in place, so the loader's onload
// handlers and references keep working. Frames, images and links get their URL back in place.
//
// A release is decided when it is queued, but runs only when its turn comes (a script before it
// may take seconds to load). A change of consent meanwhile takes back what has not run yet
// (recall()): the gate decides it again under the new choice, so a withdrawal stops it.
import { HELD_ATTRS } from './gate-sync.js';

const SKIP = /^(src|href|xlink:href|type|nonce|data-cs-.*|data-src|data-cookieblock-src|data-type)$/;
const SVG = 'http://www.w3.org/2000/svg';

export function createReleaser({ K, W }) {
  const d = W.document;
  const done = new WeakSet();
  // Queued and not run yet: element -> the token of its latest release. A release recalled and
  // made again runs in its new place only (its old place finds another token): the new choice's
  // releases keep document order among themselves.
  const pending = new Map();
  let chain = Promise.resolve();
  const parsed = new Promise((r) =>
    d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', () => r(), { once: true }) : r());
  const loaded = (s) => new Promise((r) => {
    s.addEventListener('load', r, { once: true });
    s.addEventListener('error', r, { once: true });
  });

  // `go()`: still this release's turn (not recalled meanwhile) and no change of consent queued
  // for the core (K.ce bit 2, bootstrap.js: the release stays pending for the core's recall),
  // asked right before it runs; then the element is Consentry's (K.ok: the hooks leave it alone).
  function one(el, go) {
    const g = (a) => el.getAttribute(a);
    const t = el.localName;
    if (t != 'script') {
      if (!go()) return null;
      // Every held URL attribute comes back (srcset before src); declared markup's data-src.
      let back = false;
      for (const a of HELD_ATTRS.slice().reverse()) {
        const v = g('data-cs-' + a);
        if (v == null) continue;
        el.removeAttribute('data-cs-' + a);
        el.setAttribute(a, v);
        back = true;
      }
      if (!back) {
        const v = g('data-src') ?? g('data-cookieblock-src') ?? g('data-href');
        if (v != null) el.setAttribute(t == 'link' ? 'href' : 'src', v);
      }
      return null;
    }
    // An SVG <script> loads from href; it is always replaced by a fresh copy (below).
    const svg = el.namespaceURI == SVG;
    const plain = el.type == 'text/plain';
    const src = g('data-cs-src') ?? (svg ? g('data-cs-href') : null) ?? g('data-src') ?? g('data-cookieblock-src') ?? (plain ? g('src') : null);
    if (K.dyn.has(el) && !plain && !svg) {
      if (!go()) return null;
      el.removeAttribute('data-cs-src');
      if (src == null) return null;
      el.setAttribute('src', src);
      return el.isConnected && !el.hasAttribute('async') ? loaded(el) : null;
    }
    if (!el.isConnected) return go(), null; // removed from the page before consent: it would not run either
    const type = plain ? g('data-type') : g('type');
    const n = d.createElementNS(el.namespaceURI, 'script');
    K.ok.add(n);
    for (const { name, value } of el.attributes) if (!SKIP.test(name)) n.setAttribute(name, value);
    if (type) n.setAttribute('type', type);
    n.nonce = el.nonce;
    if (src != null) n.setAttribute(svg ? 'href' : 'src', src);
    else n.textContent = el.textContent;
    const mod = /^module$/i.test(type || '');
    const later = src != null ? n.hasAttribute('defer') || (mod && !n.hasAttribute('async')) : mod;
    const run = () => {
      if (!go() || !el.isConnected) return null;
      el.replaceWith(n);
      return src != null && !n.hasAttribute('async') ? loaded(n) : null;
    };
    return later && d.readyState == 'loading' ? parsed.then(run) : run();
  }

  return {
    /** Queues `el` for release; false when it was released before. */
    release(el) {
      if (done.has(el)) return false;
      done.add(el);
      const turn = {};
      pending.set(el, turn);
      chain = chain.then(() => one(el, () => pending.get(el) == turn && !(K.ce & 2) && pending.delete(el) && K.ok.add(el)))
        .catch((e) => (W.reportError || console.error)(e));
      return true;
    },
    /** Takes back every queued release that has not run yet (they may be released again). */
    recall() {
      const back = [...pending.keys()];
      pending.clear();
      back.forEach((el) => done.delete(el));
      return back;
    },
  };
}
