/* Fake Hotjar tracking code for the Consentry demo: writes the first-party _hjSessionUser_<id>
 * and _hjSession_<id> cookies, then loads its module bundle from script.hotjar.com, like the
 * real hotjar-<id>.js. */
(function () {
  'use strict';
  var w = window, d = document;
  var settings = w._hjSettings || {};
  var id = settings.hjid;
  if (!id || w.hjBootstrapCalled) return;
  w.hjBootstrapCalled = true;
  function cookieDomain() {
    var h = location.hostname;
    if (/^[\d.]+$/.test(h) || h.indexOf(':') >= 0 || h.indexOf('.') < 0) return '';
    return '; domain=' + h.split('.').slice(-2).join('.');
  }
  function uuid() {
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === 'x' ? r : (r & 3) | 8).toString(16);
    });
  }
  var now = Date.now();
  var userKey = '_hjSessionUser_' + id;
  var existing = d.cookie.match('(?:^|; )' + userKey + '=([^;]*)');
  var user = { id: uuid(), created: now, existing: !!existing };
  if (existing) {
    try { user = JSON.parse(atob(decodeURIComponent(existing[1]))); user.existing = true; } catch (e) { /* keep the new one */ }
  }
  d.cookie = userKey + '=' + encodeURIComponent(btoa(JSON.stringify(user))) + '; path=/; max-age=31536000' + cookieDomain() + '; SameSite=Lax';
  d.cookie = '_hjSession_' + id + '=' + encodeURIComponent(btoa(JSON.stringify({ id: uuid(), c: now, s: 0, r: 0, sb: 0 }))) +
    '; path=/; max-age=1800' + cookieDomain() + '; SameSite=Lax';
  w.hj.userId = user.id;
  var s = d.createElement('script');
  s.async = true;
  if (d.currentScript && d.currentScript.nonce) s.nonce = d.currentScript.nonce;
  s.src = '{{T:script.hotjar.com}}/modules.8f1e3b2c.js';
  d.head.appendChild(s);
})();
