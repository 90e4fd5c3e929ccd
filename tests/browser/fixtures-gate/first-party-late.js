// First-party code that keeps working when Consentry fails: a same-origin request and DOM work.
fetch('/blank.html').then(function (r) { (window.__ran = window.__ran || []).push('first-party-fetch ' + r.status); });
document.body.appendChild(document.createElement('p')).textContent = 'still working';
