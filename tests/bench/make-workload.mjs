// Writes the benchmark workload: 10,000 cookies and 10,000 URLs, deterministic (seeded), drawn
// from the category sources (known names, prefixes and hosts, as pages really carry them) and
// mixed with unknown first-party names and hosts. Output: build/bench/{cookies,urls}.tsv in the
// engine's packed format (wasm/core/engine.h), so native, wasm and JS baselines read the same.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/fixtures.mjs';

const N = 10000;
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const pick = (a) => a[Math.floor(rand() * a.length)];
const token = (n) => Array.from({ length: n }, () => pick('abcdefghijklmnopqrstuvwxyz0123456789')).join('');

const names = [];
const hosts = [];
const dir = join(repoRoot, 'categories', 'sources');
for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const doc = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  for (const c of doc.cookies || []) {
    if (c.match === 'glob') names.push(c.name.replace(/#/g, () => String(Math.floor(rand() * 1e6))).replace(/\*/g, () => token(6)));
    else if (c.match === 'prefix') names.push(c.name + token(8));
    else names.push(c.name);
  }
  for (const h of doc.hosts || []) hosts.push(h.host);
  for (const l of doc.hostLists || []) for (const h of l.hosts) if (rand() < 0.05) hosts.push(h);
}
const sites = ['www.shop.example', 'news.example.co.uk', 'blog.example.com', 'app.example.io'];
const cookies = [];
for (let i = 0; i < N; i++) {
  const known = rand() < 0.7 && names.length;
  const name = known ? pick(names) : pick(['pref_', 'ui_', 'x', 'tmp_', 'seen_', 'ab_']) + token(4 + Math.floor(rand() * 8));
  const value = rand() < 0.2 ? `GA1.2.${Math.floor(rand() * 1e9)}.${Math.floor(rand() * 1e9)}` : token(16 + Math.floor(rand() * 24));
  const expiry = rand() < 0.3 ? 0 : Math.floor(rand() * 63072000);
  cookies.push(['c', name, rand() < 0.5 ? '.' + pick(sites).replace(/^www\./, '') : '', value, expiry].join('\t'));
}
const urls = [];
for (let i = 0; i < N; i++) {
  const r = rand();
  const host = r < 0.6 && hosts.length ? pick(['', 'www.', 'static.', 'cdn.']) + pick(hosts) : r < 0.8 ? pick(sites) : `cdn${Math.floor(rand() * 500)}.${token(8)}.net`;
  urls.push(['', `https://${host}/${token(6)}/${token(10)}.js?v=${Math.floor(rand() * 1e6)}`].join('\t'));
}
const out = join(repoRoot, 'build', 'bench');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'cookies.tsv'), cookies.join('\n'));
writeFileSync(join(out, 'urls.tsv'), urls.join('\n'));
writeFileSync(join(out, 'page.txt'), sites[0]);
console.log(`workload: ${cookies.length} cookies (${names.length} known names), ${urls.length} URLs (${hosts.length} known hosts) -> build/bench/`);
