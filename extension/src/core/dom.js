// DOM helpers the site adapters share.

/** `el` and its descendants matching `selector` (a scan may start at a comment). */
export function queryAllWithSelf(root, selector) {
  const found = [];
  if (root.nodeType === 1 && root.matches(selector)) found.push(root);
  if (root.querySelectorAll) found.push(...root.querySelectorAll(selector));
  return found;
}

/** The first match inside `el` that belongs to `el` itself, not to a nested comment. */
export function firstOwn(el, selector, commentSelector, accept = () => true) {
  for (const node of el.querySelectorAll(selector)) {
    if (node.closest(commentSelector) !== el) continue;
    if (node.closest('[data-otklik-host]')) continue;
    if (accept(node)) return node;
  }
  return null;
}

/** All matches inside `el` that belong to `el` itself. */
export function allOwn(el, selector, commentSelector) {
  return [...el.querySelectorAll(selector)].filter((n) => n.closest(commentSelector) === el);
}

export function cleanText(node) {
  return (node?.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}

/** An absolute URL for a link, or null. */
export function absoluteHref(a, base) {
  const href = a?.getAttribute?.('href');
  if (!href) return null;
  try {
    return new URL(href, base).href;
  } catch {
    return null;
  }
}

/** The editable element around `node`: a contenteditable root, a textarea or an input. */
export function editableRoot(node) {
  let el = node?.nodeType === 1 ? node : node?.parentElement;
  if (!el) return null;
  if (el.matches('textarea, input[type="text"]')) return el;
  let root = null;
  while (el && el.isContentEditable) {
    root = el;
    el = el.parentElement;
  }
  return root;
}

/** Text of an editor, contenteditable or textarea. */
export function editorText(editor) {
  if (!editor) return '';
  if ('value' in editor && editor.matches('textarea, input')) return editor.value;
  return editor.innerText ?? editor.textContent ?? '';
}
