/* Fake Hotjar module bundle for the Consentry demo: reports the visit to in.hotjar.com with
 * fetch(), as the real recording/heatmap modules do, and replays the hj() command queue. */
(function () {
  'use strict';
  var w = window;
  var id = (w._hjSettings || {}).hjid;
  if (!id) return;
  var body = JSON.stringify({ user_id: w.hj && w.hj.userId, url: location.href, w: innerWidth, h: innerHeight, ts: Date.now() });
  fetch('{{T:in.hotjar.com}}/api/v2/client/sites/' + id + '/visit-data?sv=7', {
    method: 'POST', body: body, headers: { 'content-type': 'text/plain' }, keepalive: true, mode: 'cors',
  }).catch(function () {});
  var q = (w.hj && w.hj.q) || [];
  w.hj = function () {};
  q.length = 0;
})();
