// Classification quality on real labelled cookies (tests/eval/evaluate.mjs), as a regression gate:
// runs build/native/consentry-cli (or $CONSENTRY_BUILD) on ../shared/data/cookieblock-crawl/dev.jsonl
// (or $CONSENTRY_DATA_DIR) and checks the HELD-OUT half of the sites, which the heuristics were not
// tuned on. Skipped, with a message, when the labelled data is not beside the repository.
//
// The floors are the measured held-out figures (docs/classification.md) minus a small margin, so a
// change that makes unseen sites worse fails CI. They are below issue #6's targets (88% 4-class,
// 94% binary, leak <= 4%, breakage <= 8%), which are not reached yet: the gap is printed as a
// diagnostic on every run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDir, labelBaselines, metrics, perNamePairs, repoRoot, run, siteHalf } from '../eval/evaluate.mjs';

const dataDir = process.env.CONSENTRY_DATA_DIR || join(repoRoot, '..', 'shared', 'data');
const file = join(dataDir, 'cookieblock-crawl', 'dev.jsonl');
const haveData = existsSync(file);
const skip = haveData ? false : `labelled data not found at ${file} (set CONSENTRY_DATA_DIR, or put ../shared beside the clone)`;

// Held-out after the second round: 82.5%, 88.9%, leak 5.0%, breakage 22.9%. Floors only ever
// tighten: a change that trades one figure for another must not loosen a floor (the third-party
// service rule was taken out for that reason, docs/classification.md).
const FLOORS = { accuracy: 0.82, binaryAccuracy: 0.885, leakRate: 0.05, breakageRate: 0.24 };
const TARGETS = { accuracy: 0.88, binaryAccuracy: 0.94, leakRate: 0.04, breakageRate: 0.08 };
const pct = (x) => `${(100 * x).toFixed(1)}%`;

test('metrics: accuracy, leak, breakage, precision/recall and the per-name majority', () => {
  const pairs = [
    { label: 'mandatory', pred: 'mandatory' }, { label: 'mandatory', pred: 'targeting' },
    { label: 'analytical', pred: 'mandatory' }, { label: 'analytical', pred: 'analytical' },
    { label: 'targeting', pred: 'analytical' }, { label: 'preferences', pred: 'preferences' },
  ];
  const m = metrics(pairs);
  assert.equal(m.n, 6);
  assert.equal(m.accuracy, 3 / 6);
  assert.equal(m.binaryAccuracy, 4 / 6);
  assert.equal(m.leakRate, 1 / 4);      // 1 of 4 needs-consent called mandatory
  assert.equal(m.breakageRate, 1 / 2);  // 1 of 2 mandatory called needs-consent
  assert.equal(m.perClass.analytical.precision, 1 / 2);
  assert.equal(m.perClass.analytical.recall, 1 / 2);
  assert.equal(m.confusion.mandatory.targeting, 1);
  // Per name: majority label and prediction; ties go to the category needing more consent.
  const named = perNamePairs([
    { name: 'a', labelled_category: 'mandatory', category: 'mandatory' },
    { name: 'a', labelled_category: 'mandatory', category: 'mandatory' },
    { name: 'a', labelled_category: 'analytical', category: 'mandatory' },
    { name: 'b', labelled_category: 'mandatory', category: 'targeting' },
    { name: 'b', labelled_category: 'targeting', category: 'targeting' },
  ]);
  assert.deepEqual(named, [{ label: 'mandatory', pred: 'mandatory' }, { label: 'targeting', pred: 'targeting' }]);
});

test('the site split is deterministic', () => {
  assert.equal(siteHalf('www.example.com'), siteHalf('www.example.com'));
  const halves = new Set(Array.from({ length: 50 }, (_, i) => siteHalf(`site${i}.example`)));
  assert.deepEqual([...halves].sort(), ['dev', 'heldout']);
});

test('label baselines: the other half\'s majority label per name, and the in-sample name oracle', () => {
  const siteIn = (half) => Array.from({ length: 100 }, (_, i) => `s${i}.example`).find((s) => siteHalf(s) === half);
  const d = siteIn('dev'), h = siteIn('heldout');
  const row = (site, name, label, pred) => ({ site, name, labelled_category: label, category: pred });
  const rows = [
    // dev: "a" declared analytical twice; "b" only dev knows
    row(d, 'a', 'analytical', 'targeting'), row(d, 'a', 'analytical', 'targeting'), row(d, 'b', 'mandatory', 'mandatory'),
    // held-out: "a" declared mandatory (the lookup learned from dev says analytical); "c" only held-out knows
    row(h, 'a', 'mandatory', 'targeting'), row(h, 'c', 'preferences', 'preferences'),
  ];
  const b = labelBaselines(rows);
  // held-out: the lookup answers "a" with dev's analytical (wrong) and falls back to the classifier for "c"
  assert.equal(b.heldout.learnedOtherHalf.accuracy, 1 / 2);
  assert.equal(b.heldout.learnedOtherHalf.breaks, 1);
  assert.equal(b.heldout.learnedCoverage, 1 / 2);
  assert.equal(b.heldout.classifier.accuracy, 1 / 2);
  assert.equal(b.heldout.nameOracle.accuracy, 1);
  // dev: the held-out half's "mandatory" for "a" makes the lookup leak twice
  assert.equal(b.dev.learnedOtherHalf.leaks, 2);
  assert.equal(b.dev.classifier.accuracy, 1 / 3);
  assert.equal(b.dev.nameOracle.accuracy, 1);
});

test('held-out sites: quality does not regress (core blob)', { skip }, (t) => {
  assert.ok(existsSync(join(buildDir(), 'consentry-cli')), `build the native tree first: ${buildDir()}/consentry-cli`);
  const { result } = run(file, { split: 'heldout' });
  const obs = result.observations;
  const line = (m) => `4-class ${pct(m.accuracy)}, binary ${pct(m.binaryAccuracy)}, leak ${pct(m.leakRate)}, breakage ${pct(m.breakageRate)}`;
  t.diagnostic(`held-out, per observation (n=${obs.n}, ${result.sites} sites): ${line(obs)}`);
  t.diagnostic(`held-out, per cookie name (n=${result.names.n}): ${line(result.names)}`);
  t.diagnostic(`issue #6 targets: ${line(TARGETS)}`);
  const b = labelBaselines(run(file, { split: 'all' }).rows).heldout;
  t.diagnostic(`held-out, a lookup of the dev half's labels per name: ${line(b.learnedOtherHalf)}; in-sample name oracle: ${line(b.nameOracle)}`);
  assert.ok(obs.n > 400, `expected the held-out half to have > 400 rows, got ${obs.n}`);
  assert.ok(obs.accuracy >= FLOORS.accuracy, `4-class accuracy ${pct(obs.accuracy)} < ${pct(FLOORS.accuracy)}`);
  assert.ok(obs.binaryAccuracy >= FLOORS.binaryAccuracy,
    `mandatory-vs-consent accuracy ${pct(obs.binaryAccuracy)} < ${pct(FLOORS.binaryAccuracy)}`);
  assert.ok(obs.leakRate <= FLOORS.leakRate, `leak rate ${pct(obs.leakRate)} > ${pct(FLOORS.leakRate)}`);
  assert.ok(obs.breakageRate <= FLOORS.breakageRate, `breakage rate ${pct(obs.breakageRate)} > ${pct(FLOORS.breakageRate)}`);
});

test('every observation is classified and labelled', { skip }, () => {
  const { rows } = run(file, { split: 'all' });
  assert.equal(rows.length, readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).length);
  for (const r of rows) {
    assert.ok(['mandatory', 'preferences', 'analytical', 'targeting'].includes(r.category), `${r.name}: ${r.category}`);
    assert.ok(r.labelled_category, `${r.name} lost its label`);
    if (r.reason === 'heuristic') assert.match(r.rule, /^(name|value):[a-z-]+$/);
  }
});

// A labelled file from elsewhere may have bad lines or other label spellings: the evaluation
// scores what it can and says, by line, what it left out (it never stops at the first bad line).
test('a file with bad lines: scored without them, each named by its line; label aliases and class numbers', (t) => {
  assert.ok(existsSync(join(buildDir(), 'consentry-cli')), `build the native tree first: ${buildDir()}/consentry-cli`);
  const dir = mkdtempSync(join(tmpdir(), 'consentry-eval-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const f = join(dir, 'odd.jsonl');
  writeFileSync(f, [
    '{"name":"_ga","domain":".ex.com","site":"www.ex.com","category":"analytical"}',
    '',
    'not json',
    '[1,2]',
    '{"site":"www.ex.com","category":"mandatory"}',
    '{"name":"PHPSESSID","domain":5,"site":"www.ex.com","category":"mandatory"}',
    '{"name":"odd","site":"www.ex.com","category":"unknown"}',
    '{"name":"PHPSESSID","domain":"www.ex.com","site":"www.ex.com","category":"Necessary"}',
    '{"name":"_fbp","domain":".ex.com","site":"www.ex.com","category":3,"updates":[{"value":"fb.1.1.2","expiry":7776000}]}',
  ].join('\n') + '\n');
  const { rows, result } = run(f);
  assert.deepEqual(rows.map((r) => [r.name, r.labelled_category, r.category]), [
    ['_ga', 'analytical', 'analytical'], ['PHPSESSID', 'mandatory', 'mandatory'], ['_fbp', 'targeting', 'targeting'],
  ]);
  assert.equal(result.observations.n, 3);
  assert.equal(result.skipped.malformed, 4);
  assert.deepEqual(result.skipped.problems.map((p) => p.replace(/ \(.*/, '')), [
    'line 3: not JSON', 'line 4: not a JSON object', 'line 5: no cookie "name"', 'line 6: "domain" must be a string',
  ]);
  assert.deepEqual(result.skipped.unlabelled, { '"unknown"': 1 });
});
