// Picks the UI language and looks texts up. Order: config.language (unless "auto"), then
// <html lang>, then navigator.languages, then English. A language counts as available when it
// is bundled or the site supplies texts for it (config.texts); "pt-BR" falls back to "pt".
import { RTL, TEXTS } from './texts.js';

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
  const has = (tag) => !!tag && (Object.prototype.hasOwnProperty.call(TEXTS, tag) || Object.prototype.hasOwnProperty.call(site, tag));
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

/** Text lookup for `lang`: site override, then bundled, then English. Never returns HTML. */
export function translator(config, lang) {
  const site = siteTexts(config);
  const chain = [site[lang], site[primary(lang)], TEXTS[lang], TEXTS[primary(lang)], TEXTS.en];
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
  return t;
}
