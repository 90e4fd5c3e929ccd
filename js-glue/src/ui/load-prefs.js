// Loads the preferences centre, dist/consentry-ui-prefs.js, next to consentry-ui.js: a
// same-origin classic script with the nonce consentry-ui.js was loaded with (load-texts.js reads
// both while consentry-ui.js runs). One request per page view, shared by the idle prefetch and
// a click; after a failure (one console.error) the next request for the preferences tries again.
import { base, nonce } from './load-texts.js';

const FILE = 'consentry-ui-prefs.js';
let loading = null;

/** The bundle's frozen object when it is there, else null. */
export function prefsLoaded() {
  const P = typeof self !== 'undefined' ? self.__consentryUiPrefs : null;
  return P && typeof P.build === 'function' && typeof P.css === 'string' ? P : null;
}

/** Promise of prefsLoaded()'s object, or of null when the bundle could not be had. */
export function loadPrefs() {
  if (prefsLoaded()) return Promise.resolve(prefsLoaded());
  return (loading ||= new Promise((resolve, reject) => {
    if (!base) return reject(new Error('has no address: consentry-ui.js was not loaded from a <script src>'));
    const el = document.createElement('script');
    const done = (why) => {
      el.remove();
      if (prefsLoaded()) resolve(prefsLoaded());
      else reject(new Error(why));
    };
    el.async = true;
    if (nonce) el.nonce = nonce;
    el.onload = () => done('did not define __consentryUiPrefs');
    el.onerror = () => done('could not load');
    el.src = base + FILE;
    (document.head || document.documentElement).append(el);
  }).catch((e) => {
    loading = null;
    console.error(`Consentry: the preferences centre (${base}${FILE}) ${e.message}.`);
    return null;
  }));
}
