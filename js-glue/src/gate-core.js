// The tracker gate's controller half, in consentry-core.js. gate-sync.js (in the bootstrap) holds
// everything and queues it in the kernel K; `createGate` keeps the inspector's item list from
// the start, hooks same-origin frames, and decides what needs no classification: `early()` (a
// returning visitor, once the page is parsed or the wasm has compiled) releases the declared
// markup the stored choice grants, in document order, up to the first script that needs the
// core (gate-early.js in the bootstrap may have done so already, K.rel). `activate(core, C)`
// hands this state to the classifier's half (gate-activate.js, in consentry-classifier.js),
// which decides everything else from then on.
import { CATEGORIES, withdraws } from './config.js';
import { HELD_ATTRS, URL_ATTRS } from './gate-sync.js';
import { installFrames } from './gate-frames.js';

const HELD_SEL = '[data-cs-src],[data-cs-href],[data-cs-srcset],[data-cs-imagesrcset],script[data-category],iframe[data-category],img[data-category],' +
  'link[data-category],script[data-cookieconsent],iframe[data-cookieconsent],img[data-cookieconsent]';

export function createGate({ K, W, cfg, ctl, need = () => 0, texts = () => Promise.reject(new Error('no texts')) }) {
  const d = W.document;
  const loc = W.location;
  const host = loc.hostname;
  installFrames(K, W); // before anything is released (gate-frames.js)
  const items = new Map();
  const itemHooks = [];
  let itemsQueued = false;
  let core = null;

  // The gate acts on a change before the window events and the API's listeners (api.js
  // registers its hook after this one): a listener's cookie write is decided with the new choice.
  // Before the classifier: a change of consent on this page view needs it (what is held is
  // decided by the classifier, and the sweep needs it); nothing is released early any more. What
  // the classifier's hook does on a change besides deciding (the sweep after a reset, the reload
  // after a withdrawal) is left to its activation: `before` says what happened (gate-activate.js).
  //
  // Frames, images and links are released in place: the element stays the page's, and while its
  // URL comes back it is Consentry's (K.ok, so that the hooks let that URL through). Every change
  // of consent hands those released so far back to the gate, so a URL the page sets on one later
  // (the next video in a released player, after the visitor withdrew) is decided like any other.
  // (A released script has run; another URL does not make it run again.) Weakly held: a released
  // image the page removed, or a pixel never in it, can be collected meanwhile.
  let changed = null;
  let stored = !!(K.rec && K.rec.valid);
  const inPlace = [];
  const releasedInPlace = (el) => el.localName != 'script' && inPlace.push(new WeakRef(el));
  const atLoad = ctl.getState(); // the stored choice, which early release runs scripts by
  const before = {
    reset: false,
    // Something early release let run (not recalled) is refused now.
    withdrawn: () => released.size > 0 && withdraws(atLoad, ctl.getState()),
  };
  ctl.onChange((state, prev, source) => {
    for (const w of inPlace.splice(0)) K.ok.delete(w.deref()); // a release still queued gets it back when it runs
    if (changed) return changed(state, prev, source);
    if (!state.decided) before.reset = true; // reset(), or a reset elsewhere (source 'stored')
    recall();
    stored = earlyOn = false;
    need();
  });

  const catOf = (c) => (c == 'preferences' && !cfg.categories.preferences ? 'analytical' : c);
  const verdictOf = (category) => {
    const s = ctl.getState();
    if (category == 'mandatory') return 'allow';
    if (!s.decided) return 'hold';
    return s.categories[catOf(category)] ? 'allow' : 'block';
  };

  // ---- before the core ----------------------------------------------------------------------
  const releaser = K.r; // the bootstrap's (gate-early.js): its early releases come first
  const pageUrl = (u) => {
    try {
      return new URL(u, d.baseURI).href;
    } catch (e) {
      return String(u);
    }
  };
  const declaredOf = K.dc; // gate-early.js, in the bootstrap
  // Every URL a held element would load (src / href, each URL of a srcset), page-resolved; the
  // first names it.
  const urlsOf = (el) => {
    const g = (a) => el.getAttribute(a);
    const t = el.localName;
    const out = [];
    for (const a of HELD_ATTRS) {
      const v = g('data-cs-' + a);
      // A srcset's candidates however its commas are read (as the bootstrap's gate-sync.js need()).
      if (v != null && v !== '') out.push(...(/set$/.test(a) ? (v + ' ' + v.replace(/,/g, ' ')).split(/\s+/).map((c) => c.replace(/,+$/, '')).filter(Boolean) : [v]));
    }
    const u = out.length ? null : g('data-src') ?? g('data-cookieblock-src') ?? g('data-href') ??
      (t == 'script' && el.type == 'text/plain' ? g('src') : null);
    if (u != null && u !== '') out.push(u);
    return out.map(pageUrl);
  };
  const urlOf = (el) => urlsOf(el)[0] || '';
  const inert = K.in; // gate-early.js
  // What the current choice says of a declared, inert element, exactly as the core's decide()
  // would: 'allow' or 'block'; '' when only the core can tell (undeclared, an unknown category).
  // ctl.granted() is the effective mask (preferences already mirror analytical without them).
  const storedVerdict = (el) => K.sv(el, ctl.granted());

  // Early release: a returning visitor's declared markup needs no classification. In document
  // order; it stops for good at the first script that needs the core (undeclared and held by the
  // parser, or a declaration the core must read), since a later script must not run before it.
  // From watch() on, whatever only the classifier can decide calls need() (core-entry.js then
  // loads it): a held request, an undeclared or unknown declaration, what the stored choice
  // allows but early release cannot take, anything allowed on a first visit.
  const released = new Set();
  let earlyOn = false;
  const tryEarly = (el) => {
    if (core) return;
    if (!el.nodeType) return need();
    if (K.ok.has(el) || released.has(el)) return;
    const v = storedVerdict(el);
    if (!earlyOn) {
      if (inert(el) && (!v || (v == 'allow' && !stored))) need();
    } else if (!v) {
      if (el.localName == 'script' && !K.dyn.has(el)) earlyOn = false;
      if (!earlyOn || inert(el)) need();
    } else if (v == 'allow') {
      if (!el.isConnected) return need();
      releaser.release(el);
      noteEarly(el);
    }
  };
  // Listed at once (the classifier, when it comes, replaces the item with its own).
  const noteEarly = (el) => {
    released.add(el);
    releasedInPlace(el);
    const dec = declaredOf(el).split(',')[0].trim().replace(/^!/, '');
    note(el.localName, nameOf(el), { category: CATEGORIES[K.cat(dec)], reason: 'site-rule', verdict: 'allow' }).released = true;
  };
  // A change of consent takes back the releases that have not run yet (a script waiting for the
  // one before it to load, and everything queued after it; gate-release.js): they are held
  // again, and the new choice decides them (the classifier's half, or once it is in).
  const recall = () => {
    const back = releaser.recall();
    for (const el of back) {
      released.delete(el);
      const it = items.get(keyOf(el));
      if (it) it.released = false;
    }
    if (K.rel) K.rel = K.rel.filter((el) => !back.includes(el));
    return back;
  };
  const nameOf = (el) => {
    const url = urlOf(el);
    return url ? url.split(/[?#]/)[0] : `inline <${el.localName}>`;
  };
  // An element's key in the item list (note(): kind, then name).
  const keyOf = (el) => el.localName + '|' + nameOf(el);
  function watch() {
    // From now on early release is the core's (gate-early.js stands aside); a change the page
    // queued before the core (bit 2) has been replayed by now (api.js), so releases may run again.
    K.ce = 1;
    (K.rel || []).forEach(noteEarly);
    if (K.q.some((x) => !x.nodeType)) need();
    heldNow().forEach(tryEarly);
    const h = K.h;
    K.h = (x) => {
      h(x);
      tryEarly(x);
    };
  }
  function early() {
    // Only a stored choice (read at page load) unchanged so far: a choice made on this page view
    // before the classifier is ready waits for it like everything else.
    if (!stored || core) return;
    earlyOn = true;
    heldNow().forEach(tryEarly);
  }
  // The DOM's held and declared markup (document order), then the bootstrap's queue (detached
  // elements and requests, which stay queued).
  const heldNow = () => {
    const found = [...d.querySelectorAll(HELD_SEL)].filter((el) => URL_ATTRS[el.localName]);
    const seen = new Set(found);
    for (const x of K.q) if (x.nodeType && !seen.has(x)) found.push(x);
    return found;
  };

  // ---- the inspector's list -------------------------------------------------------------
  const itemsChanged = () => {
    if (itemsQueued) return;
    itemsQueued = true;
    queueMicrotask(() => {
      itemsQueued = false;
      dispatching = true;
      try {
        itemHooks.forEach((fn) => fn());
      } finally {
        dispatching = false;
      }
    });
  };
  function note(kind, name, r, extra) {
    const key = kind + '|' + name;
    const old = items.get(key);
    if (old && !extra) return old;
    const it = old || {
      kind, name, host: r.host || '', category: r.category, vendor: r.vendor || '', purpose: '', retention: '',
      verdict: r.verdict, reason: r.reason, detail: r.detail || '', vendorId: r.vendorId || '',
    };
    Object.assign(it, extra);
    if (!old) {
      items.set(key, it);
      itemsChanged();
    }
    return it;
  }
  for (const c of cfg.cookies) {
    note('cookie', c.name, { category: c.category, reason: 'site-rule', verdict: '' }, {
      vendor: c.vendor, purpose: c.purpose, retention: c.retention, declared: true,
    });
  }

  // Asked for the list outside the 'items' event (the preferences centre, the inspector, the
  // page): what was classified is wanted, so the classifier is, and the database's texts
  // (purposes, retention: texts() fetches their blob, once, alongside the classifier when it is
  // not there yet). They go into the core when both are in, and the list is signalled again;
  // until then, or if they fail, it has the config's purposes and retention only.
  let dispatching = false;
  let textsBytes = null;
  let textsState = 0; // 0 not in the core, 1 going in, 2 in, 3 failed
  function listItems() {
    if (!dispatching) {
      if (!core) need();
      if (!textsBytes) (textsBytes = texts()).catch(() => 0); // handled below, once the core is in
    }
    if (core && textsBytes && !textsState) {
      textsState = 1;
      textsBytes.then((b) => {
        const e = core.loadTexts(b);
        if (e) throw new Error(e);
        textsState = 2;
        itemsChanged();
      }).catch((e) => {
        textsState = 3;
        console.warn(`Consentry: the purposes and retention periods could not load (${e.message || e}); the lists show names only.`);
      });
    }
    if (textsState == 2) {
      // Cookies by their detail id (purpose and retention), URLs by their vendor (its purpose).
      const need = [...items.values()].filter((it) => (it.detail !== '' || it.vendorId) && !it.described);
      if (need.length) {
        core.describe(need.map((it) => (it.detail !== '' ? 'd' + it.detail : 'V' + it.vendorId))).forEach((x, i) => {
          need[i].described = true;
          need[i].purpose = need[i].purpose || x.purpose;
          need[i].retention = need[i].retention || x.retention;
        });
        // A cookie whose rule has no purpose text (the core tier): its vendor's purpose.
        const more = need.filter((it) => !it.purpose && it.detail !== '' && it.vendorId);
        if (more.length) core.describe(more.map((it) => 'V' + it.vendorId)).forEach((x, i) => (more[i].purpose = x.purpose));
      }
    }
    return [...items.values()].map((it) => {
      const out = {
        kind: it.kind, name: it.name, host: it.host, category: it.category, vendor: it.vendor,
        purpose: it.purpose, retention: it.retention,
        verdict: it.released ? 'released' : it.kind == 'cookie' || it.kind == 'storage' || it.kind == 'request' ? verdictOf(it.category) : it.verdict,
        reason: it.reason,
      };
      if (it.advice) out.advice = it.advice;
      return out;
    });
  }

  // ---- activation ------------------------------------------------------------------------
  // `pause()` yields to the page between slices of the first classification (and before the
  // sweep); consent changes meanwhile are applied to what is registered and to what follows.
  // The classifier's half (gate-activate.js, in consentry-classifier.js): `C.activateGate` gets
  // this gate's state; consent changes go to its hook from then on.
  async function activate(c, C, pause = () => 0) {
    core = c;
    earlyOn = false;
    await C.activateGate({
      K, W, cfg, ctl, core: c, pause, host, note, itemsChanged, heldNow, released, releaser, urlsOf,
      pageUrl, declaredOf, inert, items, keyOf, recall, onChange: (f) => (changed = f), before, releasedInPlace,
    });
  }

  return {
    watch,
    early,
    activate,
    items: listItems,
    onItems: (fn) => itemHooks.push(fn),
  };
}
