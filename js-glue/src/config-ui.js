// The banner's part of the site config: the fields consentry-ui.js reads to build the banner
// (language, layout, position, privacyPolicyUrl, categories, texts, floatingButton), checked
// exactly as the controller checks them, because it is the same code: `validateConfig`
// (config.js, in consentry-core.js) calls `uiFields` for these fields and checks the rest itself.
// On a first visit the banner is built before the controller has arrived, from
// `validateUiConfig` alone, so the banner's bundle does not carry the other checks (cookie,
// hosts, cookies, gcm...); what needs them (the preferences centre's lists) reads the
// controller's config once it is there (docs/js-contracts.md, "Loading order").

export const isObj = (v) => v !== null && typeof v == 'object' && !Array.isArray(v);
export const LAYOUT_POSITIONS = {
  bar: ['bottom', 'top'],
  box: ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'bottom', 'top'],
  modal: ['center'],
};

export function deepFreeze(v) {
  if (v && typeof v == 'object') {
    Object.values(v).forEach(deepFreeze);
    Object.freeze(v);
  }
  return v;
}

/** Texts: { lang: { key: string | { key: string ... } } }, only string leaves survive. */
function cleanTexts(v, path, problems) {
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x == 'string') out[k] = x;
    else if (isObj(x)) out[k] = cleanTexts(x, `${path}.${k}`, problems);
    else problems.push(`"${path}.${k}" must be a string`);
  }
  return out;
}

/**
 * The checks of single fields of config `c`, shared by uiFields and validateConfig: each returns
 * the field's value, or `def` (after `bad(field, why)`) when it is there but invalid.
 */
export function fieldChecks(c, bad) {
  return {
    bool(field, def) {
      if (!(field in c)) return def;
      if (typeof c[field] == 'boolean') return c[field];
      bad(field, 'must be true or false');
      return def;
    },
    oneOf(field, list, def, v = c[field]) {
      if (v === undefined) return def;
      if (list.includes(v)) return v;
      bad(field, `must be one of ${list.join(', ')}`);
      return def;
    },
  };
}

/**
 * Checks the banner's fields of config `c` into `out`; `bad(field, why)` and `problems` collect
 * what was invalid (the safe default is used instead).
 */
export function uiFields(c, out, bad, problems) {
  const { bool, oneOf } = fieldChecks(c, bad);
  out.language = c.language === undefined || c.language === 'auto' || (typeof c.language == 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(c.language))
    ? c.language || 'auto' : (bad('language', 'must be "auto" or a language tag like "en"'), 'auto');
  out.layout = oneOf('layout', Object.keys(LAYOUT_POSITIONS), 'box');
  out.position = oneOf('position', LAYOUT_POSITIONS[out.layout], LAYOUT_POSITIONS[out.layout][0]);
  const ppu = c.privacyPolicyUrl;
  out.privacyPolicyUrl = ppu === undefined ? ''
    : typeof ppu == 'string' && (/^https?:\/\//i.test(ppu) || /^(\/|\.|[^:]*$)/.test(ppu)) && !/^\/\//.test(ppu) ? ppu
    : (bad('privacyPolicyUrl', 'must be an http(s) or relative URL'), '');

  const cats = isObj(c.categories) ? c.categories : {};
  if ('categories' in c && !isObj(c.categories)) bad('categories', 'must be an object');
  for (const k of Object.keys(cats)) if (k != 'preferences') bad(`categories.${k}`, 'is unknown (only "preferences" can be switched)');
  out.categories = { preferences: cats.preferences === true };
  if ('preferences' in cats && typeof cats.preferences != 'boolean') bad('categories.preferences', 'must be true or false');

  out.texts = {};
  if ('texts' in c) {
    if (isObj(c.texts)) for (const [lang, t] of Object.entries(c.texts)) {
      if (isObj(t)) out.texts[lang] = cleanTexts(t, `texts.${lang}`, problems);
      else bad(`texts.${lang}`, 'must be an object of strings');
    }
    else bad('texts', 'must be an object');
  }

  out.floatingButton = bool('floatingButton', true);
}

/** The banner's fields of a raw config, checked and frozen (the problems are the controller's to report). */
export function validateUiConfig(raw) {
  const out = {};
  const problems = [];
  uiFields(isObj(raw) ? raw : {}, out, () => 0, problems);
  return deepFreeze(out);
}
