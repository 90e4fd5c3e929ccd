#!/usr/bin/env node
// Validates every categories/sources/*.json against categories/SCHEMA.md (Node 20, no deps):
//
//   node categories/import/check.mjs [SOURCES_DIR]
//
// Errors (exit 1): a file that does not parse; an entry that is not on one line; an unknown field;
// a bad category / match / storage / tier; a vendor reference that no file defines; a vendor id
// defined twice or not kebab-case; a host or domain that is not a lowercase bare host name; a glob
// using anything but '*' and '#' as wildcards (or none); a purpose over 200 characters; a rule
// defined twice in the core tier with conflicting categories.
// Warnings (printed, exit 0): exact names shadowing a core-tier prefix/glob of another category,
// the same host in several files with different categories, unused vendors.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? path.join(here, '..', 'sources'));

const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];
const MATCHES = ['exact', 'prefix', 'glob'];
const STORAGES = ['cookie', 'storage', 'any'];
const TOP_KEYS = ['about', 'license', 'tier', 'vendors', 'cookies', 'hosts', 'hostLists', '$schema'];
const KEYS = {
  vendors: { allowed: ['id', 'name', 'category', 'purpose', 'privacyUrl'], required: ['id', 'name', 'category'] },
  cookies: { allowed: ['name', 'match', 'category', 'vendor', 'domain', 'storage', 'purpose', 'retention'], required: ['name', 'category'] },
  hosts: { allowed: ['host', 'path', 'category', 'vendor'], required: ['host', 'category'] },
  hostLists: { allowed: ['category', 'vendor', 'hosts'], required: ['category', 'hosts'] },
};
const HOST_RE = /^(?=.{1,253}$)[a-z0-9_\u0080-\uffff]([a-z0-9_\u0080-\uffff-]*[a-z0-9_\u0080-\uffff])?(\.[a-z0-9_\u0080-\uffff]([a-z0-9_\u0080-\uffff-]*[a-z0-9_\u0080-\uffff])?)+$/;
const KEBAB_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const errors = [], warnings = [];
const err = (where, msg) => errors.push(`${where}: error: ${msg}`);
const warn = (where, msg) => warnings.push(`${where}: warning: ${msg}`);

function globToRegExp(glob) {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '#') re += '[0-9]+';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', 'i');
}

// Locates the line of every element of every top-level array, and checks that each element is a
// single line of its own ("{ ... }" possibly followed by a comma).
function elementLines(file, text, doc) {
  const lines = text.split('\n');
  const out = {};
  for (const key of Object.keys(KEYS)) {
    const arr = doc[key];
    if (!Array.isArray(arr)) continue;
    const start = lines.findIndex((l) => l.trimStart().startsWith(`${JSON.stringify(key)}:`));
    if (start < 0) { err(file, `cannot find the "${key}" array`); continue; }
    out[key] = [];
    if (arr.length === 0) continue;
    let i = start + 1;
    for (let n = 0; n < arr.length; n++, i++) {
      const raw = (lines[i] ?? '').trim().replace(/,$/, '');
      let parsed;
      try { parsed = JSON.parse(raw); } catch { parsed = undefined; }
      if (parsed === undefined || JSON.stringify(parsed) !== JSON.stringify(arr[n])) {
        err(`${file}:${i + 1}`, `${key}[${n}] is not one complete entry on one line`);
        return out;
      }
      out[key].push(i + 1);
    }
  }
  return out;
}

const isHost = (h) => typeof h === 'string' && HOST_RE.test(h) && h === h.toLowerCase() && !/^\d+(\.\d+){3}$/.test(h);

const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => (a === 'curated.json' ? -1 : b === 'curated.json' ? 1 : a < b ? -1 : a > b ? 1 : 0));
if (!files.length) { console.error(`check.mjs: no *.json in ${dir}`); process.exit(1); }

const sources = [];
for (const f of files) {
  const text = fs.readFileSync(path.join(dir, f), 'utf8');
  let doc;
  try { doc = JSON.parse(text); } catch (e) { err(f, `JSON syntax error: ${e.message}`); continue; }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { err(f, 'expected a JSON object'); continue; }
  for (const k of Object.keys(doc)) if (!TOP_KEYS.includes(k)) err(`${f}:1`, `unknown top-level field "${k}"`);
  if (typeof doc.about !== 'string' || !doc.about) err(`${f}:1`, '"about" is required');
  if (typeof doc.license !== 'string' || !doc.license) err(`${f}:1`, '"license" is required');
  if (doc.tier !== 'core' && doc.tier !== 'full') err(`${f}:1`, 'tier must be "core" or "full"');
  sources.push({ file: f, doc, core: doc.tier === 'core', lines: elementLines(f, text, doc) });
}

// vendors first (a reference may point to any file)
const vendorDefs = new Map();
for (const s of sources) {
  (s.doc.vendors ?? []).forEach((v, i) => {
    const where = `${s.file}:${s.lines.vendors?.[i] ?? 1}`;
    if (!KEBAB_RE.test(v.id ?? '')) err(where, `vendor id "${v.id}" must be lowercase kebab-case`);
    if (vendorDefs.has(v.id)) err(where, `vendor id "${v.id}" already defined in ${vendorDefs.get(v.id).file}`);
    else vendorDefs.set(v.id, { file: s.file, used: false });
  });
}

const counts = {};
const coreRules = new Map();  // key -> [{file, line, category, name}]
const corePatterns = [];  // {re, category, name, file, domain, storage}
const coreExact = [];
const hostCats = new Map();  // host -> [{file, category}]

for (const s of sources) {
  const c = (counts[s.file] = { tier: s.doc.tier, vendors: 0, cookies: { total: 0 }, hosts: { total: 0 } });
  for (const key of Object.keys(KEYS)) {
    const arr = s.doc[key];
    if (arr === undefined) continue;
    if (!Array.isArray(arr)) { err(`${s.file}:1`, `"${key}" must be an array`); continue; }
    arr.forEach((e, i) => {
      const where = `${s.file}:${s.lines[key]?.[i] ?? 1}`;
      if (!e || typeof e !== 'object' || Array.isArray(e)) { err(where, `${key}[${i}] must be an object`); return; }
      for (const k of Object.keys(e)) if (!KEYS[key].allowed.includes(k)) err(where, `${key}[${i}]: unknown field "${k}"`);
      for (const k of KEYS[key].required) if (e[k] === undefined || e[k] === '') err(where, `${key}[${i}]: "${k}" is required`);
      if (!CATEGORIES.includes(e.category)) err(where, `${key}[${i}]: category "${e.category}" is not one of ${CATEGORIES.join(', ')}`);
      if (e.vendor !== undefined && e.vendor !== null && key !== 'vendors') {
        if (!vendorDefs.has(e.vendor)) err(where, `${key}[${i}]: vendor "${e.vendor}" is not defined in any source`);
        else vendorDefs.get(e.vendor).used = true;
      }
      if (e.purpose !== undefined && (typeof e.purpose !== 'string' || e.purpose.length > 200)) err(where, `${key}[${i}]: purpose must be a string of at most 200 characters`);
      if (key === 'vendors') {
        c.vendors++;
        if (e.privacyUrl !== undefined && !/^https?:\/\/\S+$/.test(e.privacyUrl)) err(where, `vendor ${e.id}: privacyUrl must be an http(s) URL`);
        if (typeof e.name !== 'string' || e.name.length > 200) err(where, `vendor ${e.id}: bad name`);
      }
      if (key === 'cookies') {
        const match = e.match ?? 'exact';
        if (!MATCHES.includes(match)) err(where, `cookies[${i}]: match "${e.match}" is not exact, prefix or glob`);
        if (typeof e.name !== 'string' || !e.name || e.name.length > 200 || e.name !== e.name.trim() || /[\u0000-\u001f\u007f]/.test(e.name)) err(where, `cookies[${i}]: bad name ${JSON.stringify(e.name)}`);
        if (match === 'glob') {
          if (!/[*#]/.test(e.name)) err(where, `cookies[${i}]: glob "${e.name}" has no '*' or '#'`);
          if (/[?[\]{}]/.test(e.name)) err(where, `cookies[${i}]: glob "${e.name}" uses a wildcard other than '*' and '#'`);
        } else if (/\*/.test(e.name)) err(where, `cookies[${i}]: "*" in a ${match} name "${e.name}" (use match "glob" or "prefix")`);
        if (e.domain !== undefined && !isHost(e.domain)) err(where, `cookies[${i}]: domain "${e.domain}" is not a lowercase bare host name`);
        if (e.storage !== undefined && !STORAGES.includes(e.storage)) err(where, `cookies[${i}]: storage "${e.storage}" is not cookie, storage or any`);
        if (e.retention !== undefined && (typeof e.retention !== 'string' || e.retention.length > 100)) err(where, `cookies[${i}]: retention must be a string of at most 100 characters`);
        c.cookies.total++;
        c.cookies[e.category] = (c.cookies[e.category] ?? 0) + 1;
        if (s.core) {
          const storage = e.storage ?? 'any';
          const k = `${match}|${e.name.toLowerCase()}|${e.domain ?? ''}|${storage}`;
          if (!coreRules.has(k)) coreRules.set(k, []);
          coreRules.get(k).push({ file: s.file, where, category: e.category, name: e.name, vendor: e.vendor });
          if (match === 'exact') coreExact.push({ name: e.name, category: e.category, domain: e.domain, where });
          else corePatterns.push({ re: match === 'glob' ? globToRegExp(e.name) : null, prefix: match === 'prefix' ? e.name.toLowerCase() : null, category: e.category, name: e.name, domain: e.domain, where });
        }
      }
      const addHost = (h, category) => {
        if (!isHost(h)) err(where, `host "${h}" is not a lowercase bare host name (no scheme, port, path, leading dot)`);
        c.hosts.total++;
        c.hosts[category] = (c.hosts[category] ?? 0) + 1;
        if (!hostCats.has(h)) hostCats.set(h, []);
        hostCats.get(h).push({ file: s.file, category, where });
      };
      if (key === 'hosts' && e.path !== undefined) {
        // A path-scoped rule (www.google.com + /recaptcha/): keyed by host and path.
        if (!isHost(e.host)) err(where, `host "${e.host}" is not a lowercase bare host name`);
        if (typeof e.path !== 'string' || !/^\/[^?#*]*$/.test(e.path)) err(where, 'path must be a plain path prefix starting with "/"');
        c.hosts.total++;
        c.hosts[e.category] = (c.hosts[e.category] ?? 0) + 1;
      } else if (key === 'hosts') addHost(e.host, e.category);
      if (key === 'hostLists') {
        if (!Array.isArray(e.hosts)) err(where, 'hostLists: "hosts" must be an array');
        else e.hosts.forEach((h) => addHost(h, e.category));
      }
    });
  }
  // duplicates inside one file
  const seen = new Map();
  for (const [h, list] of hostCats) for (const x of list) if (x.file === s.file) {
    if (seen.has(h) && seen.get(h) !== x.where) err(x.where, `host "${h}" listed twice in ${s.file}`);
    seen.set(h, x.where);
  }
}

// core-tier rules defined more than once
let conflicts = 0, sameCat = 0;
for (const [k, list] of coreRules) {
  if (list.length < 2) continue;
  const cats = new Set(list.map((x) => x.category));
  if (cats.size > 1) {
    conflicts++;
    err(list[1].where, `core-tier rule ${k} defined with conflicting categories: ${list.map((x) => `${x.category} (${x.where})`).join(' vs ')}; the compiler keeps the first (${list[0].file})`);
  } else sameCat++;
}

// exact names that a core prefix/glob of another category would otherwise match (informational:
// the compiler prefers exact over prefix over glob)
let shadows = 0;
for (const ex of coreExact) {
  for (const p of corePatterns) {
    if ((p.domain ?? '') !== (ex.domain ?? '') || p.category === ex.category) continue;
    const n = ex.name.toLowerCase();
    const hit = p.prefix ? n.startsWith(p.prefix) && n.length > p.prefix.length : p.re.test(ex.name);
    if (hit) { shadows++; warn(ex.where, `exact "${ex.name}" (${ex.category}) overrides ${p.prefix ? 'prefix' : 'glob'} "${p.name}" (${p.category}) at ${p.where}`); }
  }
}
for (const [h, list] of hostCats) {
  if (new Set(list.map((x) => x.category)).size > 1) warn(list[1].where, `host "${h}" has different categories: ${list.map((x) => `${x.category} (${x.file})`).join(' vs ')}; the compiler keeps ${list[0].file}`);
}
for (const [id, v] of vendorDefs) if (!v.used) warn(v.file, `vendor "${id}" is defined but never referenced`);

// ---- report
const pad = (s, n) => String(s).padEnd(n);
console.log(`sources: ${dir}`);
console.log(`${pad('file', 28)} ${pad('tier', 5)} ${pad('vendors', 8)} cookies (mandatory/preferences/analytical/targeting)   hosts (m/p/a/t)`);
const tot = { core: { cookies: 0, hosts: 0, vendors: 0 }, full: { cookies: 0, hosts: 0, vendors: 0 } };
for (const [f, c] of Object.entries(counts)) {
  const cc = CATEGORIES.map((k) => c.cookies[k] ?? 0).join('/');
  const hc = CATEGORIES.map((k) => c.hosts[k] ?? 0).join('/');
  console.log(`${pad(f, 28)} ${pad(c.tier, 5)} ${pad(c.vendors, 8)} ${pad(`${c.cookies.total} (${cc})`, 52)} ${c.hosts.total} (${hc})`);
  for (const t of c.tier === 'core' ? ['core', 'full'] : ['full']) {
    tot[t].cookies += c.cookies.total; tot[t].hosts += c.hosts.total; tot[t].vendors += c.vendors;
  }
}
console.log(`core blob sources: ${tot.core.cookies} cookie rules, ${tot.core.hosts} hosts; full: ${tot.full.cookies} cookie rules, ${tot.full.hosts} hosts; vendors (all files): ${vendorDefs.size}`);
console.log(`core-tier rules defined more than once: ${sameCat} with the same category, ${conflicts} conflicting`);
if (warnings.length) {
  console.log(`\n${warnings.length} warning(s) (${shadows} exact-over-pattern overrides):`);
  for (const w of warnings) console.log('  ' + w);
}
if (errors.length) {
  console.log(`\n${errors.length} error(s):`);
  for (const e of errors) console.log('  ' + e);
  process.exit(1);
}
console.log('\nOK');
