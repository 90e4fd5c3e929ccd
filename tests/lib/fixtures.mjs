// Reads the golden fixtures (tests/fixtures/*.tsv) for the Node and browser tests: the same
// files the Catch2 tests read (tests/unit/test_support.h). '#' lines are comments, '-' is empty.
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
