// The consent controller (consentry-core.js): the visitor's state, the record cookie, and the
// ordered list of change hooks. Google Consent Mode (gcm.js), the gate and the public API listen
// here, in that order; nothing else writes the record.
//
// Record (js-glue/src/store.js, wasm/core/consent_record.cpp): granted mask (bit 0 mandatory,
// 1 preferences, 2 analytical, 3 targeting), config revision, random consent id, first / last /
// expiry timestamps (seconds), signals (1 GPC seen, 2 GPC honoured, 4 DNT seen, 8 DNT honoured).
// Written as cookie `config.cookie.name` with SameSite=Lax (or the configured value), Secure on
// https, Path and Domain from the config; it lives cookie.acceptedDays when it grants anything
// beyond mandatory, cookie.refusedDays otherwise.
//
// Privacy signals (read by the bootstrap into K.s): Global Privacy Control always, Do Not Track
// with config.honorDnt. While one is honoured, targeting is refused by default and cannot be
// pre-enabled: "Accept all" (source 'accept-all', and acceptCategory('all')) grants every other
// category, and only an explicit choice of targeting (the preferences centre's switch, a
// placeholder's "allow", acceptCategory(['targeting'])) grants it. The record stores the signals
// seen and honoured; a choice made before a signal was honoured loses targeting while it is.
import { CATEGORIES } from './config.js';
import { RECORD_ERRORS, decodeRecord, encodeRecord, newConsentId } from './store.js';
import { cookieDomains, cookiePaths, expireCookie } from './gate-sweep.js';

const DAY = 86400;

/** The categories a site shows (validated config): preferences only when it has them. */
export const enabledOf = (cfg) => CATEGORIES.filter((c) => cfg.categories.preferences || c != 'preferences');

/**
 * The state the API and the UI see (docs/js-contracts.md): `rec` the valid record or null, `eff`
 * the effective grant mask, `signals` the bootstrap's K.s bits.
 */
export const stateOf = (rec, eff, enabled, signals) => ({
  decided: !!rec,
  categories: Object.fromEntries(CATEGORIES.map((c, i) => [c, !!((eff >> i) & 1)])),
  enabled: enabled.slice(),
  signals: { gpc: !!(signals & 1), dnt: !!(signals & 4) },
  honoured: { gpc: !!(signals & 2), dnt: !!(signals & 8) },
  record: rec ? { id: rec.id, first: rec.first, last: rec.last, expiry: rec.expiry, revision: rec.revision } : null,
});

/**
 * `K.rec` is the record the bootstrap decoded synchronously (valid or not); `cfg` the validated
 * config. Returns the controller.
 */
export function createController({ K, cfg, W }) {
  const d = W.document;
  const loc = W.location;
  const siteKey = cfg.cookie.domain || loc.hostname;
  const prefs = cfg.categories.preferences;
  const enabled = enabledOf(cfg);
  const signals = K.s | 0;
  const honoured = signals & 10;
  let rec = K.rec && K.rec.valid ? { ...K.rec } : null;
  // Every cookie of the record's name (other paths and domains, another site's on a parent
  // domain): the bootstrap took the valid one with the latest choice.
  const values = () => [...K.o.cg.call(d).matchAll(RegExp('(?:^|; )' + cfg.cookie.name + '=([^;]*)', 'g'))].map((m) => m[1]);
  const decode = (v) => decodeRecord(v, siteKey, cfg.revision, Date.now() / 1000);
  // None valid but some there (the bootstrap's reader says only yes or no): one warning with the
  // reference decoder's reason, unless it simply expired or the revision changed.
  if (!rec) {
    const r = values().map(decode).find((x) => !['none', 'expired', 'changed'].includes(x.error));
    if (r) {
      console.warn(`Consentry: the stored consent record was refused (${RECORD_ERRORS[r.error]}); it grants nothing and the visitor is asked again.`);
    }
  }
  // The records of this site key (their check passes, whatever their revision or age), but
  // `except` (the value a choice just wrote).
  const mine = (except) => values().filter((v) => v !== except && !['none', 'long', 'fields', 'version', 'check'].includes(decode(v).error)).length;
  // This site's records on every variant the sweep knows (host-only and each parent domain, "/"
  // and each prefix of the path, longest first) are expired, most specific first and only while
  // one is left (a record of another site key on a parent domain is left alone when it can be),
  // so an older choice cannot come back. A choice is written first and keeps its own variant
  // (`written`, its value): the jar never goes through "no record" on the way to the new one,
  // which the site's other pages would follow (follow(): a reset there, then the choice); an
  // older record the page still sees (the written one may be on a path the page cannot see) goes
  // all the same. A reset expires them all before deleting its own.
  const expireOthers = (written) => {
    if (!mine(written)) return;
    const host = loc.hostname;
    // No core here: parent domains down to the last two labels (a public suffix takes no cookie).
    const domains = cookieDomains(host, host.split('.').slice(-2).join('.'));
    const paths = [...new Set(['/', cfg.cookie.path, ...cookiePaths(loc.pathname)])].sort((a, b) => b.length - a.length);
    const secure = loc.protocol == 'https:';
    for (const dom of domains) {
      for (const path of paths) {
        if (written && dom == cfg.cookie.domain && path == cfg.cookie.path) continue; // the one just written
        expireCookie(K, d, cfg.cookie.name, dom, path, secure);
        if (!mine(written)) return;
      }
    }
  };
  // The effective grant (the bootstrap's K.m for the stored record, see bootstrap.js).
  let eff = rec ? K.m : 1;
  const hooks = [];
  // The same for any record: without the site's preferences category, preferences follow
  // analytical; a signal honoured now but not when the choice was made takes targeting back.
  const effOf = (r) => {
    const m = prefs ? r.granted : (r.granted & 13) | ((r.granted >> 1) & 2);
    return honoured & ~r.signals ? m & 7 : m;
  };

  // Without the preferences category, preferences items follow the analytical grant (the core
  // does the same), so the mask mirrors bit 2 into bit 1.
  const maskOf = (list) => {
    let m = 1;
    for (const c of list) if (enabled.includes(c)) m |= 1 << CATEGORIES.indexOf(c);
    return prefs ? m : (m & ~2) | ((m & 4) >> 1);
  };
  const granted = () => eff;
  // "Accept all": every enabled category, but not targeting while a privacy signal is honoured.
  const all = () => enabled.filter((c) => !(honoured && c == 'targeting'));

  const getState = () => stateOf(rec, eff, enabled, signals);

  const writeCookie = (value, maxAge) => {
    const c = cfg.cookie;
    K.o.cs.call(d, `${c.name}=${value}; Path=${c.path}; Max-Age=${maxAge}; SameSite=${c.sameSite}` +
      (loc.protocol == 'https:' || c.sameSite == 'None' ? '; Secure' : '') + (c.domain ? `; Domain=${c.domain}` : ''));
  };

  // A change made by a hook or a listener while a change is being delivered (a 'change'
  // listener that narrows the choice again) is delivered once this one has reached every hook:
  // each hook, and each listener behind api.js's hook, sees the changes in the order they were
  // made, the last one last (it would otherwise get the newer state first and the stale one after).
  const queue = [];
  let emitting = false;
  function emit(prev, source) {
    queue.push([getState(), prev, source]);
    if (emitting) return;
    emitting = true;
    try {
      while (queue.length) {
        const [state, before, why] = queue.shift();
        for (const fn of hooks.slice()) {
          try {
            fn(state, before, why);
          } catch (e) {
            (W.reportError || console.error)(e);
          }
        }
      }
    } finally {
      emitting = false;
    }
  }

  // The stored choice changed outside this page: another tab or window of the site chose, withdrew
  // or reset, or this page sat in the back/forward cache meanwhile. The record the cookie jar holds
  // now (the valid one with the latest choice, as the bootstrap reads it; none: undecided) becomes
  // this page's state, delivered to every hook as a change with source 'stored', like any other:
  // Consent Mode's update, the gate (what is withdrawn is swept and stops being released, what is
  // granted is released), the page's listeners, the banner (shown again after a reset elsewhere,
  // hidden after a choice elsewhere). Nothing is written back: the record is already stored.
  // The same decision (decided or not, the same effective grant) is taken over silently: a newer
  // record with the same answer is no change for the page (and a page listener that chooses again
  // on every change cannot make the site's pages answer each other for ever).
  function adopt(r) {
    const next = r ? effOf(r) : 1;
    const prev = getState();
    const changed = !!r != !!rec || next != eff;
    rec = r && { granted: r.granted, revision: r.revision, id: r.id, first: r.first, last: r.last, expiry: r.expiry, signals: r.signals };
    eff = next;
    if (changed) emit(prev, 'stored');
  }
  // The valid record with the latest choice among the jar's `list` (one read: values() is an IPC).
  const best = (list) => list.map(decode).reduce((r, x) => (x.valid && !(r && x.last < r.last) ? x : r), null);
  // The jar, read only when its record cookies differ from what this page last saw: a browser
  // that refuses the cookie keeps the choice made on this page view (it never reached the jar).
  // Set by follow()'s first read or by the page's own choice (told()), whichever comes first.
  let seen;
  function refresh(always) {
    const list = values();
    const now = list.join(';');
    if (now == seen && !always) return;
    seen = now;
    adopt(best(list));
  }
  // This page's choices are posted to the site's other pages of this origin (BroadcastChannel),
  // with the record and its variant: the jar of another page may not show the write yet when the
  // message arrives. `own`: what this page wrote last ('' a reset), null before its first choice.
  let channel = null;
  let own = null;
  const post = () => {
    try {
      channel && channel.postMessage({ record: own, path: cfg.cookie.path, domain: cfg.cookie.domain });
    } catch (e) {
      // a closed channel: the other pages read the jar when they are shown again
    }
  };
  const told = (value) => {
    seen = values().join(';');
    own = value;
    post();
  };

  return {
    enabled,
    getState,
    granted,
    all,
    decided: () => !!rec,
    /** Hooks run in order on every change with (state, previousState, source). */
    onChange: (fn) => hooks.push(fn),
    offChange: (fn) => {
      const i = hooks.indexOf(fn);
      if (i >= 0) hooks.splice(i, 1);
    },
    /**
     * Records the visitor's choice: exactly `list` (plus mandatory) is granted; for
     * source 'accept-all' targeting is left out while a privacy signal is honoured.
     */
    choose(list, source) {
      const prev = getState();
      list = Array.isArray(list) ? list : [];
      if (source == 'accept-all' && honoured) list = list.filter((c) => c != 'targeting');
      const g = maskOf(list);
      const now = Math.floor(Date.now() / 1000);
      const days = g > 1 ? cfg.cookie.acceptedDays : cfg.cookie.refusedDays;
      const next = {
        granted: g,
        revision: cfg.revision,
        id: rec ? rec.id : newConsentId(),
        first: rec ? rec.first : now,
        last: now,
        expiry: now + Math.round(days * DAY),
        signals,
      };
      const value = encodeRecord(next, siteKey);
      if (!value) throw new Error('Consentry: could not encode the consent record');
      writeCookie(value, next.expiry - now);
      expireOthers(value);
      rec = next;
      eff = g;
      told(value);
      emit(prev, source);
      return getState();
    },
    /** Forgets the choice (the record cookie is deleted): nothing optional is granted. */
    reset() {
      const prev = getState();
      expireOthers();
      writeCookie('', 0);
      rec = null;
      eff = 1;
      told('');
      emit(prev, 'reset');
      return getState();
    },
    /**
     * Follows the stored choice from now on (the hooks are in place): a message from another page
     * of this origin, the cookie's change event (cookieStore: also pages of other subdomains
     * sharing the record's Domain), the page shown again (another tab, another window, the
     * back/forward cache). Once at the start too: the bootstrap read the jar a while ago.
     */
    follow() {
      const name = cfg.cookie.name;
      // The message is a hint: the jar decides a moment later (two pages choosing at once each
      // get the other's message; the jar holds the one written last). A jar without a valid
      // record leaves the message's answer (the cookie refused everywhere, a reset's).
      let settle = 0;
      const later = () => (clearTimeout(settle), (settle = setTimeout(() => {
        const list = values();
        const r = best(list);
        seen = list.join(';');
        if (r) adopt(r);
      }, 50)));
      try {
        channel = new W.BroadcastChannel('consentry:' + name);
        channel.onmessage = (e) => {
          const m = e.data || 0;
          const v = m.record;
          if (typeof v != 'string') return;
          const r = v && decode(v);
          // Another variant (a config with another cookie path or domain on this origin), site
          // key or revision: not this page's record; its jar decides.
          if (m.path !== cfg.cookie.path || m.domain !== cfg.cookie.domain || (v && !r.valid)) refresh(true);
          else adopt(r || null);
          later();
        };
      } catch (e) {
        channel = null; // no BroadcastChannel (or an opaque origin): the events below still follow
      }
      // One read for the events of one change (a reset elsewhere deletes several variants).
      const cs = W.cookieStore;
      let soon = 0;
      if (cs && cs.addEventListener) {
        cs.addEventListener('change', (e) => [...(e.changed || []), ...(e.deleted || [])].some((c) => c.name == name) &&
          (clearTimeout(soon), (soon = setTimeout(refresh, 20))));
      }
      const shown = () => d.visibilityState != 'hidden' && refresh();
      W.addEventListener('pageshow', (e) => e.persisted && refresh());
      W.addEventListener('focus', shown);
      d.addEventListener('visibilitychange', shown);
      // A choice the page made before the core (replayed before this) is told now, when the
      // channel exists, and stays, whether or not it reached the jar; otherwise the jar is read
      // once: the bootstrap read it a while ago.
      if (own != null) post();
      else refresh(true);
    },
  };
}
