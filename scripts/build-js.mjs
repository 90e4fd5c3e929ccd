// Bundles js-glue into dist/ (esbuild, minified IIFEs; CSS minified before it is embedded), one
// small consentry-ui-<lang>.js per UI language other than English, copies the wasm core and the
// category blobs next to them, reports every file's size raw / gzip / brotli, and fails when the
// synchronous bootstrap exceeds its budget.
import { build } from 'esbuild';
import { TARGET, minifiedCss } from './esbuild-options.mjs';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

export const BOOTSTRAP_BUDGET_GZIP = 5184; // bytes, gzip -9: README "Size budgets"

const HINT = '//# allFunctionsCalledOnLoad';
const bundles = [
  // V8's explicit compile hint (v8.dev/blog/explicit-compile-hints; ignored elsewhere): nearly every
  // function of the bootstrap runs while it is evaluated (a parser-blocking script), and most of the
  // UI's while it builds the banner, so compiling them all at once beats pre-parsing each and
  // parsing it again on its first call. At 4x CPU: the bootstrap's evaluation about 30 -> 24 ms,
  // the banner 49-70 -> 35-46 ms after consentry-ui.js arrived (medians of paired probes).
  { entry: 'js-glue/src/bootstrap.js', out: 'consentry.js', banner: HINT },
  { entry: 'js-glue/src/core-entry.js', out: 'consentry-core.js' },
  { entry: 'js-glue/src/classifier-entry.js', out: 'consentry-classifier.js' },
  { entry: 'js-glue/src/ui/index.js', out: 'consentry-ui.js', banner: HINT },
  { entry: 'js-glue/src/ui/prefs.js', out: 'consentry-ui-prefs.js' },
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
    target: TARGET,
    platform: 'browser',
    external: ['fs', 'path', 'crypto', 'url', 'module'],
    legalComments: 'none',
    banner: b.banner ? { js: b.banner } : undefined,
    plugins: [minifiedCss],
    logLevel: 'warning',
  });
}

// UI languages: consentry-ui.js bundles English; every other js-glue/src/ui/texts/<lang>.js
// becomes dist/consentry-ui-<lang>.js, which hands its texts to the hook consentry-ui.js installed.
const textsDir = join(root, 'js-glue/src/ui/texts');
const { LANGS } = await import(pathToFileURL(join(textsDir, '..', 'texts.js')).href);
const langFiles = readdirSync(textsDir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)).sort();
if (langFiles.join() !== [...LANGS].sort().join()) {
  console.error(`build-js: js-glue/src/ui/texts/ has ${langFiles.join(', ')} but texts.js LANGS lists ${LANGS.join(', ')}`);
  process.exit(1);
}
const uiLangs = LANGS.filter((l) => l !== 'en');
for (const lang of uiLangs) {
  await build({
    stdin: {
      contents: `import t from './${lang}.js';\nself.__consentryUiTexts && self.__consentryUiTexts(${JSON.stringify(lang)}, t);\n`,
      resolveDir: textsDir,
      sourcefile: `consentry-ui-${lang}.js`,
    },
    outfile: join(dist, `consentry-ui-${lang}.js`),
    bundle: true,
    minify: true,
    format: 'iife',
    target: TARGET,
    platform: 'browser',
    legalComments: 'none',
    logLevel: 'warning',
  });
}
const copies = [
  ['build/wasm/consentry.wasm', 'consentry.wasm'],
  ['build/native/consentry-core.cdb', 'consentry-db.cdb'],
  ['build/native/consentry-full.cdb', 'consentry-db-full.cdb'],
  ['build/native/consentry-core-texts.cdb', 'consentry-db-texts.cdb'],
  ['build/native/consentry-full-texts.cdb', 'consentry-db-full-texts.cdb'],
];
for (const [from, to] of copies) copyFileSync(join(root, from), join(dist, to));

const files = ['consentry.js', 'consentry-core.js', 'consentry-ui.js', 'consentry-ui-prefs.js', ...uiLangs.map((l) => `consentry-ui-${l}.js`), 'consentry-classifier.js', 'consentry.wasm', 'consentry-db.cdb', 'consentry-db-texts.cdb', 'consentry-db-full.cdb', 'consentry-db-full-texts.cdb', 'consentry-inspector.js'];
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
