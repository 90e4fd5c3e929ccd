// The consent controller (consentry-core.js): the visitor's state, the record cookie, and the
// ordered list of change hooks. The gate, the public API and (later) Google Consent Mode, the
// GPC/DNT handling and the dataLayer event all listen here; nothing else writes the record.
//
// Record (js-glue/src/store.js, wasm/core/consent_record.cpp): granted mask (bit 0 mandatory,
// 1 preferences, 2 analytical, 3 targeting), config revision, random consent id, first / last /
// expiry timestamps (seconds), signals. Written as cookie `config.cookie.name` with
// SameSite=Lax (or the configured value), Secure on https, Path and Domain from the config.
import { CATEGORIES } from './config.js';
import { encodeRecord, newConsentId } from './store.js';

const DAY = 86400;

/**
 * `K.rec` is the record the bootstrap decoded synchronously (valid or not); `cfg` the validated
 * config. Returns the controller.
 */
export function createController({ K, cfg, W }) {
  const d = W.document;
  const loc = W.location;
  const nav = W.navigator;
  const siteKey = cfg.cookie.domain || loc.hostname;
  const prefs = cfg.categories.preferences;
  const enabled = CATEGORIES.filter((c) => prefs || c != 'preferences');
  let rec = K.rec && K.rec.valid ? { ...K.rec } : null;
  const hooks = [];

  // Without the preferences category, preferences items follow the analytical grant (the core
  // does the same), so the mask mirrors bit 2 into bit 1.
  const maskOf = (list) => {
    let m = 1;
    for (const c of list) if (enabled.includes(c)) m |= 1 << CATEGORIES.indexOf(c);
    return prefs ? m : (m & ~2) | ((m & 4) >> 1);
  };
  const granted = () => (rec ? rec.granted : 1);

  // Signals stored in the record (bit field, consent_record.h). The GPC/DNT work fills this in.
  const signalBits = () => 0;

  function getState() {
    const g = granted();
    return {
      decided: !!rec,
      categories: Object.fromEntries(CATEGORIES.map((c, i) => [c, !!((g >> i) & 1)])),
      enabled: enabled.slice(),
      signals: { gpc: nav.globalPrivacyControl === true, dnt: nav.doNotTrack === '1' },
      honoured: { gpc: false, dnt: false },
      record: rec ? { id: rec.id, first: rec.first, last: rec.last, expiry: rec.expiry, revision: rec.revision } : null,
    };
  }

  const writeCookie = (value, maxAge) => {
    const c = cfg.cookie;
    K.o.cs.call(d, `${c.name}=${value}; Path=${c.path}; Max-Age=${maxAge}; SameSite=${c.sameSite}` +
      (loc.protocol == 'https:' || c.sameSite == 'None' ? '; Secure' : '') + (c.domain ? `; Domain=${c.domain}` : ''));
  };

  function emit(prev, source) {
    const state = getState();
    for (const fn of hooks.slice()) {
      try {
        fn(state, prev, source);
      } catch (e) {
        (W.reportError || console.error)(e);
      }
    }
  }

  return {
    enabled,
    getState,
    granted,
    decided: () => !!rec,
    /** Hooks run in order on every change with (state, previousState, source). */
    onChange: (fn) => hooks.push(fn),
    offChange: (fn) => {
      const i = hooks.indexOf(fn);
      if (i >= 0) hooks.splice(i, 1);
    },
    /** Records the visitor's choice: exactly `list` (plus mandatory) is granted. */
    choose(list, source) {
      const prev = getState();
      const g = maskOf(Array.isArray(list) ? list : []);
      const now = Math.floor(Date.now() / 1000);
      const days = g > 1 ? cfg.cookie.acceptedDays : cfg.cookie.refusedDays;
      const next = {
        granted: g,
        revision: cfg.revision,
        id: rec ? rec.id : newConsentId(),
        first: rec ? rec.first : now,
        last: now,
        expiry: now + Math.round(days * DAY),
        signals: signalBits(),
      };
      const value = encodeRecord(next, siteKey);
      if (!value) throw new Error('Consentry: could not encode the consent record');
      writeCookie(value, next.expiry - now);
      rec = next;
      emit(prev, source);
      return getState();
    },
    /** Forgets the choice (the record cookie is deleted): nothing optional is granted. */
    reset() {
      const prev = getState();
      writeCookie('', 0);
      rec = null;
      emit(prev, 'reset');
      return getState();
    },
  };
}
