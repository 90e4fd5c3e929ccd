// Issue #4: "TypeScript declarations for the API and the config". js-glue/types/consentry.d.ts
// must name every method of window.consentry, every config field validateConfig accepts (and
// their nested fields), every overridable text key, the API's events and the public window
// events, so a site in TypeScript gets all of it. No browser needed. The site-side usage example
// (usage-check.ts) is also compiled strictly with the pinned typescript dev dependency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../demo-site/server.mjs';
import { validateConfig } from '../../js-glue/src/config.js';
import EN from '../../js-glue/src/ui/texts/en.js';

const src = (f) => readFileSync(join(repoRoot, f), 'utf8');
const DTS = src('js-glue/types/consentry.d.ts');

/** The body of `interface name {` or `type name =` up to its end. */
function block(name) {
  const i = DTS.search(new RegExp(`(interface|type) ${name}\\b`));
  assert.ok(i >= 0, `${name} is declared`);
  const end = DTS.indexOf('\n}', i) >= 0 && /type /.test(DTS.slice(i, i + 5)) ? DTS.indexOf(';\n', i) : DTS.indexOf('\n}', i);
  return DTS.slice(i, end);
}
/** Member names of an object type body at `indent` spaces. */
const members = (body, indent) => [...body.matchAll(new RegExp(`^ {${indent}}(?:readonly )?(\\w+)\\??(?:<[^>]*>)?[:(]`, 'gm'))].map((m) => m[1]);
/** The nested `{ ... }` of field `field` in body. */
function nested(body, field) {
  const i = body.indexOf(`  ${field}?: {`);
  assert.ok(i >= 0, `${field} is declared as an object`);
  return body.slice(i, body.indexOf('\n  };', i) >= 0 ? body.indexOf('\n  };', i) : undefined);
}

test('window.consentry: every method the bootstrap defines is declared', () => {
  const list = /'((?:\w+ )+\w+)'\.split\(' '\)/.exec(src('js-glue/src/bootstrap.js'));
  assert.ok(list, 'the bootstrap\'s method list');
  const methods = list[1].split(' ');
  for (const m of ['show', 'hide', 'showPreferences', 'acceptCategory', 'rejectAll', 'acceptedCategory', 'getConsent', 'reset', 'on', 'off']) {
    assert.ok(methods.includes(m), `the issue's API method ${m} is defined`);
  }
  const declared = members(block('ConsentryApi'), 2);
  assert.deepEqual(methods.filter((m) => !declared.includes(m)), [], 'declared in ConsentryApi');
});

test('the API\'s events and the public window events are declared', () => {
  const events = /const EVENTS = \[([^\]]*)\]/.exec(src('js-glue/src/api.js'))[1].match(/\w+/g);
  assert.deepEqual(events.filter((e) => !members(block('ConsentryEventMap'), 2).includes(e)), []);
  const code = readdirSync(join(repoRoot, 'js-glue/src')).filter((f) => f.endsWith('.js')).map((f) => src(`js-glue/src/${f}`)).join('\n');
  for (const e of ['consentry:consent', 'consentry:change', 'consentry:ready', 'consentry:core-ready', 'consentry:classifier-ready']) {
    assert.ok(code.includes(`'${e}'`), `${e} is dispatched`);
    assert.ok(DTS.includes(`'${e}':`), `${e} is in WindowEventMap`);
  }
  assert.match(DTS, /event: 'consentry_consent'/, 'the dataLayer event for tag managers');
});

test('the config: every field validateConfig keeps is declared, nested ones too', () => {
  const { cfg } = validateConfig({}, { hostname: 'www.shop.example', protocol: 'https:' });
  const body = block('ConsentryConfig');
  const top = members(body, 2);
  assert.deepEqual(Object.keys(cfg).filter((k) => !top.includes(k)), [], 'top-level fields');
  for (const f of ['cookie', 'gcm']) {
    const inner = members(nested(body, f), 4);
    assert.deepEqual(Object.keys(cfg[f]).filter((k) => !inner.includes(k)), [], `${f}.* fields`);
  }
  assert.match(body, /categories\?: \{ preferences\?: boolean \}/);
  const cookieFields = members(block('ConsentryCookieDeclaration'), 2);
  const { cfg: withCookie } = validateConfig({ cookies: [{ name: 'sid', category: 'mandatory' }] }, { hostname: 'x.example', protocol: 'https:' });
  assert.deepEqual(Object.keys(withCookie.cookies[0]).filter((k) => !cookieFields.includes(k)), [], 'cookies[] fields');
  for (const v of ['bar', 'box', 'modal']) assert.ok(block('ConsentryLayout').includes(`'${v}'`), v);
});

test('every overridable text is a ConsentryTextKey: the UI\'s and the placeholders\'', () => {
  const keys = [...block('ConsentryTextKey').matchAll(/\| '(\w+)'/g)].map((m) => m[1]);
  const placeholder = [...new Set(src('js-glue/src/gate-placeholder.js').match(/\b(placeholder[A-Z]\w+|cat[A-Z]\w+)\b/g))];
  assert.ok(placeholder.includes('placeholderText'));
  assert.deepEqual([...Object.keys(EN), ...placeholder].filter((k) => !keys.includes(k)), []);
});

const require = createRequire(import.meta.url);
let tsc = null;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {}
test('usage-check.ts compiles with tsc --strict', { skip: !tsc && 'the typescript package is not installed (npx -y -p typescript@5 tsc ... runs it by hand)' }, () => {
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--lib', 'es2020,dom', join(repoRoot, 'js-glue/types/usage-check.ts')], { stdio: 'pipe' });
});
