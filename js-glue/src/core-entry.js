// Entry of dist/consentry-core.js, loaded asynchronously by the bootstrap: the controller,
// everything of Consentry that does not have to be synchronous and needs no classification
// (config validation, the consent controller, Google Consent Mode updates, the public API, the
// gate's item list, frames and early release). The classifier (the Emscripten glue,
// wasm-bridge.js and the gate's judging, placeholders and sweep in consentry-classifier.js,
// consentry.wasm and the category blob) is fetched
// only when something needs classifying. It hands one frozen loader to the page and touches
// nothing else:
//   createCore(options)  loads consentry-classifier.js (next to this file), then the bridge's
//                        createCore with the glue's factory (tests, tools, the demo)
//   start(K)             called once by the bootstrap with its kernel (docs/js-contracts.md)
//
// Loading order (docs/js-contracts.md, "Loading order"): the controller and the API first. The
// classifier is needed by the first of: a held request, held markup that is undeclared (or whose
// declaration only the classifier can read), a cookie write or an existing cookie / storage key
// the gate must judge, a choice made on this page view, a call for the classified items (the
// preferences centre, the inspector). Until then nothing that needs it is decided (held, queued);
// on a first visit it comes after the banner's entrance. A returning visitor's declared markup
// that the stored choice grants is released without it (by the bootstrap, gate-early.js, when it
// gets there first) when the parsed page's markup and requests needed nothing else (cookies to
// judge do not count: they are about the sweep, not about the order of scripts); otherwise only
// once the wasm has compiled (a broken deployment releases nothing). The steps yield to the page
// in between, so that none is a long task.
import { policyOf, validateConfig } from './config.js';
import { createController } from './consent.js';
import { gcmHook } from './gcm.js';
import { createApi } from './api.js';
import { createGate } from './gate-core.js';

// Resolves once the document is parsed (at once when it is).
const parsed = (d) => new Promise((r) => (d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', r, { once: true }) : r()));

const reason = (e) => String((e && e.message) || e).replace(/^consentry:\s*/i, '');

async function fetchBytes(url, how) {
  const r = await how(url);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
  return r;
}

// Gives the page a turn (input, rendering) between two pieces of work. Not a timer: timers are
// throttled in background tabs. scheduler.yield() resumes ahead of the tasks already queued;
// `behind` queues after them (postTask, normal priority): after the bootstrap's early release,
// so that the released scripts run as soon as they arrive rather than after the whole setup.
const pause = (W, behind) =>
  behind && W.scheduler && W.scheduler.postTask ? W.scheduler.postTask(() => 0, { priority: 'user-visible' })
    : W.scheduler && W.scheduler.yield ? W.scheduler.yield() : new Promise((r) => {
      const c = new MessageChannel();
      c.port1.onmessage = () => r();
      c.port2.postMessage(0);
    });

// Cookie writes before the classifier: Consentry's own record and deletions pass (as the core
// lets them), a cookie the config declares is decided by its category and the current choice
// (queued while there is none: a choice brings the classifier, which decides the queue); any
// other write is queued and needs the classifier. Returns 1 write, 0 drop, -1 queue.
// The name a document.cookie write sets.
const cookieName = (s) => String(s).split(';')[0].split('=')[0].trim();

function cookieRule(cfg, ctl) {
  const declared = new Map(cfg.cookies.map((c) => [c.name, c.category]));
  const judge = (name) => {
    const cat = declared.get(name);
    if (cat == null) return -1;
    if (cat == 'mandatory') return 1;
    const s = ctl.getState();
    return s.decided ? (s.categories[cat] ? 1 : 0) : -2;
  };
  return {
    judge,
    write(s) {
      const parts = String(s).split(';');
      const name = cookieName(s);
      if (name == cfg.cookie.name) return 1;
      for (const p of parts.slice(1)) {
        const [k, v = ''] = p.split('=').map((x) => x.trim());
        if ((/^max-age$/i.test(k) && /^-?\d+$/.test(v) && +v <= 0) || (/^expires$/i.test(k) && Date.parse(v) <= Date.now())) return 1;
      }
      return judge(name);
    },
  };
}

// Cookies and storage keys already there that the sweep of a decided choice must judge: every
// one but Consentry's record and those the config declares with a category the choice grants.
function judgeExisting(K, W, cfg, rule) {
  const names = K.o.cg.call(W.document).split(/;\s*/).map((p) => p.split('=')[0]).filter((n) => n && n != cfg.cookie.name);
  for (const area of ['localStorage', 'sessionStorage']) {
    try {
      const st = W[area];
      for (let i = 0; st && i < st.length; i++) names.push(st.key(i));
    } catch (e) {
      // storage refused: nothing to sweep there
    }
  }
  return names.some((n) => rule.judge(n) != 1);
}

async function start(K) {
  const W = self;
  const d = W.document;
  let step = 'the config could not be read';
  let valid = null; // the validated config, once there (failClosed reuses it)
  let idleUi = () => 0; // a returning visitor's floating button (api.js), once the classifier is settled
  try {
    if (K.dead) return;
    // A returning visitor (inline config, valid record): the setup below waits for the parser, so
    // that it holds up neither the page's parsing nor the bootstrap's early release
    // (gate-early.js); until then the bootstrap holds and queues, as before the controller.
    if (K.m && d.readyState == 'loading') {
      await parsed(d);
      await pause(W); // not in the DOMContentLoaded task: the scripts released there run first
    }
    const released = !!(K.rel && K.rel.length); // by the bootstrap at DOMContentLoaded
    if (K.dead) return;
    const f = (u) => K.o.f.call(W, u);
    if (!K.cfg) K.set(await (await fetchBytes(K.cfgUrl, f)).json());
    step = 'the config could not be used';
    const { cfg, problems } = (valid = validateConfig(K.cfg, W.location));
    if (problems.length) console.warn('Consentry: config problems (the safe default is used for each):\n  ' + problems.join('\n  '));
    const ctl = createController({ K, cfg, W });
    const gcmResend = gcmHook({ W, cfg, ctl });

    // The classifier: asked for once, by the first thing that needs it. `markup`: the gate asked
    // (held markup or requests, a choice, the items), not only a cookie.
    let asked = false;
    let markup = false;
    let want;
    const wanted = new Promise((r) => (want = r));
    const need = () => asked || ((asked = true), want());
    const dbFile = K.base + 'consentry-db' + (cfg.database == 'full' ? '-full' : '');
    // The database's texts (purposes, retention): only the item list shows them, so they are
    // fetched when the list is first wanted (gate-core.js).
    const texts = () => fetchBytes(dbFile + '-texts.cdb', f).then((r) => r.arrayBuffer());
    const gate = createGate({ K, W, cfg, ctl, need: () => ((markup = true), need()), texts });
    await pause(W, released); // the setup in short tasks: a script released meanwhile is not kept waiting
    if (K.dead) return;

    // Cookie writes until the classifier is there (the queued ones first). The page's order is
    // kept: a write that could pass now (a deletion, a declared cookie) waits behind a queued
    // write of the same name (a write then its deletion must not become the deletion, then the
    // write). A change of consent the page queued before the core (K.ce bit 2, bootstrap.js) is
    // replayed below, after these: the writes queued with it wait for the classifier, which
    // decides them under the choice the page made, not the stored one.
    const rule = cookieRule(cfg, ctl);
    const waiting = new Set(); // the names in K.cq (a lookup per write, not a scan of the queue)
    const wait = (s, replay) => (K.cq.push([s, replay]), waiting.add(cookieName(s)));
    const cookie = (s, replay) => {
      const v = rule.write(s);
      if (v < 0 || (v > 0 && waiting.has(cookieName(s)))) {
        wait(s, replay);
        if (v == -1) need();
        return false;
      }
      return v > 0;
    };
    const queued = K.cq.splice(0);
    if (K.ce & 2) for (const [s, replay] of queued) wait(s, replay);
    else for (const [s, replay] of queued) if (cookie(s, replay)) replay();
    K.c = cookie;

    let bannerShown;
    // expect: the visitor is about to choose on the banner (ctx.expect): a choice needs the
    // classifier, so its files start now rather than at the click.
    const queuedChange = K.ce & 2; // the bootstrap denied Consent Mode until the replay (K.gu)
    ({ bannerShown, idleUi } = createApi({ K, W, cfg, ctl, gate, expect: need }));
    if (queuedChange) gcmResend();
    gate.watch();
    ctl.follow(); // the stored choice, changed by another tab, window or page (consent.js)
    await pause(W, released);
    if (K.dead) return;
    if (ctl.decided() && judgeExisting(K, W, cfg, rule)) need();

    // A returning visitor: once the page is parsed, if its markup and requests needed nothing
    // else, declared markup the stored choice grants is released at once; otherwise after the
    // wasm compiled.
    let early = false;
    if (K.rec && K.rec.valid) {
      await parsed(d);
      if (K.dead) return;
      if (!markup) {
        gate.early();
        early = true;
      }
    }
    // A first visit: the banner first.
    if (!ctl.decided()) await bannerShown();
    if (K.dead) return;
    let ready = false;
    if (!asked) {
      // Everything held is decided without the classifier (released, or waiting for a choice).
      ready = true;
      W.dispatchEvent(new Event('consentry:core-ready'));
      idleUi();
      await wanted;
    }
    if (K.dead) return;

    step = 'the classifier could not load';
    const glue = W.__consentryClassifier ? Promise.resolve() : K.load('consentry-classifier.js');
    glue.catch(() => 0); // awaited below, after the wasm and the blob
    const db = fetchBytes(dbFile + '.cdb', f).then((r) => r.arrayBuffer());
    db.catch(() => 0);
    step = 'the wasm core could not load';
    // Compiled while it arrives (a server that does not say application/wasm: from the bytes);
    // the compiled module goes to the bridge, so it is compiled once.
    const res = await fetchBytes(K.base + 'consentry.wasm', f);
    const fallback = res.clone();
    const wasmModule = await WebAssembly.compileStreaming(res).catch((e) => {
      if (e instanceof TypeError && /MIME|Content-Type/i.test(String(e.message))) return fallback.arrayBuffer().then((x) => WebAssembly.compile(x));
      throw e;
    });
    if (K.dead) return;
    if (!early) gate.early();
    await pause(W);

    step = 'the category database could not load';
    const blob = await db;
    step = 'the classifier could not load';
    await glue.catch(() => {
      throw new Error(K.base + 'consentry-classifier.js: load failed');
    });
    const C = W.__consentryClassifier;
    if (!C || typeof C.createCore != 'function' || typeof C.activateGate != 'function') throw new Error('consentry-classifier.js did not define __consentryClassifier');
    step = 'the category database was refused';
    const core = await C.createCore({ wasmModule, db: blob }).catch((e) => {
      // The bridge prefixes its own (wasm) failures; anything else is loadDatabase's reason.
      if (/^consentry:/i.test(String(e && e.message))) step = 'the wasm core could not load';
      throw e;
    });
    await pause(W);
    const policyProblems = core.configure(policyOf(cfg));
    if (policyProblems.length) console.warn('Consentry: policy problems:\n  ' + policyProblems.join('\n  '));
    if (K.dead) return;
    await pause(W);
    step = 'the gate could not start';
    await gate.activate(core, C, () => pause(W));
    K.core = core;
    W.dispatchEvent(new Event('consentry:classifier-ready'));
    if (!ready) W.dispatchEvent(new Event('consentry:core-ready'));
  } catch (e) {
    let why = reason(e);
    if (/Content.Security.Policy|unsafe-eval/i.test(why)) why += "; the page's Content-Security-Policy needs 'wasm-unsafe-eval' in script-src";
    K.fail(`${step} (${why}).`);
    failClosed(K, valid && valid.cfg);
  } finally {
    idleUi(); // the classifier is in, or the core stopped (failed or dead): the button may come
  }
}

// Without the core nothing can be classified: held things stay held. Cookie writes the site
// declared mandatory (config.cookies) still pass, queued or new; every other write is dropped.
function failClosed(K, cfg) {
  try {
    cfg = cfg || (K.cfg && validateConfig(K.cfg, self.location).cfg);
  } catch (e) {
    cfg = null;
  }
  const allowed = new Set(cfg ? cfg.cookies.filter((c) => c.category == 'mandatory').map((c) => c.name) : []);
  K.c = (s) => allowed.has(cookieName(s));
  for (const [s, replay] of K.cq.splice(0)) if (K.c(s)) replay();
}

// consentry-classifier.js next to this file, for createCore outside a page view (the demo's
// classify page, the throughput benchmark).
const me = typeof document != 'undefined' && document.currentScript;
const here = me && me.src ? new URL('.', me.src).href : '';
let classifierLoad = null;
const classifier = () =>
  (classifierLoad = classifierLoad || new Promise((resolve, reject) => {
    if (self.__consentryClassifier) return resolve(self.__consentryClassifier);
    const s = Object.assign(document.createElement('script'), { src: here + 'consentry-classifier.js', nonce: (me && me.nonce) || '' });
    s.onload = () => (self.__consentryClassifier ? resolve(self.__consentryClassifier) : reject(new Error('consentry-classifier.js did not load')));
    s.onerror = () => reject(new Error('consentry-classifier.js did not load'));
    document.head.append(s);
  }));

const loader = Object.freeze({
  /** Same options as wasm-bridge.js createCore, minus the factory; loads the classifier first. */
  createCore: (options) => classifier().then((C) => C.createCore(options)),
  start,
});
if (typeof self !== 'undefined' && !self.__consentryCoreLoader) {
  Object.defineProperty(self, '__consentryCoreLoader', { value: loader, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:core-loaded'));
}
