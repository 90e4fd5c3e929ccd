// The site's own (first-party) code, in <head> right after Consentry: a mandatory cookie, cookies
// that need consent written directly, and undeclared trackers injected the usual ways.
(function () {
  var side = (window.__side = window.__side || []);
  side.push('first-party');
  document.cookie = 'sid=s1; path=/; max-age=3600';
  document.cookie = '_ga=GA1.2.1.1; path=/; max-age=3600';
  document.cookie = 'random_xyz=1; path=/; max-age=3600';
  var s = document.createElement('script');
  s.async = true;
  s.src = 'https://www.google-analytics.com/h/injected.js?c=_gid';
  document.head.appendChild(s);
  var f = document.createElement('script');
  f.async = true;
  f.src = 'https://connect.facebook.net/h/injected.js?c=fr';
  document.head.appendChild(f);
  new Image().src = 'https://www.facebook.com/h/tr.gif?ev=PageView';
  fetch('https://www.google-analytics.com/h/collect', { method: 'POST', body: 'v=2' }).then(
    function () { side.push('ga-fetch ok'); }, function () { side.push('ga-fetch refused'); });
  fetch('/api/ping').then(function (r) { side.push('first-party-fetch ' + r.status); });
})();
