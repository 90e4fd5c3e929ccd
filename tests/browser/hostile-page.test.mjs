// Issue #8 (3): the site's own scripts as the adversary of the gate. The gate promises
// (docs/js-contracts.md) that script[src], img[src], iframe[src] and link[href], however they
// are set or inserted, and fetch / XMLHttpRequest / sendBeacon wait for consent. Here page
// scripts try odd URL spellings, URL objects, other attribute APIs, SVG scripts, frames that
// build their own document, and a second realm, against a targeting host
// (connect.facebook.net) before any choice; requests are counted at the server.
//
// What a first-party script can do beyond that (remove Consentry, write a record with a right
// check, CSS url(), <object>, WebSocket, import()...) is listed in docs/security.md.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FB, GA, MASK, assertNoEscape, consentState, open, pathsSince, ran, record, recordCookie, settle, startHostile, trackerHits,
} from './fixtures-hostile/helpers.mjs';

let b;
before(async () => {
  b = await startHostile();
});
after(async () => {
  await b?.close();
});

/**
 * Runs `code` (a function body; `U(name, ext)` gives a unique targeting URL) in bare.html once
 * the core is ready and the visitor has not chosen, and returns the paths requested from the
 * targeting host and the scripts that ran.
 */
async function attempt(code, { wait = 800 } = {}) {
  const t = await open(b, 'bare.html');
  try {
    await settle(t.page, 100);
    const threw = await t.page.evaluate((src) => {
      window.U = (name, ext = 'js') => `https://connect.facebook.net/p/${name}.${ext}`;
      try {
        new Function(src)();
        return null;
      } catch (e) {
        return String(e);
      }
    }, code);
    await settle(t.page, wait);
    const out = { paths: pathsSince(b, t.mark, FB), ran: await ran(t.page), threw };
    await assertNoEscape(t);
    return out;
  } finally {
    await t.close();
  }
}

const none = (r, what) => {
  assert.deepEqual(r.paths, [], `${what}: no request to the targeting host`);
  assert.deepEqual(r.ran, [], `${what}: nothing ran`);
};

test('odd URL spellings and objects through the gated sinks are all held', async () => {
  const vectors = {
    uppercase: "new Image().src = 'HTTPS://CONNECT.FACEBOOK.NET/p/uppercase.gif'",
    'protocol-relative': "new Image().src = '//connect.facebook.net/p/protocol-relative.gif'",
    backslashes: "new Image().src = 'https:\\\\\\\\connect.facebook.net\\\\p\\\\backslashes.gif'",
    'trailing dot': "new Image().src = 'https://connect.facebook.net./p/trailing-dot.gif'",
    'percent-encoded host': "new Image().src = 'https://connect%2Efacebook.net/p/pct-host.gif'",
    userinfo: "new Image().src = 'https://user:pw@connect.facebook.net/p/userinfo.gif'",
    'padded with whitespace': "new Image().src = '  \\n\\t https://connect.facebook.net/p/padded.gif'",
    'explicit port': `new Image().src = 'https://connect.facebook.net:${b.port}/p/port.gif'`,
    'URL object': "new Image().src = new URL(U('url-object', 'gif'))",
    'fetch(Request)': "fetch(new Request(U('fetch-request', 'txt'))).catch(() => {})",
    'fetch(URL)': "fetch(new URL(U('fetch-url', 'txt'))).catch(() => {})",
    'XHR with a URL object': "const x = new XMLHttpRequest(); x.open('GET', new URL(U('xhr-url', 'txt'))); x.send()",
    'sendBeacon with a URL object': "navigator.sendBeacon(new URL(U('beacon-url', 'txt')), 'x')",
    'setAttribute("SRC")': "const s = document.createElement('script'); s.setAttribute('SRC', U('set-attribute-upper')); document.head.appendChild(s)",
    'script src set after insertion': "const s = document.createElement('script'); document.head.appendChild(s); s.src = U('src-after')",
    'createContextualFragment': "document.body.appendChild(document.createRange().createContextualFragment('<script src=\"' + U('fragment') + '\"><\\/script>'))",
    'setHTMLUnsafe': "const d = document.createElement('div'); document.body.appendChild(d); d.setHTMLUnsafe && d.setHTMLUnsafe('<img src=\"' + U('set-html-unsafe', 'gif') + '\">')",
    'importNode of a template': "const tp = document.createElement('template'); tp.innerHTML = '<script src=\"' + U('template') + '\"><\\/script>'; document.head.appendChild(document.importNode(tp.content, true))",
    'cloneNode of a held script': "const s = document.createElement('script'); s.src = U('clone'); document.head.appendChild(s.cloneNode(true))",
    'outerHTML': "const p = document.createElement('p'); document.body.appendChild(p); p.outerHTML = '<img src=\"' + U('outer-html', 'gif') + '\">'",
    'Attr value of an existing src': "const i = document.createElement('img'); document.body.appendChild(i); i.src = '/x.gif'; i.getAttributeNode('src').value = U('attr-existing', 'gif')",
    'link rel=modulepreload': "const l = document.createElement('link'); l.rel = 'modulepreload'; l.href = U('modulepreload'); document.head.appendChild(l)",
    'Reflect.apply on the original setter': "const i = new Image(); Reflect.apply(Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src').set, i, [U('reflect', 'gif')])",
  };
  const code = Object.values(vectors).map((v) => `try { ${v} } catch (e) {}`).join('\n');
  const r = await attempt(code);
  none(r, 'odd spellings');
});

// Each of these reached the targeting host before the fixes of issue #8's follow-up
// (gate-sync.js in the bootstrap; Attr nodes, Range and frames' windows: gate-frames.js).
describe('ways around the gate', () => {
  const leaks = {
    'a URL object whose toString changes between the check and the use (fetch)': {
      code: "let n = 0; fetch({ toString() { return n++ ? U('toctou-fetch', 'txt') : '/api/ok'; } }).catch(() => {})",
    },
    'a URL object whose toString changes between the check and the use (img.src)': {
      code: "let n = 0; new Image().src = { toString() { return n++ ? U('toctou-img', 'gif') : '/x.gif'; } }",
    },
    'setAttributeNS(null, "src") on a new Image': {
      code: "new Image().setAttributeNS(null, 'src', U('set-attribute-ns', 'gif'))",
    },
    'setAttributeNS(null, "src") on a script already in the page': {
      code: "const s = document.createElement('script'); document.head.appendChild(s); s.setAttributeNS(null, 'src', U('set-attribute-ns-script'))",
    },
    'setAttributeNode with a src Attr': {
      code: "const i = new Image(); const a = document.createAttribute('src'); a.value = U('set-attribute-node', 'gif'); i.setAttributeNode(a)",
    },
    'img.srcset': {
      code: "new Image().srcset = U('srcset', 'gif') + ' 1x'",
    },
    'srcset in an HTML string': {
      code: "document.getElementById('box').innerHTML = '<img srcset=\"' + U('srcset-html', 'gif') + ' 1x\">'",
    },
    '<picture><source srcset>': {
      code: "document.getElementById('box').innerHTML = '<picture><source srcset=\"' + U('picture-source', 'gif') + '\"><img alt=\"\"></picture>'",
    },
    'an SVG <script href> created by a page script': {
      code: "const g = document.createElementNS('http://www.w3.org/2000/svg', 'svg'); const s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.setAttribute('href', U('svg-script')); g.appendChild(s); document.body.appendChild(g)",
    },
    'an SVG <image href> in an HTML string': {
      code: "document.getElementById('box').innerHTML = '<svg><image href=\"' + U('svg-image', 'gif') + '\"/></svg>'",
    },
    'an iframe whose srcdoc loads a script': {
      code: "const f = document.createElement('iframe'); f.srcdoc = '<script src=\"' + U('srcdoc') + '\"><\\/script>'; document.body.appendChild(f)",
    },
    'an iframe with a javascript: URL that writes a script': {
      code: "const f = document.createElement('iframe'); f.src = \"javascript:'<script src=\" + U('javascript-frame') + \"><\\/script>'\"; document.body.appendChild(f)",
    },
    "fetch from a same-origin about:blank frame's window": {
      code: "const f = document.createElement('iframe'); document.body.appendChild(f); f.contentWindow.fetch(U('blank-frame-fetch', 'txt')).catch(() => {})",
    },
    'XHR and sendBeacon with a URL object whose toString changes': {
      code: "let n = 0, m = 0; const x = new XMLHttpRequest(); x.open('GET', { toString() { return n++ ? U('toctou-xhr', 'txt') : '/api/ok'; } }); x.send(); navigator.sendBeacon({ toString() { return m++ ? U('toctou-beacon', 'txt') : '/api/ok'; } }, 'x')",
    },
    'setAttributeNS(xlink, "xlink:href") on an SVG <script>, and an SVG <image> built in script': {
      code: "const S = 'http://www.w3.org/2000/svg'; const g = document.createElementNS(S, 'svg'); const s = document.createElementNS(S, 'script'); s.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', U('svg-xlink')); const i = document.createElementNS(S, 'image'); i.setAttribute('href', U('svg-image-dom', 'gif')); g.append(s, i); document.body.appendChild(g)",
    },
    "an SVG <script>'s and <image>'s href.baseVal": {
      code: "const S = 'http://www.w3.org/2000/svg'; const g = document.createElementNS(S, 'svg'); const s = document.createElementNS(S, 'script'); const i = document.createElementNS(S, 'image'); g.append(s, i); document.body.appendChild(g); s.href.baseVal = U('svg-base-val'); i.href.baseVal = U('svg-image-base-val', 'gif')",
    },
    'NamedNodeMap.setNamedItem on a script already in the page (no attributes) and on an image': {
      code: "const s = document.createElement('script'); document.head.appendChild(s); const a = document.createAttribute('src'); a.value = U('named-item'); s.attributes.setNamedItem(a); const i = new Image(); i.alt = 'x'; const b = document.createAttribute('src'); b.value = U('named-item-img', 'gif'); i.attributes.setNamedItem(b)",
    },
    "an Attr's nodeValue and textContent on an existing src": {
      code: "const i = document.createElement('img'); document.body.appendChild(i); i.src = '/a.gif'; i.getAttributeNode('src').nodeValue = U('attr-node-value', 'gif'); const j = document.createElement('img'); document.body.appendChild(j); j.src = '/b.gif'; j.getAttributeNode('src').textContent = U('attr-text-content', 'gif')",
    },
    'Range.insertNode of nodes with native attributes (from a DOMParser document)': {
      code: "const r = document.createRange(); r.selectNodeContents(document.body); const d = new DOMParser().parseFromString('<img src=\"' + U('range-insert', 'gif') + '\"><iframe src=\"' + U('range-frame', 'html') + '\"></iframe>', 'text/html'); r.insertNode(document.adoptNode(d.querySelector('img'))); r.insertNode(document.adoptNode(d.querySelector('iframe')))",
    },
    'createContextualFragment with an image (loads without being inserted)': {
      code: "document.createRange().createContextualFragment('<img src=\"' + U('contextual-img', 'gif') + '\">')",
    },
    'srcset spellings: a descriptor then a comma then a URL, a comma in the URL, imagesrcset': {
      code: "new Image().srcset = '/x.gif 0.5x,' + U('srcset-comma', 'gif') + ' 1x'; new Image().srcset = U('srcset,comma-in-url', 'gif'); const l = document.createElement('link'); l.rel = 'preload'; l.as = 'image'; l.imageSrcset = U('imagesrcset', 'gif') + ' 1x'; document.head.appendChild(l)",
    },
    'an iframe srcdoc whose inline script uses Image, fetch and document.write, and a srcdoc in an HTML string': {
      code: "const f = document.createElement('iframe'); f.srcdoc = '<p>x</p><script>new Image().src = \"' + U('srcdoc-inline', 'gif') + '\"; fetch(\"' + U('srcdoc-fetch', 'txt') + '\").catch(() => {}); document.write(\"<img src=' + U('srcdoc-write', 'gif') + '>\")<\\/script>'; document.body.appendChild(f); document.getElementById('box').insertAdjacentHTML('beforeend', '<iframe srcdoc=\"&lt;script src=&quot;' + U('srcdoc-html') + '&quot;&gt;&lt;/script&gt;&lt;img src=' + U('srcdoc-html-img', 'gif') + '&gt;\"></iframe>')",
    },
    "a same-origin about:blank frame's Image, setters, insertion, HTML and beacon": {
      code: "const f = document.createElement('iframe'); document.getElementById('box').innerHTML = ''; document.body.append(f); const w = f.contentWindow; new w.Image().src = U('blank-image', 'gif'); const s = w.document.createElement('script'); s.src = U('blank-script'); w.document.head.appendChild(s); w.document.body.innerHTML = '<img src=\"' + U('blank-html', 'gif') + '\">'; const g = document.createElement('div'); g.innerHTML = '<iframe></iframe>'; document.body.appendChild(g); g.firstChild.contentWindow.navigator.sendBeacon(U('blank-html-frame-beacon', 'txt'), 'x')",
    },
    "a frame inside a frame": {
      code: "const f = document.createElement('iframe'); document.body.appendChild(f); const g = f.contentWindow.document.createElement('iframe'); f.contentWindow.document.body.appendChild(g); new g.contentWindow.Image().src = U('nested-frame', 'gif')",
    },
  };
  for (const [label, { code }] of Object.entries(leaks)) {
    test(label, async () => {
      none(await attempt(code), label);
    });
  }

  test('undeclared SVG scripts in the page HTML and from document.write do not run', async () => {
    const t = await open(b, 'svg.html');
    try {
      await settle(t.page, 600);
      assert.ok(!(await ran(t.page)).includes(`${FB}/h/html-control.js`), 'control: the HTML <script src> is stopped');
      assert.deepEqual(await ran(t.page), [], 'no SVG script ran');
      // Chromium's preload scanner requests an SVG <script href> of the page's own HTML before any
      // script can run, exactly like the HTML <script src> control above (docs/security.md, "The
      // preload scanner"; checked: a MutationObserver that strips the href stops it from running,
      // not from being requested). The one document.write adds is never requested.
      assert.deepEqual(pathsSince(b, t.mark, FB).filter((p) => p.includes('svg')), ['/h/svg-html.js']);
    } finally {
      await t.close();
    }
  });
});

// Not promised by the gate (docs/security.md, "Outside the gate's contract"): this test only
// reports which of these reach the targeting host before consent, so that the list in the
// documentation can be checked against the browser of the day. It asserts nothing but that no
// exception escapes.
test('outside the contract (informative): which other sinks reach a tracker before consent', async (tc) => {
  const sinks = {
    'css-url': "document.body.style.backgroundImage = 'url(' + U('css-url', 'gif') + ')'",
    'css-import': "document.head.insertAdjacentHTML('beforeend', '<style>@import url(' + U('css-import', 'css') + ');</style>')",
    object: "document.body.insertAdjacentHTML('beforeend', '<object data=\"' + U('object', 'html') + '\"></object>')",
    embed: "document.body.insertAdjacentHTML('beforeend', '<embed src=\"' + U('embed', 'html') + '\">')",
    'video-poster': "document.body.insertAdjacentHTML('beforeend', '<video poster=\"' + U('video-poster', 'gif') + '\"></video>')",
    'input-image': "document.body.insertAdjacentHTML('beforeend', '<input type=image alt=x src=\"' + U('input-image', 'gif') + '\">')",
    websocket: "try { new WebSocket(U('websocket', 'ws').replace('https:', 'wss:')).onerror = () => {}; } catch (e) {}",
    eventsource: "const es = new EventSource(U('eventsource', 'txt')); es.onerror = () => es.close()",
    'dynamic-import': "import(U('dynamic-import')).catch(() => {})",
    'svg-feimage': "document.body.insertAdjacentHTML('beforeend', '<svg width=10 height=10><filter id=cs-f><feImage href=\"' + U('svg-feimage', 'gif') + '\"/></filter><rect width=10 height=10 filter=\"url(#cs-f)\"/></svg>')",
  };
  const code = Object.entries(sinks).map(([, v]) => `try { ${v} } catch (e) {}`).join('\n');
  const r = await attempt(code, { wait: 1200 });
  const reached = Object.keys(sinks).filter((k) => r.paths.some((p) => p.startsWith(`/p/${k}.`)));
  tc.diagnostic(`reached ${FB} before consent: ${reached.join(', ') || 'none'}; held: ${Object.keys(sinks).filter((k) => !reached.includes(k)).join(', ') || 'none'}`);
});

test("a page script's tampered record (document.cookie) grants nothing on the next page view", async () => {
  const t = await open(b, 'bare.html');
  try {
    const v = record({ granted: MASK.none }).split('.');
    v[1] = '15';
    await t.page.evaluate((value) => (document.cookie = `consentry=${value}; path=/; max-age=3600`), v.join('.'));
    await settle(t.page, 100);
    assert.ok((await t.context.cookies()).some((c) => c.name == 'consentry'), 'the record always passes the firewall');
    const mark = b.requests.length;
    await t.page.goto(`${t.origin}/page.html`);
    await t.page.waitForFunction(() => window.consentry.getConsent() !== null);
    await settle(t.page, 600);
    assert.equal((await consentState(t.page)).decided, false);
    assert.deepEqual(trackerHits(b, mark), []);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('a page script replacing window.consentry changes nothing the gate decides', async () => {
  const t = await open(b, 'bare.html');
  try {
    await t.page.evaluate(() => {
      window.consentry = { acceptedCategory: () => true, getConsent: () => ({ decided: true, categories: { targeting: true } }) };
      const s = document.createElement('script');
      s.src = 'https://connect.facebook.net/p/after-fake-api.js';
      document.head.appendChild(s);
      new Image().src = 'https://connect.facebook.net/p/after-fake-api.gif';
    });
    await settle(t.page, 600);
    assert.deepEqual(pathsSince(b, t.mark, FB), []);
    await assertNoEscape(t);
  } finally {
    await t.close();
  }
});

test('consentry.js included twice: one banner, one warning, and a choice releases in the same page view', async () => {
  const t = await open(b, 'twice.html');
  try {
    await settle(t.page, 600);
    assert.deepEqual(trackerHits(b, t.mark), [], 'nothing before a choice');
    await t.page.evaluate(() => consentry.acceptCategory(['analytical']));
    await settle(t.page, 800);
    assert.ok((await ran(t.page)).includes(`${GA}/h/declared.js`), 'analytics released without a reload');
    assert.deepEqual(trackerHits(b, t.mark).filter((h) => !h.startsWith(GA)), [], 'targeting stays blocked');
    assert.equal(await t.page.evaluate(() => document.querySelectorAll('consentry-ui').length), 1, 'one banner');
    assert.equal(t.warnings().filter((w) => /included twice/.test(w)).length, 1, 'one warning from the second copy');
  } finally {
    await t.close();
  }
});
