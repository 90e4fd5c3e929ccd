// Classification throughput, shared by Node and the browser (plain ES module, no imports from
// Node): the wasm core through the real bridge (js-glue/src/wasm-bridge.js: pack, one boundary
// crossing per batch, unpack into objects) against the regex arrays of regex-classifier.mjs, on
// the workload of tests/bench/make-workload.mjs (10,000 cookies, 10,000 URLs), plus how often the
// two give the same category.
import { RULE_REASONS, buildRegexClassifier } from './regex-classifier.mjs';

export function parseWorkload(cookiesTsv, urlsTsv, pageTxt) {
  const rows = (t) => t.split('\n').filter((l) => l.length).map((l) => l.split('\t'));
  return {
    page: pageTxt.trim(),
    cookies: rows(cookiesTsv).map((f) => ({ name: f[1], domain: f[2], value: f[3], expiry: +f[4] })),
    urls: rows(urlsTsv).map((f) => ({ declared: f[0], url: f[1] })),
  };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Times fn() at least `min` times and at most `max` times or until `budgetMs` is spent. */
function time(fn, { min = 3, max = 15, budgetMs = 20000 } = {}) {
  const times = [];
  let out;
  const t0 = performance.now();
  while (times.length < max && (times.length < min || performance.now() - t0 < budgetMs)) {
    const a = performance.now();
    out = fn();
    times.push(performance.now() - a);
  }
  return { best: Math.min(...times), median: median(times), rounds: times.length, out };
}

function agreement(items, wasm, regex, label) {
  let same = 0;
  let bothRule = 0;
  const kinds = { wasmOnly: 0, regexOnly: 0, different: 0 };
  const examples = [];
  let heuristic = 0;
  for (let i = 0; i < items.length; i++) {
    const w = RULE_REASONS.has(wasm[i].reason) ? wasm[i].category : null;
    if (!w && wasm[i].reason === 'heuristic') heuristic++;
    const r = regex[i];
    if (w === r) {
      same++;
      if (w) bothRule++;
      continue;
    }
    const k = !r ? 'wasmOnly' : !w ? 'regexOnly' : 'different';
    kinds[k]++;
    if (examples.length < 8) examples.push({ item: label(items[i]), wasm: w ? `${w} (${wasm[i].reason})` : `none (${wasm[i].reason})`, regex: r || 'none' });
  }
  return { total: items.length, same, rate: same / items.length, bothMatched: bothRule, ...kinds, heuristic, examples };
}

/**
 * core: the bridge's core object (createCore), rules: { cookies, hosts } for the regex arrays,
 * work: parseWorkload(...). Returns the figures for one environment.
 */
export function runThroughput({ core, rules, work, budgetMs = 20000 }) {
  core.setConsent(true, 5);
  const b0 = performance.now();
  const clf = buildRegexClassifier(rules);
  const buildMs = performance.now() - b0;
  const { page, cookies, urls } = work;
  const wc = time(() => core.classifyCookies(page, cookies), { min: 5, max: 15, budgetMs });
  const wu = time(() => core.classifyUrls(page, urls), { min: 5, max: 15, budgetMs });
  const rc = time(() => cookies.map((c) => clf.classifyCookie(c.name, c.domain, page)), { min: 3, max: 15, budgetMs });
  const ru = time(() => urls.map((u) => clf.classifyUrl(u.url)), { min: 3, max: 15, budgetMs });
  const rate = (n, ms) => n / (ms / 1000);
  return {
    items: { cookies: cookies.length, urls: urls.length },
    regexes: clf.counts,
    regexBuildMs: buildMs,
    wasm: {
      cookies: { bestMs: wc.best, medianMs: wc.median, rounds: wc.rounds, perSec: rate(cookies.length, wc.best) },
      urls: { bestMs: wu.best, medianMs: wu.median, rounds: wu.rounds, perSec: rate(urls.length, wu.best) },
    },
    regex: {
      cookies: { bestMs: rc.best, medianMs: rc.median, rounds: rc.rounds, perSec: rate(cookies.length, rc.best) },
      urls: { bestMs: ru.best, medianMs: ru.median, rounds: ru.rounds, perSec: rate(urls.length, ru.best) },
    },
    agreement: {
      cookies: agreement(cookies, wc.out, rc.out, (c) => `${c.name} @${c.domain || page}`),
      urls: agreement(urls, wu.out, ru.out, (u) => u.url),
    },
  };
}
