// Loads the built wasm core under Node through the real bridge (js-glue/src/wasm-bridge.js).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './fixtures.mjs';
import { createCore } from '../../js-glue/src/wasm-bridge.js';

const require = createRequire(import.meta.url);

/** Build directories: $CONSENTRY_BUILD (native: blobs, CLI) and $CONSENTRY_WASM_BUILD, else build/. */
export const nativeBuild = process.env.CONSENTRY_BUILD || join(repoRoot, 'build', 'native');
export const wasmBuild = process.env.CONSENTRY_WASM_BUILD || join(repoRoot, 'build', 'wasm');

/** texts: also load the database's texts blob (describe's purposes and retention). */
export async function loadCore({ db = 'consentry-core.cdb', policy = '', texts = true } = {}) {
  const factory = require(join(wasmBuild, 'consentry.js'));
  const core = await createCore({
    factory,
    wasmBinary: readFileSync(join(wasmBuild, 'consentry.wasm')),
    db: readFileSync(join(nativeBuild, db)),
    policy,
  });
  if (texts) {
    const error = core.loadTexts(readFileSync(join(nativeBuild, db.replace(/\.cdb$/, '-texts.cdb'))));
    if (error) throw new Error(error);
  }
  return core;
}
