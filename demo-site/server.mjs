// Static server for the demo site and the browser tests. Listens on 127.0.0.1 only.
//   /consentry/*  -> dist/ (the built bundles, wasm and blobs)
//   everything else -> demo-site/site/
// With the demo site (the default siteRoot, or `demo: true`) it also serves the local tracker
// fakes (lib/fakes.mjs), fills in the pages' placeholders per request (lib/pages.mjs: the
// /declared/ and /csp/ embeddings, tracker URLs, the inline config, the CSP header) and sets the
// account page's session cookie. demo-site/README.md has the details.
// Usage: node demo-site/server.mjs [--port 8080]
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { Duplex } from 'node:stream';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { COOKIE_INVENTORY, TRACKER_HOSTS, handleFake } from './lib/fakes.mjs';
import { modeForHost, renderPage, variantOf } from './lib/pages.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = join(here, '..');
export const demoSiteRoot = join(here, 'site');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.cdb': 'application/octet-stream', '.png': 'image/png', '.gif': 'image/gif', '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

/** Resolves `urlPath` under `root`, refusing anything that escapes it. */
export function resolveUnder(root, urlPath) {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const full = join(root, clean);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  if (existsSync(full) && statSync(full).isDirectory()) return join(full, 'index.html');
  return full;
}

export function sendFile(res, file, headers = {}) {
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': MIME[extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache', ...headers });
  createReadStream(file).pipe(res);
}

/** The demo site's own answers (fakes, pages, cookies); false when the request is not one. */
function demoRoutes(req, res, url, siteRoot) {
  if (handleFake(req, res, url)) return true;
  if (url.pathname === '/demo/inventory.json') {
    res.writeHead(200, { 'content-type': MIME['.json'], 'cache-control': 'no-cache' });
    res.end(JSON.stringify({ cookies: COOKIE_INVENTORY, trackers: TRACKER_HOSTS }, null, 2));
    return true;
  }
  const { variant, path } = variantOf(url.pathname);
  if (variant !== 'auto' && url.pathname === `/${variant}`) {
    res.writeHead(301, { location: `/${variant}/${url.search}` }).end();
    return true;
  }
  if (/(^|\/)_partials(\/|$)/.test(path) || path.endsWith('consentry.config.json') && variant !== 'auto') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return true;
  }
  let rel;
  try {
    rel = normalize(decodeURIComponent(path));
  } catch {
    return false;
  }
  const dir = resolveUnder(siteRoot, path);
  if (dir && dir.endsWith(sep + 'index.html') && !path.endsWith('/') && existsSync(dir) && !rel.endsWith('index.html')) {
    res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
    return true;
  }
  const file = dir;
  if (!file || extname(file) !== '.html' || !existsSync(file) || !statSync(file).isFile()) return false;
  const hostHeader = req.headers.host || '127.0.0.1';
  const port = (/:(\d+)$/.exec(hostHeader) || [])[1] || '';
  const mode = modeForHost(hostHeader.replace(/:\d+$/, ''));
  let page;
  try {
    page = renderPage({ file, siteRoot, variant, path, mode, port });
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(e.message));
    return true;
  }
  const headers = { 'content-type': MIME['.html'], 'cache-control': 'no-cache', ...page.headers };
  // The account page's session: a server-set, HttpOnly, strictly necessary cookie.
  if (/^\/account\/(index\.html)?$/.test(path) && !/(?:^|;\s*)sessionid=/.test(req.headers.cookie || ''))
    headers['set-cookie'] = `sessionid=${randomBytes(16).toString('hex')}; Path=/; HttpOnly; SameSite=Lax`;
  res.writeHead(200, headers);
  res.end(page.body);
  return true;
}

/**
 * Starts the server. `routes` is an optional function (req, res, url) => boolean that handles
 * a request first (tests and the demo's fake trackers use it). Resolves to { server, port, url }.
 */
export function startServer({ port = 8080, routes = null, siteRoot = demoSiteRoot, tls = null, demo } = {}) {
  const distRoot = join(repoRoot, 'dist');
  const withDemo = demo ?? siteRoot === demoSiteRoot;
  const handler = (req, res) => {
    let url;
    try {
      url = new URL(req.url, `http://${req.headers.host || '127.0.0.1'}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (routes && routes(req, res, url)) return;
    if (withDemo && demoRoutes(req, res, url, siteRoot)) return;
    if (url.pathname.startsWith('/consentry/')) return sendFile(res, resolveUnder(distRoot, url.pathname.slice('/consentry/'.length)));
    return sendFile(res, resolveUnder(siteRoot, url.pathname));
  };
  let server = createServer(handler);
  if (tls) {
    // One port for both: a TLS ClientHello starts with 0x16, anything else is plain HTTP. Tests
    // need this because HSTS-preloaded tracker hosts (google-analytics.com...) are always https.
    const plain = server;
    const secure = createTlsServer(tls, handler);
    server = createNetServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', (chunk) => {
        if (chunk[0] !== 0x16) {
          socket.pause();
          socket.unshift(chunk);
          plain.emit('connection', socket);
          process.nextTick(() => socket.resume());
          return;
        }
        // TLS reads from the native handle and would miss the byte we peeked at, so hand it a
        // JS duplex that replays that chunk and then forwards the socket.
        const duplex = new Duplex({
          read() {},
          write(data, _enc, cb) { socket.write(data, cb); },
          final(cb) { socket.end(); cb(); },
          destroy(err, cb) { socket.destroy(); cb(err); },
        });
        duplex.push(chunk);
        socket.on('data', (d) => duplex.push(d));
        socket.on('end', () => duplex.push(null));
        socket.on('close', () => duplex.destroy());
        secure.emit('connection', duplex);
      });
    });
    const close = server.close.bind(server);
    server.close = (cb) => {
      plain.closeAllConnections?.();
      secure.closeAllConnections?.();
      return close(cb);
    };
  }
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({ server, port: actual, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT || 8080);
  if (!existsSync(join(repoRoot, 'dist', 'consentry-core.js'))) {
    console.error('demo: dist/ is missing: run ./scripts/demo.sh (it builds first)');
    process.exit(1);
  }
  const { url } = await startServer({ port });
  console.log(`Consentry demo: ${url}`);
  console.log(`  declared markup: ${url}declared/   strict CSP: ${url}csp/   inspector: add ?consentry-debug or press Ctrl+Shift+K`);
  console.log('Press Ctrl+C to stop.');
}
