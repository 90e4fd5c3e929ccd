// The demo's config and fakes agree with the real category database (no browser needed): the
// *.localhost names the human demo uses are declared with the category the database gives the
// real tracker, and the fakes' vendor/category labels are the database's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCore } from '../lib/core.mjs';
import { repoRoot } from '../../demo-site/server.mjs';
import { COOKIE_INVENTORY, TRACKER_HOSTS } from '../../demo-site/lib/fakes.mjs';
import { siteConfig } from '../../demo-site/lib/pages.mjs';
import { validateConfig } from '../../js-glue/src/config.js';

const siteRoot = join(repoRoot, 'demo-site', 'site');
const cfg = siteConfig(siteRoot, 'auto');

/** The config's category for a host (exact or a parent domain, like the core's host rules). */
function configCategory(host) {
  for (let h = host; h; h = h.includes('.') ? h.slice(h.indexOf('.') + 1) : '') if (cfg.hosts[h]) return cfg.hosts[h];
  return null;
}

test('the demo config is valid: no problem reported by config.js', () => {
  const { problems } = validateConfig(cfg, { hostname: '127.0.0.1', protocol: 'http:' });
  assert.deepEqual(problems, []);
  const declared = validateConfig(siteConfig(siteRoot, 'declared'), { hostname: '127.0.0.1', protocol: 'http:' });
  assert.deepEqual(declared.problems, []);
  assert.equal(declared.cfg.autoBlock, false);
});

test('every tracker fake: the database knows the real host with the vendor and category the fake claims', async () => {
  const core = await loadCore();
  for (const [host, t] of Object.entries(TRACKER_HOSTS)) {
    const [r] = core.classifyUrls('www.shop.example', [{ url: `https://${host}${t.path || '/x'}` }]);
    assert.equal(r.reason, 'tracker-host', host);
    assert.equal(r.category, t.category, `${host} category`);
    assert.equal(r.vendor, t.vendor, `${host} vendor`);
  }
});

test('every *.localhost fake is declared in "hosts" with the database category of the real host', async () => {
  const core = await loadCore({ policy: Object.entries(cfg.hosts).map(([h, c]) => `host=${c}:${h}`).join(';') });
  for (const [host, t] of Object.entries(TRACKER_HOSTS)) {
    assert.equal(configCategory(`${host}.localhost`), t.category, `${host}.localhost`);
    const [r] = core.classifyUrls('127.0.0.1', [{ url: `http://${host}.localhost:8080${t.path || '/x'}` }]);
    assert.deepEqual([r.category, r.party, r.reason], [t.category, 'third', 'site-rule'], `${host}.localhost as the core sees it`);
  }
  // And nothing else: each entry covers at least one fake.
  for (const h of Object.keys(cfg.hosts)) {
    assert.ok(Object.keys(TRACKER_HOSTS).some((t) => `${t}.localhost` === h || `${t}.localhost`.endsWith(`.${h}`)), `${h} is used`);
  }
});

test('every cookie of the inventory is known to the database (no heuristic, no unknown)', async () => {
  const core = await loadCore();
  const res = core.classifyCookies('www.shop.example', COOKIE_INVENTORY.map((c) => ({ name: c.name, domain: c.domain })));
  COOKIE_INVENTORY.forEach((c, i) => {
    if (c.by.startsWith('the site')) return; // the site's own cookies are declared in the config
    assert.ok(!['heuristic', 'unknown'].includes(res[i].reason), `${c.name}: ${res[i].reason}`);
  });
  for (const c of COOKIE_INVENTORY.filter((x) => x.by.startsWith('the site'))) {
    assert.ok(cfg.cookies.some((d) => d.name === c.name && d.category === 'mandatory' && d.purpose && d.retention), `${c.name} is declared`);
  }
});

test('the pages only reference trackers that have a fake', () => {
  const files = ['_partials/gtag.html', '_partials/gtag.declared.html', '_partials/hotjar.html', '_partials/gtm-head.html', '_partials/gtm-body.html',
    '_partials/youtube.html', '_partials/map.html', '_partials/share-pixel.html', 'lab/pasted-as-is.html'];
  for (const f of files) {
    for (const [, host] of readFileSync(join(siteRoot, f), 'utf8').matchAll(/\{\{T:([a-z0-9.-]+)\}\}/g)) assert.ok(TRACKER_HOSTS[host], `${f}: ${host}`);
  }
});
