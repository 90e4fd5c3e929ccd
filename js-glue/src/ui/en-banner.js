// English texts of the first layer (banner, floating button): bundled in consentry-ui.js, the
// fallback of every other language. With en-prefs.js they make texts/en.js, the table every
// language mirrors.
export default {
  title: 'Your privacy choices',
  text: 'We use cookies and similar technologies. Some are essential for this site to work; others help us measure its use and show relevant ads, and run only if you agree. You can change your mind at any time.',
  policy: 'Privacy policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  prefs: 'Preferences',
  close: 'Close without choosing',
  prefsTitle: 'Privacy preferences',
  signal: "Your browser's privacy signal was honoured: marketing stays off unless you switch it on yourself.",
  failed: 'Your choice cannot be saved right now: part of this site’s privacy tool did not load. Nothing that needs your consent will run. Please try again later.',
};
