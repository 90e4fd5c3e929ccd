// Picks the UI language and looks texts up. Order: config.language (unless "auto"), then
// <html lang>, then navigator.languages, then English. A language counts as available when it
// has a texts file (texts.js LANGS) or the site supplies texts for it (config.texts); "pt-BR"
// falls back to "pt". Only English is bundled: fileFor() says which language file to load.
import { EN_BANNER, KEYS, LANGS, RTL } from './texts.js';

const norm = (tag) => (typeof tag === 'string' ? tag.trim().toLowerCase().replace(/_/g, '-') : '');
const primary = (tag) => tag.split('-')[0];

function siteTexts(config) {
  const out = {};
  const texts = config && config.texts;
  if (texts && typeof texts === 'object') {
    for (const lang of Object.keys(texts)) {
      const t = texts[lang];
      if (t && typeof t === 'object') out[norm(lang)] = t;
    }
  }
  return out;
}

/** Returns the chosen language tag (lower case, e.g. "de" or "pt-br"). */
export function pickLanguage(config, doc = document, nav = navigator) {
  const site = siteTexts(config);
  const has = (tag) => !!tag && (LANGS.includes(tag) || Object.prototype.hasOwnProperty.call(site, tag));
  const candidates = [];
  if (config && config.language && config.language !== 'auto') candidates.push(config.language);
  if (doc && doc.documentElement) candidates.push(doc.documentElement.getAttribute('lang'));
  if (nav) candidates.push(...(nav.languages && nav.languages.length ? nav.languages : [nav.language]));
  for (const c of candidates) {
    const tag = norm(c);
    if (!tag) continue;
    if (has(tag)) return tag;
    if (has(primary(tag))) return primary(tag);
  }
  return 'en';
}

/** Whether the site supplies any texts for `lang` (or its primary language). */
export const siteHas = (config, lang) => {
  const site = siteTexts(config);
  return !!(site[lang] || site[primary(lang)]);
};

/**
 * The language whose file (consentry-ui-<lang>.js) `lang` needs, or '' when none does: English,
 * a language only the site supplies, or one whose every key the site overrides.
 */
export function fileFor(config, lang) {
  const file = [lang, primary(lang)].find((l) => LANGS.includes(l));
  if (!file || file === 'en') return '';
  const site = siteTexts(config);
  const tables = [site[lang], site[primary(lang)]];
  return KEYS.every((k) => tables.some((t) => t && typeof t[k] === 'string')) ? '' : file;
}

/**
 * Text lookup for `lang`: site override, then `loaded` (the texts from fileFor's file, if any),
 * then English (`en`: the first layer's; t.and(more) is the same lookup with more English, the
 * preferences centre's). Never returns HTML.
 */
export function translator(config, lang, loaded, en = EN_BANNER) {
  const site = siteTexts(config);
  const chain = [site[lang], site[primary(lang)], loaded, en];
  const t = (key, n) => {
    let s = '';
    for (const table of chain) {
      if (table && typeof table[key] === 'string') {
        s = table[key];
        break;
      }
    }
    return n === undefined ? s : s.split('{n}').join(String(n));
  };
  t.lang = lang;
  t.dir = RTL.includes(primary(lang)) ? 'rtl' : 'ltr';
  t.and = (more) => translator(config, lang, loaded, { ...en, ...more });
  return t;
}
