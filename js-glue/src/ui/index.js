// Entry of dist/consentry-ui.js, loaded asynchronously by the bootstrap when the banner or the
// preferences are needed. It hands one frozen object to the page and touches nothing else
// until the bootstrap calls start(ctx) (docs/js-contracts.md).
import css from './styles.css';
import { createUi } from './ui.js';

const ui = Object.freeze({
  /** Renders the UI for `ctx`; returns { show(), hide(), showPreferences(), destroy() }. */
  start: (ctx) => createUi(ctx, css),
});
if (typeof self !== 'undefined' && !self.__consentryUi) {
  Object.defineProperty(self, '__consentryUi', { value: ui, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:ui-loaded'));
}
