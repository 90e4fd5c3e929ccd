// Entry of dist/consentry-core.js, loaded asynchronously by the bootstrap: the Emscripten glue,
// the bridge, and everything of Consentry that does not have to be synchronous (config
// validation, the consent controller, Google Consent Mode updates, the public API, the gate's
// decisions, releases, placeholders and sweep). It hands one frozen loader to the page and
// touches nothing else:
//   createCore(options)  the bridge's createCore with the glue's factory (tests, tools)
//   start(K)             called once by the bootstrap with its kernel (docs/js-contracts.md)
//
// Loading order (docs/js-contracts.md, "Loading order"): the controller and the API first; on a
// first visit the wasm and the blob are fetched only once the banner is up (they would compete
// with the banner's bundles); for a returning visitor at once, and declared markup the stored
// choice grants is released as soon as the wasm has compiled, before the blob and the first
// classification. The steps yield to the page in between, so that none is a long task.
import ConsentryCore from '../../build/wasm/consentry.js';
import { createCore } from './wasm-bridge.js';
import { policyOf, validateConfig } from './config.js';
import { createController } from './consent.js';
import { gcmHook } from './gcm.js';
import { createApi } from './api.js';
import { createGate } from './gate-core.js';

const reason = (e) => String((e && e.message) || e).replace(/^consentry:\s*/i, '');

async function fetchBytes(url, how) {
  const r = await how(url);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
  return r;
}

// Gives the page a turn (input, rendering) between two pieces of work. Not a timer: timers are
// throttled in background tabs.
const pause = (W) =>
  W.scheduler && W.scheduler.yield ? W.scheduler.yield() : new Promise((r) => {
    const c = new MessageChannel();
    c.port1.onmessage = () => r();
    c.port2.postMessage(0);
  });

async function start(K) {
  const W = self;
  let step = 'the config could not be read';
  try {
    if (K.dead) return;
    const f = (u) => K.o.f.call(W, u);
    if (!K.cfg) K.set(await (await fetchBytes(K.cfgUrl, f)).json());
    step = 'the config could not be used';
    const { cfg, problems } = validateConfig(K.cfg, W.location);
    if (problems.length) console.warn('Consentry: config problems (the safe default is used for each):\n  ' + problems.join('\n  '));
    const ctl = createController({ K, cfg, W });
    gcmHook({ W, cfg, ctl });
    const gate = createGate({ K, W, cfg, ctl });
    const { bannerShown } = createApi({ K, W, cfg, ctl, gate });

    // A first visit: the banner first.
    if (!ctl.decided()) await bannerShown();
    if (K.dead) return;
    const db = fetchBytes(K.base + 'consentry-db' + (cfg.database == 'full' ? '-full' : '') + '.cdb', f).then((r) => r.arrayBuffer());
    db.catch(() => 0); // awaited below, after the wasm
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
    gate.early();
    await pause(W);

    step = 'the category database could not load';
    const blob = await db;
    step = 'the category database was refused';
    const core = await createCore({ factory: ConsentryCore, wasmModule, db: blob }).catch((e) => {
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
    await gate.activate(core, () => pause(W));
    K.core = core;
    W.dispatchEvent(new Event('consentry:core-ready'));
  } catch (e) {
    let why = reason(e);
    if (/Content.Security.Policy|unsafe-eval/i.test(why)) why += "; the page's Content-Security-Policy needs 'wasm-unsafe-eval' in script-src";
    K.fail(`${step} (${why}).`);
    failClosed(K);
  }
}

// Without the core nothing can be classified: held things stay held. Cookie writes the site
// declared mandatory (config.cookies) still pass, queued or new; every other write is dropped.
function failClosed(K) {
  let cfg = null;
  try {
    cfg = K.cfg && validateConfig(K.cfg, self.location).cfg;
  } catch (e) {
    cfg = null;
  }
  const allowed = new Set(cfg ? cfg.cookies.filter((c) => c.category == 'mandatory').map((c) => c.name) : []);
  K.c = (s) => allowed.has(String(s).split(';')[0].split('=')[0].trim());
  for (const [s, replay] of K.cq.splice(0)) if (K.c(s)) replay();
}

const loader = Object.freeze({
  /** Same options as createCore, minus the factory. */
  createCore: (options) => createCore({ ...options, factory: ConsentryCore }),
  start,
});
if (typeof self !== 'undefined' && !self.__consentryCoreLoader) {
  Object.defineProperty(self, '__consentryCoreLoader', { value: loader, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:core-loaded'));
}
