// Every vector of issue #3 against two tracker hosts (analytical and targeting), during parsing
// (before the core can be ready) and again once the core is ready ("late"). Each URL is unique:
// https://<host>/v/<phase>/<vector>.<ext>
(function () {
  var HOSTS = ['www.google-analytics.com', 'connect.facebook.net'];
  window.__fetch = [];
  window.__xhr = [];
  window.__beacon = [];
  function url(h, phase, name) { return 'https://' + h + '/v/' + phase + '/' + name; }
  function script(u) { var s = document.createElement('script'); s.src = u; return s; }

  window.__vectors = function (phase) {
    var head = document.head;
    var body = document.body;
    HOSTS.forEach(function (h) {
      head.appendChild(script(url(h, phase, 'append-child.js')));
      head.insertBefore(script(url(h, phase, 'insert-before.js')), head.firstChild);
      head.append(script(url(h, phase, 'append.js')));
      head.prepend(script(url(h, phase, 'prepend.js')));
      var s = document.createElement('script');
      head.appendChild(s);
      s.src = url(h, phase, 'src-after-insert.js');
      var t = document.createElement('script');
      t.setAttribute('src', url(h, phase, 'set-attribute.js'));
      head.appendChild(t);
      new Image().src = url(h, phase, 'image.gif');
      var img = document.createElement('img');
      img.src = url(h, phase, 'img-element.gif');
      var fr = document.createElement('iframe');
      fr.src = url(h, phase, 'iframe.html');
      var l1 = document.createElement('link');
      l1.rel = 'preload';
      l1.as = 'script';
      l1.href = url(h, phase, 'preload.js');
      head.appendChild(l1);
      var l2 = document.createElement('link');
      l2.href = url(h, phase, 'prefetch.js');
      l2.rel = 'prefetch';
      head.appendChild(l2);
      var l3 = document.createElement('link');
      l3.rel = 'preconnect';
      l3.href = 'https://' + h;
      head.appendChild(l3);
      navigator.sendBeacon(url(h, phase, 'beacon'), 'hit');
      window.__beacon.push(h);
      fetch(url(h, phase, 'fetch')).then(function () { __fetch.push('ok ' + h); }, function (e) { __fetch.push('error ' + h + ' ' + e.name); });
      var x = new XMLHttpRequest();
      x.open('GET', url(h, phase, 'xhr'));
      x.onload = function () { __xhr.push('ok ' + h); };
      x.send();
      var tpl = document.createElement('template');
      tpl.innerHTML = '<script src="' + url(h, phase, 'template.js') + '"><\/script>';
      head.appendChild(document.importNode(tpl.content, true));
      var parsed = new DOMParser().parseFromString('<img src="' + url(h, phase, 'dom-parser.gif') + '">', 'text/html');
      if (body) {
        body.appendChild(img);
        body.appendChild(fr);
        var box = document.createElement('div');
        document.getElementById('box').appendChild(box);
        box.innerHTML = '<img src="' + url(h, phase, 'inner-html.gif') + '"><iframe src="' + url(h, phase, 'inner-html.html') + '"></iframe>';
        box.insertAdjacentHTML('beforeend', '<img src="' + url(h, phase, 'adjacent.gif') + '">');
        box.appendChild(parsed.body.firstChild);
        var span = document.createElement('span');
        box.appendChild(span);
        span.replaceWith(script(url(h, phase, 'replace-with.js')));
      }
      if (phase === 'parse') document.write('<script src="' + url(h, phase, 'document-write.js') + '"><\/script><img src="' + url(h, phase, 'document-write.gif') + '">');
    });
  };
})();
