// Browser quirks in one place: Firefox has `browser` with promises, Chrome `chrome`
// (promises too in MV3). Everything else imports `ext` from here.
export const ext = globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome;

/** The browser action: MV3 `action`, kept working if a browser only has `browserAction`. */
export function action() {
  return ext?.action ?? ext?.browserAction;
}

/**
 * Share one stylesheet across many shadow roots where the browser allows it.
 * Firefox content scripts cannot adopt constructed sheets (Xray wrappers), so a
 * <style> element is the fallback.
 */
export function adoptStyles(root, cssText, cache) {
  // (null: this browser refused once, so every later root goes straight to <style>
  // instead of parsing the CSS into a sheet that is refused again, per badge.)
  if (cache.sheet !== null) {
    try {
      if (!cache.sheet) {
        cache.sheet = new CSSStyleSheet();
        cache.sheet.replaceSync(cssText);
      }
      root.adoptedStyleSheets = [cache.sheet];
      return;
    } catch {
      cache.sheet = null;
    }
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = cssText;
  root.appendChild(style);
}

/** crypto.randomUUID with a fallback for old engines and test runners. */
export function uuid() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID();
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
