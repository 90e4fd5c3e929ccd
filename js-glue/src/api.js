// The public API (window.consentry) and the ctx the banner UI receives (docs/js-contracts.md).
// The bootstrap defined window.consentry with methods that queue until this module sets K.api;
// the queued calls are replayed here, in order.
const SOURCES = ['accept-all', 'reject-all', 'custom', 'api'];
const EVENTS = ['change', 'consent', 'items'];

export function createApi({ K, W, cfg, ctl, gate }) {
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
  gate.onItems(() => fire('items', gate.items()));

  const ctx = Object.freeze({
    config: cfg,
    getState: ctl.getState,
    choose: (categories, source) => ctl.choose(categories, SOURCES.includes(source) ? source : 'api'),
    items: () => gate.items(),
    on,
    off,
  });

  // The banner UI: consentry-ui.js, loaded on demand from the directory of consentry.js.
  let ui = null;
  let uiLoad = null;
  const loadUi = () =>
    (uiLoad = uiLoad || (W.__consentryUi ? Promise.resolve() : K.load('consentry-ui.js'))
      .then(() => {
        const U = W.__consentryUi;
        if (!U || typeof U.start != 'function') throw new Error('it did not define __consentryUi.start(ctx)');
        return (ui = ui || U.start(ctx));
      })
      .catch((e) => {
        uiLoad = null;
        console.error(`Consentry: the banner UI (${K.base}consentry-ui.js) could not load${e && e.message ? ': ' + e.message : ''}.`);
      }));
  const withUi = (m) => () => {
    loadUi().then((u) => u && u[m] && u[m]());
  };

  const api = {
    show: withUi('show'),
    hide: () => ui && ui.hide && ui.hide(),
    showPreferences: withUi('showPreferences'),
    /** Grants exactly these categories (plus mandatory); 'all' or nothing = every enabled one. */
    acceptCategory: (list) => ctl.choose(list === undefined || list === 'all' ? ctl.enabled : [].concat(list), 'api'),
    rejectAll: () => ctl.choose([], 'api'),
    acceptedCategory: (name) => ctl.getState().categories[name] === true,
    getConsent: () => ctl.getState(),
    reset: () => ctl.reset(),
    on,
    off,
  };

  // First visit (or a changed revision, an expired or invalid record): the banner, right after
  // DOMContentLoaded.
  if (!ctl.decided()) {
    if (d.readyState == 'loading') d.addEventListener('DOMContentLoaded', () => loadUi(), { once: true });
    else loadUi();
  }

  K.api = api;
  for (const [m, args] of K.calls.splice(0)) if (api[m]) api[m](...args);
  W.dispatchEvent(new Event('consentry:ready'));
  return { api, ctx };
}
