// What the harness needs to know about each page: where it is, which files are the consent
// manager's own (for "manager bytes" and long-task attribution), the banner's root element (for
// "visible"), and the manager's real "accept all" / "reject all" buttons.
//
// banner: a chain of CSS selectors; every step after the first is looked up inside the previous
// match's (open) shadow root. Playwright's CSS engine pierces open shadow roots, so the button
// selectors work as they are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../tests/lib/fixtures.mjs';

const pkgVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

// Consentry's entry; the undeclared-tag page below differs only in its id, label and page.
const CONSENTRY = {
  id: 'consentry',
  label: 'Consentry',
  page: '/pages/consentry/',
  prefixes: ['/consentry/'],
  banner: ['consentry-ui', '.banner'],
  accept: 'consentry-ui [data-action="accept-all"]',
  reject: 'consentry-ui [data-action="reject-all"]',
  ours: true,
  // The page needs these built files (node scripts/build-js.mjs); missing ones are reported.
  needs: ['dist/consentry.js', 'dist/consentry-core.js', 'dist/consentry-ui.js', 'dist/consentry-ui-prefs.js', 'dist/consentry-classifier.js', 'dist/consentry.wasm', 'dist/consentry-db.cdb'],
};

export const MANAGERS = [
  {
    id: 'baseline',
    label: 'no consent manager',
    page: '/pages/baseline/',
    prefixes: [],
    banner: null,
  },
  {
    id: 'vanilla-cookieconsent',
    label: `vanilla-cookieconsent ${pkgVersion('vanilla-cookieconsent')}`,
    page: '/pages/vanilla-cookieconsent/',
    prefixes: ['/peers/vanilla-cookieconsent/'],
    banner: ['#cc-main .cm'],
    accept: '#cc-main .cm [data-role="all"]',
    reject: '#cc-main .cm [data-role="necessary"]',
    peer: true,
  },
  {
    id: 'klaro',
    label: `Klaro ${pkgVersion('klaro')}`,
    page: '/pages/klaro/',
    prefixes: ['/peers/klaro/'],
    banner: ['.klaro .cookie-notice'],
    accept: '.klaro .cookie-notice .cm-btn-success',
    reject: '.klaro .cookie-notice .cn-decline',
    peer: true,
  },
  {
    id: 'tarteaucitron',
    label: `tarteaucitron ${pkgVersion('tarteaucitronjs')}`,
    page: '/pages/tarteaucitron/',
    prefixes: ['/peers/tarteaucitronjs/'],
    banner: ['#tarteaucitronAlertBig'],
    accept: '#tarteaucitronPersonalize2',
    reject: '#tarteaucitronAllDenied2',
    peer: true,
  },
  CONSENTRY,
  // The same page with one undeclared third-party tag: the classifier loads (after the banner).
  { ...CONSENTRY, id: 'consentry-tag', label: 'Consentry + 1 undeclared tag', page: '/pages/consentry-tag/' },
];

export const managerById = (id) => MANAGERS.find((m) => m.id === id);
