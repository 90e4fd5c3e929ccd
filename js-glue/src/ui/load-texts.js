// Loads one language file, dist/consentry-ui-<lang>.js, next to consentry-ui.js: a same-origin
// classic script (so `script-src 'self'` covers it) carrying the nonce consentry-ui.js was loaded
// with. The file calls the frozen hook index.js installs, self.__consentryUiTexts(lang, texts),
// once; the texts stay in this module's closure (no shared, writable global). On an error, a
// file that does not register or a timeout, the promise resolves to null after one console
// warning: the UI then shows English.
import { KEYS } from './texts.js';

// Read while consentry-ui.js runs: document.currentScript is null afterwards.
// load-prefs.js uses the same two.
const me = typeof document !== 'undefined' ? document.currentScript : null;
export const base = me && me.src ? new URL('.', me.src).href : '';
export const nonce = (me && me.nonce) || '';
const TIMEOUT = 3000; // ms: then English, rather than no banner at all

const loads = new Map(); // lang -> Promise<frozen texts | null>
const waiting = new Map(); // lang -> { el, done }

/**
 * The hook a language file calls: accepted once per language, and only from the <script> this
 * module inserted for it, while that script runs. Only string values of known keys are kept.
 */
export const hook = Object.freeze(function register(lang, texts) {
  const w = waiting.get(lang);
  if (!w || document.currentScript !== w.el || !texts || typeof texts !== 'object') return;
  const own = {};
  for (const k of KEYS) if (typeof texts[k] === 'string') own[k] = texts[k];
  w.done(Object.freeze(own));
});

/** Promise of the texts of `lang` (a LANGS entry other than English), or of null. */
export function loadTexts(lang) {
  let p = loads.get(lang);
  if (!p) {
    p = new Promise((resolve) => {
      const url = `${base}consentry-ui-${lang}.js`;
      const el = document.createElement('script');
      let timer = 0;
      const finish = (texts, why) => {
        if (waiting.get(lang) !== w) return;
        waiting.delete(lang);
        clearTimeout(timer);
        el.remove();
        if (!texts) console.warn(`Consentry: the ${lang} texts (${url || `consentry-ui-${lang}.js`}) ${why}; showing English.`);
        resolve(texts);
      };
      const w = { el, done: (texts) => finish(texts) };
      waiting.set(lang, w);
      if (!base) return finish(null, 'have no address: consentry-ui.js was not loaded from a <script src>');
      el.async = true;
      if (nonce) el.nonce = nonce;
      el.onload = () => finish(null, 'did not register');
      el.onerror = () => finish(null, 'could not load');
      el.src = url;
      timer = setTimeout(() => finish(null, `did not load within ${TIMEOUT / 1000} s`), TIMEOUT);
      (document.head || document.documentElement).append(el);
    });
    loads.set(lang, p);
  }
  return p;
}
