// UI texts. English (texts/en.js) is bundled, the first layer's half (en-banner.js) in
// consentry-ui.js and the preferences centre's (en-prefs.js) in consentry-ui-prefs.js; every other
// language is its own file, texts/<lang>.js -> dist/consentry-ui-<lang>.js (both layers), loaded
// only when the page needs it (load-texts.js). Every language has every key
// (tests/browser/ui-i18n.test.mjs checks it); a site overrides any of them with
// config.texts[lang][key]. "{n}" is replaced by a number.
// Tone: neutral and plain. Accept and reject are worded as equals; nothing nudges.
import EN_BANNER from './en-banner.js';

/** The whole English table (tests and tools; the bundles take their own half). */
export { default as EN } from './texts/en.js';
export { EN_BANNER };

/** The preferences centre's keys (en-prefs.js), named here so consentry-ui.js need not carry its texts. */
export const PREFS_KEYS = 'prefsText save alwaysOn items none name vendor purpose retention thisSite consentPurpose days session catMandatory catMandatoryText catPreferences catPreferencesText catAnalytical catAnalyticalText catTargeting catTargetingText'.split(' ');

/** Every text key, both layers: what a language file may hand over, what a site may override. */
export const KEYS = [...Object.keys(EN_BANNER), ...PREFS_KEYS];

/** Languages with a texts/<lang>.js file (scripts/build-js.mjs checks the folder matches). */
export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'ar'];

export const RTL = ['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];
