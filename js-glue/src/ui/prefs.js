// Entry of dist/consentry-ui-prefs.js: the preferences centre's own part (the category switches,
// the cookie and service lists of items.js, their styles), fetched by consentry-ui.js at idle
// time once the banner or the floating button is on screen, or at once when the preferences are
// asked for first (load-prefs.js). It hands one frozen object to the page,
// self.__consentryUiPrefs = { css, build(kit) }, and touches nothing else; ui.js calls build()
// with its own helpers, translator and ctx (docs/js-contracts.md). Texts come through the kit's
// translator (the language files carry both layers), with this layer's English (en-prefs.js)
// as its last fallback.
import css from './prefs.css';
import EN_PREFS from './en-prefs.js';
import { groupItems } from './items.js';

const CAT_KEY = { mandatory: 'catMandatory', preferences: 'catPreferences', analytical: 'catAnalytical', targeting: 'catTargeting' };

/** Returns { el (the <dialog>, not yet in the page), fill() (the item lists), sync(state) }. */
function build({ ctx, config, t: banner, h, state, enabledOf, button, closeButton, policyLink, signalNote, modalDialog, choose, close }) {
  const t = banner.and(EN_PREFS);
  const switches = new Map();
  const itemLists = new Map();

  // The consent cookie as the config `c` names it.
  function consentCookie(c) {
    const days = Math.max(Number(c.acceptedDays) || 0, Number(c.refusedDays) || 0) || 182;
    return { kind: 'cookie', name: c.name || 'consentry', category: 'mandatory', vendor: t('thisSite'), purpose: t('consentPurpose'), retention: t('days', days) };
  }

  function fill() {
    // The declarations come from the controller's config, read at each fill: opened before the
    // controller arrived (a first visit), the lists fill in when it does (its ctx.config, then a
    // signal to the UI's items listener).
    const cfg = ctx.config || config;
    let classified = [];
    try {
      classified = ctx.items() || [];
    } catch (e) {
      console.error('consentry: items failed', e);
    }
    const groups = groupItems({
      declared: Array.isArray(cfg.cookies) ? cfg.cookies : [],
      hosts: cfg.hosts,
      classified,
      consentCookie: cfg.cookie ? consentCookie(cfg.cookie) : null,
      enabled: enabledOf(state()),
      site: { host: location.hostname, vendor: t('thisSite') },
    });
    for (const [cat, { summary, body, label }] of itemLists) {
      const rows = groups.get(cat) || [];
      summary.textContent = t('items', rows.length);
      body.replaceChildren(
        rows.length
          ? h(
              'table',
              { class: 'tbl' },
              h('caption', { class: 'vh' }, label),
              h('thead', null, h('tr', null, ['name', 'vendor', 'purpose', 'retention'].map((k) => h('th', { scope: 'col' }, t(k))))),
              h(
                'tbody',
                null,
                rows.map((r) =>
                  h(
                    'tr',
                    null,
                    h('td', { class: 'mono', 'data-label': t('name') }, r.name),
                    h('td', { 'data-label': t('vendor') }, r.vendor),
                    h('td', { 'data-label': t('purpose') }, r.purpose),
                    h('td', { 'data-label': t('retention') }, /^session$/i.test(r.retention) ? t('session') : r.retention),
                  ),
                ),
              ),
            )
          : h('p', { class: 'none' }, t('none')),
      );
    }
  }

  const s = state();
  const honoured = s.honoured || {};
  const cats = s.categories || {};
  const isOn = (c) => c === 'mandatory' || (!!s.decided && !!cats[c]);
  const rows = enabledOf(s).map((c) => {
    const key = CAT_KEY[c];
    const label = key ? t(key) : c;
    const desc = key ? t(`${key}Text`) : '';
    const input = h('input', {
      type: 'checkbox',
      role: 'switch',
      class: 'switch-input',
      id: `sw-${c}`,
      'aria-describedby': desc ? `sd-${c}` : null,
      'data-category': c,
    });
    input.checked = isOn(c);
    if (c === 'mandatory') input.disabled = true;
    // Space toggles a checkbox natively; the switch pattern also allows Enter.
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        if (!input.disabled) input.click();
      }
    });
    switches.set(c, input);
    const summary = h('summary', null);
    const body = h('div', { class: 'items-body' });
    itemLists.set(c, { summary, body, label });
    return h(
      'li',
      { class: 'cat' },
      h(
        'div',
        { class: 'cat-head' },
        h('label', { for: `sw-${c}`, class: 'cat-name' }, label),
        c === 'mandatory' ? h('span', { class: 'always' }, t('alwaysOn')) : null,
        h('span', { class: 'switch' }, input, h('span', { class: 'track', 'aria-hidden': 'true' })),
      ),
      desc ? h('p', { class: 'cat-desc', id: `sd-${c}` }, desc) : null,
      h('details', { class: 'items' }, summary, body),
    );
  });
  const save = () =>
    choose(['mandatory', ...[...switches].filter(([c, i]) => c !== 'mandatory' && i.checked).map(([c]) => c)], 'custom');
  const el = modalDialog('prefs', 'p-title', 'p-desc', close, [
    h('div', { class: 'head' }, h('h2', { class: 'title', id: 'p-title' }, t('prefsTitle')), closeButton(close)),
    h(
      'div',
      { class: 'body' },
      h('p', { class: 'desc', id: 'p-desc' }, t('prefsText'), policyLink()),
      honoured.gpc || honoured.dnt ? signalNote(s) : null,
      h('ul', { class: 'cats', role: 'list' }, rows),
    ),
    h(
      'div',
      { class: 'actions foot' },
      button(t('save'), save, { 'data-action': 'save' }),
      button(t('acceptAll'), () => choose(enabledOf(state()).slice(), 'accept-all'), { 'data-action': 'accept-all' }),
      button(t('rejectAll'), () => choose(['mandatory'], 'reject-all'), { 'data-action': 'reject-all' }),
    ),
  ]);

  return {
    el,
    fill,
    /** An outside change while open (the API, another tab's choice): the switches follow. */
    sync(next) {
      const now = next.categories || {};
      for (const [c, input] of switches) {
        if (c === 'mandatory') continue;
        input.checked = !!now[c];
      }
    },
  };
}

const prefs = Object.freeze({ css, build });
if (typeof self !== 'undefined' && !self.__consentryUiPrefs) {
  Object.defineProperty(self, '__consentryUiPrefs', { value: prefs, configurable: false, writable: false });
  self.dispatchEvent(new Event('consentry:ui-prefs-loaded'));
}
