// Placeholders for held frames (videos, maps, social embeds), in consentry-core.js. Each one is a
// <div data-consentry-placeholder> with an open shadow root (its markup and styles cannot leak
// into or be styled by the page), sized like the frame, naming the vendor and the category, with
// two buttons: "Load once" (this frame, this page view, no consent recorded) and "Always allow
// <category>" (records consent for that category through the controller). Texts are inserted
// as text; a site overrides them per language with config.texts[lang].placeholderText,
// placeholderLoadOnce, placeholderAllow and the category labels catPreferences, catAnalytical,
// catTargeting ("{vendor}" and "{category}" are replaced).

const EN = {
  placeholderText: '{vendor} content is blocked until you allow {category} cookies.',
  placeholderLoadOnce: 'Load once',
  placeholderAllow: 'Always allow {category}',
  catMandatory: 'Strictly necessary',
  catPreferences: 'Functional',
  catAnalytical: 'Statistics',
  catTargeting: 'Marketing',
};

const CSS = `:host{all:initial;display:block;box-sizing:border-box;max-width:100%;contain:content}
.p{box-sizing:border-box;width:100%;height:100%;min-height:120px;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;padding:16px;background:#f1f3f5;color:#1b1f24;border:1px solid #c9ced4;border-radius:6px;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center}
.p p{margin:0;max-width:40em}
.b{display:flex;flex-wrap:wrap;gap:8px;justify-content:center}
button{font:inherit;cursor:pointer;padding:8px 14px;border-radius:4px;border:1px solid #1b1f24;background:#fff;color:#1b1f24}
button.a{background:#1b1f24;color:#fff}
button:focus-visible{outline:3px solid #0b5fff;outline-offset:2px}`;

function language(cfg, d, nav) {
  const tags = [cfg.language != 'auto' && cfg.language, d.documentElement.getAttribute('lang'), ...(nav.languages || [nav.language])];
  for (const t of tags) {
    if (!t) continue;
    const tag = String(t).toLowerCase();
    if (cfg.texts[tag]) return tag;
    if (cfg.texts[tag.split('-')[0]]) return tag.split('-')[0];
  }
  return 'en';
}

export function createPlaceholders({ W, cfg, once, allow }) {
  const d = W.document;
  const shown = new Map();
  const site = cfg.texts[language(cfg, d, W.navigator)] || {};
  const text = (k, vars = {}) => String(typeof site[k] == 'string' ? site[k] : EN[k]).replace(/\{(\w+)\}/g, (m, v) => (v in vars ? vars[v] : m));
  let sheet = null;

  function show(el, r) {
    if (shown.has(el)) return;
    const category = r.category == 'preferences' && !cfg.categories.preferences ? 'analytical' : r.category;
    const label = text('cat' + category[0].toUpperCase() + category.slice(1));
    const vendor = r.vendor || r.host || 'This';
    const box = d.createElement('div');
    box.setAttribute('data-consentry-placeholder', '');
    const rect = el.getBoundingClientRect();
    const size = (attr, measured, fallback) => {
      const v = el.getAttribute(attr);
      return v && /^\d+$/.test(v) ? v + 'px' : v && /^\d+(\.\d+)?(%|px|em|rem|vw|vh)$/.test(v) ? v : (measured ? measured + 'px' : fallback);
    };
    box.style.width = size('width', rect.width, '100%');
    box.style.height = size('height', rect.height, 'auto');
    const root = box.attachShadow({ mode: 'open' });
    if (W.CSSStyleSheet && 'adoptedStyleSheets' in root) {
      if (!sheet) {
        sheet = new W.CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = [sheet];
    } else {
      const st = d.createElement('style');
      st.textContent = CSS;
      root.append(st);
    }
    const wrap = d.createElement('div');
    wrap.className = 'p';
    wrap.setAttribute('role', 'group');
    wrap.setAttribute('aria-label', text('placeholderText', { vendor, category: label }));
    const p = d.createElement('p');
    p.textContent = text('placeholderText', { vendor, category: label });
    const buttons = d.createElement('div');
    buttons.className = 'b';
    const b1 = d.createElement('button');
    b1.type = 'button';
    b1.textContent = text('placeholderLoadOnce');
    b1.addEventListener('click', () => once(el));
    buttons.append(b1);
    if (category != 'mandatory') {
      const b2 = d.createElement('button');
      b2.type = 'button';
      b2.className = 'a';
      b2.textContent = text('placeholderAllow', { vendor, category: label });
      b2.addEventListener('click', () => allow(category));
      buttons.append(b2);
    }
    wrap.append(p, buttons);
    root.append(wrap);
    shown.set(el, { box, display: el.style.getPropertyValue('display'), priority: el.style.getPropertyPriority('display') });
    el.style.setProperty('display', 'none', 'important');
    el.before(box);
  }

  function remove(el) {
    const s = shown.get(el);
    if (!s) return;
    shown.delete(el);
    s.box.remove();
    if (s.display) el.style.setProperty('display', s.display, s.priority);
    else el.style.removeProperty('display');
  }

  return { show, remove };
}
