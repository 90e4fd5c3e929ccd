// Entry of dist/consentry-inspector.js: the developer inspector. Load it on any page that runs
// Consentry (the demo site does); it stays invisible until opened:
//   - ?consentry-debug in the page's URL (query or hash) opens it on load,
//   - Ctrl+Shift+K (Cmd+Shift+K on macOS) toggles it,
//   - consentry.inspector.open() / .close() / .toggle() / .isOpen() / .snapshot().
// It reads ctx (docs/js-contracts.md). How it gets ctx, the first that works:
//   1. the bootstrap calls self.__consentryInspector.start(ctx) (like __consentryUi.start(ctx));
//   2. a `consentry:ready` event on window whose detail is ctx, or { ctx };
//   3. window.consentry.ctx, when the public API exposes it;
//   4. meanwhile, a ctx built from the public API (getConsent, acceptCategory, on/off): its item
//      list is the one the 'items' events carry, so load this bundle right after consentry.js
//      (its on() calls are queued until the core starts, so no event is missed).
// Like the other async bundles, it hands one frozen object to the page and dispatches
// `consentry:inspector-loaded`.
import css from './styles.css';
import { createPanel } from './panel.js';

const isCtx = (c) => !!c && typeof c === 'object' && typeof c.getState === 'function' && typeof c.items === 'function';

/** A ctx made of window.consentry's public methods (docs/js-contracts.md, api.js). */
export function ctxFromApi(pub) {
  if (!pub || typeof pub.on !== 'function' || typeof pub.getConsent !== 'function') return null;
  let list = [];
  const subs = { change: new Set(), items: new Set() };
  const fire = (e, v) => subs[e].forEach((fn) => {
    try {
      fn(v);
    } catch (err) {
      console.error(err);
    }
  });
  pub.on('items', (l) => {
    list = Array.isArray(l) ? l : [];
    fire('items', list);
  });
  pub.on('change', (s) => fire('change', s));
  return Object.freeze({
    via: 'api',
    config: null,
    getState: () => pub.getConsent() || {},
    choose: (categories, _source) => pub.acceptCategory([].concat(categories || []).filter((c) => c !== 'mandatory')),
    items: () => (typeof pub.items === 'function' ? pub.items() || [] : list),
    on: (e, fn) => subs[e] && subs[e].add(fn),
    off: (e, fn) => subs[e] && subs[e].delete(fn),
  });
}

function install(W) {
  const d = W.document;
  let panel = null;
  let ctx = null;

  const ensure = () => {
    if (!panel) {
      panel = createPanel({ css, win: W, onClose: () => api.close() });
      if (ctx) panel.setCtx(ctx);
    }
    return panel;
  };
  let fromApi = null;
  const connect = (c) => {
    if (!isCtx(c) || c === ctx) return;
    // A real ctx always wins over the public-API stand-in; never the other way round.
    if (c.via === 'api' && ctx && ctx.via !== 'api') return;
    ctx = c;
    if (panel) panel.setCtx(c);
    // Asking Consentry's ctx for its items once tells it the classification is wanted: the core
    // loads the classifier now (it is otherwise fetched only when the page needs it).
    if (c.via !== 'api') {
      try {
        c.items();
      } catch {
        // listed later, through the 'items' event
      }
    }
  };
  const discover = () => {
    const pub = W.consentry;
    if (pub && isCtx(pub.ctx)) connect(pub.ctx);
    if (!ctx && pub && !fromApi) {
      fromApi = ctxFromApi(pub);
      connect(fromApi);
    }
    return ctx;
  };

  const api = Object.freeze({
    /** Called by the bootstrap with ctx; returns the inspector API. */
    start(c) {
      connect(c);
      return api;
    },
    open() {
      discover();
      ensure().open();
      return true;
    },
    close() {
      if (panel) panel.close();
      return false;
    },
    toggle() {
      return panel && panel.isOpen() ? api.close() : api.open();
    },
    isOpen: () => !!(panel && panel.isOpen()),
    /** What the panel shows, as plain data: { connected, state, storage: rows, elements: rows }. */
    snapshot() {
      discover();
      return ensure().snapshot();
    },
    /** Shows one tab: 'consent' | 'storage' | 'elements'. */
    show(tab) {
      api.open();
      panel.select(tab);
      return true;
    },
  });

  W.addEventListener('consentry:ready', (e) => connect(e && e.detail && (isCtx(e.detail) ? e.detail : e.detail.ctx)));
  W.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && (e.key === 'K' || e.key === 'k' || e.code === 'KeyK')) {
      e.preventDefault();
      api.toggle();
    }
  }, true);

  // window.consentry.inspector: the public way in (the bootstrap's API object is extensible).
  const expose = () => {
    const pub = W.consentry;
    if (pub && typeof pub === 'object' && !pub.inspector && Object.isExtensible(pub)) {
      try {
        Object.defineProperty(pub, 'inspector', { value: api, configurable: true, enumerable: true });
      } catch {
        // a frozen API: self.__consentryInspector still works
      }
    }
  };
  expose();
  discover();
  W.addEventListener('consentry:ready', () => {
    expose();
    discover();
  });

  const wanted = /(?:^|[?&#])consentry-debug(?:[=&]|$)/.test(W.location.search.slice(1)) ||
    /(?:^|[#&])consentry-debug(?:[=&]|$)/.test(W.location.hash.slice(1));
  if (wanted) {
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', () => api.open(), { once: true });
    else api.open();
  }
  return api;
}

if (typeof self !== 'undefined' && self.document && !self.__consentryInspector) {
  const api = install(self);
  Object.defineProperty(self, '__consentryInspector', { value: api, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:inspector-loaded'));
}
