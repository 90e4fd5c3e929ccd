// Test harness for the UI bundle without the real bootstrap: builds a fake ctx that implements
// docs/js-contracts.md exactly (and records every choose() call), then loads
// /consentry/consentry-ui.js the way the bootstrap does and calls __consentryUi.start(ctx).
// No inline script anywhere, so the pages also run under a strict CSP.
// Query parameters:
//   config=<json>   merged over the defaults below
//   decided=1       a record exists; cats=analytical,targeting says what it granted
//   gpc=1 / dnt=1   the browser sent the signal and it was honoured
//   lang=<tag>      sets <html lang> before the UI starts ("none" removes it)
//   items=0         ctx.items() starts empty
//   start=0         load the bundle but do not call start() (tests call __harness.start())
// The bundle's <script> gets this script's nonce, as the bootstrap passes its own on.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);
  var nonce = (document.currentScript && document.currentScript.nonce) || '';
  var CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];

  function deepFreeze(o) {
    if (o && typeof o === 'object' && !Object.isFrozen(o)) {
      Object.freeze(o);
      Object.keys(o).forEach(function (k) { deepFreeze(o[k]); });
    }
    return o;
  }
  function clone(o) { return JSON.parse(JSON.stringify(o)); }

  var defaults = {
    revision: 1,
    language: 'auto',
    layout: 'box',
    position: 'bottom',
    privacyPolicyUrl: '/privacy',
    categories: { preferences: false },
    texts: {},
    cookie: { name: 'consentry', domain: '', path: '/', sameSite: 'Lax', acceptedDays: 182, refusedDays: 182 },
    autoBlock: true,
    unknownCookies: 'targeting',
    unknownThirdParty: 'targeting',
    hosts: {},
    cookies: [
      { name: 'sid', category: 'mandatory', vendor: 'Northwind Coffee', purpose: 'Keeps you signed in and your basket filled', retention: 'session' },
      { name: 'nw_lang', category: 'preferences', vendor: 'Northwind Coffee', purpose: 'Remembers your language', retention: '1 year' },
    ],
    reloadOnWithdraw: false,
    floatingButton: true,
    database: 'core',
    gcm: { enabled: true, regions: [], adsDataRedaction: true, urlPassthrough: false, waitForUpdate: 500 },
    honorDnt: false,
  };
  var override = q.get('config') ? JSON.parse(q.get('config')) : {};
  var config = Object.assign(clone(defaults), override);
  deepFreeze(config);

  var enabled = CATEGORIES.filter(function (c) {
    return c !== 'preferences' || (config.categories && config.categories.preferences);
  });
  var gpc = q.get('gpc') === '1';
  var dnt = q.get('dnt') === '1';
  var decided = q.get('decided') === '1';
  var granted = (q.get('cats') || '').split(',').filter(Boolean);

  function categoriesFrom(list) {
    var out = {};
    CATEGORIES.forEach(function (c) { out[c] = c === 'mandatory' || list.indexOf(c) >= 0; });
    return out;
  }
  var now = Math.floor(Date.now() / 1000);
  var state = {
    decided: decided,
    categories: categoriesFrom(decided ? granted : []),
    enabled: enabled,
    signals: { gpc: gpc, dnt: dnt },
    honoured: { gpc: gpc, dnt: dnt && !!config.honorDnt },
    record: decided ? { id: 'TESTRECORD01', first: now - 86400, last: now - 86400, expiry: now + 182 * 86400, revision: 1 } : null,
  };

  var items = q.get('items') === '0' ? [] : [
    { kind: 'cookie', name: '_ga', host: 'www.shop.example', category: 'analytical', vendor: 'Google Analytics', purpose: 'Distinguishes visitors', retention: '2 years', verdict: 'block', reason: 'db' },
    { kind: 'script', name: 'https://www.googletagmanager.com/gtag/js?id=G-TEST', host: 'www.googletagmanager.com', category: 'analytical', vendor: 'Google Tag Manager', purpose: 'Loads Google Analytics', retention: '', verdict: 'hold', reason: 'db' },
    { kind: 'request', name: 'https://www.googletagmanager.com/gtm.js', host: 'www.googletagmanager.com', category: 'analytical', vendor: 'Google Tag Manager', purpose: '', retention: '', verdict: 'block', reason: 'db' },
    { kind: 'cookie', name: '_fbp', host: 'www.shop.example', category: 'targeting', vendor: 'Meta', purpose: 'Delivers and measures ads', retention: '90 days', verdict: 'block', reason: 'db' },
    { kind: 'iframe', name: 'https://www.youtube.com/embed/x', host: 'www.youtube.com', category: 'targeting', vendor: 'YouTube', purpose: 'Embedded video player', retention: '', verdict: 'hold', reason: 'db' },
    { kind: 'cookie', name: 'sid', host: 'www.shop.example', category: 'mandatory', vendor: 'Northwind Coffee', purpose: 'Session', retention: 'session', verdict: 'allow', reason: 'config' },
  ];

  var listeners = { change: [], items: [] };
  function emit(ev, arg) { (listeners[ev] || []).slice().forEach(function (fn) { fn(arg); }); }
  function snapshot() { return deepFreeze(clone(state)); }

  var calls = [];
  var ctx = {
    config: config,
    getState: snapshot,
    choose: function (list, source) {
      if (!Array.isArray(list)) throw new TypeError('choose: categories must be an array');
      if (['accept-all', 'reject-all', 'custom', 'api'].indexOf(source) < 0) throw new TypeError('choose: bad source ' + source);
      calls.push({ categories: list.slice(), source: source });
      var now2 = Math.floor(Date.now() / 1000);
      state.decided = true;
      state.categories = categoriesFrom(list.filter(function (c) { return enabled.indexOf(c) >= 0; }));
      state.record = { id: 'TESTRECORD01', first: now2, last: now2, expiry: now2 + 182 * 86400, revision: 1 };
      var s = snapshot();
      emit('change', s);
      return s;
    },
    items: function () { return items.map(function (i) { return Object.assign({}, i); }); },
    on: function (ev, fn) { if (listeners[ev] && typeof fn === 'function') listeners[ev].push(fn); },
    off: function (ev, fn) {
      if (!listeners[ev]) return;
      var i = listeners[ev].indexOf(fn);
      if (i >= 0) listeners[ev].splice(i, 1);
    },
  };

  var lang = q.get('lang');
  if (lang === 'none') document.documentElement.removeAttribute('lang');
  else if (lang) document.documentElement.setAttribute('lang', lang);

  var cspViolations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });

  var harness = {
    ctx: ctx,
    calls: calls,
    ui: null,
    cspViolations: cspViolations,
    listenerCount: function (ev) { return listeners[ev].length; },
    start: function () { harness.ui = window.__consentryUi.start(ctx); return true; },
    addItems: function (list) { items = items.concat(list); emit('items', items.length); },
    /** An outside change (the public API): grant `list` as if consentry.acceptCategory ran. */
    apiChoose: function (list) { return ctx.choose(list, 'api'); },
    reset: function () {
      state.decided = false;
      state.record = null;
      state.categories = categoriesFrom([]);
      emit('change', snapshot());
    },
  };
  window.__harness = harness;

  function ready() {
    if (q.get('start') !== '0') harness.start();
    document.documentElement.setAttribute('data-harness', 'ready');
  }
  if (window.__consentryUi) ready();
  else {
    window.addEventListener('consentry:ui-loaded', ready, { once: true });
    var s = document.createElement('script');
    s.src = '/consentry/consentry-ui.js';
    s.async = true;
    if (nonce) s.nonce = nonce;
    document.head.appendChild(s);
  }
})();
