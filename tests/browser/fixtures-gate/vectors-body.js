// Runs the vectors during parsing, then again once the core has classified the page.
window.__vectors('parse');
addEventListener('consentry:core-ready', function () { window.__vectors('late'); });
