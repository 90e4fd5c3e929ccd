// Static server for the demo site and the browser tests. Listens on 127.0.0.1 only.
//   /consentry/*  -> dist/ (the built bundles, wasm and blobs)
//   everything else -> demo-site/site/
// Usage: node demo-site/server.mjs [--port 8080]
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { Duplex } from 'node:stream';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repoRoot = join(here, '..');

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

/**
 * Starts the server. `routes` is an optional function (req, res, url) => boolean that handles
 * a request first (tests and the demo's fake trackers use it). Resolves to { server, port, url }.
 */
export function startServer({ port = 8080, routes = null, siteRoot = join(repoRoot, 'demo-site', 'site'), tls = null } = {}) {
  const distRoot = join(repoRoot, 'dist');
  const handler = (req, res) => {
    let url;
    try {
      url = new URL(req.url, `http://${req.headers.host || '127.0.0.1'}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (routes && routes(req, res, url)) return;
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
  console.log('Press Ctrl+C to stop.');
}
