// A first-party script: runs whatever the visitor chose.
(window.__ran = window.__ran || []).push('first-party');
