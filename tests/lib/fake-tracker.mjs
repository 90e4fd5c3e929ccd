// What the browser suites' fake third parties answer (every host other than the test site is
// mapped to the test server by tests/lib/browser.mjs), and the page-template escaping they share.
//
// answerTracker: *.js answers a script that records its run in window.__ran ("host/path") and then
// runs `script(label)` (the suite's extras, built from the query); *.gif a 1x1 pixel; with
// `pages`, *.html a frame and *.css a stylesheet; anything else 204. Every answer allows CORS and
// is not cached. `delay` ms hold the script back.
export const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** For a value put inside a single-quoted HTML attribute (the fixtures' `__CONFIG__`). */
export const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/</g, '&lt;');

export function answerTracker(res, url, host, { script = () => '', delay = 0, pages = true } = {}) {
  const p = url.pathname;
  const send = (type, body) => {
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end(body);
  };
  if (p.endsWith('.js')) {
    const label = JSON.stringify(host + p);
    const body = `(function(){(window.__ran=window.__ran||[]).push(${label});${script(label)}})();`;
    if (delay) setTimeout(() => send('text/javascript', body), delay);
    else send('text/javascript', body);
    return;
  }
  if (p.endsWith('.gif')) return send('image/gif', GIF);
  if (pages && p.endsWith('.html')) return send('text/html', `<!doctype html><title>frame</title><p>frame from ${host}</p>`);
  if (pages && p.endsWith('.css')) return send('text/css', 'body{}');
  res.writeHead(204, { 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
  res.end();
}
