#!/usr/bin/env node
// Classification quality on labelled cookies (the cookieblock-crawl JSON-lines format).
//
//   node tests/eval/evaluate.mjs <labelled.jsonl> [--full] [--split dev|heldout|all]
//        [--by-reason] [--label-baselines] [--no-site-rules] [--http-only] [--errors] [--json]
//        [--build DIR]
//
// Runs `consentry-cli classify` (from build/native, or --build DIR, or $CONSENTRY_BUILD) on the
// file; the CLI keeps the input's "category" label as "labelled_category". Prints, per observation
// AND per distinct cookie name (majority label / majority prediction per name):
//   4-class accuracy, mandatory-vs-needs-consent accuracy, per-class precision / recall / F1,
//   leak rate (needs-consent cookies called mandatory), breakage rate (mandatory cookies called
//   needs-consent) and the confusion matrix.
// --full            use the full blob instead of the compact core blob the browser gets.
// --split           dev | heldout | all (default all). Sites are split deterministically by the
//                   first byte of sha256(site): < 128 = dev (tune on it), else heldout (report it).
// --by-reason       accuracy per reason (exact / domain / prefix / pattern / tracker-host /
//                   heuristic per rule / unknown): what you tune with.
// --label-baselines (--split all) how far the labels themselves carry: per half, Consentry against
//                   a lookup of the OTHER half's majority label per cookie name (Consentry where
//                   that half lacks the name) and the in-sample per-name majority (the ceiling
//                   for any method that decides by the name).
// --no-site-rules   classify with a blob rebuilt WITHOUT the imported site-scoped rules (every
//                   `domain` rule of the GENERATED sources: CookieBlock's domain_match, OCD's
//                   domain column), i.e. as if the sites were never seen by those lists.
// --http-only       keep the crawl's "http_only" flags in the input. By default they are removed:
//                   the browser never sees HttpOnly cookies (document.cookie hides them), so the
//                   default figures are what the browser build decides; with the flag, what a
//                   caller that knows HttpOnly (the CLI on a cookie jar, a server) decides.
// --errors          list the misclassified rows (only for --split dev: do not tune on held-out).
// --json            print the metrics as JSON.
// A bad line (not a JSON object with a "name", or one the CLI rejects) is left out and named by its
// line number, and rows labelled outside the four classes are counted, not scored (readLabelled).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];
// Ties (label or prediction) go to the category that needs more consent (categories/SCHEMA.md).
const PROTECTIVE = { targeting: 3, analytical: 2, preferences: 1, mandatory: 0 };

// ---- split -------------------------------------------------------------------------------
export function siteHalf(site) {
  return createHash('sha256').update(String(site)).digest()[0] < 128 ? 'dev' : 'heldout';
}

// ---- running the CLI ---------------------------------------------------------------------
export function buildDir(dir) {
  return resolve(dir || process.env.CONSENTRY_BUILD || join(repoRoot, 'build', 'native'));
}

function pslPath(build) {
  try {
    const m = readFileSync(join(build, 'CMakeCache.txt'), 'utf8').match(/^CONSENTRY_PSL:FILEPATH=(.*)$/m);
    if (m) return m[1];
  } catch { /* no cache: fall back to the Debian path */ }
  return '/usr/share/publicsuffix/public_suffix_list.dat';
}

// A blob pair compiled from categories/sources with every `domain`-scoped cookie rule of the
// GENERATED (imported) files removed. Curated rules stay: they are vendor knowledge, not sites.
export function blobsWithoutSiteRules(build) {
  const dbc = join(build, 'consentry-dbc');
  if (!existsSync(dbc)) throw new Error(`${dbc} not found: build the native tree first`);
  const src = join(repoRoot, 'categories', 'sources');
  const tmp = mkdtempSync(join(tmpdir(), 'consentry-eval-'));
  const out = join(tmp, 'sources');
  spawnSync('mkdir', ['-p', out]);
  let dropped = 0;
  for (const f of readdirSync(src).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(src, f), 'utf8');
    const generated = /"about":\s*"GENERATED/.test(text);
    const lines = text.split('\n').filter((line) => {
      const drop = generated && /^\s*\{ "name": /.test(line) && /"domain": "/.test(line);
      if (drop) dropped++;
      return !drop;
    });
    // Keep the JSON valid: the last element of an array must not end with a comma.
    for (let i = 0; i < lines.length - 1; i++) {
      if (/^\s*\]/.test(lines[i + 1])) lines[i] = lines[i].replace(/,\s*$/, '');
    }
    writeFileSync(join(out, f), lines.join('\n'));
  }
  const core = join(tmp, 'core.cdb');
  const full = join(tmp, 'full.cdb');
  const r = spawnSync(dbc, ['--sources', out, '--psl', pslPath(build), '--version-file',
    join(repoRoot, 'categories', 'VERSION'), '--out-core', core, '--out-full', full], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`consentry-dbc failed: ${r.stderr}`);
  return { core, full, dropped, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

// lenient: the CLI's per-line rejections ("line N: why" on stderr, exit status 1, the other lines
// still classified) come back as { rows, rejected } instead of failing; anything else fails.
export function classify(inputText, { build, full = false, db = null, lenient = false } = {}) {
  const cli = join(buildDir(build), 'consentry-cli');
  if (!existsSync(cli)) throw new Error(`${cli} not found: build the native tree first (scripts/build.sh)`);
  const args = ['classify'];
  if (db) args.push('--db', db);
  else if (full) args.push('--full');
  const r = spawnSync(cli, args, { input: inputText, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const rejected = r.stderr.split('\n').filter(Boolean);
  const perLine = r.status === 1 && rejected.length > 0 && rejected.every((l) => /^line \d+: /.test(l));
  if (r.status !== 0 && !(lenient && perLine)) throw new Error(`consentry-cli exited ${r.status}: ${r.stderr}`);
  const rows = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return lenient ? { rows, rejected: r.status === 0 ? [] : rejected } : rows;
}

// ---- metrics -----------------------------------------------------------------------------
function majority(values) {
  const counts = new Map();
  for (const v of values) counts.set(v, (counts.get(v) || 0) + 1);
  let best = null;
  for (const [v, n] of counts) {
    if (best === null || n > counts.get(best) || (n === counts.get(best) && PROTECTIVE[v] > PROTECTIVE[best])) best = v;
  }
  return best;
}

// pairs: [{ label, pred }]
export function metrics(pairs) {
  const n = pairs.length;
  const confusion = Object.fromEntries(CATEGORIES.map((l) => [l, Object.fromEntries(CATEGORIES.map((p) => [p, 0]))]));
  let correct = 0, binCorrect = 0, mand = 0, consent = 0, leaks = 0, breaks = 0;
  for (const { label, pred } of pairs) {
    confusion[label][pred]++;
    if (label === pred) correct++;
    const lm = label === 'mandatory', pm = pred === 'mandatory';
    if (lm === pm) binCorrect++;
    if (lm) { mand++; if (!pm) breaks++; } else { consent++; if (pm) leaks++; }
  }
  const perClass = {};
  for (const c of CATEGORIES) {
    const tp = confusion[c][c];
    const predicted = CATEGORIES.reduce((s, l) => s + confusion[l][c], 0);
    const actual = CATEGORIES.reduce((s, p) => s + confusion[c][p], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    perClass[c] = { support: actual, predicted, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  }
  const macroF1 = CATEGORIES.reduce((s, c) => s + perClass[c].f1, 0) / CATEGORIES.length;
  return {
    n, accuracy: n ? correct / n : 0, binaryAccuracy: n ? binCorrect / n : 0,
    leakRate: consent ? leaks / consent : 0, leaks, needsConsent: consent,
    breakageRate: mand ? breaks / mand : 0, breaks, mandatory: mand,
    macroF1, perClass, confusion,
  };
}

function groupByName(rows) {
  const byName = new Map();
  for (const r of rows) {
    if (!byName.has(r.name)) byName.set(r.name, []);
    byName.get(r.name).push(r);
  }
  return byName;
}

export function perNamePairs(rows) {
  return [...groupByName(rows).values()].map((rs) => ({
    label: majority(rs.map((r) => r.labelled_category)),
    pred: majority(rs.map((r) => r.category)),
  }));
}

function reasonKey(r) {
  return r.reason === 'heuristic' ? `heuristic ${r.rule || '?'}` : r.reason;
}

export function byReason(rows) {
  const groups = new Map();
  for (const r of rows) {
    for (const k of new Set([r.reason, reasonKey(r)])) {
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push({ label: r.labelled_category, pred: r.category });
    }
  }
  return Object.fromEntries([...groups.entries()].sort((a, b) => b[1].length - a[1].length)
    .map(([k, pairs]) => [k, metrics(pairs)]));
}

export function evaluate(rows) {
  const labelled = rows.filter((r) => CATEGORIES.includes(r.labelled_category));
  const obs = labelled.map((r) => ({ label: r.labelled_category, pred: r.category }));
  const nonDomain = labelled.filter((r) => r.reason !== 'domain');
  return {
    observations: metrics(obs),
    names: metrics(perNamePairs(labelled)),
    sites: new Set(labelled.map((r) => r.site)).size,
    decidedByDomainRules: labelled.length - nonDomain.length,
    withoutDomainRows: metrics(nonDomain.map((r) => ({ label: r.labelled_category, pred: r.category }))),
    byReason: byReason(labelled),
  };
}

// ---- what the labels themselves allow -----------------------------------------------------
// How far the site declarations carry to other sites, from the labels alone (no classifier
// change): for each half, per observation,
//   classifier           what Consentry decides;
//   learned-other-half   the majority label the OTHER half's sites gave the same cookie name,
//                        Consentry where that half never saw the name (a lookup trained on the
//                        labels, as a learned classifier would use them);
//   name-oracle          the majority label THIS half gives the name (in-sample: it has seen the
//                        answers; the ceiling for any method that decides by name alone).
// rows: classified rows of BOTH halves (run with split 'all').
export function labelBaselines(rows) {
  const labelled = rows.filter((r) => CATEGORIES.includes(r.labelled_category));
  const votesOf = (half) => new Map([...groupByName(labelled.filter((r) => siteHalf(r.site) === half))]
    .map(([name, rs]) => [name, majority(rs.map((r) => r.labelled_category))]));
  const out = {};
  for (const [half, other] of [['dev', 'heldout'], ['heldout', 'dev']]) {
    const own = votesOf(half), learned = votesOf(other);
    const mine = labelled.filter((r) => siteHalf(r.site) === half);
    out[half] = {
      classifier: metrics(mine.map((r) => ({ label: r.labelled_category, pred: r.category }))),
      learnedOtherHalf: metrics(mine.map((r) => ({ label: r.labelled_category, pred: learned.get(r.name) ?? r.category }))),
      learnedCoverage: mine.filter((r) => learned.has(r.name)).length / (mine.length || 1),
      nameOracle: metrics(mine.map((r) => ({ label: r.labelled_category, pred: own.get(r.name) }))),
    };
  }
  return out;
}

// A label as the four classes: the names themselves, the aliases a site's markup may use for them
// (wasm/core/categories.cpp parseCategory: necessary, essential, functionality, analytics,
// statistics, marketing, advertising, ads) and CookieBlock's class numbers 0-3 (the data README's
// mapping); anything else (a crawl's "unknown", "unclassified") is not scored.
const LABELS = {
  mandatory: 'mandatory', necessary: 'mandatory', essential: 'mandatory', 0: 'mandatory',
  preferences: 'preferences', functionality: 'preferences', 1: 'preferences',
  analytical: 'analytical', analytics: 'analytical', statistics: 'analytical', 2: 'analytical',
  targeting: 'targeting', marketing: 'targeting', advertising: 'targeting', ads: 'targeting', 3: 'targeting',
};
export function labelOf(v) {
  const k = typeof v === 'number' ? v : typeof v === 'string' ? v.trim().toLowerCase() : null;
  return k !== null && Object.hasOwn(LABELS, k) ? LABELS[k] : null;
}

/**
 * The labelled file's lines as rows for the CLI, and what cannot be scored: a line that is not a
 * JSON object with a non-empty "name" (with its line number and why), a label outside the four
 * classes (counted by label). A bad line never stops the evaluation; the report says what was
 * left out.
 */
export function readLabelled(text, { split = 'all', httpOnly = false } = {}) {
  const rows = [];
  const lineOf = [];
  const malformed = [];
  const unlabelled = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let j;
    try {
      j = JSON.parse(line);
    } catch (e) {
      return malformed.push(`line ${i + 1}: not JSON (${e.message})`);
    }
    if (!j || typeof j !== 'object' || Array.isArray(j)) return malformed.push(`line ${i + 1}: not a JSON object`);
    if (typeof j.name !== 'string' || !j.name) return malformed.push(`line ${i + 1}: no cookie "name"`);
    if (split !== 'all' && siteHalf(j.site) !== split) return;
    const label = labelOf(j.category);
    if (!label) {
      const k = JSON.stringify(j.category ?? null);
      unlabelled[k] = (unlabelled[k] || 0) + 1;
      return;
    }
    j.category = label;
    // The browser cannot see HttpOnly: the flag goes unless the caller asks for a CLI/server view.
    if (!httpOnly && Array.isArray(j.updates)) for (const u of j.updates) if (u && typeof u === 'object') delete u.http_only;
    rows.push(JSON.stringify(j));
    lineOf.push(i + 1);
  });
  return { rows, lineOf, malformed, unlabelled };
}

// Reads the file, keeps the requested half, classifies and evaluates.
export function run(file, { split = 'all', full = false, build, noSiteRules = false, httpOnly = false } = {}) {
  const input = readLabelled(readFileSync(file, 'utf8'), { split, httpOnly });
  let blobs = null;
  try {
    if (noSiteRules) blobs = blobsWithoutSiteRules(buildDir(build));
    const { rows, rejected } = classify(input.rows.join('\n') + '\n', { build, full, db: blobs ? (full ? blobs.full : blobs.core) : null, lenient: true });
    // The CLI numbers the lines it was given: back to the file's.
    const malformed = input.malformed.concat(rejected.map((m) => m.replace(/^line (\d+)/, (_, n) => `line ${input.lineOf[n - 1] ?? '?'}`)));
    const skipped = { malformed: malformed.length, problems: malformed.slice(0, 10), unlabelled: input.unlabelled };
    return { rows, result: { ...evaluate(rows), skipped }, droppedSiteRules: blobs ? blobs.dropped : 0 };
  } finally {
    if (blobs) blobs.cleanup();
  }
}

// ---- printing ----------------------------------------------------------------------------
const pct = (x) => `${(100 * x).toFixed(1)}%`;

function printMetrics(title, m) {
  console.log(`\n${title}: n=${m.n}`);
  console.log(`  4-class accuracy        ${pct(m.accuracy)}   (macro F1 ${pct(m.macroF1)})`);
  console.log(`  mandatory vs consent    ${pct(m.binaryAccuracy)}`);
  console.log(`  leak rate               ${pct(m.leakRate)}  (${m.leaks} of ${m.needsConsent} needs-consent called mandatory)`);
  console.log(`  breakage rate           ${pct(m.breakageRate)}  (${m.breaks} of ${m.mandatory} mandatory called needs-consent)`);
  console.log('  class         support  precision  recall    F1');
  for (const c of CATEGORIES) {
    const p = m.perClass[c];
    console.log(`  ${c.padEnd(12)} ${String(p.support).padStart(8)}  ${pct(p.precision).padStart(9)}  ${pct(p.recall).padStart(6)}  ${pct(p.f1).padStart(6)}`);
  }
  console.log(`  confusion (rows = label, columns = predicted)`);
  console.log(`  ${''.padEnd(12)} ${CATEGORIES.map((c) => c.padStart(12)).join('')}`);
  for (const l of CATEGORIES) {
    console.log(`  ${l.padEnd(12)} ${CATEGORIES.map((p) => String(m.confusion[l][p]).padStart(12)).join('')}`);
  }
}

function printLabelBaselines(b) {
  console.log('\nwhat the labels allow (per observation; learned = the other half\'s majority label per name):');
  console.log(`  ${'half'.padEnd(8)} ${'method'.padEnd(42)} ${'4-class'.padStart(8)} ${'binary'.padStart(8)} ${'leak'.padStart(7)} ${'breakage'.padStart(9)}`);
  for (const [half, r] of Object.entries(b)) {
    const rowsOut = [
      ['classifier (Consentry)', r.classifier],
      [`learned from other half (${pct(r.learnedCoverage)} known)`, r.learnedOtherHalf],
      ['name oracle (in-sample ceiling)', r.nameOracle],
    ];
    for (const [name, m] of rowsOut) {
      console.log(`  ${half.padEnd(8)} ${name.padEnd(42)} ${pct(m.accuracy).padStart(8)} ${pct(m.binaryAccuracy).padStart(8)} ${pct(m.leakRate).padStart(7)} ${pct(m.breakageRate).padStart(9)}`);
    }
  }
}

function printByReason(br) {
  console.log('\nby reason (per observation):');
  console.log(`  ${'reason'.padEnd(34)} ${'n'.padStart(5)} ${'4-class'.padStart(8)} ${'binary'.padStart(8)} ${'leaks'.padStart(6)} ${'breaks'.padStart(7)}`);
  for (const [k, m] of Object.entries(br)) {
    const indent = k.startsWith('heuristic ') ? '  ' : '';
    console.log(`  ${(indent + k).padEnd(34)} ${String(m.n).padStart(5)} ${pct(m.accuracy).padStart(8)} ${pct(m.binaryAccuracy).padStart(8)} ${String(m.leaks).padStart(6)} ${String(m.breaks).padStart(7)}`);
  }
}

function main(argv) {
  const opts = { split: 'all', full: false, byReason: false, labelBaselines: false, json: false, errors: false, noSiteRules: false, httpOnly: false, build: undefined };
  let file = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--full') opts.full = true;
    else if (a === '--by-reason') opts.byReason = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--label-baselines') opts.labelBaselines = true;
    else if (a === '--errors') opts.errors = true;
    else if (a === '--no-site-rules') opts.noSiteRules = true;
    else if (a === '--http-only') opts.httpOnly = true;
    else if (a === '--split' && i + 1 < argv.length) opts.split = argv[++i];
    else if (a.startsWith('--split=')) opts.split = a.slice(8);
    else if (a === '--build' && i + 1 < argv.length) opts.build = argv[++i];
    else if (!a.startsWith('--') && !file) file = a;
    else return usage(`unknown argument ${a}`);
  }
  if (!file) return usage('no labelled file given');
  if (!['dev', 'heldout', 'all'].includes(opts.split)) return usage(`--split must be dev, heldout or all`);
  if (opts.errors && opts.split !== 'dev') return usage('--errors lists rows to tune on: only with --split dev');
  if (opts.labelBaselines && opts.split !== 'all') return usage('--label-baselines compares the two halves: only with --split all');
  const { rows, result, droppedSiteRules } = run(file, opts);
  if (opts.json) {
    const extra = opts.labelBaselines ? { labelBaselines: labelBaselines(rows) } : {};
    console.log(JSON.stringify({ file, split: opts.split, blob: opts.full ? 'full' : 'core', noSiteRules: opts.noSiteRules, httpOnly: opts.httpOnly, ...result, ...extra }, null, 1));
    return 0;
  }
  console.log(`${file}: split=${opts.split}, blob=${opts.full ? 'full' : 'core'}${opts.noSiteRules ? `, without ${droppedSiteRules} imported site-scoped rules` : ''}${opts.httpOnly ? ', with http_only (CLI/server view)' : ''}, ${result.sites} sites`);
  const sk = result.skipped;
  const odd = Object.entries(sk.unlabelled);
  if (sk.malformed || odd.length) {
    console.log(`not scored: ${sk.malformed} malformed line(s)` + (odd.length ? `; rows labelled outside the four classes: ${odd.map(([k, n]) => `${k} x${n}`).join(', ')}` : ''));
    for (const p of sk.problems) console.log(`  ${p}`);
  }
  printMetrics('per observation', result.observations);
  printMetrics('per distinct cookie name (majority label / prediction)', result.names);
  const w = result.withoutDomainRows;
  console.log(`\nrows decided by site-scoped "domain" rules: ${result.decidedByDomainRules}; the other ${w.n} rows: ` +
    `4-class ${pct(w.accuracy)}, binary ${pct(w.binaryAccuracy)}, leak ${pct(w.leakRate)}, breakage ${pct(w.breakageRate)}`);
  if (opts.byReason) printByReason(result.byReason);
  if (opts.labelBaselines) printLabelBaselines(labelBaselines(rows));
  if (opts.errors) {
    console.log('\nmisclassified (label -> predicted, reason):');
    for (const r of rows.filter((x) => x.category !== x.labelled_category)) {
      const u = (r.updates && r.updates[0]) || {};
      console.log(`  ${r.labelled_category.padEnd(11)} -> ${r.category.padEnd(11)} ${reasonKey(r).padEnd(28)} ${r.name}  [${r.domain} on ${r.site}] ` +
        `exp=${u.session ? 'session' : u.expiry} value=${String(u.value ?? '').slice(0, 40)}`);
    }
  }
  return 0;
}

function usage(why) {
  console.error(`evaluate: ${why}\nusage: node tests/eval/evaluate.mjs <labelled.jsonl> [--full] [--split dev|heldout|all] [--by-reason] [--label-baselines] [--no-site-rules] [--http-only] [--errors] [--json] [--build DIR]`);
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`evaluate: ${e.message}`);
    process.exitCode = 1;
  }
}
