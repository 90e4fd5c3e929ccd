// The demo site's pages are plain HTML files with a few placeholders, filled in per request:
//   {{> name}}     the partial _partials/name.<variant>.html, else _partials/name.html
//   {{T:host}}     the base URL of that tracker's local fake (lib/fakes.mjs, trackerOrigin)
//   {{CONFIG}}     the site config (consentry.config.json) for data-config, attribute-escaped
//   {{BASE}}       '' | '/declared' | '/csp': links stay inside the embedding being shown
//   {{PATH}}       this page's path without the variant prefix (the variant switcher)
//   {{VARIANT}}    auto | declared | csp           {{CSRF}}  a fresh CSRF token
// Variants: /           auto-blocking (the one <script> tag, trackers embedded as usual)
//           /declared/  declared markup only (type="text/plain" + data-category, data-src), autoBlock false
//           /csp/       auto-blocking under a strict Content-Security-Policy header with a nonce
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandTrackers } from './fakes.mjs';

export const VARIANTS = ['auto', 'declared', 'csp'];

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Splits a request path into { variant, path } ('/declared/shop/' -> declared, '/shop/'). */
export function variantOf(pathname) {
  const m = /^\/(declared|csp)(\/.*)?$/.exec(pathname);
  if (!m) return { variant: 'auto', path: pathname };
  return { variant: m[1], path: m[2] || '/' };
}

/** Tracker mode for a page requested with this Host: loopback names get the *.localhost fakes. */
export function modeForHost(hostname) {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || /^[\d.]+$/.test(h) || h.includes(':')) return 'local';
  return 'real';
}

/** The site config for a variant (declared markup turns auto-blocking off). */
export function siteConfig(siteRoot, variant) {
  const cfg = JSON.parse(readFileSync(join(siteRoot, 'consentry.config.json'), 'utf8'));
  delete cfg.$comment;
  if (variant === 'declared') cfg.autoBlock = false;
  return cfg;
}

function partial(siteRoot, name, variant) {
  for (const f of [`${name}.${variant}.html`, `${name}.html`]) {
    const p = join(siteRoot, '_partials', f);
    if (existsSync(p)) return readFileSync(p, 'utf8').replace(/\n$/, '');
  }
  throw new Error(`demo: no partial ${name}`);
}

/**
 * Renders one page. Returns { body, headers }: the CSP variant gets its header and a nonce on
 * every <script>, as a server-side CSP middleware would add it.
 */
export function renderPage({ file, siteRoot, variant, path, mode, port }) {
  let html = readFileSync(file, 'utf8');
  for (let depth = 0; depth < 4 && html.includes('{{>'); depth++)
    html = html.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_m, n) => partial(siteRoot, n, variant));
  const base = variant === 'auto' ? '' : `/${variant}`;
  html = html
    .replace(/\{\{CONFIG\}\}/g, () => esc(JSON.stringify(siteConfig(siteRoot, variant))))
    .replace(/\{\{BASE\}\}/g, base)
    .replace(/\{\{PATH\}\}/g, esc(path))
    .replace(/\{\{VARIANT\}\}/g, variant)
    .replace(/\{\{CSRF\}\}/g, () => randomBytes(24).toString('base64url'));
  html = expandTrackers(html, mode, port);
  const headers = {};
  if (variant === 'csp') {
    const nonce = randomBytes(16).toString('base64');
    html = html.replace(/<script\b/g, `<script nonce="${nonce}"`);
    headers['content-security-policy'] =
      `script-src 'self' 'wasm-unsafe-eval' 'nonce-${nonce}'; object-src 'none'; base-uri 'none'`;
  }
  return { body: html, headers };
}
