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

export function loadCore({ db = 'consentry-core.cdb', policy = '' } = {}) {
  const factory = require(join(wasmBuild, 'consentry.js'));
  return createCore({
    factory,
    wasmBinary: readFileSync(join(wasmBuild, 'consentry.wasm')),
    db: readFileSync(join(nativeBuild, db)),
    policy,
  });
}
