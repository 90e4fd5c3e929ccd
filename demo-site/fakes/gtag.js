/* Fake gtag.js (Google tag) for the Consentry demo. Behaves like the real loader as far as a
 * consent manager can tell: reads the dataLayer queue (gtag('js'), 'config', 'event', 'consent'),
 * honours Consent Mode, writes the first-party _ga, _ga_<id>, _gid and _gcl_au cookies and sends
 * GA4 hits to www.google-analytics.com/g/collect with navigator.sendBeacon. */
(function () {
  'use strict';
  var w = window, d = document;
  if (w.google_tag_manager && w.google_tag_manager.gtagLoaded) return;
  w.google_tag_manager = w.google_tag_manager || {};
  w.google_tag_manager.gtagLoaded = true;
  var COLLECT = '{{T:www.google-analytics.com}}/g/collect';
  var dl = (w.dataLayer = w.dataLayer || []);
  var consent = { analytics_storage: 'granted', ad_storage: 'granted' };
  var configs = [];
  var sent = {};

  function cookieDomain() {
    var h = location.hostname;
    if (/^[\d.]+$/.test(h) || h.indexOf(':') >= 0 || h.indexOf('.') < 0) return '';
    return '; domain=' + h.split('.').slice(-2).join('.');
  }
  function getCookie(n) {
    var m = d.cookie.match('(?:^|; )' + n + '=([^;]*)');
    return m ? m[1] : '';
  }
  function setCookie(n, v, days) {
    d.cookie = n + '=' + v + '; path=/; max-age=' + Math.round(days * 86400) + cookieDomain() + '; SameSite=Lax';
  }
  function rand() { return Math.floor(Math.random() * 2147483647); }
  function ts() { return Math.floor(Date.now() / 1000); }

  function clientId() {
    var ga = getCookie('_ga');
    if (ga) return ga.split('.').slice(-2).join('.');
    return rand() + '.' + ts();
  }
  function writeCookies(id) {
    var cid = clientId();
    if (consent.analytics_storage === 'granted') {
      setCookie('_ga', 'GA1.1.' + cid, 730);
      setCookie('_ga_' + id.replace(/^G-/, ''), 'GS1.1.' + ts() + '.1.0.' + ts() + '.0.0.0', 730);
      if (!getCookie('_gid')) setCookie('_gid', 'GA1.1.' + rand() + '.' + ts(), 1);
    }
    if (consent.ad_storage === 'granted' && !getCookie('_gcl_au')) setCookie('_gcl_au', '1.1.' + rand() + '.' + ts(), 90);
    return cid;
  }
  function gcs() {
    return 'G1' + (consent.ad_storage === 'granted' ? '1' : '0') + (consent.analytics_storage === 'granted' ? '1' : '0');
  }
  function hit(id, event, params) {
    var granted = consent.analytics_storage === 'granted';
    var cid = granted ? writeCookies(id) : rand() + '.' + ts();
    var q = ['v=2', 'tid=' + encodeURIComponent(id), 'gtm=45je000', '_p=' + rand(), 'gcs=' + gcs(),
      'cid=' + cid, 'ul=' + encodeURIComponent(navigator.language || ''), 'sr=' + screen.width + 'x' + screen.height,
      'dl=' + encodeURIComponent(location.href), 'dt=' + encodeURIComponent(d.title), 'en=' + encodeURIComponent(event)];
    if (!granted) q.push('_ng=1');
    for (var k in params || {}) q.push('ep.' + encodeURIComponent(k) + '=' + encodeURIComponent(params[k]));
    navigator.sendBeacon(COLLECT + '?' + q.join('&'));
  }
  function pageView(id) {
    var key = id + '|' + consent.analytics_storage;
    if (sent[key]) return;
    sent[key] = 1;
    hit(id, 'page_view');
  }
  function run(cmd) {
    var a = Array.prototype.slice.call(cmd);
    if (a[0] === 'consent' && a[2]) {
      var before = consent.analytics_storage;
      for (var k in a[2]) if (k in consent || /_storage$/.test(k)) consent[k] = a[2][k];
      if (before !== 'granted' && consent.analytics_storage === 'granted') configs.forEach(pageView);
    } else if (a[0] === 'config' && /^G-/.test(a[1])) {
      if (configs.indexOf(a[1]) < 0) configs.push(a[1]);
      pageView(a[1]);
    } else if (a[0] === 'event') {
      configs.forEach(function (id) { hit(id, a[1], a[2]); });
    }
  }
  function process(item) {
    if (item && typeof item === 'object' && typeof item.length === 'number' && typeof item[0] === 'string') run(item);
  }
  for (var i = 0; i < dl.length; i++) process(dl[i]);
  var push = dl.push;
  dl.push = function () {
    var r = push.apply(dl, arguments);
    for (var j = 0; j < arguments.length; j++) process(arguments[j]);
    return r;
  };
})();
