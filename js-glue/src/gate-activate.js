// The classifier's half of the tracker gate, in consentry-classifier.js (loaded only when
// something needs classifying): `activateGate(g)` gets the state of gate-core.js's createGate (g:
// the kernel, the item list and its hooks, what early release took, the releaser, the URL and
// declaration readers) once the wasm core and its blob are loaded. It replaces the kernel's
// decisions with the core's (K.u URLs, K.c cookie writes, K.h new held items), registers and
// classifies what was held (in slices, yielding in between), releases what the visitor's choice
// allows, shows placeholders for held frames, sweeps, and re-decides on every change of consent.
//
// Requests (fetch, XMLHttpRequest, sendBeacon) that need a consent not given yet are QUEUED
// until the choice, sent if it allows them and dropped if it refuses them (fetch rejects with a
// TypeError, XMLHttpRequest never sends, sendBeacon's data is discarded). Once refused, new ones
// are dropped at once. Elements are held until a choice allows them, however many choices come.
import { withdraws } from './config.js';
import { createPlaceholders } from './gate-placeholder.js';
import { sweep } from './gate-sweep.js';

const VERDICT = { allow: 0, hold: 1, block: 2 };
const CHUNK = 50; // held elements classified at a time on activation; more than one chunk:
const BUDGET = 25; // ms of classification before the activation yields to the page
const CACHE_MAX = 4096; // URL decisions kept (by URL without its query) until the next choice

export async function activateGate(g) {
  const {
    K, W, cfg, ctl, core, pause, host, note, itemsChanged, heldNow, released, releaser, urlsOf,
    pageUrl, declaredOf, inert, items, keyOf, recall, onChange, before, releasedInPlace,
  } = g;
  const d = W.document;
  // Decisions by URL without its query (the core reads hosts and paths), at most CACHE_MAX.
  let cache = new Map();
  const classify = (url, declared) => {
    const key = declared + '\t' + url.split(/[?#]/)[0];
    let r = cache.get(key);
    if (!r) {
      r = core.classifyUrls(host, [{ url, declared }])[0];
      if (cache.size >= CACHE_MAX) cache = new Map();
      cache.set(key, r);
    }
    return r;
  };
  const sync = () => {
    core.setConsent(ctl.decided(), ctl.granted());
    cache = new Map();
  };
  sync();

  const ours = (url) => url.startsWith(K.base) || !/^(https?|wss?):/i.test(url);
  const noteUrl = (kind, url, r, declared) => {
    if (!declared && (r.party == 'first' || r.party == 'local')) return null;
    const it = note(kind, url.split(/[?#]/)[0], r);
    it.verdict = r.verdict;
    return it;
  };

  // URL decision for undeclared things (elements, requests, HTML strings).
  K.u = (u, kind) => {
    const url = pageUrl(u);
    if (ours(url)) return 0;
    const r = classify(url, '');
    noteUrl(kind == 'request' ? 'request' : kind || 'request', url, r);
    return cfg.autoBlock ? VERDICT[r.verdict] ?? 1 : 0;
  };

  // Cookie writes: dropped unless the core allows them. Consentry's own record and deletions
  // always pass.
  const parseCookie = (s) => {
    const parts = String(s).split(';');
    const eq = parts[0].indexOf('=');
    const c = {
      name: (eq < 0 ? '' : parts[0].slice(0, eq)).trim(),
      value: (eq < 0 ? parts[0] : parts[0].slice(eq + 1)).trim(),
      domain: '',
      expiry: 0,
    };
    let maxAge = null;
    let expires = null;
    for (const p of parts.slice(1)) {
      const i = p.indexOf('=');
      const k = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase();
      const v = i < 0 ? '' : p.slice(i + 1).trim();
      if (k == 'domain') c.domain = v.replace(/^\./, '').toLowerCase();
      else if (k == 'max-age' && /^-?\d+$/.test(v)) maxAge = +v;
      else if (k == 'expires' && !Number.isNaN(Date.parse(v))) expires = (Date.parse(v) - Date.now()) / 1000;
    }
    if (maxAge != null) c.expiry = maxAge;
    else if (expires != null) c.expiry = Math.round(expires);
    c.deletion = (maxAge != null || expires != null) && c.expiry <= 0;
    return c;
  };
  const decideCookies = (strings) => {
    const parsed = strings.map(parseCookie);
    const ask = parsed.filter((c) => c.name != cfg.cookie.name && !c.deletion);
    const res = core.classifyCookies(host, ask.map((c) => ({ name: c.name, domain: c.domain, value: c.value, expiry: c.expiry })));
    const verdicts = new Map();
    ask.forEach((c, i) => {
      note('cookie', c.name, res[i]);
      verdicts.set(c, res[i].verdict == 'allow');
    });
    return parsed.map((c) => (verdicts.has(c) ? verdicts.get(c) : true));
  };
  K.c = (s) => decideCookies([s])[0];

  // ---- held elements and requests ----------------------------------------------------
  const held = new Set();
  const requests = [];
  const warned = new Set();
  const placeholders = createPlaceholders({
    W, cfg,
    once: (el) => release([el]),
    allow: (category) => {
      const s = ctl.getState();
      ctl.choose([...s.enabled.filter((x) => s.categories[x]), category], 'custom');
    },
  });

  // The strictest of several verdicts (the first result names the item).
  const strictest = (rs) => {
    const r = { ...rs[0] };
    if (rs.some((x) => x.verdict == 'block')) r.verdict = 'block';
    else if (rs.some((x) => x.verdict == 'hold')) r.verdict = 'hold';
    else r.verdict = 'allow';
    return r;
  };
  function judge(el) {
    const urls = urlsOf(el);
    const url = urls[0] || '';
    const dec = declaredOf(el);
    const kind = el.localName;
    let r;
    if (dec == null) {
      // Every URL the element would load counts (a srcset's, a src and a srcset of other hosts).
      r = strictest((urls.length ? urls : ['']).map((u) => classify(u, '')));
      if (!cfg.autoBlock) r = { ...r, verdict: 'allow' };
    } else {
      const parts = dec.split(',').map((x) => x.trim()).filter(Boolean);
      const rs = (parts.length ? parts : ['']).map((p) => classify(url, p));
      r = { ...rs[0] };
      if (rs.some((x) => x.verdict == 'block')) r.verdict = 'block';
      else if (rs.some((x) => x.verdict == 'hold')) r.verdict = 'hold';
      else r.verdict = 'allow';
      for (const x of rs) if (x.reason == 'invalid' && !warned.has('c' + dec)) {
        warned.add('c' + dec);
        console.warn(`Consentry: unknown consent category "${dec}" on a <${kind}>; it needs the strictest consent.`);
      }
    }
    const name = url ? url.split(/[?#]/)[0] : `inline <${kind}>`;
    const it = note(kind, name, r);
    it.verdict = r.verdict;
    if (dec != null) it.reason = 'site-rule';
    if (K.pre.has(el) && dec == null) advise(el, url, r, it);
    return { r, it };
  }

  // The preload scanner fetched an undeclared tag of the page's HTML before any script ran.
  function advise(el, url, r, it) {
    const t = el.localName;
    if (warned.has(url)) return;
    warned.add(url);
    if (r.verdict == 'allow') {
      console.warn(`Consentry: <${t}> ${url} waited for the Consentry core because ${r.host} is a third-party host, ` +
        `so it ran late and out of order. To let it run in place, add "hosts": {"${r.host}": "mandatory"} to the config.`);
      return;
    }
    const cat = r.category;
    const attr = t == 'link' ? 'data-href' : 'data-src';
    const markup = t == 'script' ? `<script type="text/plain" data-category="${cat}" data-src="${url}"></script>`
      : `<${t} data-category="${cat}" ${attr}="${url}"${t == 'iframe' ? '></iframe>' : '>'}`;
    it.reason = 'undeclared-html';
    it.advice = markup;
    console.warn(`Consentry: <${t} ${t == 'link' ? 'href' : 'src'}="${url}"> is in the page's HTML without a consent category ` +
      `(${cat}, ${r.vendor || r.host}). The browser's preload scanner requested it before any script could stop it; ` +
      `Consentry did not let it run or load further. Declare it so nothing is requested before consent: ${markup}`);
  }

  function release(list) {
    const order = list.filter((el) => el.isConnected).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1))
      .concat(list.filter((el) => !el.isConnected));
    for (const el of order) {
      held.delete(el);
      placeholders.remove(el);
      releasedInPlace(el); // back to the gate at the next change (gate-core.js)
      if (releaser.release(el) || released.has(el)) {
        const it = items.get(keyOf(el));
        if (it) it.released = true;
      }
    }
    if (order.length) itemsChanged();
  }

  function evaluate(list) {
    const go = [];
    for (const el of list) {
      if (!inert(el)) {
        held.delete(el);
        continue;
      }
      const { r } = judge(el);
      if (r.verdict == 'allow') go.push(el);
      else if (el.localName == 'iframe' && el.isConnected) placeholders.show(el, r);
    }
    release(go);
  }

  const request = (x) => {
    const v = K.u(x.u, 'request');
    if (!v) x.go();
    else if (v > 1) x.no();
    else requests.push(x);
  };
  // Held elements the page removed are forgotten (a removal batch prunes `held`); one put back
  // carries its data-cs-* and is registered again. One never seen in the page (a new Image()
  // pixel) is kept: it loads when released.
  const inPage = new WeakSet();
  const register = (x) => {
    if (!x || !x.nodeType) return x && request(x);
    if (x.isConnected) inPage.add(x);
    if (K.ok.has(x) || held.has(x)) return;
    held.add(x);
    evaluate([x]);
  };
  let pruning = false;
  const prune = () => {
    pruning = false;
    for (const el of held) {
      if (el.isConnected) inPage.add(el);
      else if (inPage.has(el)) {
        held.delete(el);
        placeholders.remove(el);
      }
    }
  };
  new W.MutationObserver((rs) => {
    if (!pruning && held.size && rs.some((r) => r.removedNodes.length)) {
      pruning = true;
      setTimeout(prune, 0);
    }
  }).observe(d.documentElement, { childList: true, subtree: true });

  // Consent changes from now on re-decide what is registered, and what was released but has not
  // run yet (recall: waiting for the script before it); the rest is decided below with the new
  // choice.
  onChange((state, prev) => {
    sync();
    for (const el of recall()) held.add(el);
    evaluate([...held]);
    requests.splice(0).forEach(request);
    const withdrawn = withdraws(prev, state);
    doSweep(); // a choice, reset(), or the stored choice changed elsewhere (source 'stored')
    if (withdrawn && cfg.reloadOnWithdraw) W.location.reload();
    itemsChanged();
  });
  const doSweep = (remove = true) => sweep({ core, K, W, host, keep: cfg.cookie.name, note, remove });

  // The queued cookie writes, then everything held so far (heldNow: document order, then
  // detached elements), in chunks of CHUNK, yielding between two when BUDGET ms have gone by (a
  // usual page is one chunk: what it holds is released together); what the page adds meanwhile
  // is queued (K.q) and taken in the next round, after what was there before. Early releases
  // get their item.
  const cookies = K.cq.splice(0);
  decideCookies(cookies.map((x) => x[0])).forEach((ok, i) => ok && cookies[i][1]());
  for (const el of released) {
    items.delete(keyOf(el));
    const { it } = judge(el);
    it.released = true;
  }
  K.h = (x) => K.q.push(x);
  const seen = new WeakSet(); // what the rounds took (weak: the page may remove it)
  for (;;) {
    const list = heldNow().filter((el) => !K.ok.has(el) && !seen.has(el));
    const reqs = K.q.splice(0).filter((x) => !x.nodeType);
    if (!list.length && !reqs.length) break;
    list.forEach((el) => seen.add(el) && held.add(el));
    for (let i = 0, t0 = performance.now(); i < list.length; i += CHUNK) {
      if (i && performance.now() - t0 > BUDGET) {
        await pause();
        t0 = performance.now();
      }
      evaluate(list.slice(i, i + CHUNK));
    }
    reqs.forEach(request);
  }
  K.h = register;
  await pause();
  // A decided refusal is swept on every page view; otherwise only listed, unless the page was
  // reset before the classifier was in (what its hook would have swept then). A withdrawal
  // before it, from the choice early release ran scripts by, reloads as the hook would have.
  doSweep(ctl.decided() || before.reset);
  if (cfg.reloadOnWithdraw && before.withdrawn()) return W.location.reload();
  itemsChanged();
}
