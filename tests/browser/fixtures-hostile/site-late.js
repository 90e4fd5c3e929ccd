// First-party code at the end of <body>: keeps working whatever happens to Consentry.
(function () {
  var side = (window.__side = window.__side || []);
  document.body.appendChild(document.createElement('p')).textContent = 'page still works';
  side.push('first-party-late');
})();
