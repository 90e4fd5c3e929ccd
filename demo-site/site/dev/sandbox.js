// Connects the sandbox's fake ctx to the inspector, the way the bootstrap would.
(() => {
  const insp = self.__consentryInspector;
  insp.start(window.__fakeCtx);
  document.getElementById('open').addEventListener('click', () => insp.open());
  const calls = document.getElementById('calls');
  window.__fakeCtx.on('change', () => {
    const last = window.__fakeCalls[window.__fakeCalls.length - 1];
    calls.textContent = `ctx.choose(${JSON.stringify(last.categories)}, '${last.source}')`;
  });
})();
