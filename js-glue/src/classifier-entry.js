// Entry of dist/consentry-classifier.js: the Emscripten glue and the bridge (wasm-bridge.js, the
// only file that touches the Module), and the classifier's half of the gate (gate-activate.js:
// judging what is held, placeholders, the sweep). consentry-core.js loads it, together with consentry.wasm
// and the category blob, only when something on the page needs classifying (docs/js-contracts.md,
// "Loading order"); a page whose gated markup is all declared fetches it only for a choice made
// there (never for a returning visitor). It hands one frozen object to the page and touches
// nothing else:
//   createCore(options)  the bridge's createCore with the glue's factory
//   activateGate(g)      gate-activate.js, called by consentry-core.js's gate once the core is loaded
import ConsentryCore from '../../build/wasm/consentry.js';
import { activateGate } from './gate-activate.js';
import { createCore } from './wasm-bridge.js';

const classifier = Object.freeze({
  /** Same options as wasm-bridge.js createCore, minus the factory. */
  createCore: (options) => createCore({ ...options, factory: ConsentryCore }),
  activateGate,
});
if (typeof self !== 'undefined' && !self.__consentryClassifier) {
  Object.defineProperty(self, '__consentryClassifier', { value: classifier, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:classifier-loaded'));
}
