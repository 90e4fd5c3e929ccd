// Entry of dist/consentry.js: the synchronous bootstrap, first <script> in <head>, 3 KB gzip.
// 1. installs the gate (gate-sync.js) before any other script of the page can run;
// 2. reads the config (inline JSON in data-config, or a URL fetched without blocking) and the
//    stored consent record, synchronously when the config is inline;
// 3. starts loading consentry-core.js (async script), the category blob and the wasm (preload),
//    all from the directory consentry.js was served from, and hands the kernel K to the core;
// 4. defines window.consentry, whose calls wait for the core (acceptedCategory answers at once).
// Until the core has classified something and the record is read, it is HELD (never run).
import { decodeRecord } from './store.js';
import { basics } from './config.js';
import { installGate } from './gate-sync.js';

// Synchronous hook, right after the stored record is read and before any other page script runs
// (K.cfg, K.b and K.rec are set). Google Consent Mode's default command and the GPC/DNT reading
// belong here.
function afterRecord(_K) {}

function main(W) {
  const d = W.document;
  const me = d.currentScript;
  const K = { q: [], cq: [], calls: [], o: {}, ok: new WeakSet(), dyn: new WeakSet(), pre: new WeakSet() };
  const host = W.location.hostname;
  K.base = new URL('.', me.src).href;
  K.h = (i) => K.q.push(i);
  K.c = (s, f) => (K.cq.push([s, f]), 0);
  // Before the core: only local, same-host and Consentry's own URLs pass; the rest is held.
  K.u = (u) => {
    try {
      u = new URL(u, d.baseURI);
    } catch (e) {
      return 1;
    }
    return /^[hw]/.test(u.protocol) && u.hostname != host && !u.href.startsWith(K.base) ? 1 : 0;
  };
  // Fail closed: one console.error; held requests are dropped, held elements stay held.
  K.fail = (m) => K.dead || (K.dead = 1,
    console.error('Consentry: ' + m + ' Nothing that needs consent will run.'),
    K.q.splice(0).forEach((K.h = (i) => i.no && i.no())));
  K.load = (f) => new Promise((y, n) => d.head.append(Object.assign(d.createElement('script'),
    { async: true, nonce: me.nonce, src: K.base + f, onload: y, onerror: n })));

  installGate(K, W);

  // The wasm, the blob and a config URL are preloaded here and fetched by the core.
  const pre = (u) => d.head.append(Object.assign(d.createElement('link'), { rel: 'preload', as: 'fetch', crossOrigin: '', href: u }));
  pre(K.base + 'consentry.wasm');
  // The config is known (inline, or fetched by the core): read the stored record.
  K.set = (c) => {
    const b = (K.b = basics((K.cfg = c), host));
    K.rec = decodeRecord((K.o.cg.call(d).match('(?:^|; )' + b.name + '=([^;]*)') || [])[1], b.key, b.rev, Date.now() / 1e3);
    afterRecord(K);
    pre((K.db = K.base + 'consentry-db' + (c.database == 'full' ? '-full' : '') + '.cdb'));
  };
  const a = (me.getAttribute('data-config') || '{}').trim();
  if (a[0] != '{') pre((K.cfgUrl = a)); // relative to the page, as fetch() resolves it
  else {
    try {
      K.set(JSON.parse(a));
    } catch (e) {
      K.fail('the inline data-config is not valid JSON (' + e.message + ').');
    }
  }
  K.load('consentry-core.js').then(() => W.__consentryCoreLoader.start(K))
    .catch((e) => K.fail(K.base + 'consentry-core.js: ' + (e.message || 'load failed') + '.'));

  // window.consentry: until the core has loaded, calls are queued (and answer null).
  const api = (W.consentry = {});
  'show hide showPreferences acceptCategory rejectAll reset on off getConsent acceptedCategory'.split(' ').forEach((m) => {
    api[m] = (...x) => (K.api ? K.api[m](...x) : (K.calls.push([m, x]), null));
  });
}

main(self);
