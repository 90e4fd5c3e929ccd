// Entry of dist/consentry-ui.js, loaded asynchronously by the bootstrap when the banner or the
// preferences are needed. It hands one frozen object to the page (and the frozen hook the
// language files register through) and touches nothing else until the bootstrap calls
// start(ctx) (docs/js-contracts.md).
import css from './styles.css';
import { validateUiConfig } from '../config-ui.js';
import { enabledOf, stateOf } from '../consent.js';
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
  const call = (m) => (...a) => (ui ? ui[m](...a) : queue.push([m, a]));
  return {
    show: call('show'),
    hide: call('hide'),
    showPreferences: call('showPreferences'),
    failed: call('failed'),
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
        for (const [m, a] of queue.splice(0)) ui[m](...a);
      })
      .catch((e) => console.error('Consentry: the banner UI failed', e)),
  };
}

function build(ctx) {
  const config = ctx.config || {};
  const lang = pickLanguage(config);
  const file = fileFor(config, lang);
  if (file) return later(ctx, config, lang, file);
  return { ...createUi(ctx, css, translator(config, lang)), ready: Promise.resolve() };
}

/**
 * A first visit's banner before the controller (consentry-core.js) has arrived: the bootstrap
 * calls early(K) once this bundle is there, and requests the controller only then, so the
 * banner's bytes have the line to themselves. The banner's fields of the config are validated
 * here exactly as the controller will (config-ui.js), the state is the undecided one the controller will report
 * (consent.js stateOf), and a choice made meanwhile is queued with the page's API calls for
 * the controller, in order (nothing is held or released by the UI). When the controller starts
 * the UI (start(ctx)), this instance adopts its ctx: listeners move over (and a choice made
 * between the controller's start and then is made there).
 */
let adopt = null;
let early = null;
// Resolves once the banner is visible (checked in each frame: in the page, not hidden, its
// entrance not transparent) and that frame has been painted, or 600 ms later (a hidden tab renders
// no frames): the bootstrap then requests the controller.
const onScreen = (u) =>
  u.ready.then(() => new Promise((resolve) => {
    let done = false;
    const r = () => done || ((done = true), resolve());
    const seen = (el) => el && el.isConnected && el.getClientRects().length > 0 &&
      (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
    const frame = () => done || requestAnimationFrame(() =>
      seen(document.querySelector('consentry-ui')?.shadowRoot?.querySelector('.banner')) ? setTimeout(r, 0) : frame());
    frame();
    setTimeout(r, 600);
  }));
function earlyStart(K) {
  if (early || K.api || K.dead || !K.cfg) return;
  try {
    // The banner's fields only, checked by the controller's own code for them (config-ui.js);
    // once the controller is there, ctx.config is its complete config.
    const cfg = validateUiConfig(K.cfg);
    let real = null;
    let waiting = null;
    let expected = false;
    const subs = [];
    const initial = stateOf(null, 1, enabledOf(cfg), K.s | 0);
    const ctx = Object.freeze({
      get config() {
        return real ? real.config : cfg;
      },
      getState: () => (real ? real.getState() : initial),
      // Before the controller the choice joins the page's queued API calls (K.calls), in the order
      // they were made (api.js replays them; K.ce bit 2, as for a queued acceptCategory); between
      // the controller's start and adopt() it waits for adopt().
      choose: (list, source) => (real ? real.choose(list, source)
        : K.api ? ((waiting = [list, source]), initial) : (K.calls.push(['choose', [list, source]]), (K.ce |= 2), initial)),
      items: () => (real ? real.items() : []),
      expect: () => (real ? real.expect && real.expect() : (expected = true)),
      on: (e, fn) => (real ? real.on(e, fn) : subs.push([e, fn])),
      off: (e, fn) => {
        if (real) return real.off(e, fn);
        const i = subs.findIndex((x) => x[0] == e && x[1] == fn);
        if (i >= 0) subs.splice(i, 1);
      },
    });
    early = build(ctx);
    // The controller never came (consentry-core.js failed to load, or failed before the API was
    // up: K.fail): nothing can record a choice on this page view. The banner says so, also when a
    // choice queued for the controller had closed it (it was not recorded); fail closed as ever.
    const fail = K.fail;
    K.fail = (m) => {
      const first = !K.dead;
      fail(m);
      if (first && !K.api && !real) early.failed(K.calls.some((c) => c[0] == 'choose'));
    };
    adopt = (c) => {
      real = c;
      for (const [e, fn] of subs.splice(0)) {
        c.on(e, fn);
        // Preferences opened before the controller listed no items and no declarations: a signal
        // to fill them in (ui.js onItems reads ctx.items() only when they are open: calling it here
        // would load the classifier on every first visit). A choice made on this banner before the
        // controller was replayed by it before this: the UI hears of it now (the floating button).
        if (e == 'items' || (e == 'change' && c.getState().decided)) fn();
      }
      if (expected && c.expect) c.expect();
      if (waiting) c.choose(...waiting);
      return early;
    };
    return onScreen(early);
  } catch (e) {
    early = null;
    console.error('Consentry: the banner UI failed', e);
  }
}

const ui = Object.freeze({
  /**
   * Renders the UI for `ctx`; returns { show(), hide(), showPreferences(), destroy(), ready }
   * (ready: a promise, settled once the UI is built). After early(): that UI, now on `ctx`.
   */
  start(ctx) {
    if (adopt) {
      const a = adopt;
      adopt = null;
      return a(ctx);
    }
    return build(ctx);
  },
  /**
   * A first visit, before the controller: the bootstrap's kernel K (see earlyStart). Returns a
   * promise settled once the banner is on screen (the bootstrap then requests the controller).
   */
  early: earlyStart,
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
