/* Fake Google Tag Manager container GTM-FERN42 for the Consentry demo. Like a real container it
 * reads the dataLayer and fires the tags the site owner configured, injecting them into the
 * page: a Conversion Linker (_gcl_au), a Google Ads remarketing pixel (googleads.g.doubleclick.net,
 * which sets IDE) and a "Custom HTML" Meta Pixel (connect.facebook.net/en_US/fbevents.js, which
 * sets _fbp and fires www.facebook.com/tr). Injected tags copy the container's CSP nonce. */
(function () {
  'use strict';
  var w = window, d = document;
  var me = d.currentScript;
  var nonce = (me && me.nonce) || '';
  var id = (/[?&]id=([^&]+)/.exec((me && me.src) || '') || [])[1] || 'GTM-FERN42';
  w.google_tag_manager = w.google_tag_manager || {};
  if (w.google_tag_manager[id]) return;
  w.google_tag_manager[id] = { dataLayer: { name: 'dataLayer' } };
  var dl = (w.dataLayer = w.dataLayer || []);
  var ADS = '{{T:googleads.g.doubleclick.net}}/pagead/viewthroughconversion/987654321/';
  var FBEVENTS = '{{T:connect.facebook.net}}/en_US/fbevents.js';
  var consent = { ad_storage: 'granted' };
  var fired = {};

  function rand() { return Math.floor(Math.random() * 2147483647); }
  function cookieDomain() {
    var h = location.hostname;
    if (/^[\d.]+$/.test(h) || h.indexOf(':') >= 0 || h.indexOf('.') < 0) return '';
    return '; domain=' + h.split('.').slice(-2).join('.');
  }
  function conversionLinker() {
    if (consent.ad_storage !== 'granted' || /(?:^|; )_gcl_au=/.test(d.cookie)) return;
    d.cookie = '_gcl_au=1.1.' + rand() + '.' + Math.floor(Date.now() / 1000) + '; path=/; max-age=7776000' + cookieDomain() + '; SameSite=Lax';
  }
  function adsPixel(event, value) {
    var img = d.createElement('img');
    img.width = 1;
    img.height = 1;
    img.alt = '';
    img.style.cssText = 'position:absolute;width:1px;height:1px;border:0;left:-9999px';
    img.src = ADS + '?random=' + rand() + '&cv=11&fst=' + Date.now() + '&num=1&label=' + encodeURIComponent(event) +
      (value ? '&value=' + encodeURIComponent(value) : '') + '&url=' + encodeURIComponent(location.href) + '&gtm=45be000';
    (d.body || d.documentElement).appendChild(img);
  }
  function metaPixel() {
    // The Meta Pixel base code, as pasted into a GTM "Custom HTML" tag.
    if (w.fbq) return;
    var n = (w.fbq = function () {
      n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments);
    });
    if (!w._fbq) w._fbq = n;
    n.push = n;
    n.loaded = true;
    n.version = '2.0';
    n.queue = [];
    var t = d.createElement('script');
    t.async = true;
    if (nonce) t.nonce = nonce;
    t.src = FBEVENTS;
    var s = d.getElementsByTagName('script')[0];
    s.parentNode.insertBefore(t, s);
    w.fbq('init', '1234567890123456');
    w.fbq('track', 'PageView');
  }
  function handle(ev) {
    if (!ev || typeof ev !== 'object') return;
    if (typeof ev.length === 'number' && ev[0] === 'consent' && ev[2]) {
      for (var k in ev[2]) consent[k] = ev[2][k];
      if (fired.pageview) conversionLinker();
      return;
    }
    var name = ev.event;
    if (name === 'gtm.js' && !fired.pageview) {
      fired.pageview = true;
      conversionLinker();
      adsPixel('page_view');
      metaPixel();
    } else if (name === 'add_to_cart') {
      var item = ev.ecommerce && ev.ecommerce.items && ev.ecommerce.items[0];
      var value = ev.ecommerce && ev.ecommerce.value;
      adsPixel('add_to_cart', value);
      if (w.fbq) w.fbq('track', 'AddToCart', { content_ids: [item ? item.item_id : ''], value: value, currency: 'EUR' });
    }
  }
  for (var i = 0; i < dl.length; i++) handle(dl[i]);
  if (!fired.pageview) handle({ event: 'gtm.js' });
  var push = dl.push;
  dl.push = function () {
    var r = push.apply(dl, arguments);
    for (var j = 0; j < arguments.length; j++) handle(arguments[j]);
    return r;
  };
  function dom() { dl.push({ event: 'gtm.dom' }); }
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', dom);
  else dom();
})();
