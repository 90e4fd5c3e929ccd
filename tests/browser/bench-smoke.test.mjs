// Keeps the benchmark harness (bench/, issue #7) from rotting: one run, desktop profile, of the
// baseline page and one peer page through the real harness, then the report code on the result.
// It checks that the harness measures (banner seen, bytes counted, gating observed, accept and
// returning visit work), never how fast anything is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../lib/fixtures.mjs';
import { runPages } from '../../bench/lib/harness.mjs';
import { MANAGERS } from '../../bench/lib/managers.mjs';
import { writePages } from '../../bench/lib/pages.mjs';
import { consoleReport, summariseAll } from '../../bench/lib/report.mjs';

test('bench harness: baseline and vanilla-cookieconsent, 1 run, desktop', { timeout: 60000 }, async () => {
  writePages(join(repoRoot, 'bench', 'pages'));
  const managers = MANAGERS.filter((m) => m.id === 'baseline' || m.id === 'vanilla-cookieconsent');
  const pages = await runPages({ managers, profiles: ['desktop'], runs: 1, reject: false });
  const base = pages.results.desktop.baseline;
  const peer = pages.results.desktop['vanilla-cookieconsent'];

  assert.ok(base.first[0].ok, base.first[0].error);
  assert.deepEqual(base.first[0].ranBeforeConsent.sort(), ['ads', 'analytics'], 'without a manager both scripts run');
  assert.ok(base.first[0].bytes.total.br > 0 && base.first[0].bytes.total.gzip > 0);

  const f = peer.first[0];
  assert.ok(f.ok, f.error);
  assert.ok(f.banner > 0, 'the banner was seen');
  assert.ok(f.bannerOpaque >= f.banner);
  assert.deepEqual(f.ranBeforeConsent, [], 'nothing gated ran before consent');
  assert.ok(f.bytes.before.br > 0 && f.bytes.ownTotal.br > 0);
  assert.deepEqual(f.mismatches, [], 'encoded body sizes match the served variants');
  assert.ok(f.accept && f.accept.ok, `accept all: ${JSON.stringify(f.accept)}`);
  const r = peer.returning[0];
  assert.ok(r.ok && r.analytics > 0, `returning visitor: ${JSON.stringify(r.error || r.analytics)}`);
  assert.equal(r.bannerShown, false);

  const text = consoleReport({ summary: summariseAll(pages), throughput: null, pages });
  assert.match(text, /vanilla-cookieconsent 3\.1\.0/);
});

test('bench harness: Consentry declared page and the page with one undeclared tag, 1 run, desktop', { timeout: 90000 }, async () => {
  writePages(join(repoRoot, 'bench', 'pages'));
  const managers = MANAGERS.filter((m) => m.id === 'consentry' || m.id === 'consentry-tag');
  const pages = await runPages({ managers, profiles: ['desktop'], runs: 1, reject: false });
  const CLASSIFIER = ['/consentry/consentry-classifier.js', '/consentry/consentry.wasm', '/consentry/consentry-db.cdb'];
  const paths = (run) => run.files.map((f) => f.path);
  for (const id of ['consentry', 'consentry-tag']) {
    const s = pages.results.desktop[id];
    const f = s.first[0];
    assert.ok(f.ok, `${id}: ${f.error}`);
    assert.ok(f.banner > 0, `${id}: the banner was seen`);
    assert.deepEqual(f.ranBeforeConsent, [], `${id}: nothing gated ran before consent`);
    assert.deepEqual(f.mismatches, [], `${id}: encoded body sizes match the served variants`);
    assert.ok(f.accept && f.accept.ok, `${id}: accept all: ${JSON.stringify(f.accept)}`);
    const r = s.returning[0];
    assert.ok(r.ok && r.analytics > 0, `${id}: returning visitor: ${JSON.stringify(r.error || r.analytics)}`);
    assert.equal(r.bannerShown, false);
    const loaded = CLASSIFIER.filter((p) => paths(f).includes(p));
    const loadedReturning = CLASSIFIER.filter((p) => paths(r).includes(p));
    if (id == 'consentry') {
      assert.deepEqual(loaded, [], 'the declared page: no classifier on a first visit (before the choice)');
      assert.deepEqual(loadedReturning, [], 'the declared page: no classifier for a returning visitor');
    } else {
      assert.deepEqual(loaded, CLASSIFIER, 'one undeclared tag: the classifier loads on the first visit');
      assert.deepEqual(loadedReturning, CLASSIFIER, 'and on a returning visit');
      const banner = f.banner;
      for (const file of f.files.filter((x) => CLASSIFIER.includes(x.path))) assert.ok(file.start >= banner - 1, `${file.path} requested after the banner`);
    }
  }
  const text = consoleReport({ summary: summariseAll(pages), throughput: null, pages });
  assert.match(text, /Consentry \+ 1 undeclared tag/);
});
