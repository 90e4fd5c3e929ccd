// Google Consent Mode v2 (docs/js-contracts.md, "Google Consent Mode"), onto window.dataLayer
// exactly as gtag.js reads it: each command is an Arguments object, as the page's own
// `function gtag(){dataLayer.push(arguments)}` pushes it.
//
// `gcmStart` is in the bootstrap (budget!): the `default` command and the `set` commands
// (ads_data_redaction, url_passthrough: settings of a tag's first hit, so they precede the page's
// own gtag('config') and any tag, an early-released one too) right after the record is read, and
// a returning visitor's stored choice as an `update` right after them, before any tag can run.
// `gcmHook` is in consentry-core.js: an `update` and a `consentry_consent` dataLayer event on
// every change.
//
// Masks are the record's granted bits (consent_record.h): 1 mandatory, 2 preferences,
// 4 analytical, 8 targeting. Without the site's preferences category the mask already carries
// analytical in the preferences bit (the bootstrap and the controller mirror it), so
// functionality_storage and personalization_storage follow analytical, as the core decides.

// Each type with the bit that grants it.
const TYPES = 'ad_storage8 ad_user_data8 ad_personalization8 analytics_storage4 functionality_storage2 personalization_storage2 security_storage1';

/** The seven Consent Mode types for a granted mask. */
export function gcmConsent(m) {
  const o = {};
  for (const t of TYPES.split(' ')) o[t.slice(0, -1)] = m & t.slice(-1) ? 'granted' : 'denied';
  return o;
}

// config.gcm.regions, as a list joined by commas: ISO 3166-1 alpha-2 codes, optionally with a
// subdivision ("US", "US-CA"). config.js and the bootstrap test the same thing.
export const REGIONS = /^[a-z]{2}(-[a-z\d]{1,3})?(,[a-z]{2}(-[a-z\d]{1,3})?)*$/i;

/**
 * Bootstrap: the default command, the set commands, and a returning visitor's update; returns
 * the function that pushes an update for a mask (the bootstrap's K.gu: a change of consent the
 * page queues before the core denies everything at once, until the core has replayed it), or
 * nothing with gcm.enabled false. `c` is the raw config, read
 * exactly as validateConfig keeps it; `m` the effective granted mask of a valid stored record,
 * or 0; `late` true when the config came from a URL, so that this runs once the core has fetched
 * it and the page may have pushed its own gtag() calls meanwhile: while no tag has taken
 * dataLayer over (its push is still the array's own, so nothing has read it), the commands go in
 * front of them, where an inline config puts them. The set commands read `gcm` as validateConfig
 * keeps it: redaction unless `false`, URL passthrough only when `true`.
 */
export function gcmStart(W, c, m, late) {
  const g = c.gcm || 0;
  const w = g.waitForUpdate;
  const r = g.regions;
  if (g.enabled !== false) {
    const l = (W.dataLayer = W.dataLayer || []);
    let i = 0;
    const gtag = function () {
      late && l.push == [].push ? l.splice(i++, 0, arguments) : l.push(arguments);
    };
    gtag('consent', 'default', Object.assign(gcmConsent(1), { wait_for_update: w === (w | 0) && w >= 0 && w <= 1e4 ? w : 500 },
      r && r.join && REGIONS.test(r) && { region: r }));
    g.adsDataRedaction !== false && gtag('set', 'ads_data_redaction', true);
    g.urlPassthrough === true && gtag('set', 'url_passthrough', true);
    const u = (x) => x && gtag('consent', 'update', gcmConsent(x));
    u(m);
    return u;
  }
}

/**
 * Core (consentry-core.js): an `update` on every change of the state (a choice, a withdrawal,
 * reset); and after it a `{event: 'consentry_consent', consentry: {mandatory, preferences,
 * analytical, targeting}}` for tag managers, also once per page view for a returning visitor. Installed as the first change
 * hook, so both are in dataLayer before the gate releases what a change allows. With
 * gcm.enabled false Consentry never touches window.dataLayer.
 */
export function gcmHook({ W, cfg, ctl }) {
  const g = cfg.gcm;
  if (!g.enabled) return () => 0;
  const push = (x) => (W.dataLayer = W.dataLayer || []).push(x);
  const gtag = function () {
    push(arguments);
  };
  const event = (s) => push({ event: 'consentry_consent', consentry: { ...s.categories } });
  const update = () => gtag('consent', 'update', gcmConsent(ctl.granted()));
  ctl.onChange((s) => {
    update();
    event(s);
  });
  const s = ctl.getState();
  if (s.decided) event(s);
  // After the page's queued changes are replayed (core-entry.js): the state they left, also when
  // they changed nothing (an acceptCategory('all') of an accept-all), after the bootstrap's
  // interim denial.
  return update;
}
