// Compile-only check of consentry.d.ts from a site's point of view:
//   npx -y -p typescript@5 tsc --noEmit --strict --lib es2020,dom js-glue/types/usage-check.ts
import type { ConsentryConfig, ConsentryChangeDetail, ConsentryDataLayerEvent } from './consentry';

const config: ConsentryConfig = {
  revision: 2,
  language: 'auto',
  layout: 'bar',
  position: 'bottom',
  privacyPolicyUrl: '/privacy',
  categories: { preferences: true },
  texts: { en: { title: 'Cookies at Northwind', acceptAll: 'Allow all', placeholderText: '{vendor} needs {category}' }, de: { title: 'Cookies bei Northwind' } },
  cookie: { name: 'consentry', sameSite: 'Lax', acceptedDays: 182 },
  cookies: [{ name: 'sid', category: 'mandatory', vendor: 'Shop', purpose: 'Session', retention: 'session' }],
  gcm: { enabled: true, regions: ['DE', 'US-CA'], waitForUpdate: 500 },
};
document.currentScript?.setAttribute('data-config', JSON.stringify(config));

window.consentry.on('change', (d: ConsentryChangeDetail) => {
  if (d.categories.analytical && d.source !== 'reset') console.log('analytics on', d.previous.analytical);
});
window.consentry.on('items', (items) => console.log(items.map((i) => `${i.kind} ${i.name} ${i.verdict}`)));
window.addEventListener('consentry:consent', (e) => console.log(e.detail.record?.id, e.detail.enabled.join()));
window.addEventListener('consentry:change', (e) => console.log(e.detail.honoured.gpc));
window.addEventListener('consentry:core-ready', () => console.log('gate active'));
window.consentry.on('items', (items) => items.filter((i) => i.reason === 'undeclared-html').forEach((i) => console.warn(i.advice)));
const fromTagManager = (e: ConsentryDataLayerEvent) => e.consentry.targeting;
void fromTagManager;
consentry.acceptCategory(['analytical', 'targeting']);
consentry.acceptCategory('all');
consentry.acceptCategory();
consentry.rejectAll();
const granted: boolean = consentry.acceptedCategory('targeting') === true;
const state = consentry.getConsent();
if (state && state.decided && granted) consentry.showPreferences();
consentry.show();
consentry.hide();
consentry.reset();
document.querySelector('consentry-ui')?.shadowRoot;

// @ts-expect-error: not a category
consentry.acceptedCategory('marketing');
// @ts-expect-error: not a layout
const bad: ConsentryConfig = { layout: 'popup' };
void bad;
