// The shop's basket: localStorage "fernway_cart" and the cookie "cart_id" (both strictly
// necessary: Consentry's heuristics recognise the names), plus the GA4-style ecommerce event the
// tag manager listens for.
(() => {
  const money = (n) => `€${n.toFixed(2)}`;
  const read = () => {
    try {
      return JSON.parse(localStorage.getItem('fernway_cart') || '[]');
    } catch {
      return [];
    }
  };
  const render = () => {
    const lines = read();
    const ul = document.querySelector('[data-basket-lines]');
    ul.textContent = '';
    if (!lines.length) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'Nothing here yet.';
      ul.append(li);
    }
    for (const l of lines) {
      const li = document.createElement('li');
      const name = document.createElement('span');
      name.textContent = l.name;
      const price = document.createElement('span');
      price.textContent = money(l.price);
      li.append(name, price);
      ul.append(li);
    }
    document.querySelector('[data-basket-total]').textContent = money(lines.reduce((s, l) => s + l.price, 0));
    dispatchEvent(new Event('fernway:cart'));
  };
  document.addEventListener('click', (e) => {
    const btn = e.target.closest('[data-add]');
    if (!btn) return;
    const card = btn.closest('[data-sku]');
    const item = { sku: card.dataset.sku, name: card.dataset.name, price: Number(card.dataset.price) };
    localStorage.setItem('fernway_cart', JSON.stringify([...read(), item]));
    if (!/(?:^|; )cart_id=/.test(document.cookie))
      document.cookie = `cart_id=${[...crypto.getRandomValues(new Uint8Array(12))].map((x) => x.toString(16).padStart(2, '0')).join('')}; path=/; max-age=${7 * 86400}; SameSite=Lax`;
    (window.dataLayer = window.dataLayer || []).push({
      event: 'add_to_cart',
      ecommerce: { currency: 'EUR', value: item.price, items: [{ item_id: item.sku, item_name: item.name, price: item.price, quantity: 1 }] },
    });
    btn.textContent = 'Added ✓';
    btn.setAttribute('data-added', '');
    setTimeout(() => {
      btn.textContent = 'Add to basket';
      btn.removeAttribute('data-added');
    }, 1400);
    render();
  });
  render();
})();
