// UI texts. English (texts/en.js) is bundled in consentry-ui.js; every other language is its own
// file, texts/<lang>.js -> dist/consentry-ui-<lang>.js, loaded only when the page needs it
// (load-texts.js). Every language has every key (tests/browser/ui-i18n.test.mjs checks it); a
// site overrides any of them with config.texts[lang][key]. "{n}" is replaced by a number.
// Tone: neutral and plain. Accept and reject are worded as equals; nothing nudges.
export { default as EN } from './texts/en.js';

/** Languages with a texts/<lang>.js file (scripts/build-js.mjs checks the folder matches). */
export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da', 'ar'];

export const RTL = ['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'];
