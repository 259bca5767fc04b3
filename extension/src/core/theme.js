// The site's theme, light or dark, for the overlay's colours. Each site adapter tells it
// from the document (`adapter.theme(doc)`: the marks VK and Facebook put on <html>/<body>);
// this module holds what the adapters share — the fallback on the page's background
// colour, colour arithmetic — and the watch that follows the operator's switch live.
//
// The site's theme, not the system's: an operator may run VK dark on a light OS (or the
// reverse), and the badges sit on the site's background, not the OS's.

// The relative luminance at which black and white text contrast equally with a background
// ((L + 0.05)² = 1.05 · 0.05): below it a background is dark, light text reads better on it.
const DARK_BELOW = Math.sqrt(1.05 * 0.05) - 0.05; // ≈ 0.179

/** [r, g, b, a] (0-255, alpha 0-1) of a CSS colour as getComputedStyle writes it, or null. */
export function parseColor(text) {
  const s = String(text ?? '').trim().toLowerCase();
  let m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(s);
  if (m) {
    let a = m[4] === undefined ? 1 : parseFloat(m[4]);
    if (m[4]?.endsWith('%')) a /= 100;
    return [Number(m[1]), Number(m[2]), Number(m[3]), a];
  }
  m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(s);
  if (m) {
    const h = m[1].length === 3 ? [...m[1]].map((x) => x + x).join('') : m[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)).concat(1);
  }
  if (s === 'transparent') return [0, 0, 0, 0];
  if (s === 'white') return [255, 255, 255, 1];
  if (s === 'black') return [0, 0, 0, 1];
  return null;
}

/** WCAG relative luminance of an [r, g, b] colour. */
export function luminance([r, g, b]) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (CSS text or [r, g, b]). */
export function contrast(a, b) {
  const la = luminance(Array.isArray(a) ? a : parseColor(a));
  const lb = luminance(Array.isArray(b) ? b : parseColor(b));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The theme the page's painted background says: the first opaque background of `main`
 * (an adapter's main column, optional), <body>, <html>; none painted means the canvas,
 * white. For a site whose marks we do not recognise (a renamed class, a new markup, a
 * theme following the OS through CSS media queries, as Facebook's «Automatic» does): the
 * background is what the badges are read against, whatever the site calls its theme.
 */
export function backgroundTheme(doc, main = null) {
  const view = doc.defaultView;
  if (!view?.getComputedStyle) return 'light';
  for (const el of [main, doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgba = parseColor(view.getComputedStyle(el).backgroundColor);
    if (rgba && rgba[3] >= 0.5) return luminance(rgba) < DARK_BELOW ? 'dark' : 'light';
  }
  return 'light';
}

/**
 * Follow the site's theme: tell `apply(theme)` now and again each time it changes. Watched:
 * the attributes of <html> and <body> only (where the sites mark their theme; never the
 * page's subtree, so the comments' churn costs nothing here), and the OS's scheme for a site
 * that follows it through CSS alone. Checks are put off to the next frame, once however many
 * changes came (a switch may touch several attributes, and the fallback reads a computed
 * style). `track(name, fn)`: the page's work meter. Returns a stop function.
 */
export function watchTheme(doc, detect, apply, { attributes = ['class', 'style'], track = (n, fn) => fn() } = {}) {
  const view = doc.defaultView;
  let current = null;
  let queued = false;
  const check = () => {
    queued = false;
    track('otklik:theme', () => {
      const theme = detect(doc) === 'dark' ? 'dark' : 'light';
      if (theme === current) return;
      current = theme;
      apply(theme);
    });
  };
  const later = () => {
    if (queued) return;
    queued = true;
    if (view?.requestAnimationFrame) view.requestAnimationFrame(check);
    else setTimeout(check, 0);
  };
  check();
  const observer = new view.MutationObserver(later);
  const observed = new Set();
  const observe = () => {
    for (const el of [doc.documentElement, doc.body]) {
      if (el && !observed.has(el)) {
        observer.observe(el, { attributes: true, attributeFilter: attributes });
        observed.add(el);
      }
    }
  };
  observe();
  // A body written later (the check ran before it) or swapped by the site: watch the new one.
  const childList = new view.MutationObserver(() => {
    observe();
    later();
  });
  childList.observe(doc.documentElement, { childList: true });
  const media = view.matchMedia?.('(prefers-color-scheme: dark)');
  media?.addEventListener?.('change', later);
  return () => {
    observer.disconnect();
    childList.disconnect();
    media?.removeEventListener?.('change', later);
  };
}
