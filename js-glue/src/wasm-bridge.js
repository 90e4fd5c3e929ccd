// The only file that touches the Emscripten Module. It instantiates the core (streaming compile
// when the server sends application/wasm), loads the category blob, and turns the engine's
// packed-text calls (wasm/core/engine.h) into plain objects. One boundary crossing per batch.

const CATEGORIES = ['mandatory', 'preferences', 'analytical', 'targeting'];

// A field as packed text: never a separator in it. Most fields have none: a test is cheaper
// than a replace.
const _SEPARATOR = /[\t\n\r]/;
function _clean(v) {
  return v == null ? '' : typeof v == 'string' && !_SEPARATOR.test(v) ? v : String(v).replace(/[\t\n\r]/g, ' ');
}

// A batch goes in as UTF-8 bytes: Embind copies a Uint8Array into a std::string in one
// block, where a JS string is encoded character by character in JS (about a tenth of a URL
// batch's time in Node).
const _encoder = new TextEncoder();
const _utf8 = (s) => _encoder.encode(s);
// The batch calls answer with a view of the wasm's memory (valid until the next call): decoded
// here at once, natively.
const _decoder = new TextDecoder();
const _text = (view) => _decoder.decode(view);

function _lines(text, count) {
  const out = count === 0 ? [] : text.split('\n');
  if (out.length !== count) throw new Error(`consentry: core answered ${out.length} lines for ${count} items`);
  return out.map((l) => l.split('\t'));
}

// A batch's answer, `count` records of `n` fields, as one flat array (record i's fields at
// i * n...): one split, no array per line. A text of the database with a tab of its own (a
// hand-made blob; the compiler refuses control characters) would shift the fields: then line
// by line, as _lines, each record cut or padded to n fields. Exported for its test only.
export function _fields(text, count, n) {
  const f = text.replaceAll('\n', '\t').split('\t');
  if (f.length === count * n) return f;
  return _lines(text, count).flatMap((l) => Array.from({ length: n }, (_, i) => l[i] ?? ''));
}

// A module that compiles but is not Consentry's core (another wasm at that URL) would make the
// glue throw on its missing exports: refuse it cleanly instead.
function _checked(instance) {
  const x = instance.exports;
  if (!Object.values(x).some((v) => v instanceof WebAssembly.Memory) || Object.keys(x).length < 4)
    throw new Error('not the Consentry core (unexpected exports)');
  return instance;
}

// Emscripten's hook for a module the caller already compiled (streaming, while it arrived).
function _instantiateModule(module, fail) {
  return (imports, done) => {
    WebAssembly.instantiate(module, imports).then((instance) => done(_checked(instance), module)).catch(fail);
    return {};
  };
}

function _instantiateStreaming(wasmUrl, fail) {
  // Emscripten's hook: we compile while the bytes arrive, and fall back to a buffer only when
  // the server's MIME type is not application/wasm (a CompileError still fails closed).
  return (imports, done) => {
    const buffered = () =>
      fetch(wasmUrl, { credentials: 'same-origin' })
        .then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status} for ${wasmUrl}`);
          return r.arrayBuffer();
        })
        .then((b) => WebAssembly.instantiate(b, imports));
    const started = WebAssembly.instantiateStreaming
      ? WebAssembly.instantiateStreaming(
          fetch(wasmUrl, { credentials: 'same-origin' }).then((r) => {
            if (!r.ok) throw new Error(`HTTP ${r.status} for ${wasmUrl}`);
            return r;
          }),
          imports,
        ).catch((e) => {
          if (e instanceof TypeError && /MIME|Content-Type/i.test(String(e.message))) return buffered();
          throw e;
        })
      : buffered();
    started.then((r) => done(_checked(r.instance), r.module)).catch(fail);
    return {};
  };
}

/**
 * Creates the core. Options: { factory, wasmModule | wasmUrl | wasmBinary, db: Uint8Array|ArrayBuffer,
 * policy?: string }. Rejects with an Error that says what went wrong (the caller fails closed).
 */
export function createCore({ factory, wasmModule, wasmUrl, wasmBinary, db, policy = '' }) {
  return new Promise((resolve, reject) => {
    const fail = (e) => reject(new Error(`consentry: the wasm core could not load: ${e && e.message ? e.message : e}`));
    const opts = { onAbort: fail, print() {}, printErr() {} };
    if (wasmModule) opts.instantiateWasm = _instantiateModule(wasmModule, fail);
    else if (wasmBinary) opts.wasmBinary = wasmBinary;
    else opts.instantiateWasm = _instantiateStreaming(wasmUrl, fail);
    // Instantiating (with Embind's setup) and the first loadDatabase are each about 25-35 ms at 4x
    // CPU, most of it V8 compiling the functions they run for the first time: a task apiece, so
    // that neither makes the other a long task. A message, not a timer (timers are throttled in
    // background tabs).
    factory(opts).then((M) => new Promise((next) => {
      const c = new MessageChannel();
      c.port1.onmessage = () => (c.port1.close(), next(M));
      c.port2.postMessage(0);
    })).then((M) => {
      try {
        const error = M.loadDatabase(db instanceof ArrayBuffer ? new Uint8Array(db) : db);
        if (error) throw new Error(error);
        resolve(_wrap(M, policy));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    }, fail);
  });
}

function _wrap(M, policy) {
  const core = {
    info: () => JSON.parse(M.info()),
    /**
     * The texts blob of the loaded database (describe's purposes and retention): '' when it
     * loaded, else the reason (the texts stay empty; nothing else changes).
     */
    loadTexts: (bytes) => M.loadTexts(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes),
    /** Returns the policy's problems (the strict default stays for each bad entry). */
    configure: (p) => (M.configure(_clean(p)) || '').split('\n').filter(Boolean),
    setConsent: (decided, granted) => M.setConsent(!!decided, granted | 0),
    /** items: [{ name, domain?, value?, expiry?, storage? }] */
    classifyCookies(pageHost, items) {
      if (!items.length) return [];
      const packed = items
        .map((c) => (c.storage ? 's\t' : 'c\t') + _clean(c.name) + '\t' + _clean(c.domain) + '\t' +
          _clean(c.value).slice(0, 4096) + '\t' + (c.expiry == null ? -1 : Math.round(c.expiry)))
        .join('\n');
      const f = _fields(_text(M.classifyCookies(_clean(pageHost), _utf8(packed))), items.length, 7);
      const out = new Array(items.length);
      for (let i = 0, k = 0; i < out.length; i++, k += 7) {
        out[i] = { category: f[k], verdict: f[k + 1], reason: f[k + 2], rule: f[k + 3], vendorId: f[k + 4], vendor: f[k + 5], detail: f[k + 6] };
      }
      return out;
    },
    /** items: [{ url, declared? }] where declared is '', a category, or '!category'. */
    classifyUrls(pageHost, items) {
      if (!items.length) return [];
      const packed = items.map((u) => _clean(u.declared) + '\t' + _clean(u.url)).join('\n');
      const f = _fields(_text(M.classifyUrls(_clean(pageHost), _utf8(packed))), items.length, 7);
      const out = new Array(items.length);
      for (let i = 0, k = 0; i < out.length; i++, k += 7) {
        out[i] = { category: f[k], verdict: f[k + 1], reason: f[k + 2], party: f[k + 3], host: f[k + 4], vendorId: f[k + 5], vendor: f[k + 6] };
      }
      return out;
    },
    /**
     * refs: ['v<vendorIndex>' | 'V<vendorId>' | 'd<detailId>'] -> [{ name, purpose, retention }];
     * purpose and retention are '' until loadTexts.
     */
    describe(refs) {
      if (!refs.length) return [];
      return _lines(M.describe(refs.map(_clean).join('\n')), refs.length).map((f) => ({
        name: f[0], purpose: f[1], retention: f[2],
      }));
    },
    /** hosts (or URLs) -> their registrable domains (eTLD+1), '' for no host. */
    registrableDomains(hosts) {
      if (!hosts.length) return [];
      return _lines(M.registrableDomains(hosts.map(_clean).join('\n')), hosts.length).map((f) => f[0]);
    },
    decodeConsent(value, siteKey, revision, now) {
      const f = M.decodeConsent(_clean(value), _clean(siteKey), revision | 0, now).split('\t');
      if (f[0] !== 'valid') return { valid: false, error: f[1] };
      return { valid: true, granted: +f[1], revision: +f[2], id: f[3], first: +f[4], last: +f[5], expiry: +f[6], signals: +f[7] };
    },
    encodeConsent(r, siteKey) {
      return M.encodeConsent([r.granted, r.revision, r.id, r.first, r.last, r.expiry, r.signals].map(_clean).join('\t'),
        _clean(siteKey));
    },
    categories: CATEGORIES,
  };
  if (policy) core.configure(policy);
  return core;
}
