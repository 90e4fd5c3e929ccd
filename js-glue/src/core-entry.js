// Entry of dist/consentry-core.js, loaded asynchronously by the bootstrap: the Emscripten glue,
// the bridge, and everything of Consentry that does not have to be synchronous (config
// validation, the consent controller, the public API, the gate's decisions, releases,
// placeholders and sweep). It hands one frozen loader to the page and touches nothing else:
//   createCore(options)  the bridge's createCore with the glue's factory (tests, tools)
//   start(K)             called once by the bootstrap with its kernel (docs/js-contracts.md)
import ConsentryCore from '../../build/wasm/consentry.js';
import { createCore } from './wasm-bridge.js';
import { policyOf, validateConfig } from './config.js';
import { createController } from './consent.js';
import { createApi } from './api.js';
import { createGate } from './gate-core.js';

const reason = (e) => String((e && e.message) || e).replace(/^consentry:\s*/i, '');

async function fetchBytes(url, how) {
  const r = await how(url);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url}`);
  return r;
}

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
    const gate = createGate({ K, W, cfg, ctl });
    createApi({ K, W, cfg, ctl, gate });

    step = 'the category database could not load';
    const db = await (await fetchBytes(K.db, f)).arrayBuffer();
    step = 'the category database was refused';
    const core = await createCore({ factory: ConsentryCore, wasmUrl: K.base + 'consentry.wasm', db }).catch((e) => {
      // The bridge prefixes its own (wasm) failures; anything else is loadDatabase's reason.
      if (/^consentry:/i.test(String(e && e.message))) step = 'the wasm core could not load';
      throw e;
    });
    const policyProblems = core.configure(policyOf(cfg));
    if (policyProblems.length) console.warn('Consentry: policy problems:\n  ' + policyProblems.join('\n  '));
    if (K.dead) return;
    step = 'the gate could not start';
    gate.activate(core);
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
