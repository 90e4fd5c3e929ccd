// Shared harness for the real-Chromium tests (playwright-core + Debian's /usr/bin/chromium).
// Tracker hosts keep their real names: Chromium maps them to 127.0.0.1 with host-resolver
// rules, so the real category database decides. Every request is recorded per host.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startServer } from '../../demo-site/server.mjs';

const TLS = {
  key: readFileSync(new URL('./tls/test-key.pem', import.meta.url)),
  cert: readFileSync(new URL('./tls/test-cert.pem', import.meta.url)),
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
  '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
];

/**
 * A route (for startBrowser's `routes`, or a suite's override hook): answers `path` with
 * `status`, `type` and `body` (a Buffer or a string), never cached; false for any other path.
 */
export const serve = (path, status, type, body) => (req, res, url) => {
  if (url.pathname != path) return false;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
};

/**
 * Starts a server on 127.0.0.1 and a Chromium that resolves every host to it.
 * `routes(req, res, url)` may answer a request first (return true when it did); `launch`: more
 * options for chromium.launch() (e.g. ignoreDefaultArgs).
 * Returns { browser, server, port, origin(host), requests, close() }.
 */
export async function startBrowser({ routes = null, siteRoot, launch = {} } = {}) {
  const requests = [];
  const { server, port } = await startServer({
    port: 0,
    siteRoot,
    tls: TLS,
    routes: (req, res, url) => {
      requests.push({ host: (req.headers.host || '').replace(/:\d+$/, ''), path: url.pathname + url.search, method: req.method, time: Date.now() });
      return routes ? routes(req, res, url) : false;
    },
  });
  const browser = await chromium.launch({
    ...launch,
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`],
  });
  return {
    browser,
    server,
    port,
    requests,
    origin: (host = 'www.shop.example') => `http://${host}:${port}`,
    /** Requests recorded so far to `host` (exact, or any subdomain when it starts with '.'). */
    requestsTo(host) {
      return requests.filter((r) => (host.startsWith('.') ? r.host.endsWith(host) || r.host === host.slice(1) : r.host === host));
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
