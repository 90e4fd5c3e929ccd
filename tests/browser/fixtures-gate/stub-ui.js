// Stand-in for dist/consentry-ui.js in the gate tests: records how the bootstrap used it.
(function () {
  self.__consentryUi = Object.freeze({
    start: function (ctx) {
      window.__uiStarts = (window.__uiStarts || 0) + 1;
      window.__uiCtx = ctx;
      window.__uiShown = !ctx.getState().decided;
      return {
        show: function () { window.__uiShown = true; },
        hide: function () { window.__uiShown = false; },
        showPreferences: function () { window.__uiPrefs = true; },
        destroy: function () {},
      };
    },
  });
  self.dispatchEvent(new Event('consentry:ui-loaded'));
})();
