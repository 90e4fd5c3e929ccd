/* Fake Meta Pixel library (fbevents.js) for the Consentry demo: takes over the fbq queue the
 * base code built, writes the first-party _fbp cookie and fires one www.facebook.com/tr image
 * request per event, like the real library's image transport. */
(function () {
  'use strict';
  var w = window, d = document;
  var fbq = w.fbq;
  if (!fbq || fbq.callMethod) return;
  var TR = '{{T:www.facebook.com}}/tr/';
  var pixels = [];

  function cookieDomain() {
    var h = location.hostname;
    if (/^[\d.]+$/.test(h) || h.indexOf(':') >= 0 || h.indexOf('.') < 0) return '';
    return '; domain=' + h.split('.').slice(-2).join('.');
  }
  function fbp() {
    var m = d.cookie.match(/(?:^|; )_fbp=([^;]*)/);
    if (m) return m[1];
    var v = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 2147483647);
    d.cookie = '_fbp=' + v + '; path=/; max-age=7776000' + cookieDomain() + '; SameSite=Lax';
    return v;
  }
  function send(id, ev, data) {
    var q = ['id=' + id, 'ev=' + encodeURIComponent(ev), 'dl=' + encodeURIComponent(location.href),
      'rl=' + encodeURIComponent(d.referrer), 'if=false', 'ts=' + Date.now(), 'sw=' + screen.width, 'sh=' + screen.height,
      'v=2.9.180', 'r=stable', 'ec=0', 'o=4126', 'fbp=' + encodeURIComponent(fbp())];
    for (var k in data || {}) q.push('cd[' + encodeURIComponent(k) + ']=' + encodeURIComponent(JSON.stringify(data[k])));
    new Image().src = TR + '?' + q.join('&');
  }
  fbq.callMethod = function (cmd, a, b) {
    if (cmd === 'init') {
      if (pixels.indexOf(a) < 0) pixels.push(a);
    } else if (cmd === 'track' || cmd === 'trackCustom') {
      pixels.forEach(function (id) { send(id, a, b); });
    }
  };
  var q = fbq.queue.splice(0);
  for (var i = 0; i < q.length; i++) fbq.callMethod.apply(fbq, q[i]);
})();
