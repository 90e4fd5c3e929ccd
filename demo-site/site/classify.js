// Drives the core directly (no consent UI) to show a classification done in the browser.
(async () => {
  const status = document.getElementById('status');
  const $ = (id) => document.getElementById(id);
  let core;
  try {
    const db = await fetch('/consentry/consentry-db.cdb').then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status} for the category database`);
      return r.arrayBuffer();
    });
    core = await self.__consentryCoreLoader.createCore({ wasmUrl: '/consentry/consentry.wasm', db: new Uint8Array(db) });
  } catch (e) {
    status.textContent = `The core did not load: ${e.message}`;
    return;
  }
  const info = core.info();
  status.textContent = `Core loaded: database ${info.dataVersion} (${info.tier}), ${info.vendors} vendors, ` +
    `${info.exact + info.prefix + info.patterns} cookie rules, ${info.hosts} hosts.`;
  core.setConsent(true, 1);
  const row = (tbody, cells) => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  };
  const run = () => {
    const page = $('page').value.trim();
    const cookies = $('cookies').value.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
      const [name, domain = '', value = ''] = l.split(/\s+/);
      return { name, domain, value };
    });
    const urls = $('urls').value.split('\n').map((l) => l.trim()).filter(Boolean).map((url) => ({ url }));
    const t0 = performance.now();
    const cr = core.classifyCookies(page, cookies);
    const ur = core.classifyUrls(page, urls);
    const ms = performance.now() - t0;
    const ctb = $('cookie-table').tBodies[0];
    const utb = $('url-table').tBodies[0];
    ctb.textContent = '';
    utb.textContent = '';
    cr.forEach((r, i) => row(ctb, [cookies[i].name, r.category, r.reason + (r.rule ? ` (${r.rule})` : ''), r.vendor]));
    ur.forEach((r, i) => row(utb, [urls[i].url, r.category, r.party, r.reason, r.vendor]));
    status.textContent = status.textContent.replace(/ Classified.*$/, '') + ` Classified ${cookies.length + urls.length} items in ${ms.toFixed(2)} ms.`;
  };
  $('run').disabled = false;
  $('run').addEventListener('click', run);
  run();
})();
