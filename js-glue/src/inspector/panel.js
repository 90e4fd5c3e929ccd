// The inspector panel: one shadow root (styles cannot leak in or out), docked to the right,
// non-modal. Three tabs: the consent (record, signals, a switch per category), cookies and storage,
// scripts/frames/pixels/requests. Everything from the page or the core goes in as text.
import { VERDICT_LABEL, countVerdicts, formatTime, snapshot } from './model.js';

const CAT_LABEL = { mandatory: 'Necessary', preferences: 'Preferences', analytical: 'Analytics', targeting: 'Marketing' };
const CAT_HINT = {
  mandatory: 'Always on: the site cannot work without it.',
  preferences: 'Settings and embedded features the visitor chose (maps...).',
  analytical: 'Measuring how the site is used.',
  targeting: 'Advertising, retargeting and social networks.',
};
const KIND_LABEL = { script: 'script', iframe: 'frame', img: 'pixel', request: 'request', link: 'link', cookie: 'cookie', storage: 'storage' };
const TABS = [
  ['consent', 'Consent'],
  ['storage', 'Cookies & storage'],
  ['elements', 'Scripts & requests'],
];

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  const add = (c) => {
    if (c == null || c === false) return;
    if (Array.isArray(c)) c.forEach(add);
    else el.append(typeof c === 'object' ? c : document.createTextNode(String(c)));
  };
  children.forEach(add);
  return el;
}

/** The part of an item's URL after its host ('' for inline scripts and plain names). */
function pathOf(r) {
  if (!r.host || !r.name) return '';
  try {
    const u = new URL(r.name);
    return u.pathname === '/' ? '' : u.pathname;
  } catch {
    return r.name === r.host ? '' : r.name;
  }
}

const badge = (cls, text, title) => h('span', { class: `badge ${cls}`, title }, text);
const catBadge = (c) => (c ? badge(`cat cat-${c}`, CAT_LABEL[c] || c) : badge('cat cat-none', '—', 'not classified yet'));
const verdictBadge = (v) => (v ? badge(`verdict v-${v}`, VERDICT_LABEL[v] || v) : badge('verdict v-none', 'unclassified'));

export function createPanel({ css, win = window, onClose }) {
  const doc = win.document;
  const host = doc.createElement('consentry-inspector');
  host.setAttribute('data-consentry', 'inspector');
  const shadow = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.append(h('style', null, css));
  }
  const topLayer = typeof win.HTMLElement.prototype.showPopover === 'function';

  let ctx = null;
  let tab = 'consent';
  let filter = '';
  let opened = false;
  let frame = 0;
  let origin = null;
  let last = null;

  const live = h('p', { class: 'sr', 'aria-live': 'polite', role: 'status' });
  const summary = h('p', { class: 'summary' });
  const tabButtons = {};
  const panels = {};
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Inspector sections', onkeydown: onTabKey });
  for (const [id, label] of TABS) {
    tabButtons[id] = h('button', {
      type: 'button', role: 'tab', id: `ci-tab-${id}`, 'aria-controls': `ci-panel-${id}`, 'data-tab': id,
      onclick: () => select(id, true),
    }, label, h('span', { class: 'count', 'data-count': id }));
    tablist.append(tabButtons[id]);
    panels[id] = h('section', { class: 'tabpanel', role: 'tabpanel', id: `ci-panel-${id}`, 'aria-labelledby': `ci-tab-${id}`, tabindex: '0' });
  }
  const filterInput = h('input', {
    id: 'ci-filter', type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: 'name, host, vendor, category, reason…',
    oninput: (e) => {
      filter = e.target.value.trim().toLowerCase();
      render();
    },
  });
  const filterRow = h('div', { class: 'filter' }, h('label', { for: 'ci-filter' }, 'Filter'), filterInput);
  const closeBtn = h('button', { type: 'button', class: 'close', 'aria-label': 'Close the inspector', title: 'Close (Esc)', onclick: () => onClose && onClose() }, '×');
  const panel = h('aside', { class: 'panel', 'aria-labelledby': 'ci-title', tabindex: '-1', hidden: true, onkeydown: onPanelKey },
    h('header', { class: 'head' },
      h('div', { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }),
        h('h2', { id: 'ci-title' }, 'Consentry inspector'),
        closeBtn),
      summary),
    tablist,
    filterRow,
    Object.values(panels),
    h('footer', { class: 'foot' },
      h('span', null, h('kbd', null, 'Ctrl'), '+', h('kbd', null, 'Shift'), '+', h('kbd', null, 'K'), ' toggles'),
      h('span', null, h('code', null, '?consentry-debug'), ' opens on load'),
      h('span', null, h('code', null, 'consentry.inspector'))),
    live);
  shadow.append(panel);

  function select(id, focus) {
    tab = id;
    for (const [t, btn] of Object.entries(tabButtons)) {
      const on = t === id;
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      panels[t].hidden = !on;
    }
    filterRow.hidden = id === 'consent';
    if (focus) tabButtons[id].focus();
    render();
  }
  function onTabKey(e) {
    const ids = TABS.map((t) => t[0]);
    const i = ids.indexOf(tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % ids.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + ids.length) % ids.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = ids.length - 1;
    if (next < 0) return;
    e.preventDefault();
    select(ids[next], true);
  }
  function onPanelKey(e) {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.stopPropagation();
      onClose && onClose();
    }
  }

  function matches(r) {
    if (!filter) return true;
    return [r.name, r.host, r.vendor, r.category, CAT_LABEL[r.category], r.verdict, VERDICT_LABEL[r.verdict], r.reason, r.kind]
      .some((v) => v && String(v).toLowerCase().includes(filter));
  }

  function choose(categories, source, message) {
    if (!ctx || typeof ctx.choose !== 'function') return;
    try {
      ctx.choose(categories, source);
      live.textContent = message;
    } catch (e) {
      live.textContent = `The choice failed: ${e && e.message ? e.message : e}`;
    }
    schedule();
  }

  function consentView(s, data) {
    const st = s.state;
    const counts = {};
    for (const r of [...data.storage, ...data.elements]) {
      const c = (counts[r.category] = counts[r.category] || { allowed: 0, waiting: 0 });
      if (r.verdict === 'allow' || r.verdict === 'released') c.allowed += r.count;
      else if (r.verdict) c.waiting += r.count;
    }
    const rec = st.record;
    const fields = rec
      ? [['Consent ID', rec.id], ['Given', formatTime(rec.first)], ['Updated', formatTime(rec.last)], ['Expires', formatTime(rec.expiry)], ['Config revision', rec.revision]]
      : [];
    const switches = st.enabled.map((c) => {
      const id = `ci-switch-${c}`;
      const n = counts[c] || { allowed: 0, waiting: 0 };
      const input = h('input', {
        type: 'checkbox', role: 'switch', id, 'data-category': c, 'data-focus': id,
        'aria-describedby': `${id}-hint`, checked: !!st.categories[c], disabled: c === 'mandatory' || !st.ready,
        onchange: (e) => {
          const want = st.enabled.filter((x) => x !== 'mandatory' && (x === c ? e.target.checked : st.categories[x]));
          choose(['mandatory', ...want], 'custom', `${CAT_LABEL[c]} ${e.target.checked ? 'allowed' : 'refused'}.`);
        },
      });
      return h('li', { class: 'switch-row' },
        h('div', { class: 'switch-text' },
          h('label', { for: id }, CAT_LABEL[c], ' ', h('span', { class: 'muted' }, `(${c})`)),
          h('span', { class: 'hint', id: `${id}-hint` },
            CAT_HINT[c], ' ',
            h('b', null, `${n.allowed} allowed`), ', ', h('b', null, `${n.waiting} held or blocked`), ' on this page.')),
        h('span', { class: 'switch' }, input, h('span', { class: 'track', 'aria-hidden': 'true' })));
    });
    const signal = (name, label, on, honoured) =>
      h('li', null, h('span', { class: `dot ${on ? 'on' : ''}`, 'aria-hidden': 'true' }), h('b', null, name), ' ', label, ': ',
        on ? 'sent by this browser' : 'not sent', on ? (honoured ? ' · honoured' : ' · not honoured by the config') : '');
    return [
      !st.ready ? h('p', { class: 'note warn' }, 'Waiting for Consentry: the inspector connects when the core is ready. ',
        'If this stays, the core could not load (see the console): nothing that needs consent runs.') : null,
      h('div', { class: 'card' },
        h('h3', null, 'Choice ', st.decided ? badge('state ok', 'recorded') : badge('state pending', 'not made yet')),
        rec ? h('dl', { class: 'facts' }, fields.flatMap(([k, v]) => [h('dt', null, k), h('dd', null, v === '' || v == null ? '—' : String(v))]))
          : h('p', { class: 'muted' }, st.decided ? 'No record details.' : 'No consent record: nothing optional may run yet.')),
      h('div', { class: 'card' },
        h('h3', null, 'Categories'),
        h('ul', { class: 'switches' }, switches),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'btn', disabled: !st.ready, 'data-focus': 'accept-all', onclick: () => choose(st.enabled.slice(), 'accept-all', 'Everything allowed.') }, 'Accept all'),
          h('button', { type: 'button', class: 'btn', disabled: !st.ready, 'data-focus': 'reject-all', onclick: () => choose(['mandatory'], 'reject-all', 'Everything optional refused.') }, 'Reject all'))),
      h('div', { class: 'card' },
        h('h3', null, 'Signals'),
        h('ul', { class: 'signals' },
          signal('GPC', 'Global Privacy Control', st.signals.gpc, st.honoured.gpc),
          signal('DNT', 'Do Not Track', st.signals.dnt, st.honoured.dnt))),
    ];
  }

  function table(rows, kind) {
    const shown = rows.filter(matches);
    if (!rows.length) return h('p', { class: 'empty' }, kind === 'storage' ? 'No cookies or storage keys on this page yet.' : 'Nothing classified on this page yet.');
    if (!shown.length) return h('p', { class: 'empty' }, `Nothing matches “${filter}”.`);
    const head = kind === 'storage' ? ['Name', 'Category', 'Verdict', 'Rule'] : ['What', 'Category', 'Verdict', 'Rule'];
    return h('table', { class: 'items', 'data-table': kind },
      h('caption', { class: 'sr' }, kind === 'storage' ? 'Cookies and storage keys' : 'Scripts, frames, pixels and requests'),
      h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, shown.map((r) => {
        const label = kind === 'storage' ? r.name : r.host || r.name;
        const sub = [
          r.kind === 'storage' ? r.area || 'storage' : KIND_LABEL[r.kind] || r.kind,
          kind === 'storage' ? (r.present ? 'set' : r.kind === 'cookie' ? 'not visible (unset or HttpOnly)' : 'not set') : pathOf(r),
          r.vendor.replace(/ \(.*\)$/, ''),
          r.count > 1 ? `×${r.count}` : '',
        ].filter(Boolean).join(' · ');
        const tr = h('tr', { 'data-kind': r.kind, 'data-name': r.name, 'data-host': r.host, 'data-verdict': r.verdict || 'unclassified', 'data-category': r.category },
          h('th', { scope: 'row', class: 'name' }, h('span', { class: 'label', title: label }, label), h('span', { class: 'sub', title: sub }, sub)),
          h('td', null, catBadge(r.category)),
          h('td', null, verdictBadge(r.verdict)),
          h('td', { class: 'reason', title: r.purpose || '' }, r.reason || '—', r.retention ? h('span', { class: 'sub' }, r.retention) : null));
        return tr;
      })));
  }

  function render() {
    frame = 0;
    if (!opened) return;
    const s = snapshot(ctx, win);
    last = s;
    const sv = countVerdicts(s.storage);
    const ev = countVerdicts(s.elements);
    const all = { allow: sv.allow + ev.allow, released: sv.released + ev.released, hold: sv.hold + ev.hold, block: sv.block + ev.block };
    summary.textContent = s.state.ready
      ? `${all.allow} allowed · ${all.released} released · ${all.hold} held · ${all.block} blocked`
      : 'Not connected to Consentry yet';
    shadow.querySelector('[data-count="storage"]').textContent = String(s.storage.length);
    shadow.querySelector('[data-count="elements"]').textContent = String(s.elements.length);
    shadow.querySelector('[data-count="consent"]').textContent = s.state.decided ? '✓' : '';

    const active = shadow.activeElement;
    const focusKey = active && active.getAttribute && active.getAttribute('data-focus');
    const p = panels[tab];
    const scroll = p.scrollTop;
    p.replaceChildren(...[].concat(tab === 'consent' ? consentView(s, s) : table(tab === 'storage' ? s.storage : s.elements, tab)).filter(Boolean));
    p.scrollTop = scroll;
    if (focusKey) {
      const again = shadow.querySelector(`[data-focus="${focusKey}"]`);
      if (again) again.focus();
    }
  }
  function schedule() {
    if (!opened || frame) return;
    frame = win.requestAnimationFrame ? win.requestAnimationFrame(render) : win.setTimeout(render, 16);
  }

  // Cookies and storage change without events: refresh while open.
  let poll = 0;

  return {
    host,
    get ctx() {
      return ctx;
    },
    setCtx(next) {
      if (ctx && ctx.off) {
        try {
          ctx.off('change', schedule);
          ctx.off('items', schedule);
        } catch {
          // an old ctx that cannot unsubscribe: harmless
        }
      }
      ctx = next || null;
      if (ctx && ctx.on) {
        ctx.on('change', schedule);
        ctx.on('items', schedule);
      }
      schedule();
    },
    isOpen: () => opened,
    open() {
      if (!host.isConnected) (doc.body || doc.documentElement).append(host);
      if (!opened) origin = doc.activeElement;
      opened = true;
      panel.hidden = false;
      if (topLayer) {
        if (!panel.popover) panel.popover = 'manual';
        if (!panel.matches(':popover-open')) panel.showPopover();
      }
      select(tab, false);
      panel.focus();
      if (!poll) poll = win.setInterval(schedule, 1000);
    },
    close() {
      if (!opened) return;
      opened = false;
      if (topLayer && panel.popover && panel.matches(':popover-open')) panel.hidePopover();
      panel.hidden = true;
      win.clearInterval(poll);
      poll = 0;
      if (origin && origin.isConnected && typeof origin.focus === 'function') origin.focus();
      origin = null;
    },
    refresh: render,
    snapshot: () => snapshot(ctx, win),
    lastRendered: () => last,
    select: (id) => TABS.some((t) => t[0] === id) && select(id, false),
  };
}
