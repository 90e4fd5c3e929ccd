// Entry of dist/consentry-ui.js, loaded asynchronously by the bootstrap when the banner or the
// preferences are needed. It hands one frozen object to the page (and the frozen hook the
// language files register through) and touches nothing else until the bootstrap calls
// start(ctx) (docs/js-contracts.md).
import css from './styles.css';
import { fileFor, pickLanguage, siteHas, translator } from './i18n.js';
import { hook, loadTexts } from './load-texts.js';
import { createUi, prepareCss } from './ui.js';

/**
 * The page's language is not English: its file is requested first thing, and the UI is built
 * only once it has arrived (or failed: English), so no English text is ever shown first.
 * Calls made meanwhile are replayed in order.
 */
function later(ctx, config, lang, file) {
  const pending = loadTexts(file);
  prepareCss(css);
  let ui = null;
  let destroyed = false;
  const queue = [];
  const call = (m) => () => (ui ? ui[m]() : queue.push(m));
  return {
    show: call('show'),
    hide: call('hide'),
    showPreferences: call('showPreferences'),
    destroy() {
      destroyed = true;
      if (ui) ui.destroy();
    },
    ready: pending
      .then((texts) => {
        if (destroyed) return;
        // Without the file: English, unless the site supplies texts for this language itself.
        const shown = texts || siteHas(config, lang) ? lang : 'en';
        ui = createUi(ctx, css, translator(config, shown, texts));
        for (const m of queue.splice(0)) ui[m]();
      })
      .catch((e) => console.error('Consentry: the banner UI failed', e)),
  };
}

const ui = Object.freeze({
  /**
   * Renders the UI for `ctx`; returns { show(), hide(), showPreferences(), destroy(), ready }
   * (ready: a promise, settled once the UI is built).
   */
  start(ctx) {
    const config = ctx.config || {};
    const lang = pickLanguage(config);
    const file = fileFor(config, lang);
    if (file) return later(ctx, config, lang, file);
    return { ...createUi(ctx, css, translator(config, lang)), ready: Promise.resolve() };
  },
  /**
   * Optional, before start(): requests the language file `config` will need right away (for a
   * bootstrap that loads this bundle before it has a ctx). start() reuses the same request.
   */
  prepare(config) {
    const file = fileFor(config || {}, pickLanguage(config || {}));
    if (file) loadTexts(file);
  },
});
if (typeof self !== 'undefined' && !self.__consentryUi) {
  try {
    Object.defineProperty(self, '__consentryUiTexts', { value: hook });
  } catch {
    // Already taken (non-configurable): language files cannot register; the UI shows English.
  }
  Object.defineProperty(self, '__consentryUi', { value: ui, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:ui-loaded'));
}
