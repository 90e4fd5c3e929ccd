// Loads the built wasm core under Node through the real bridge (js-glue/src/wasm-bridge.js).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { repoRoot } from './fixtures.mjs';
import { createCore } from '../../js-glue/src/wasm-bridge.js';

const require = createRequire(import.meta.url);

export function loadCore({ db = 'consentry-core.cdb', policy = '' } = {}) {
  const factory = require(join(repoRoot, 'build', 'wasm', 'consentry.js'));
  return createCore({
    factory,
    wasmBinary: readFileSync(join(repoRoot, 'build', 'wasm', 'consentry.wasm')),
    db: readFileSync(join(repoRoot, 'build', 'native', db)),
    policy,
  });
}
