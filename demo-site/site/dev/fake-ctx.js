// A fake ctx (docs/js-contracts.md) for the inspector sandbox and its tests: a fixed list of
// items whose verdicts follow the fake consent state, and a record of every choose() call.
(() => {
  const listeners = { change: new Set(), items: new Set() };
  const enabled = ['mandatory', 'preferences', 'analytical', 'targeting'];
  let state = {
    decided: false,
    categories: { mandatory: true, preferences: false, analytical: false, targeting: false },
    enabled,
    signals: { gpc: true, dnt: false },
    honoured: { gpc: true, dnt: false },
    record: null,
  };
  const base = [
    { kind: 'cookie', name: 'sessionid', host: '', category: 'mandatory', vendor: 'Fernway Coffee (this site)', purpose: 'Session', retention: 'session', reason: 'site-rule' },
    { kind: 'cookie', name: '_ga', host: '', category: 'analytical', vendor: 'Google Analytics', purpose: 'Distinguishes visitors.', retention: '2 years', reason: 'exact' },
    { kind: 'cookie', name: '_fbp', host: '', category: 'targeting', vendor: 'Meta (Facebook, Instagram)', purpose: 'Ads.', retention: '90 days', reason: 'exact' },
    { kind: 'storage', name: 'fernway_cart', host: '', category: 'mandatory', vendor: '', purpose: '', retention: '', reason: 'heuristic' },
    { kind: 'script', name: 'https://www.googletagmanager.com/gtag/js', host: 'www.googletagmanager.com', category: 'analytical', vendor: 'Google Tag Manager', reason: 'tracker-host', element: true },
    { kind: 'iframe', name: 'https://www.youtube.com/embed/fernway-pourover', host: 'www.youtube.com', category: 'targeting', vendor: 'YouTube', reason: 'site-rule', element: true },
    { kind: 'iframe', name: 'https://www.google.com/maps/embed', host: 'www.google.com', category: 'preferences', vendor: 'Google Maps', reason: 'site-rule', element: true },
    { kind: 'img', name: 'https://www.facebook.com/tr', host: 'www.facebook.com', category: 'targeting', vendor: 'Meta (Facebook, Instagram)', reason: 'site-rule', element: true },
    { kind: 'request', name: 'https://www.google-analytics.com/g/collect', host: 'www.google-analytics.com', category: 'analytical', vendor: 'Google Analytics', reason: 'tracker-host' },
  ];
  const verdict = (it) => {
    if (it.category === 'mandatory') return 'allow';
    if (!state.decided) return 'hold';
    if (!state.categories[it.category]) return 'block';
    return it.element ? 'released' : 'allow';
  };
  const calls = [];
  const ctx = Object.freeze({
    config: { cookie: { name: 'consentry' }, categories: { preferences: true } },
    getState: () => JSON.parse(JSON.stringify(state)),
    choose(categories, source) {
      calls.push({ categories: [...categories], source });
      const now = Math.floor(Date.now() / 1000);
      state = {
        ...state,
        decided: true,
        categories: Object.fromEntries(enabled.map((c) => [c, c === 'mandatory' || categories.includes(c)])),
        record: { id: 'Kx88FftJz4EAFnOIFqbk9A', first: state.record ? state.record.first : now, last: now, expiry: now + 182 * 86400, revision: 1 },
      };
      listeners.change.forEach((fn) => fn(ctx.getState()));
      listeners.items.forEach((fn) => fn(ctx.items()));
      return ctx.getState();
    },
    items: () => base.map(({ element, ...it }) => ({ ...it, verdict: verdict({ ...it, element }) })),
    on: (e, fn) => listeners[e] && listeners[e].add(fn),
    off: (e, fn) => listeners[e] && listeners[e].delete(fn),
  });
  window.__fakeCtx = ctx;
  window.__fakeCalls = calls;
})();
