// Entry of dist/consentry.js: the synchronous bootstrap, first <script> in <head>, 5.1 KB gzip.
// 1. reads the config (inline JSON in data-config, or a URL fetched without blocking), the stored
//    consent record and the browser's privacy signals, synchronously when the config is inline,
//    and pushes Google Consent Mode's default, its set commands (and a returning visitor's
//    update) to dataLayer;
// 2. starts loading consentry-core.js (async script); on a first visit consentry-ui.js first,
//    whose early(K) shows the banner before the controller, which is requested once the UI is
//    there (the core fetches the classifier, the wasm and the blob only when something needs
//    classifying, and never before the banner is up); everything from consentry.js's directory;
// 3. installs the gate (gate-sync.js) and early release (gate-early.js) before any other script of
//    the page can run, since this one is synchronous (after a config URL's preload, which may be
//    another host's, before the inline config is read: the gate keeps the native cookie getter
//    K.set reads the record with); the requests of step 2 start once this script has run either
//    way (a posted task, a promise);
// 4. defines window.consentry, whose calls wait for the core.
// Until the core has classified something and the record is read, it is HELD (never run); a
// returning visitor's declared markup that the stored choice grants is released at
// DOMContentLoaded without the core when nothing held needs the classifier (gate-early.js).
import { readRecord } from './boot-record.js';
import { basics } from './config.js';
import { installEarly } from './gate-early.js';
import { installGate } from './gate-sync.js';
import { gcmStart } from './gcm.js';

function main(W) {
  // Included twice: the first copy's gate is in place; a second one would hold the first's releases.
  if (W.__consentry) return console.warn('Consentry: consentry.js is included twice; this copy does nothing.');
  W.__consentry = 1;
  const d = W.document;
  const me = d.currentScript;
  const K = { q: [], cq: [], calls: [], o: {}, ok: new WeakSet(), dyn: new WeakSet(), pre: new WeakSet(), n: me.nonce };
  const host = W.location.hostname;
  const post = (f) => (W.scheduler || { postTask: setTimeout }).postTask(f, { priority: 'user-blocking' });
  K.base = new URL('.', me.src).href;
  // Held until the core. A returning visitor whose page holds something only the classifier can
  // decide (a request, undeclared markup, an unknown category: what stops the early release,
  // gate-early.js) gets the classifier's files preloaded at once, while the page is parsed,
  // rather than once the core asks for them after DOMContentLoaded. First visits: the banner first.
  // In a task of its own, ahead of the parser's next one (post: user-blocking): inserting the
  // first preloads costs 15-40 ms at 4x CPU, which would otherwise lengthen the parser's task.
  // Never once the core watches (K.ce, gate-core.js): it fetches the classifier itself then.
  K.h = (i) => {
    K.q.push(i);
    K.m && !K.pf && !K.ce && (!i.nodeType || (!K.sv(i, K.m) && K.in(i))) && (K.pf = 1,
    post(() => K.ce ||
      ['consentry-classifier.js', 'consentry.wasm', 'consentry-db' + (K.cfg.database == 'full' ? '-full' : '') + '.cdb']
        .forEach((f, i) => pre(K.base + f, i ? 'fetch' : 'script'))));
  };
  K.c = (s, f) => (K.cq.push([s, f]), 0);
  // Before the core: only local, same-host and Consentry's own URLs pass; the rest is held.
  K.u = (u) => {
    try {
      u = new URL(u, d.baseURI);
    } catch (e) {
      return 1;
    }
    return /^[hw]/.test(u.protocol) && u.hostname != host && !u.href.startsWith(K.base);
  };
  // Fail closed: one console.error; held requests are dropped, held elements stay held.
  K.fail = (m) => K.dead || (K.dead = 1,
    console.error('Consentry: ' + m + ' Nothing that needs consent will run.'),
    K.q.splice(0).forEach((K.h = (i) => i.no && i.no())));
  // Consentry's own scripts (K.ok: never gated; the hooks and the MutationObserver skip them).
  K.load = (f, s = d.createElement('script')) => (K.ok.add(s), new Promise((y, n) => d.head.append(Object.assign(s,
    { async: true, nonce: K.n, src: K.base + f, onload: y, onerror: n }))));

  // A config URL is preloaded here and fetched by the core (which fetches the classifier, the
  // wasm and the blob itself, only when something needs classifying).
  // A preload the core's fetch() (as 'fetch': CORS mode, hence crossOrigin) or K.load's script uses.
  const pre = (u, a = 'fetch') => d.head.append(Object.assign(d.createElement('link'), { rel: 'preload', as: a, nonce: K.n, href: u },
    a == 'fetch' && { crossOrigin: '' }));
  // The config is known (inline, or fetched by the core): read the stored record and the signals.
  // Every cookie of the record's name counts (other paths and domains, another site's on a parent
  // domain): the valid record with the latest choice wins.
  K.set = (c) => {
    const b = (K.b = basics((K.cfg = c), host));
    let r = readRecord();
    for (const [, v] of K.o.cg.call(d).matchAll(RegExp('(?:^|; )' + b.name + '=([^;]*)', 'g'))) {
      const x = readRecord(v, b.key, b.rev, Date.now() / 1e3);
      if (x.valid && !(x.last < r.last)) r = x;
    }
    K.rec = r;
    const n = W.navigator;
    let m = r.valid && r.granted;
    // Signal bits as the record stores them: 1 GPC seen, 2 GPC honoured (always), 4 DNT seen,
    // 8 DNT honoured (config.honorDnt).
    K.s = (n.globalPrivacyControl === true) * 3 | (n.doNotTrack == 1) * (c.honorDnt === true ? 12 : 4);
    // The effective grant: without the site's preferences category, preferences follow
    // analytical; a signal honoured now but not when the choice was made takes targeting back.
    (c.categories || 0).preferences === true || (m = (m & 13) | ((m >> 1) & 2));
    K.s & 10 & ~r.signals && (m &= 7);
    // A first visit: the banner's bundle, which shows the banner before the controller (early(K)),
    // requested before anything else, in the task right after this one (post): starting a
    // script's request here costs 5-8 ms at 4x CPU, which would lengthen the parser's task
    // (the cookie read above is the task's other big part, 11-15 ms, and has to stay).
    (K.m = m) || (K.ui = new Promise(post).then(() => K.load('consentry-ui.js')).then(() => (W.__consentryUi || 0).early?.(K)).then(() => 1, () => 0));
    // A change the page queued before a config URL was read: the stored choice is not pushed
    // (K.ce is 2 then, and 2 >> 1 is 1: mandatory alone, an update that grants nothing; K.ce is
    // unset when the config is inline).
    K.gu = gcmStart(W, c, K.ce >> 1 || m, K.cfgUrl);
  };
  const a = (me.getAttribute('data-config') || '{}').trim();
  if (a[0] != '{') pre((K.cfgUrl = a)); // relative to the page, as fetch() resolves it (before the gate: another host's URL)

  // The gate (no page script runs before it: this script is synchronous). K.ig: the same hooks
  // for same-origin frames (gate-frames.js). It keeps the native cookie accessors in K.o (cg:
  // K.set reads the record with it). The requests below start after this script has run either
  // way (a posted task, a promise).
  (K.ig = installGate)(K, W);
  installEarly(K, W); // a returning visitor's declared markup, without the core (gate-early.js)

  if (a[0] == '{') {
    try {
      K.set(JSON.parse(a));
    } catch (e) {
      K.fail('the inline data-config is not valid JSON (' + e.message + ').');
    }
  }
  // On a first visit the controller is requested once the banner is on screen.
  Promise.resolve(K.ui).then(() => K.load('consentry-core.js')).then(() => W.__consentryCoreLoader.start(K))
    .catch((e) => K.fail(K.base + 'consentry-core.js: ' + (e.message || 'load failed') + '.'));

  // window.consentry: until the core has loaded, calls are queued (and answer null). A change of
  // consent queued so (the first three) sets K.ce's bit 2: the stored choice is no longer the
  // page's, so the early release at DOMContentLoaded does nothing (K.ce, as when the core is
  // running), and what it released already but has not run yet waits (gate-release.js go()):
  // the core takes it back when it replays the call, and the new choice decides it. Consent Mode
  // is denied at once (K.gu): tags the gate lets through before the core (same-host ones) must
  // not go on under the stored choice; the core pushes the state the replayed calls leave.
  const api = (W.consentry = {});
  'acceptCategory rejectAll reset show hide showPreferences on off getConsent acceptedCategory'.split(' ').forEach((m, i) => {
    api[m] = (...x) => (K.api ? K.api[m](...x) : (K.calls.push([m, x]), i < 3 && (K.ce |= 2, K.gu?.(1)), null));
  });
}

main(self);
