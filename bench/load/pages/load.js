// The load page's own code (bench/load/README.md). Same file with and without Consentry.
//   __insert(n, round, kind, party)  inserts n elements in one loop. kind: 'mixed' (default)
//                       is 40 % async scripts, 50 % images, 10 % iframes; 'script', 'img' or
//                       'iframe' is only that. party: 'all' (default) alternates blocks of 10
//                       first-party / third-party, the third-party blocks alternating (by 20)
//                       analytical (www.google-analytics.com) / targeting (connect.facebook.net
//                       scripts, www.facebook.com pixels, www.youtube.com frames); 'first' or
//                       'third' is only that. First-party ones alternate this host and
//                       cdn.shop.example. Every URL is unique (?r=round&i=i) unless round is 0
//                       (?i=i, the same URLs every time). Returns the loop's time in ms.
//   __clear()           removes every inserted element and forgets them.
//   __cookies(n, round) n document.cookie writes in one loop, cycling through mandatory (sid,
//                       PHPSESSID, cart), analytical (_ga, _gid), targeting (_fbp, IDE) and 500
//                       unknown names (x_0..x_499). Returns the loop's time in ms.
//   __expected(n, kind, party)  what __insert(n, round, kind, party) asks for, by party and kind.
// With ?early=N in the page URL, __cookies(N, 0) runs while the page parses (before Consentry's
// core is ready: the writes are queued and replayed).
(function () {
  var port = location.port ? ':' + location.port : '';
  var FP = ['/load/', location.protocol + '//cdn.shop.example' + port + '/load/'];
  var ANA = 'https://www.google-analytics.com/load/';
  var TGT = { script: 'https://connect.facebook.net/load/', img: 'https://www.facebook.com/load/', iframe: 'https://www.youtube.com/load/' };
  var FILE = { script: 's.js', img: 'p.gif', iframe: 'f.html' };
  var added = [];
  window.__fp = 0;
  window.__tr = 0;

  function plan(i, only, party) {
    var k = i % 10;
    var kind = only && only != 'mixed' ? only : k < 4 ? 'script' : k < 9 ? 'img' : 'iframe';
    var third = party == 'first' ? false : party == 'third' ? true : Math.floor(i / 10) % 2 == 1;
    var base = !third ? FP[Math.floor(i / 20) % 2] : Math.floor(i / 20) % 2 ? ANA : TGT[kind];
    return { kind: kind, base: base, party: third ? (base == ANA ? 'analytical' : 'targeting') : 'first' };
  }
  window.__expected = function (n, kind, party) {
    var out = {};
    for (var i = 0; i < n; i++) {
      var p = plan(i, kind, party);
      var key = p.party + ' ' + p.kind;
      out[key] = (out[key] || 0) + 1;
    }
    return out;
  };
  window.__insert = function (n, round, kind, party) {
    var box = document.getElementById('box');
    var head = document.head;
    var t0 = performance.now();
    for (var i = 0; i < n; i++) {
      var p = plan(i, kind, party);
      var el = document.createElement(p.kind);
      var url = p.base + FILE[p.kind] + (round ? '?r=' + round + '&i=' : '?i=') + i;
      if (p.kind == 'script') {
        el.async = true;
        el.src = url;
        head.appendChild(el);
      } else {
        if (p.kind == 'img') el.alt = '';
        else el.title = 'frame ' + i;
        el.src = url;
        box.appendChild(el);
      }
      added.push(el);
    }
    return performance.now() - t0;
  };
  window.__clear = function () {
    for (var i = 0; i < added.length; i++) added[i].remove();
    added = [];
  };
  var NAMES = ['sid', 'PHPSESSID', 'cart', '_ga', '_gid', '_fbp', 'IDE'];
  window.__cookies = function (n, round) {
    var t0 = performance.now();
    for (var i = 0; i < n; i++) {
      var m = i % 8;
      var name = m < 7 ? NAMES[m] : 'x_' + (Math.floor(i / 8) % 500);
      document.cookie = name + '=' + round + '.' + i + '; path=/; max-age=3600';
    }
    return performance.now() - t0;
  };
  var early = /[?&]early=(\d+)/.exec(location.search);
  if (early) window.__earlyMs = window.__cookies(+early[1], 0);
})();
