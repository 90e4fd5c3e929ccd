// UI texts: English, the fallback; every other language has exactly these keys. Its two halves
// live next to the bundles that show them, so each carries only its own: ../en-banner.js (the
// first layer, consentry-ui.js) and ../en-prefs.js (the preferences centre, consentry-ui-prefs.js).
import banner from '../en-banner.js';
import prefs from '../en-prefs.js';

// Pure: a bundle that does not use the whole table (consentry-ui.js) drops it.
export default /* @__PURE__ */ Object.assign({}, banner, prefs);
