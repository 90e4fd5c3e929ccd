// The benchmark pages: one content page (same HTML, same stylesheet, same two gated local scripts)
// wired five ways: no consent manager (baseline), vanilla-cookieconsent, Klaro, tarteaucitron and
// Consentry; plus Consentry's page with one undeclared third-party tag (`consentry-tag`), so that
// its classifier must load (a page whose markup is all declared never fetches it). Each manager gets its own default, documented, minimal setup (see BENCHMARKS.md,
// "Pages"), the same three categories (necessary / analytics / advertising) and the same texts.
// The configuration is inline for every manager (no extra request for anyone).
//
// `node bench/make-pages.mjs` (and `node bench/run.mjs`) write them to bench/pages/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEXT = {
  title: 'Your privacy choices',
  description:
    'We use cookies. Some are essential for this site to work; others measure how it is used (analytics) ' +
    'and show relevant ads (advertising), and run only if you agree. You can change your mind at any time.',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  preferences: 'Preferences',
  necessary: 'Strictly necessary',
  necessaryDesc: 'Needed for the site to work: sign-in, basket, security. Always on.',
  analytics: 'Analytics',
  analyticsDesc: 'Measure how the site is used so we can improve it.',
  ads: 'Advertising',
  adsDesc: 'Show ads that are relevant to you and measure them.',
};

// The two gated scripts. Each records when it first ran (ms since navigation start) and nothing
// else, so that every manager releases exactly the same work.
const gatedScript = (name) =>
  `(function(){var r=window.__benchRan||(window.__benchRan={});if(!(${JSON.stringify(name)} in r))r[${JSON.stringify(name)}]=performance.now();})();\n`;

const SITE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1c2430;background:#fbfaf7}
body{margin:0}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid #e5e1d8}
header a{color:#7a3e12;text-decoration:none;margin-left:1rem}
.brand{font-weight:700;font-size:1.25rem;margin:0}
h1{font-size:2rem;line-height:1.2;margin:1.5rem 0 .75rem}
h2{font-size:1.3rem;margin:1.75rem 0 .5rem}
.lede{font-size:1.15rem;color:#3d4654}
.card{background:#fff;border:1px solid #e5e1d8;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0}
footer{color:#5b6472;font-size:.9rem;border-top:1px solid #e5e1d8;margin-top:2rem}
`;

const CONTENT = `<header>
  <p class="brand">Northwind Coffee</p>
  <nav><a href="#beans">Beans</a><a href="#brewing">Brewing</a><a href="#visit">Visit us</a></nav>
</header>
<main>
  <h1>Small-batch coffee, roasted on Tuesdays</h1>
  <p class="lede">We buy green coffee directly from eleven farms, roast it in eight-kilo batches and ship it the same week. This page is the benchmark's content: identical for every consent manager.</p>
  <h2 id="beans">This season's beans</h2>
  <div class="card"><strong>Huila, Colombia.</strong> Washed caturra and castillo from the Ortiz family. Red apple, panela, a long cocoa finish. Good as espresso and as filter.</div>
  <div class="card"><strong>Yirgacheffe, Ethiopia.</strong> Natural heirloom varieties dried on raised beds. Blueberry, jasmine and black tea; best brewed light and slow.</div>
  <div class="card"><strong>Minas Gerais, Brazil.</strong> Pulped natural yellow bourbon. Hazelnut, milk chocolate and low acidity; our house espresso.</div>
  <h2 id="brewing">Brewing notes</h2>
  <p>Use fifteen to sixteen grams of coffee per 250 ml of water just off the boil. Grind a little coarser than table salt for a pour-over, finer than powdered sugar for espresso. Bloom for thirty seconds, then pour in slow circles and aim for a total brew time of three minutes.</p>
  <p>Store beans in an airtight tin away from light. They are at their best between five days and five weeks after roasting; freezing a sealed bag keeps them for months.</p>
  <p>Hard water mutes acidity and scales your machine; a simple carbon filter is usually enough. If your coffee tastes sour, grind finer or brew longer; if it tastes bitter, do the opposite.</p>
  <h2 id="visit">Visit us</h2>
  <p>The roastery is open for tastings on Saturdays from ten to four. Bring your own cup and we will fill it with whatever came out of the roaster that morning.</p>
</main>
<footer>
  <p>Northwind Coffee Roasters, 12 Harbour Lane. <a href="/privacy">Privacy</a></p>
</footer>`;

function html({ title, headStart = '', head = '', analytics, ads, bodyEnd = '' }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
${headStart}<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Northwind Coffee - ${title}</title>
<link rel="stylesheet" href="/site/site.css">
${head}${analytics}
</head>
<body>
${CONTENT}
${ads}
${bodyEnd}</body>
</html>
`;
}

const A = '/site/analytics.js';
const D = '/site/ads.js';
// A third-party host (the server answers every host; Chromium maps them all to it).
const TAG = 'https://www.google-analytics.com/site/tag.js';

// ---- vanilla-cookieconsent 3.1: "Getting started" (stylesheet in <head>, a module that imports the
// UMD build and calls CookieConsent.run), with that module inline; scripts: type="text/plain"
// data-category (docs: "How to manage scripts").
const vanillaConfig = {
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, ads: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: TEXT.title,
          description: TEXT.description,
          acceptAllBtn: TEXT.acceptAll,
          acceptNecessaryBtn: TEXT.rejectAll,
          showPreferencesBtn: TEXT.preferences,
        },
        preferencesModal: {
          title: TEXT.preferences,
          acceptAllBtn: TEXT.acceptAll,
          acceptNecessaryBtn: TEXT.rejectAll,
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            { title: TEXT.necessary, description: TEXT.necessaryDesc, linkedCategory: 'necessary' },
            { title: TEXT.analytics, description: TEXT.analyticsDesc, linkedCategory: 'analytics' },
            { title: TEXT.ads, description: TEXT.adsDesc, linkedCategory: 'ads' },
          ],
        },
      },
    },
  },
};

// ---- Klaro 0.7: README "Getting started" (config, then klaro.js with defer, both in <head>), the
// config inline; scripts: type="text/plain" data-type data-name data-src (README "Managing
// third-party apps/trackers"). acceptAll: true as in the annotated dist/config.js, so the notice's
// accept button accepts every service.
const klaroConfig = {
  acceptAll: true,
  translations: {
    en: {
      consentNotice: { description: TEXT.description },
      purposes: { necessary: TEXT.necessary, analytics: TEXT.analytics, advertising: TEXT.ads },
    },
  },
  services: [
    { name: 'session', title: 'Session', purposes: ['necessary'], required: true },
    { name: 'analytics', title: TEXT.analytics, description: TEXT.analyticsDesc, purposes: ['analytics'] },
    { name: 'ads', title: TEXT.ads, description: TEXT.adsDesc, purposes: ['advertising'] },
  ],
};

// ---- tarteaucitron 1.34: README "How to use" (tarteaucitron.js, then tarteaucitron.init in
// <head>; we load tarteaucitron.min.js, which makes it fetch the .min services, language and css
// files as its CDN build does), README defaults; the two scripts as documented custom services
// ("Create custom service"), added with tarteaucitron.job before </body>.
const tacInit = {
  privacyUrl: '/privacy',
  bodyPosition: 'bottom',
  hashtag: '#tarteaucitron',
  cookieName: 'tarteaucitron',
  orientation: 'middle',
  groupServices: false,
  showDetailsOnClick: true,
  serviceDefaultState: 'wait',
  showAlertSmall: false,
  cookieslist: false,
  showIcon: true,
  iconPosition: 'BottomRight',
  adblocker: false,
  DenyAllCta: true,
  AcceptAllCta: true,
  highPrivacy: true,
  alwaysNeedConsent: false,
  handleBrowserDNTRequest: false,
  removeCredit: false,
  moreInfoLink: true,
  useExternalCss: false,
  useExternalJs: false,
  mandatory: true,
  mandatoryCta: true,
  googleConsentMode: true,
  partnersList: false,
};
const tacService = (key, type, name, src) =>
  `tarteaucitron.services.${key}={key:${JSON.stringify(key)},type:${JSON.stringify(type)},name:${JSON.stringify(name)},needConsent:true,cookies:[],js:function(){"use strict";tarteaucitron.addScript(${JSON.stringify(src)});},fallback:function(){"use strict";}};`;

// ---- Consentry: README "Embed" (one script first in <head>, config in data-config, inline form
// documented in docs/js-contracts.md); declared markup type="text/plain" data-category.
const consentryConfig = {
  revision: 1,
  layout: 'box',
  position: 'bottom-right',
  privacyPolicyUrl: '/privacy',
  texts: { en: { title: TEXT.title, text: TEXT.description } },
};
const attr = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;');

export const PAGES = {
  baseline: html({
    title: 'no consent manager',
    analytics: `<script async src="${A}"></script>`,
    ads: `<script async src="${D}"></script>`,
  }),
  'vanilla-cookieconsent': html({
    title: 'vanilla-cookieconsent',
    head: '<link rel="stylesheet" href="/peers/vanilla-cookieconsent/cookieconsent.css">\n',
    analytics: `<script type="text/plain" data-category="analytics" src="${A}"></script>`,
    ads: `<script type="text/plain" data-category="ads" src="${D}"></script>`,
    bodyEnd: `<script type="module">
import '/peers/vanilla-cookieconsent/cookieconsent.umd.js';
CookieConsent.run(${JSON.stringify(vanillaConfig)});
</script>
`,
  }),
  klaro: html({
    title: 'Klaro',
    head: `<script>var klaroConfig = ${JSON.stringify(klaroConfig)};</script>
<script defer type="text/javascript" src="/peers/klaro/klaro.js"></script>
`,
    analytics: `<script type="text/plain" data-type="application/javascript" data-name="analytics" data-src="${A}"></script>`,
    ads: `<script type="text/plain" data-type="application/javascript" data-name="ads" data-src="${D}"></script>`,
  }),
  tarteaucitron: html({
    title: 'tarteaucitron',
    head: `<script src="/peers/tarteaucitronjs/tarteaucitron.min.js"></script>
<script>
var tarteaucitronCustomText = ${JSON.stringify({ alertBigPrivacy: TEXT.description, acceptAll: TEXT.acceptAll, denyAll: TEXT.rejectAll, personalize: TEXT.preferences })};
tarteaucitron.init(${JSON.stringify(tacInit)});
</script>
`,
    analytics: '',
    ads: '',
    bodyEnd: `<script>
${tacService('benchanalytics', 'analytic', TEXT.analytics, A)}
${tacService('benchads', 'ads', TEXT.ads, D)}
(tarteaucitron.job = tarteaucitron.job || []).push('benchanalytics');
(tarteaucitron.job = tarteaucitron.job || []).push('benchads');
</script>
`,
  }),
  consentry: html({
    title: 'Consentry',
    headStart: `<script src="/consentry/consentry.js" data-config='${attr(JSON.stringify(consentryConfig))}'></script>\n`,
    analytics: `<script type="text/plain" data-category="analytical" src="${A}"></script>`,
    ads: `<script type="text/plain" data-category="targeting" src="${D}"></script>`,
  }),
  // The same page with one undeclared third-party tag after the analytics script, as a site that
  // did not declare everything has: Consentry holds it and must classify it (its classifier, wasm
  // and blob load). The tag itself does nothing, so every correctness check stays the same.
  'consentry-tag': html({
    title: 'Consentry, one undeclared tag',
    headStart: `<script src="/consentry/consentry.js" data-config='${attr(JSON.stringify(consentryConfig))}'></script>\n`,
    analytics: `<script type="text/plain" data-category="analytical" src="${A}"></script>\n<script async src="${TAG}"></script>`,
    ads: `<script type="text/plain" data-category="targeting" src="${D}"></script>`,
  }),
};

// The classification benchmark in the browser (not a consent-manager page).
PAGES.throughput = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>classification throughput</title>
<script src="/consentry/consentry-core.js"></script>
<script type="module" src="/bench-lib/throughput-browser.mjs"></script>
</head>
<body><p>Classification throughput: wasm core vs regex arrays. Results in window.__throughput.</p></body>
</html>
`;

export const SITE_FILES = {
  'site.css': SITE_CSS,
  'analytics.js': gatedScript('analytics'),
  'ads.js': gatedScript('ads'),
  'tag.js': '/* an undeclared third-party tag: does nothing */\n',
};

/** Writes bench/pages/<page>/index.html and bench/pages/site/*. Returns the directory. */
export function writePages(dir) {
  for (const [name, text] of Object.entries(PAGES)) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'index.html'), text);
  }
  mkdirSync(join(dir, 'site'), { recursive: true });
  for (const [name, text] of Object.entries(SITE_FILES)) writeFileSync(join(dir, 'site', name), text);
  return dir;
}
