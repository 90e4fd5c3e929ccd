// Where Consentry's bytes go, measured on the built files (numbers for BENCHMARKS.md's proposals):
//   - every dist/ file, raw / gzip -9 / brotli 11;
//   - the category blob per section (each section compressed alone: an upper bound of its share);
//   - the bundles per input module (esbuild metafile, the options of scripts/build-js.mjs, CSS
//     minified before it is embedded, as there).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repoRoot } from '../../tests/lib/fixtures.mjs';
import { TARGET, minifiedCss } from '../../scripts/esbuild-options.mjs';
import { sizesOf } from './server.mjs';

export const gz = (b) => gzipSync(b, { level: 9 }).length;
export const br = (b) =>
  brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length;
const sizes = (b) => ({ raw: b.length, gzip: gz(b), br: br(b) });

export const DIST_FILES = ['consentry.js', 'consentry-core.js', 'consentry-ui.js', 'consentry-ui-prefs.js', 'consentry-classifier.js', 'consentry.wasm', 'consentry-db.cdb', 'consentry-db-texts.cdb'];

/** The dist/ files as the bench server served them (its snapshot: the same bytes as the pages). */
export function distSizes() {
  const out = {};
  for (const f of DIST_FILES) {
    const s = sizesOf('/consentry/' + f);
    if (s) out[f] = s;
  }
  return out;
}

/** Sections of a CSDB blob (ARCHITECTURE.md "The category blob"). */
export function blobSections(file = join(repoRoot, 'dist', 'consentry-db.cdb')) {
  if (!existsSync(file)) return null;
  const b = readFileSync(file);
  if (b.slice(0, 4).toString() !== 'CSDB') return null;
  const n = b.readUInt32LE(20);
  const out = [];
  for (let i = 0; i < n; i++) {
    const o = 32 + i * 12;
    const tag = b.slice(o, o + 4).toString();
    const off = b.readUInt32LE(o + 4);
    const size = b.readUInt32LE(o + 8);
    out.push({ tag, ...sizes(b.slice(off, off + size)) });
  }
  const psl = out.find((s) => s.tag === 'PSLN');
  // Format 3: the public-suffix hashes are a Golomb-Rice coded set (u32 count first); what the
  // same hashes took as plain 32-bit values is count x 4 bytes.
  let count = 0;
  if (psl) {
    const e = b.readUInt32LE(32 + out.indexOf(psl) * 12 + 4);
    count = b.readUInt16LE(4) >= 3 ? b.readUInt32LE(e) : psl.raw / 4;
  }
  return { total: sizes(b), sections: out, psl: psl ? { count, rawBytes: psl.raw, plainBytes: count * 4 } : null };
}

const OPTIONS = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: TARGET,
  platform: 'browser',
  external: ['fs', 'path', 'crypto', 'url', 'module'],
  legalComments: 'none',
  logLevel: 'silent',
  write: false,
  metafile: true,
};

async function bundle(entry) {
  const r = await build({ ...OPTIONS, entryPoints: [join(repoRoot, entry)], plugins: [minifiedCss] });
  const code = r.outputFiles[0].contents;
  const inputs = Object.entries(Object.values(r.metafile.outputs)[0].inputs)
    .map(([f, v]) => ({ file: f, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { ...sizes(Buffer.from(code)), inputs };
}

export async function bundleBreakdown() {
  const out = {};
  const entries = {
    'consentry.js': 'js-glue/src/bootstrap.js',
    'consentry-core.js': 'js-glue/src/core-entry.js',
    'consentry-classifier.js': 'js-glue/src/classifier-entry.js',
    'consentry-ui.js': 'js-glue/src/ui/index.js',
    'consentry-ui-prefs.js': 'js-glue/src/ui/prefs.js',
  };
  for (const [name, entry] of Object.entries(entries)) {
    if (!existsSync(join(repoRoot, entry))) continue;
    try {
      out[name] = await bundle(entry);
    } catch (e) {
      out[name] = { error: String(e.message || e).split('\n')[0] };
    }
  }
  return { bundles: out };
}

export async function sizeReport() {
  return { dist: distSizes(), blob: blobSections(), ...(await bundleBreakdown()) };
}
