// The public API (window.consentry) and the ctx the banner UI receives (docs/js-contracts.md).
// The bootstrap defined window.consentry with methods that queue until this module sets K.api;
// the queued calls are replayed here, in order.
const SOURCES = ['accept-all', 'reject-all', 'custom', 'api'];
const EVENTS = ['change', 'consent', 'items'];

export function createApi({ K, W, cfg, ctl, gate, expect }) {
  const d = W.document;
  const listeners = Object.fromEntries(EVENTS.map((e) => [e, new Set()]));
  const copy = (v) => JSON.parse(JSON.stringify(v));
  const fire = (event, payload) => {
    for (const fn of [...listeners[event]]) {
      try {
        fn(copy(payload));
      } catch (e) {
        (W.reportError || console.error)(e);
      }
    }
  };
  const on = (e, fn) => {
    if (listeners[e] && typeof fn == 'function') listeners[e].add(fn);
  };
  const off = (e, fn) => listeners[e] && listeners[e].delete(fn);

  // Window events and listeners, after the gate and the other hooks have acted on the change.
  ctl.onChange((state, prev, source) => {
    const detail = { ...state, source, previous: prev.categories };
    if (!prev.decided && state.decided) {
      W.dispatchEvent(new CustomEvent('consentry:consent', { detail: copy(detail) }));
      fire('consent', detail);
    }
    W.dispatchEvent(new CustomEvent('consentry:change', { detail: copy(detail) }));
    fire('change', detail);
  });
  // The list is built (and described) only for a page or UI that listens.
  gate.onItems(() => listeners.items.size && fire('items', gate.items()));

  const ctx = Object.freeze({
    config: cfg,
    getState: ctl.getState,
    choose: (categories, source) => ctl.choose(categories, SOURCES.includes(source) ? source : 'api'),
    items: () => gate.items(),
    // The UI saw the visitor reach for the banner or the floating button (pointer over it, a key
    // in it): what a choice needs is fetched now, a few hundred milliseconds before the click.
    expect: () => void expect(),
    on,
    off,
  });

  // The banner UI: consentry-ui.js, from the directory of consentry.js. On a first visit the
  // bootstrap started loading it at once (K.ui, resolves falsy when it failed); otherwise it is
  // loaded on demand, and for a returning visitor at idle time (the floating button).
  let ui = null;
  let uiLoad = null;
  const loadUi = () =>
    (uiLoad = uiLoad || (W.__consentryUi ? Promise.resolve(1) : K.ui || K.load('consentry-ui.js'))
      .then((ok) => {
        K.ui = null;
        const U = W.__consentryUi;
        if (!ok || !U || typeof U.start != 'function') throw new Error(ok ? 'it did not define __consentryUi.start(ctx)' : 'load failed');
        if (!ui) {
          ui = U.start(ctx);
          d.removeEventListener('click', onOpen, true);
        }
        return ui;
      })
      .catch((e) => {
        uiLoad = null;
        console.error(`Consentry: the banner UI (${K.base}consentry-ui.js) could not load${e && e.message ? ': ' + e.message : ''}.`);
      }));
  const withUi = (m) => () => {
    loadUi().then((u) => u && u[m] && u[m]());
  };

  // Until the UI has started, a click on [data-consentry-open] (="banner": the banner) opens it;
  // then the UI's own listener takes over.
  function onOpen(e) {
    const el = e.composedPath().find((n) => n.hasAttribute && n.hasAttribute('data-consentry-open'));
    if (!el || ui) return;
    e.preventDefault();
    (el.getAttribute('data-consentry-open') == 'banner' ? api.show : api.showPreferences)();
  }
  d.addEventListener('click', onOpen, true);

  const api = {
    show: withUi('show'),
    hide: () => ui && ui.hide && ui.hide(),
    showPreferences: withUi('showPreferences'),
    /**
     * Grants exactly these categories (plus mandatory); 'all' or nothing = every enabled one
     * (but targeting while a privacy signal is honoured: "Accept all", consent.js).
     */
    acceptCategory: (list) => ctl.choose(list === undefined || list === 'all' ? ctl.all() : [].concat(list), 'api'),
    rejectAll: () => ctl.choose([], 'api'),
    acceptedCategory: (name) => ctl.getState().categories[name] === true,
    getConsent: () => ctl.getState(),
    reset: () => ctl.reset(),
    // A page listening for the classified items wants them: asking once loads the classifier.
    on: (e, fn) => (e == 'items' && gate.items(), on(e, fn)),
    off,
  };

  // After reset() (or any change back to undecided) the banner asks again; a UI already
  // running does that itself.
  ctl.onChange((state) => {
    if (!state.decided && !ui) loadUi();
  });

  // First visit (or a changed revision, an expired or invalid record): the banner, as soon as
  // the bundle is there (it mounts itself once <body> exists). A returning visitor: the UI at
  // idle time, for the floating button, unless config.floatingButton is false; idleUi() is called
  // by the core once the classifier is in or known not to be needed, or the core failed, so that
  // the button's bundle does not share the line with the classifier's files.
  const firstLoad = ctl.decided() ? null : loadUi();
  let idle = !!firstLoad || !cfg.floatingButton;
  const idleUi = () => idle || ((idle = true), (W.requestIdleCallback || setTimeout)(() => ui || loadUi(), { timeout: 3000 }));

  /**
   * Resolves once the banner is up (first visit): the UI has started and built itself, the
   * document is parsed, a frame has been rendered and the banner's entrance (at most 0.25 s) is
   * over; or 600 ms later in a hidden tab (no frames); also when the UI could not load.
   */
  const bannerShown = () =>
    (firstLoad || loadUi()) // a failed first load is not tried again here (one error)
      .then((u) => u && u.ready)
      .catch(() => 0)
      .then(() => new Promise((r) => (d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', r, { once: true }) : r())))
      .then(() => new Promise((r) => {
        (W.requestAnimationFrame || setTimeout)(() => setTimeout(r, 250));
        setTimeout(r, 600);
      }));

  // The developer inspector (consentry-inspector.js), whether it loaded before or after us.
  const inspect = () => W.__consentryInspector && W.__consentryInspector.start(ctx);
  inspect();
  W.addEventListener('consentry:inspector-loaded', inspect);

  K.api = api;
  // In the order they were made: the page's calls, and a choice on the banner shown before the
  // controller (ui/index.js: 'choose', with its source), so the later one wins.
  for (const [m, args] of K.calls.splice(0)) m == 'choose' ? ctx.choose(...args) : api[m] && api[m](...args);
  W.dispatchEvent(new Event('consentry:ready'));
  return { api, ctx, bannerShown, idleUi };
}
