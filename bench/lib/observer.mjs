// Injected with addInitScript before any script of the page runs. Everything it records is in
// ms since navigation start (performance.now(), whose origin is the navigation's timeOrigin).
//
// Banner visibility: a requestAnimationFrame loop from the first frame on looks up the banner
// root (cfg.banner: a selector chain, each step after the first inside the previous match's shadow
// root) and records the first frame in which it is
//   visible: connected, checkVisibility({opacityProperty, visibilityProperty}) (so no ancestor,
//            through shadow hosts, has display:none / visibility:hidden / opacity:0), a box of at
//            least 1x1 px that intersects the viewport;
//   opaque:  the same, and the product of the computed opacities of it and all its flat-tree
//            ancestors >= 0.99 (entrance fades and transitions finished).
// The rAF callback runs just before that frame's style, layout and paint, so the time recorded is
// that of the first frame that paints the banner (within one frame, ~16 ms).
//
// Also: long tasks (PerformanceObserver 'longtask'), long animation frames with their script
// attribution ('long-animation-frame'), layout shifts ('layout-shift', without recent input),
// paint timings, and when the gated scripts ran (they write window.__benchRan themselves).
export function observer(cfg) {
  const B = (window.__bench = {
    banner: null,
    bannerOpaque: null,
    bannerRect: null,
    longtasks: [],
    loaf: [],
    shifts: [],
    paints: {},
    frames: 0,
  });
  const sel = cfg && cfg.banner;
  const find = () => {
    let root = document;
    let el = null;
    for (let i = 0; i < sel.length; i++) {
      el = root.querySelector(sel[i]);
      if (!el) return null;
      if (i < sel.length - 1) {
        root = el.shadowRoot;
        if (!root) return null;
      }
    }
    return el;
  };
  const parentOf = (n) => n.parentElement || (n.parentNode && n.parentNode.host) || null;
  const visibility = (el) => {
    if (!el.isConnected) return 0;
    if (el.checkVisibility && !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return 0;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.bottom <= 0 || r.right <= 0 || r.top >= innerHeight || r.left >= innerWidth) return 0;
    let o = 1;
    for (let n = el; n && n.nodeType === 1; n = parentOf(n)) o *= parseFloat(getComputedStyle(n).opacity) || 0;
    return o > 0 ? o : 0;
  };
  const tick = () => {
    B.frames++;
    if (sel && !B.bannerOpaque) {
      const el = find();
      const o = el ? visibility(el) : 0;
      if (o > 0) {
        const t = performance.now();
        if (B.banner == null) {
          B.banner = t;
          const r = el.getBoundingClientRect();
          B.bannerRect = { x: r.x, y: r.y, w: r.width, h: r.height };
        }
        if (o >= 0.99) B.bannerOpaque = t;
      }
    }
    if (!B.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({ type, buffered: true });
    } catch {
      /* type not supported */
    }
  };
  observe('longtask', (e) => B.longtasks.push({ start: e.startTime, duration: e.duration }));
  observe('long-animation-frame', (e) =>
    B.loaf.push({
      start: e.startTime,
      duration: e.duration,
      blocking: e.blockingDuration,
      scripts: (e.scripts || []).map((s) => ({
        url: s.sourceURL || '',
        fn: s.sourceFunctionName || '',
        invoker: s.invoker || '',
        type: s.invokerType || '',
        start: s.startTime,
        duration: s.duration,
      })),
    }),
  );
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) B.shifts.push({ t: e.startTime, value: e.value });
  });
  observe('paint', (e) => {
    B.paints[e.name] = e.startTime;
  });
}
