// Bundles js-glue into dist/ (esbuild, minified IIFEs), copies the wasm core and the category
// blobs next to them, reports every file's size raw / gzip / brotli, and fails when the
// synchronous bootstrap exceeds its budget.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

export const BOOTSTRAP_BUDGET_GZIP = 3072; // bytes, gzip -9: README "Size budgets"

const bundles = [
  { entry: 'js-glue/src/bootstrap.js', out: 'consentry.js' },
  { entry: 'js-glue/src/core-entry.js', out: 'consentry-core.js' },
  { entry: 'js-glue/src/ui/index.js', out: 'consentry-ui.js' },
  { entry: 'js-glue/src/inspector/index.js', out: 'consentry-inspector.js' },
];
for (const b of bundles) {
  if (!existsSync(join(root, b.entry))) continue;
  await build({
    entryPoints: [join(root, b.entry)],
    outfile: join(dist, b.out),
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    platform: 'browser',
    external: ['fs', 'path', 'crypto', 'url', 'module'],
    legalComments: 'none',
    loader: { '.css': 'text' },
    logLevel: 'warning',
  });
}
const copies = [
  ['build/wasm/consentry.wasm', 'consentry.wasm'],
  ['build/native/consentry-core.cdb', 'consentry-db.cdb'],
  ['build/native/consentry-full.cdb', 'consentry-db-full.cdb'],
];
for (const [from, to] of copies) copyFileSync(join(root, from), join(dist, to));

const files = ['consentry.js', 'consentry-core.js', 'consentry-ui.js', 'consentry.wasm', 'consentry-db.cdb', 'consentry-db-full.cdb'];
const sizes = {};
for (const f of files) {
  const p = join(dist, f);
  if (!existsSync(p)) continue;
  const data = readFileSync(p);
  sizes[f] = {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
writeFileSync(join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log('dist/ sizes (bytes):');
console.log('  file                      raw     gzip   brotli');
for (const [f, s] of Object.entries(sizes))
  console.log(`  ${f.padEnd(22)} ${String(s.raw).padStart(7)} ${String(s.gzip).padStart(8)} ${String(s.brotli).padStart(8)}`);
if (sizes['consentry.js'] && sizes['consentry.js'].gzip > BOOTSTRAP_BUDGET_GZIP) {
  console.error(`build-js: the bootstrap consentry.js is ${sizes['consentry.js'].gzip} bytes gzip, over its budget of ${BOOTSTRAP_BUDGET_GZIP}`);
  process.exit(1);
}
