// Page health: does the page plainly hold comments (or a comment box) that the site
// adapter cannot read? Then the operator is told so, instead of a false «all answered»,
// and the companion counts the miss per site and page kind (no texts), so a markup
// change is noticed the same day.

// Words that name comments or replies in class names, test ids and labels.
const COMMENT_WORD = /comment|reply|коммент|ответ|відпов|replies/i;
const MIN_TEXT = 12;

/**
 * Does `doc` plainly show comments? The site's own hints (comment permalinks, comment
 * containers) count at once; otherwise at least two elements named like comments,
 * each with a link and some words.
 */
export function looksLikeComments(doc, hintSelector) {
  const body = doc.body;
  if (!body) return false;
  if (hintSelector) {
    for (const el of body.querySelectorAll(hintSelector)) {
      if (!el.closest('[data-otklik-host]') && !el.closest('[contenteditable="true"]')) return true;
    }
  }
  let n = 0;
  const seen = new Set();
  for (const el of body.querySelectorAll('[class*="omment"], [class*="eply"], [data-testid*="omment"], [data-testid*="eply"], [id*="omment"], [id*="eply"]')) {
    if (el.closest('[data-otklik-host]') || el.isContentEditable || el.querySelector('[contenteditable="true"], textarea')) continue;
    if ([...seen].some((s) => s.contains(el))) continue;
    if (!el.querySelector('a[href]') || (el.textContent ?? '').trim().length < MIN_TEXT) continue;
    seen.add(el);
    n += 1;
    if (n >= 2) return true;
  }
  return false;
}

/** Is this editable box (that the adapter does not know) a comment or reply box? */
export function looksLikeCommentBox(el) {
  let node = el;
  for (let i = 0; node && i < 6; i += 1, node = node.parentElement) {
    const words = [
      node.getAttribute?.('aria-label'), node.getAttribute?.('placeholder'), node.getAttribute?.('data-placeholder'),
      node.getAttribute?.('data-testid'), typeof node.className === 'string' ? node.className : '', node.id,
    ].filter(Boolean).join(' ');
    if (COMMENT_WORD.test(words)) return true;
  }
  return false;
}
