// The usual tag-manager snippet (undeclared): once the container is allowed to load, it injects
// an analytics script, a marketing script (which fires its own pixel) and two pixels.
(function (w, d) {
  var fb = 'https://connect.facebook.net/tm/fbevents.js?p=' + encodeURIComponent('https://www.facebook.com/tm/tr-from-fbevents.gif');
  var q = '?s=' + encodeURIComponent('https://www.google-analytics.com/tm/analytics.js?c=_ga') +
    '&s=' + encodeURIComponent(fb) +
    '&p=' + encodeURIComponent('https://www.google-analytics.com/tm/collect.gif') +
    '&p=' + encodeURIComponent('https://www.facebook.com/tm/tr.gif');
  var j = d.createElement('script');
  j.async = true;
  j.src = 'https://www.googletagmanager.com/tm/gtm.js' + q;
  var f = d.getElementsByTagName('script')[0];
  f.parentNode.insertBefore(j, f);
})(window, document);
