// Entry of dist/consentry-core.js, loaded asynchronously by the bootstrap: the Emscripten glue
// plus the bridge. It hands one frozen loader to the page and touches nothing else.
import ConsentryCore from '../../build/wasm/consentry.js';
import { createCore } from './wasm-bridge.js';

const loader = Object.freeze({
  /** Same options as createCore, minus the factory. */
  createCore: (options) => createCore({ ...options, factory: ConsentryCore }),
});
if (typeof self !== 'undefined' && !self.__consentryCoreLoader) {
  Object.defineProperty(self, '__consentryCoreLoader', { value: loader, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:core-loaded'));
}
