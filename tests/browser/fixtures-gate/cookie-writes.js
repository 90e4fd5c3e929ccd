// First-party code writing cookies of every category, while the page parses (before the core
// is ready: the writes are queued) and again once the core is ready.
window.__write = function (phase) {
  ['_ga', '_fbp', 'sid', 'PHPSESSID', 'random_xyz', 'lang'].forEach(function (n) {
    document.cookie = n + '=' + phase + '; path=/; max-age=3600';
  });
};
window.__write('early');
addEventListener('consentry:core-ready', function () { window.__write('late'); });
