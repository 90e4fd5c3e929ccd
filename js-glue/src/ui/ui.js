// The visible half of Consentry: first layer (bar / box / modal), preferences centre and the
// floating "withdraw" button, rendered into one shadow root from what ctx says
// (docs/js-contracts.md). The UI never decides anything itself: every choice goes through
// ctx.choose(); closing or Escape records nothing and grants nothing. The preferences centre's
// own part (switches, item lists, its styles) is dist/consentry-ui-prefs.js (prefs.js),
// fetched at idle time once something is on screen, or at once when it is asked for first.
import { afterPaint, deepActive, focusables, h, icon, safeUrl } from './dom.js';
import { loadPrefs, prefsLoaded } from './load-prefs.js';

const LAYOUTS = ['bar', 'box', 'modal'];
const ICON_CLOSE = ['M6 6l12 12M18 6 6 18'];
// A cookie with a bite taken out (the "change my cookie choice" button).
const ICON_COOKIE = [
  'M20.9 12.6a9 9 0 1 1-9.5-9.5 3 3 0 0 0 3.6 3.6 3 3 0 0 0 3.3 3.3 3 3 0 0 0 2.6 2.6Z',
  'M8.5 9.5h.01M15.5 15h.01M10 15.5h.01M12 12h.01',
];

/** Physical position classes for the first layer. */
function positionOf(layout, position) {
  const p = typeof position === 'string' ? position : '';
  if (layout === 'bar') return p.startsWith('top') ? 'top' : 'bottom';
  if (layout !== 'box') return 'center';
  const v = p.startsWith('top') ? 'top' : 'bottom';
  const x = p.endsWith('left') ? 'left' : p.endsWith('right') ? 'right' : 'end';
  return `${v} ${x}`;
}

// Constructable stylesheets (the first layer's; the preferences centre's once its bundle is
// there), each parsed once (possibly while a language file is loading) and adopted by every
// shadow root this page view creates.
const sheets = new Map(); // css text -> CSSStyleSheet
/** Parses the styles ahead of createUi(); false without constructable stylesheets. */
export function prepareCss(css) {
  try {
    if (!sheets.has(css)) {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      sheets.set(css, s);
    }
    return true;
  } catch {
    return false;
  }
}

function adoptCss(shadow, css) {
  if (prepareCss(css)) shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheets.get(css)];
  // No constructable stylesheets (Safari < 16.4): a <style> element inside the shadow root.
  else shadow.append(h('style', null, css));
}

const usable = (el) =>
  !!el && el.isConnected && el !== document.body && el !== document.documentElement && typeof el.focus === 'function';

/** `t` is the translator (i18n.js) of the language to show, its texts already at hand. */
export function createUi(ctx, css, t) {
  const config = ctx.config || {};
  const layout = LAYOUTS.includes(config.layout) ? config.layout : 'box';
  const where = positionOf(layout, config.position);
  const topLayer = typeof HTMLElement.prototype.showPopover === 'function';

  const host = document.createElement('consentry-ui');
  const shadow = host.attachShadow({ mode: 'open' });
  adoptCss(shadow, css);
  const root = h('div', { class: 'root', lang: t.lang, dir: t.dir });
  shadow.append(root);

  let view = 'none'; // 'none' | 'banner' | 'prefs'
  let dismissed = false; // the banner was closed without a choice (this page view only)
  let banner = null;
  let bannerPrefsButton = null;
  let prefs = null;
  let prefsView = null; // what consentry-ui-prefs.js built: { el, fill(), sync(state) }
  let prefsCss = false; // its styles are in this shadow root
  let prefsFromBanner = false;
  let wanted = null; // preferences asked for before consentry-ui-prefs.js arrived
  let prefetch = false;
  let fabWrap = null;
  let origin = null; // where focus goes back to when the UI closes
  let destroyed = false;
  let failure = false; // no choice can be recorded on this page view (failed())
  let wasDecided = !!state().decided;

  function state() {
    try {
      return ctx.getState() || {};
    } catch (e) {
      console.error('consentry: getState failed', e);
      return {};
    }
  }
  const enabledOf = (s) => (Array.isArray(s.enabled) && s.enabled.length ? s.enabled : ['mandatory']);

  // ---- visibility helpers (top layer when the browser has popovers, z-index otherwise) ----
  function reveal(el) {
    el.hidden = false;
    if (topLayer && el.isConnected) {
      if (!el.popover) el.popover = 'manual';
      if (!el.matches(':popover-open')) el.showPopover();
    }
  }
  function conceal(el) {
    if (topLayer && el.popover && el.matches(':popover-open')) el.hidePopover();
    el.hidden = true;
  }

  // ---- pieces ----
  const button = (label, onclick, extra) => h('button', { type: 'button', class: 'btn', onclick, ...extra }, label);
  const closeButton = (onclick) =>
    h('button', { type: 'button', class: 'close', 'aria-label': t('close'), title: t('close'), onclick }, icon(ICON_CLOSE));
  function policyLink() {
    const url = safeUrl(config.privacyPolicyUrl);
    return url ? [' ', h('a', { href: url, class: 'link' }, t('policy'))] : null;
  }
  function signalNote(s) {
    const honoured = s.honoured || {};
    return honoured.gpc || honoured.dnt ? h('p', { class: 'signal' }, t('signal')) : null;
  }
  function trapFocus(e, container) {
    if (e.key !== 'Tab') return;
    const list = focusables(container);
    if (!list.length) {
      e.preventDefault();
      return;
    }
    const first = list[0];
    const last = list[list.length - 1];
    const active = shadow.activeElement;
    if (e.shiftKey && (active === first || active === container || !container.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !container.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  }
  function modalDialog(cls, labelId, descId, onCancel, children) {
    const d = h('dialog', { class: `panel ${cls}`, 'aria-labelledby': labelId, 'aria-describedby': descId, 'aria-modal': 'true', tabindex: '-1' }, children);
    d.addEventListener('keydown', (e) => trapFocus(e, d));
    d.addEventListener('cancel', (e) => {
      e.preventDefault();
      onCancel();
    });
    // If the browser closed it anyway (a second Escape without user activation), catch up.
    d.addEventListener('close', () => {
      if (d === banner || d === prefs) onCancel();
    });
    return d;
  }

  // ---- first layer ----
  function buildBanner() {
    const s = state();
    const choiceButtons = h(
      'div',
      { class: 'actions' },
      button(t('acceptAll'), () => choose(enabledOf(state()).slice(), 'accept-all'), { 'data-action': 'accept-all' }),
      button(t('rejectAll'), () => choose(['mandatory'], 'reject-all'), { 'data-action': 'reject-all' }),
      (bannerPrefsButton = button(t('prefs'), () => openPrefs(true), { 'data-action': 'preferences' })),
    );
    // After failed(): what went wrong instead of the choices, announced (role=alert).
    const content = failure
      ? [h('div', { class: 'text' }, h('h2', { class: 'title', id: 'c-title' }, t('title')),
        h('p', { class: 'desc failed', id: 'c-desc', role: 'alert' }, t('failed'), policyLink()))]
      : [
        h(
          'div',
          { class: 'text' },
          h('h2', { class: 'title', id: 'c-title' }, t('title')),
          h('p', { class: 'desc', id: 'c-desc' }, t('text'), policyLink()),
          signalNote(s),
        ),
        choiceButtons,
      ];
    if (layout === 'modal') {
      return modalDialog('banner modal', 'c-title', 'c-desc', dismiss, [...content, closeButton(dismiss)]);
    }
    const el = h(
      'div',
      { class: `banner region ${layout} ${where}`, role: 'region', 'aria-label': t('title'), hidden: true },
      h('div', { class: 'inner' }, content),
      closeButton(dismiss),
    );
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        dismiss();
      }
    });
    el.addEventListener('focusin', (e) => {
      const from = e.relatedTarget;
      if (from && !root.contains(from)) origin = from;
    });
    return el;
  }

  function showBanner() {
    if (destroyed || view === 'banner') return;
    if (view === 'none') origin = deepActive();
    removePrefs();
    banner = buildBanner();
    reaching(banner);
    root.append(banner);
    view = 'banner';
    updateFab();
    if (layout === 'modal') {
      banner.showModal();
      banner.focus();
    } else {
      reveal(banner);
    }
    prefetchPrefs();
  }

  function removeBanner() {
    const b = banner;
    banner = null;
    bannerPrefsButton = null;
    if (!b) return;
    if (b.tagName === 'DIALOG' && b.open) b.close();
    else conceal(b);
    b.remove();
  }

  // ---- preferences centre ----
  /**
   * Once something is on screen: the preferences' bundle at idle time, after it has been
   * painted visibly (dom.js afterPaint) and after the page's load event (it never delays the banner, nor the page's own
   * resources or load event).
   */
  function prefetchPrefs() {
    if (prefetch) return;
    prefetch = true;
    const idle = () => (self.requestIdleCallback || setTimeout)(() => destroyed || loadPrefs(), { timeout: 2000 });
    afterPaint(() => (document.readyState === 'complete' ? idle() : self.addEventListener('load', idle, { once: true })));
  }

  function setBusy(el, on) {
    if (el) on ? el.setAttribute('aria-busy', 'true') : el.removeAttribute('aria-busy');
  }

  /** Preferences asked for before their bundle is there: opened when it arrives. */
  function waitForPrefs(fromBanner) {
    const w = {
      fromBanner,
      origin: view === 'none' ? deepActive() : null,
      button: view === 'banner' ? bannerPrefsButton : fabWrap && !fabWrap.hidden ? fabWrap.firstChild : null,
    };
    wanted = w;
    setBusy(w.button, true);
    loadPrefs().then((P) => {
      setBusy(w.button, false);
      if (wanted !== w) return; // a choice, hide(), destroy() or a later request came first
      wanted = null;
      if (P) openPrefs(w.fromBanner, w.origin);
    });
  }

  function openPrefs(fromBanner, from) {
    if (destroyed) return;
    if (failure) return showBanner(); // nothing could be saved: the banner says why
    if (view === 'prefs') {
      prefs.focus();
      return;
    }
    const P = prefsLoaded();
    if (!P) return waitForPrefs(fromBanner);
    if (view === 'none') origin = from || deepActive();
    prefsFromBanner = fromBanner && !state().decided;
    removeBanner();
    if (!prefsCss) adoptCss(shadow, P.css);
    prefsCss = true;
    prefsView = P.build({ ctx, config, t, h, state, enabledOf, button, closeButton, policyLink, signalNote, modalDialog, choose, close: closePrefs });
    prefs = prefsView.el;
    prefsView.fill();
    root.append(prefs);
    view = 'prefs';
    updateFab();
    prefs.showModal();
    prefs.focus();
  }

  function removePrefs() {
    const p = prefs;
    prefs = null;
    prefsView = null;
    if (!p) return;
    if (p.open) p.close();
    p.remove();
  }

  /** Close / Escape in the preferences: nothing saved. Back to the first layer if it led here. */
  function closePrefs() {
    if (view !== 'prefs') return;
    if (prefsFromBanner && !state().decided && !dismissed) {
      view = 'none';
      removePrefs();
      const keep = origin;
      showBanner();
      origin = keep;
      if (bannerPrefsButton) bannerPrefsButton.focus();
      return;
    }
    closeAll();
  }

  // A pointer over the banner or the floating button, or a key pressed in it: the visitor is about
  // to choose, and a choice (and the preferences' lists) needs the classifier: ctx.expect fetches
  // it now instead of at the click.
  function reaching(el) {
    for (const type of ['pointerover', 'keydown']) el.addEventListener(type, () => ctx.expect && ctx.expect(), { once: true });
  }

  // ---- floating button ----
  function updateFab() {
    const s = state();
    const want = !destroyed && config.floatingButton !== false && view === 'none' && (!!s.decided || dismissed);
    if (want && !fabWrap) {
      fabWrap = h(
        'div',
        { class: 'fab-wrap', role: 'region', 'aria-label': t('prefsTitle'), hidden: true },
        h('button', { type: 'button', class: 'fab', 'aria-label': t('prefsTitle'), title: t('prefsTitle'), onclick: () => openPrefs(false) }, icon(ICON_COOKIE)),
      );
      reaching(fabWrap);
      root.prepend(fabWrap);
    }
    if (fabWrap) {
      if (want) {
        reveal(fabWrap);
        prefetchPrefs();
      } else conceal(fabWrap);
    }
  }

  // ---- transitions ----
  function closeAll() {
    wanted = null;
    const hadFocus = !!shadow.activeElement;
    removeBanner();
    removePrefs();
    view = 'none';
    updateFab();
    const back = origin;
    origin = null;
    if (hadFocus) {
      if (usable(back)) back.focus();
      else if (shadow.activeElement) shadow.activeElement.blur();
    }
  }

  /** Close button / Escape on the first layer: hidden for this page view, nothing recorded. */
  function dismiss() {
    if (view !== 'banner') return;
    dismissed = true;
    closeAll();
  }

  function choose(categories, source) {
    let result;
    try {
      result = ctx.choose(categories, source);
    } catch (e) {
      console.error('consentry: choose failed', e);
    }
    dismissed = false;
    wasDecided = !!state().decided;
    closeAll();
    return result;
  }

  // ---- outside world ----
  function onChange() {
    const s = state();
    const decided = !!s.decided;
    if (decided && view === 'banner') {
      dismissed = false;
      closeAll();
    } else if (view === 'prefs' && decided) {
      prefsView.sync(s);
    } else if (!decided && wasDecided && view === 'prefs') {
      // Reset (here or elsewhere) while the preferences are open: closing them asks again.
      prefsView.sync(s);
      prefsFromBanner = true;
      dismissed = false;
    } else if (!decided && wasDecided && view === 'none') {
      // The record was reset: ask again.
      dismissed = false;
      showBanner();
    }
    wasDecided = decided;
    updateFab();
  }
  function onItems() {
    if (view === 'prefs') prefsView.fill();
  }
  function onDocClick(e) {
    const path = typeof e.composedPath === 'function' ? e.composedPath() : [e.target];
    for (const n of path) {
      if (n === host || n === document) return;
      if (n instanceof Element && n.hasAttribute('data-consentry-open')) {
        e.preventDefault();
        if (n.getAttribute('data-consentry-open') === 'banner') {
          dismissed = false;
          showBanner();
        } else {
          openPrefs(false);
        }
        return;
      }
    }
  }

  ctx.on('change', onChange);
  ctx.on('items', onItems);
  document.addEventListener('click', onDocClick);

  function mount() {
    if (destroyed) return;
    const parent = document.body || document.documentElement;
    // First in <body>: early in the tab order, and position: fixed / top layer means it
    // never moves the page's content.
    parent.insertBefore(host, parent.firstChild);
    if (!state().decided) showBanner();
    else updateFab();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  return {
    show() {
      dismissed = false;
      wanted = null;
      showBanner();
    },
    hide() {
      if (view !== 'none' && !state().decided) dismissed = true;
      closeAll();
    },
    showPreferences() {
      openPrefs(false);
    },
    /**
     * No choice can be recorded on this page view (consentry-core.js did not load): the banner
     * says so, without choices, when it is open or `chosen` (a choice it closed for never reached
     * the controller); a banner closed without a choice stays closed. Nothing is granted.
     */
    failed(chosen) {
      if (destroyed || failure) return;
      failure = true;
      if (view === 'none' && !chosen) return;
      closeAll();
      dismissed = false;
      showBanner();
    },
    destroy() {
      if (destroyed) return;
      closeAll();
      destroyed = true;
      ctx.off('change', onChange);
      ctx.off('items', onItems);
      document.removeEventListener('click', onDocClick);
      host.remove();
    },
  };
}
