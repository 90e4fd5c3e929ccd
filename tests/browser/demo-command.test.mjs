// The README's first command, exactly as written: `./scripts/demo.sh` with PORT set. It runs
// setup and the build (no-ops when up to date, so this may take a while only the first time),
// then serves the demo and prints its address. The test fetches the home page and the wasm,
// then stops the whole process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from '../../demo-site/server.mjs';

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

test('./scripts/demo.sh serves the demo at the printed address (home page, application/wasm)', { timeout: 30 * 60 * 1000 }, async () => {
  const port = await freePort();
  const child = spawn('./scripts/demo.sh', [], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port) },
    detached: true, // its own process group, so the server it execs and any build step stop with it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    const address = await new Promise((resolve, reject) => {
      const look = (chunk) => {
        out += chunk;
        const m = /Consentry demo: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
        if (m) resolve(m[1]);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', (c) => (out += c));
      exited.then(({ code, signal }) => reject(new Error(`demo.sh exited (${code ?? signal}) before printing an address:\n${out.slice(-3000)}`)));
    });
    assert.equal(address, `http://127.0.0.1:${port}/`, 'it uses PORT');

    const home = await fetch(address);
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type'), /^text\/html/);
    const html = await home.text();
    assert.match(html, /<script src="\/consentry\/consentry\.js" data-config="/, 'the one script tag, first in <head>');
    assert.match(html, /Fernway/);
    assert.match(html, new RegExp(`http://www\\.googletagmanager\\.com\\.localhost:${port}/gtag/js`), 'the trackers are the local *.localhost fakes');

    const wasm = await fetch(`${address}consentry/consentry.wasm`);
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const bytes = new Uint8Array(await wasm.arrayBuffer());
    assert.deepEqual([...bytes.slice(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module');
    assert.ok(await WebAssembly.validate(bytes));

    const gtag = await fetch(`${address}fake/www.googletagmanager.com/gtag/js?id=G-FERNWAY01`);
    assert.equal(gtag.status, 200, 'the same server answers the fakes');
    assert.match(await gtag.text(), /www\.google-analytics\.com\/g\/collect/);
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const { signal, code } = await exited;
    assert.ok(signal === 'SIGTERM' || code !== null, 'stopped');
  }
  // Nothing is left listening.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
});
