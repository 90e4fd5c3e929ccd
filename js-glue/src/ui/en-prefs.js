// English texts of the preferences centre: bundled in consentry-ui-prefs.js (prefs.js), the
// fallback of every other language there. With en-banner.js they make texts/en.js. A key added
// here goes into texts.js PREFS_KEYS too (tests/browser/ui-prefs-load.test.mjs checks it).
export default {
  prefsText: 'Choose which cookies and similar technologies this site may use. Strictly necessary ones are always on because the site cannot work without them. You can change your choice at any time.',
  save: 'Save choices',
  alwaysOn: 'Always on',
  items: 'Cookies and services ({n})',
  none: 'None found on this page so far.',
  name: 'Name',
  vendor: 'Provider',
  purpose: 'Purpose',
  retention: 'Retention',
  thisSite: 'This website',
  consentPurpose: 'Remembers your privacy choices',
  days: '{n} days',
  session: 'Until the end of the session',
  catMandatory: 'Strictly necessary',
  catMandatoryText: 'Needed for the site to work, for example for security, a shopping cart or remembering this choice. They cannot be switched off.',
  catPreferences: 'Functional',
  catPreferencesText: 'Remember settings such as language or region, so the site works the way you chose.',
  catAnalytical: 'Statistics',
  catAnalyticalText: 'Count visits and measure how the site is used, so we can improve it.',
  catTargeting: 'Marketing',
  catTargetingText: 'Used by us and our advertising partners to show you relevant ads and measure them, possibly across other websites.',
};
