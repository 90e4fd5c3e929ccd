// Fernway's own first-party script: navigation state, basket badge, share buttons and the two
// links into Consentry (cookie settings, inspector). Consentry never holds it: same site.
(() => {
  const body = document.body;
  for (const a of document.querySelectorAll(`[data-nav="${body.dataset.page}"]`)) a.setAttribute('aria-current', 'page');
  for (const a of document.querySelectorAll(`[data-variant="${body.dataset.variant}"]`)) a.setAttribute('aria-current', 'page');

  // Basket badge, from the same storage the shop writes.
  const count = () => {
    let n = 0;
    try {
      n = JSON.parse(localStorage.getItem('fernway_cart') || '[]').length;
    } catch {
      n = 0;
    }
    for (const el of document.querySelectorAll('[data-cart-count]')) {
      el.textContent = String(n);
      el.toggleAttribute('data-zero', n === 0);
    }
  };
  count();
  addEventListener('fernway:cart', count);
  addEventListener('storage', count);

  document.addEventListener('click', (e) => {
    const t = e.target.closest('button, a');
    if (!t) return;
    if (t.hasAttribute('data-cookie-settings')) {
      window.consentry?.showPreferences?.();
    } else if (t.hasAttribute('data-open-inspector')) {
      const api = window.consentry?.inspector || window.__consentryInspector;
      if (api) api.toggle ? api.toggle() : api.open();
    } else if (t.hasAttribute('data-copy-link')) {
      navigator.clipboard?.writeText(location.href).then(() => { t.textContent = 'Link copied'; }, () => {});
    } else if (t.hasAttribute('data-share')) {
      // What a share button does: tell the Meta Pixel (when it runs), open the share dialog.
      window.fbq?.('trackCustom', 'Share', { content_name: document.title });
      t.textContent = 'Shared (demo)';
    }
  });
})();
