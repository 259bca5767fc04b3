// DOM helpers the site adapters share.

/** `el` and its descendants matching `selector` (a scan may start at a comment). */
export function queryAllWithSelf(root, selector) {
  const found = [];
  if (root.nodeType === 1 && root.matches(selector)) found.push(root);
  const inside = root.querySelectorAll ? root.querySelectorAll(selector) : [];
  for (let i = 0; i < inside.length; i += 1) found.push(inside[i]);
  return found;
}

/**
 * The first match inside `el` that belongs to `el` itself, not to a nested comment.
 * Our hosts keep their insides in shadow roots, so only the hosts themselves can match.
 */
export function firstOwn(el, selector, commentSelector, accept = () => true) {
  // Most comments hold no nested comment: then every match is the comment's own.
  const nested = commentSelector ? el.querySelector(commentSelector) !== null : false;
  const nodes = el.querySelectorAll(selector);
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i];
    if (nested && node.closest(commentSelector) !== el) continue;
    if (node.hasAttribute('data-otklik-host')) continue;
    if (accept(node)) return node;
  }
  return null;
}

/** All matches inside `el` that belong to `el` itself (commentSelector null: `el` holds no nested comment). */
export function allOwn(el, selector, commentSelector) {
  const nodes = el.querySelectorAll(selector);
  const nested = commentSelector && nodes.length && el.querySelector(commentSelector) !== null;
  const all = [];
  for (let i = 0; i < nodes.length; i += 1) {
    if (!nested || nodes[i].closest(commentSelector) === el) all.push(nodes[i]);
  }
  return all;
}

// Whitespace that collapsing would change: any but a plain space, or two spaces in a row
// (most names and dates have none: then trimming alone is the same).
const LOOSE_SPACE = /[^\S ]| {2}/;

export function cleanText(node) {
  const text = node?.textContent ?? '';
  return (LOOSE_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text).trim(); // (\s takes in no-break spaces)
}

// A site-absolute path with nothing URL parsing would change (no dots, escapes to make,
// fragments or backslashes): "/wall-1_2?reply=3&thread=4". Most permalinks are these.
const PLAIN_PATH = /^\/(?!\/)[\w\-/?=&%]*$/;
const ORIGIN = /^https?:\/\/[^/?#@]+(?=[/?#]|$)/;

/** An absolute URL for a link, or null. */
export function absoluteHref(a, base) {
  const href = a?.getAttribute?.('href');
  if (!href) return null;
  // Parsing a URL per comment adds up over hundreds: a plain path only needs the origin.
  const origin = PLAIN_PATH.test(href) ? ORIGIN.exec(base ?? '')?.[0] : null;
  if (origin) return origin + href;
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

/** Text of an editor, contenteditable or textarea (emoji drawn as images read as their alt). */
export function editorText(editor) {
  if (!editor) return '';
  if ('value' in editor && editor.matches('textarea, input')) return editor.value;
  // VK's classic composer puts each emoji in as an <img alt="😊">, which innerText skips.
  if (editor.querySelector?.('img[alt]')) return ownText(editor, 'script, style');
  return editor.innerText ?? editor.textContent ?? '';
}

// An image standing for an emoji: its alt is the emoji itself (VK draws every emoji as
// <img class="emoji" alt="😊">, Facebook as <img alt="😂" src=".../emoji.php/...">). A
// photo's alt («Может быть изображение: …») has letters and is not the comment's words.
const EMOJI_ALT = /^(?=[^]*\p{Extended_Pictographic})[^\p{L}\p{N}]{1,24}$/u;

/** The emoji an <img> stands for, or ''. */
export function emojiAlt(img) {
  const alt = img.getAttribute('alt');
  return alt && EMOJI_ALT.test(alt) ? alt : '';
}

const BLOCKS = new Set(['P', 'DIV', 'LI', 'BR']);

/**
 * The text of `node` without the parts that are not the comment's words: elements
 * inside it matching `exclude` (the author's name, the date, our hosts, nested
 * comments). Line breaks and blocks become newlines; spaces collapse.
 */
export function ownText(node, exclude) {
  if (!node) return '';
  // Most texts are one element holding text only: nothing to exclude, nothing to walk.
  if (node.childElementCount === 0) return normaliseText(node.textContent);
  const doc = node.ownerDocument;
  const view = doc.defaultView;
  const walker = doc.createTreeWalker(node, view.NodeFilter.SHOW_ELEMENT | view.NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.nodeType === 1 && n.matches(exclude) ? view.NodeFilter.FILTER_REJECT : view.NodeFilter.FILTER_ACCEPT),
  });
  let out = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === 3) out += n.nodeValue;
    else if (n.tagName === 'IMG') out += emojiAlt(n);
    else if (BLOCKS.has(n.tagName) && out && !out.endsWith('\n')) out += '\n';
  }
  return normaliseText(out);
}

// Anything normaliseText would change besides the ends: most comments have none of it.
const UNTIDY = /[\u00a0\t\r\f\v\n]| {2}/;

function normaliseText(text) {
  if (!UNTIDY.test(text)) return text.trim();
  return text.replace(/\u00a0/g, ' ').replace(/[ \t\r\f\v]+/g, ' ').replace(/ *\n[ \n]*/g, '\n').trim();
}
