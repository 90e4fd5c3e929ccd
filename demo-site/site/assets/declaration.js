// The privacy page's cookie declaration, generated in the browser by Consentry's core: every
// cookie of the site's cookie scan (/demo/inventory.json) and of the config's "cookies"
// declarations is classified with the real category database (the full tier, for per-cookie
// purposes) and the site's config, then described (vendor, purpose, retention) by the core.
// Whatever the site declared in its config wins; the database fills the rest.
(() => {
  const CATS = ['mandatory', 'preferences', 'analytical', 'targeting'];
  const TITLES = {
    mandatory: ['Strictly necessary', 'Needed for the site to work (basket, sign-in, security, your cookie choice). Always on.'],
    preferences: ['Preferences', 'Remember your settings and enable embedded features you chose, such as maps.'],
    analytical: ['Analytics', 'Help us understand how the site is used, so we can improve it.'],
    targeting: ['Marketing', 'Used by advertising and social networks to measure ads and show you personalised ones, also on other sites.'],
  };
  const status = document.querySelector('[data-declaration-status]');
  const out = document.querySelector('[data-declaration]');
  const h = (tag, props, ...kids) => {
    const el = Object.assign(document.createElement(tag), props || {});
    el.append(...kids.flat().filter((k) => k != null && k !== false));
    return el;
  };

  /** The config the page gave Consentry (the bootstrap's data-config, inline JSON). */
  function pageConfig() {
    const s = document.querySelector('script[data-config]');
    try {
      return JSON.parse(s.getAttribute('data-config'));
    } catch {
      return {};
    }
  }
  /** Same grammar as js-glue/src/config.js policyOf, minus the cookie overrides (see above). */
  function policy(cfg) {
    const cats = (v, d) => (CATS.includes(v) ? v : d);
    const parts = [`unknownCookie=${cats(cfg.unknownCookies, 'targeting')}`, `unknownThirdParty=${cats(cfg.unknownThirdParty, 'targeting')}`,
      `preferences=${cfg.categories && cfg.categories.preferences ? 1 : 0}`];
    for (const [host, c] of Object.entries(cfg.hosts || {})) if (CATS.includes(c)) parts.push(`host=${c}:${host}`);
    return parts.join(';');
  }
  function coreLoader() {
    if (self.__consentryCoreLoader) return Promise.resolve(self.__consentryCoreLoader);
    return new Promise((resolve, reject) => {
      addEventListener('consentry:core-loaded', () => resolve(self.__consentryCoreLoader), { once: true });
      if (!document.querySelector('script[src$="consentry-core.js"]')) {
        const boot = document.querySelector('script[data-config]');
        const s = document.createElement('script');
        s.src = '/consentry/consentry-core.js';
        if (boot && boot.nonce) s.nonce = boot.nonce;
        s.onerror = () => reject(new Error('consentry-core.js did not load'));
        document.head.append(s);
      }
      setTimeout(() => reject(new Error('the core did not load within 15 s')), 15000);
    });
  }

  async function build() {
    const t0 = performance.now();
    const cfg = pageConfig();
    const bytes = (file, what) => fetch('/consentry/' + file).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for the category ${what}`);
      return r.arrayBuffer();
    });
    const [loader, db, texts, inventory] = await Promise.all([
      coreLoader(),
      bytes('consentry-db-full.cdb', 'database'),
      bytes('consentry-db-full-texts.cdb', 'texts'), // the purposes and retention periods
      fetch('/demo/inventory.json').then((r) => r.json()),
    ]);
    const core = await loader.createCore({ wasmUrl: '/consentry/consentry.wasm', db: new Uint8Array(db), policy: policy(cfg) });
    const textsError = core.loadTexts(texts);
    if (textsError) throw new Error(textsError);
    const info = core.info();
    const enabled = CATS.filter((c) => c !== 'preferences' || (cfg.categories && cfg.categories.preferences));

    // The cookies: the scan, then the site's declarations, then the consent cookie, once each.
    const consentName = (cfg.cookie && cfg.cookie.name) || 'consentry';
    const rows = new Map();
    const add = (c) => rows.has(c.name) || rows.set(c.name, { name: c.name, domain: c.domain || '', third: !!c.third });
    inventory.cookies.forEach(add);
    (cfg.cookies || []).forEach(add);
    add({ name: consentName });
    const list = [...rows.values()];
    const cls = core.classifyCookies(location.hostname, list.map((c) => ({ name: c.name, domain: c.domain })));
    const details = core.describe(cls.map((c) => (c.detail ? `d${c.detail}` : '')));
    const vendors = new Map(core.describe(Array.from({ length: info.vendors }, (_, i) => `v${i}`)).map((v) => [v.name, v.purpose]));
    const declared = new Map((cfg.cookies || []).map((c) => [c.name, c]));

    const groups = new Map(enabled.map((c) => [c, []]));
    list.forEach((c, i) => {
      const k = cls[i];
      const own = declared.get(c.name) || {};
      const category = CATS.includes(own.category) ? own.category : k.category;
      const row = {
        name: c.name,
        where: c.third ? `${c.domain.replace(/^\./, '')} (third-party)` : 'this site',
        category,
        vendor: own.vendor || k.vendor || (c.third ? '' : 'Fernway Coffee (this site)'),
        purpose: own.purpose || details[i].purpose || vendors.get(k.vendor) || '',
        retention: own.retention || details[i].retention || 'unknown',
        reason: own.category ? 'declared by the site' : k.reason + (k.rule ? ` (${k.rule})` : ''),
      };
      (groups.get(category) || groups.get('targeting')).push(row);
    });

    out.textContent = '';
    for (const [cat, items] of groups) {
      if (!items.length) continue;
      items.sort((a, b) => a.name.localeCompare(b.name));
      const id = `decl-${cat}`;
      out.append(h('section', { className: 'decl-group', id },
        h('h3', null, TITLES[cat][0], h('span', { className: 'count' }, `${items.length} cookie${items.length > 1 ? 's' : ''}`)),
        h('p', null, TITLES[cat][1]),
        h('div', { className: 'decl-table-wrap' },
          h('table', { className: 'decl' },
            h('caption', { className: 'skip' }, `${TITLES[cat][0]} cookies`),
            h('thead', null, h('tr', null, ['Cookie', 'Vendor', 'Purpose', 'Retention'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', null, items.map((r) => {
              const tr = h('tr', null,
                h('td', null, h('code', null, r.name), h('span', { className: 'where' }, r.where)),
                h('td', null, r.vendor || '—'),
                h('td', null, r.purpose || '—', h('br'), h('span', { className: 'reason', title: 'What decided the category' }, r.reason)),
                h('td', null, r.retention));
              tr.dataset.cookie = r.name;
              tr.dataset.category = r.category;
              return tr;
            })))))); 
    }
    status.textContent = `${list.length} cookies, classified in your browser by the Consentry core ` +
      `(database ${info.dataVersion}, ${info.tier} tier, ${info.vendors} vendors) in ${Math.round(performance.now() - t0)} ms.`;
    document.body.dataset.declaration = 'ready';
  }

  build().catch((e) => {
    status.textContent = `The cookie declaration could not be generated: ${e.message}`;
    document.body.dataset.declaration = 'failed';
  });
})();
