// Writes the benchmark pages to bench/pages/ (also done by bench/run.mjs before every run).
import { join } from 'node:path';
import { repoRoot } from '../tests/lib/fixtures.mjs';
import { writePages } from './lib/pages.mjs';

console.log(`pages written to ${writePages(join(repoRoot, 'bench', 'pages'))}`);
