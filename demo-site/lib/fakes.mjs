// Local fakes of the trackers the demo site embeds. Each behaves like the real one as far as a
// consent manager can tell: same host names and paths, same cookies (first-party ones written by
// the script, third-party ones by Set-Cookie), same pixels, beacons and injected tags. Nothing
// leaves the machine.
//
// A fake is reachable three ways (demo-site/README.md explains why):
//   http://<real host>.localhost:<port>/<path>   "local": what the demo pages use when opened at
//                                                 127.0.0.1 or localhost. *.localhost resolves to
//                                                 the loopback in browsers without any DNS, and it
//                                                 is another site than 127.0.0.1 (third-party).
//   https://<real host>/<path>                    "real": when the Host header is the real name
//                                                 (the browser tests map every host to the server)
//   http://127.0.0.1:<port>/fake/<real host>/<path>   "path": for curl and reading; same origin
//                                                 as the page, so the core would call it first-party
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const FAKES_DIR = join(here, '..', 'fakes');

/**
 * The tracker hosts the demo embeds, with the category and vendor the category database gives
 * the real host (tests/browser/demo-config.test.mjs checks that the demo config and the
 * database agree).
 */
export const TRACKER_HOSTS = {
  'www.googletagmanager.com': { vendor: 'Google Tag Manager', category: 'analytical' },
  'www.google-analytics.com': { vendor: 'Google Analytics', category: 'analytical' },
  'region1.google-analytics.com': { vendor: 'Google Analytics', category: 'analytical' },
  'static.hotjar.com': { vendor: 'Hotjar', category: 'analytical' },
  'script.hotjar.com': { vendor: 'Hotjar', category: 'analytical' },
  'in.hotjar.com': { vendor: 'Hotjar', category: 'analytical' },
  'www.youtube.com': { vendor: 'YouTube', category: 'targeting' },
  'i.ytimg.com': { vendor: 'YouTube', category: 'targeting' },
  'www.google.com': { vendor: 'Google Maps', category: 'preferences', path: '/maps/embed' },
  'www.facebook.com': { vendor: 'Meta (Facebook, Instagram)', category: 'targeting' },
  'connect.facebook.net': { vendor: 'Meta (Facebook, Instagram)', category: 'targeting' },
  'googleads.g.doubleclick.net': { vendor: 'Google Ads / DoubleClick (Google Marketing Platform, AdSense, Ad Manager)', category: 'targeting' },
};

/**
 * Every cookie the demo's trackers and the site itself write (the "cookie scan" a site owner
 * would run). The privacy page classifies these names with the real database for its cookie
 * declaration; `by` says who writes it, `third` whether it lives on the tracker's domain.
 */
export const COOKIE_INVENTORY = [
  { name: 'sessionid', domain: '', by: 'the site (Set-Cookie on /account/)', pages: ['account'] },
  { name: 'csrftoken', domain: '', by: 'the site (account.js)', pages: ['account'] },
  { name: 'cart_id', domain: '', by: 'the site (shop.js)', pages: ['shop'] },
  { name: 'consentry', domain: '', by: 'Consentry', pages: ['all'] },
  { name: '_ga', domain: '', by: 'gtag.js', pages: ['home'] },
  { name: '_ga_FERNWAY01', domain: '', by: 'gtag.js', pages: ['home'] },
  { name: '_gid', domain: '', by: 'gtag.js', pages: ['home'] },
  { name: '_gcl_au', domain: '', by: 'gtag.js / gtm.js (conversion linker)', pages: ['home', 'shop'] },
  { name: '_hjSessionUser_3141592', domain: '', by: 'Hotjar', pages: ['home'] },
  { name: '_hjSession_3141592', domain: '', by: 'Hotjar', pages: ['home'] },
  { name: '_fbp', domain: '', by: 'Meta Pixel (fbevents.js)', pages: ['shop'] },
  { name: 'IDE', domain: '.doubleclick.net', by: 'Google Ads pixel', third: true, pages: ['shop'] },
  { name: 'fr', domain: '.facebook.com', by: 'Meta Pixel', third: true, pages: ['blog', 'shop'] },
  { name: 'YSC', domain: '.youtube.com', by: 'YouTube embed', third: true, pages: ['blog'] },
  { name: 'VISITOR_INFO1_LIVE', domain: '.youtube.com', by: 'YouTube embed', third: true, pages: ['blog'] },
  { name: 'NID', domain: '.google.com', by: 'Google Maps embed', third: true, pages: ['blog'] },
];

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const rand = () => Math.floor(Math.random() * 2 ** 31);
const now = () => Math.floor(Date.now() / 1000);

/**
 * Cookies a tracker sets on its own domain. Browsers block or partition third-party cookies
 * (Chromium's off-the-record profiles block them, Firefox partitions, Safari blocks), so they are
 * sent Partitioned (CHIPS), as Google and Meta do for their newer cookies: they land in every
 * browser, in the jar of the site that embedded the tracker.
 */
function thirdPartyCookie(name, value, domain, maxAge, mode) {
  const d = mode === 'local' ? `${domain}.localhost` : domain;
  const parts = [`${name}=${value}`, `Domain=${d}`, 'Path=/', 'SameSite=None', 'Secure', 'Partitioned'];
  if (maxAge) parts.push(`Max-Age=${maxAge}`);
  return parts.join('; ');
}

/** The base URL of a tracker host's fake, seen from a page or fake served in `mode`. */
export function trackerOrigin(realHost, mode, port) {
  if (mode === 'local') return `http://${realHost}.localhost${port ? ':' + port : ''}`;
  if (mode === 'path') return `http://127.0.0.1${port ? ':' + port : ''}/fake/${realHost}`;
  return `https://${realHost}`;
}

/** Replaces {{T:host}} with that tracker's base URL. */
export function expandTrackers(text, mode, port) {
  return text.replace(/\{\{T:([a-z0-9.-]+)\}\}/g, (_m, h) => trackerOrigin(h, mode, port));
}

function sendText(res, status, type, body, headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}
function sendFake(res, file, type, mode, port, headers = {}) {
  const body = expandTrackers(readFileSync(join(FAKES_DIR, file), 'utf8'), mode, port);
  sendText(res, 200, type, body, { 'access-control-allow-origin': '*', ...headers });
}
const JS = 'text/javascript; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const pixel = (res, cookies = []) =>
  sendText(res, 200, 'image/gif', GIF, { 'set-cookie': cookies, 'access-control-allow-origin': '*' });
const noContent = (res) => sendText(res, 204, 'text/plain', '', { 'access-control-allow-origin': '*' });

/** [host, path test, handler(req, res, url, mode, port)] in order; the first match answers. */
const ROUTES = [
  ['www.googletagmanager.com', (p) => p === '/gtag/js', (q, r, u, m, p) => sendFake(r, 'gtag.js', JS, m, p)],
  ['www.googletagmanager.com', (p) => p === '/gtm.js', (q, r, u, m, p) => sendFake(r, 'gtm.js', JS, m, p)],
  ['www.googletagmanager.com', (p) => p === '/ns.html', (q, r) => sendText(r, 200, HTML, '<!doctype html><title>ns</title>')],
  ['www.google-analytics.com', (p) => p === '/g/collect', (q, r) => noContent(r)],
  ['region1.google-analytics.com', (p) => p === '/g/collect', (q, r) => noContent(r)],
  ['static.hotjar.com', (p) => /^\/c\/hotjar-\d+\.js$/.test(p), (q, r, u, m, p) => sendFake(r, 'hotjar.js', JS, m, p)],
  ['script.hotjar.com', (p) => /^\/modules\.[\w]+\.js$/.test(p), (q, r, u, m, p) => sendFake(r, 'hotjar-modules.js', JS, m, p)],
  ['in.hotjar.com', (p) => p.startsWith('/api/'), (q, r) => noContent(r)],
  ['www.youtube.com', (p) => p.startsWith('/embed/'), (q, r, u, m, p) =>
    sendFake(r, 'youtube-embed.html', HTML, m, p, {
      'set-cookie': [
        thirdPartyCookie('YSC', `y${rand().toString(36)}`, 'youtube.com', 0, m),
        thirdPartyCookie('VISITOR_INFO1_LIVE', `v${rand().toString(36)}`, 'youtube.com', 15552000, m),
      ],
    })],
  ['www.youtube.com', (p) => p.startsWith('/api/stats/'), (q, r) => noContent(r)],
  ['i.ytimg.com', (p) => p.startsWith('/vi/'), (q, r, u, m, p) => sendFake(r, 'youtube-thumb.svg', 'image/svg+xml', m, p)],
  ['www.google.com', (p) => p.startsWith('/maps/embed/'), (q, r) => noContent(r)],
  ['www.google.com', (p) => p === '/maps/embed', (q, r, u, m, p) =>
    sendFake(r, 'maps-embed.html', HTML, m, p, {
      'set-cookie': [thirdPartyCookie('NID', `511=${rand().toString(36)}`, 'google.com', 15552000, m)],
    })],
  ['www.facebook.com', (p) => p === '/tr' || p === '/tr/', (q, r, u, m) =>
    pixel(r, [thirdPartyCookie('fr', `0${rand().toString(36)}.${now()}`, 'facebook.com', 7776000, m)])],
  ['connect.facebook.net', (p) => /^\/[a-z]{2}_[A-Z]{2}\/fbevents\.js$/.test(p), (q, r, u, m, p) => sendFake(r, 'fbevents.js', JS, m, p)],
  ['googleads.g.doubleclick.net', (p) => p.startsWith('/pagead/viewthroughconversion/'), (q, r, u, m) =>
    pixel(r, [thirdPartyCookie('IDE', `AHWqTU${rand().toString(36)}${rand().toString(36)}`, 'doubleclick.net', 34128000, m)])],
];

/**
 * Which fake a request is for: { realHost, path, mode } or null. `hostname` is the Host header
 * without its port.
 */
export function fakeTarget(hostname, pathname) {
  const h = hostname.toLowerCase();
  if (h.endsWith('.localhost')) {
    const realHost = h.slice(0, -'.localhost'.length);
    if (TRACKER_HOSTS[realHost]) return { realHost, path: pathname, mode: 'local' };
  }
  if (TRACKER_HOSTS[h]) return { realHost: h, path: pathname, mode: 'real' };
  const m = /^\/fake\/([a-z0-9.-]+)(\/.*)$/.exec(pathname);
  if (m && TRACKER_HOSTS[m[1]]) return { realHost: m[1], path: m[2], mode: 'path' };
  return null;
}

/** Answers a request for a fake tracker; returns false when the request is not for one. */
export function handleFake(req, res, url) {
  const hostHeader = req.headers.host || '';
  const hostname = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const target = fakeTarget(hostname, url.pathname);
  if (!target) return false;
  const port = (/:(\d+)$/.exec(hostHeader) || [])[1] || '';
  for (const [host, test, handler] of ROUTES) {
    if (host === target.realHost && test(target.path)) {
      if (req.method === 'OPTIONS') {
        sendText(res, 204, 'text/plain', '', {
          'access-control-allow-origin': req.headers.origin || '*',
          'access-control-allow-methods': 'GET, POST',
          'access-control-allow-headers': 'content-type',
        });
        return true;
      }
      // Beacons and fetches carry a body: read it so the connection is reusable.
      req.resume();
      handler(req, res, url, target.mode, port);
      return true;
    }
  }
  sendText(res, 404, 'text/plain; charset=utf-8', `no fake for ${target.realHost}${target.path}`);
  return true;
}
