// Reads the golden fixtures (tests/fixtures/*.tsv) for the Node and browser tests: the same
// files the Catch2 tests read (tests/unit/test_support.h). '#' lines are comments, '-' is empty.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function readFixture(name) {
  const lines = readFileSync(join(repoRoot, 'tests', 'fixtures', name), 'utf8').split('\n');
  let header = null;
  const rows = [];
  lines.forEach((line, i) => {
    if (!line || line.startsWith('#')) return;
    const cells = line.split('\t').map((c) => (c === '-' ? '' : c));
    if (!header) header = cells;
    else rows.push({ ...Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])), _line: i + 1 });
  });
  return rows;
}

/**
 * cookies.tsv / urls.tsv rows as the boundary takes them: one batch per page host (the boundary is
 * batched). `kind` 'cookie' | 'url'. Returns [{ page, idx (row indexes), items }].
 */
export function goldenBatches(rows, kind) {
  const byPage = new Map();
  rows.forEach((r, i) => {
    if (!byPage.has(r.page)) byPage.set(r.page, []);
    byPage.get(r.page).push(i);
  });
  return [...byPage].map(([page, idx]) => ({
    page,
    idx,
    items: kind === 'cookie'
      ? idx.map((i) => ({
          name: rows[i].name, domain: rows[i].domain, value: rows[i].value,
          expiry: rows[i].expiry === '' ? -1 : +rows[i].expiry, storage: rows[i].kind === 'storage',
        }))
      : idx.map((i) => ({ url: rows[i].url, declared: rows[i].declared })),
  }));
}

/** Asserts one batch's answers against its rows (category, reason, vendor, party); the count checked. */
export function checkGolden(file, kind, rows, batch, out) {
  assert.equal(out.length, batch.idx.length, `${file}: ${out.length} answers for ${batch.idx.length} rows of page ${batch.page}`);
  batch.idx.forEach((i, k) => {
    const where = `${file}:${rows[i]._line}`;
    assert.equal(out[k].category, rows[i].category, `${where} category`);
    assert.equal(out[k].reason, rows[i].reason, `${where} reason`);
    if (rows[i].vendor) assert.equal(out[k].vendorId, rows[i].vendor, `${where} vendor`);
    if (kind === 'url' && rows[i].party) assert.equal(out[k].party, rows[i].party, `${where} party`);
  });
  return batch.idx.length;
}
