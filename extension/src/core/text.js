// Comparing what the operator typed with what the site later shows in the thread.

/** Collapse whitespace and invisible characters, lower-case; for comparisons only. */
export function normalize(text) {
  return String(text ?? '')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

// «Ирина, » / «Ирине, » / «Ирина Соколова, »: the addressee a reply opens with (the space
// may be lost where a box collapses the prefill's trailing space).
const ADDRESSEE = /^([^\s,]+)(?: [^\s,]+)?, ?/;

function samePrefix(a, b) {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 12 && long.startsWith(short) && short.length / long.length > 0.8;
}

/**
 * Is `shown` (a comment in the thread) the reply whose draft was `typed`?
 * Sites may drop a trailing space or turn the addressee into a link, so equal after
 * normalising, or one a prefix of the other when both are long enough to be specific.
 * Classic VK also declines the addressee it prefilled («Ирина, …» is shown as a link
 * «Ирине, …»), or reads it apart from the text: the same rest after an addressee of
 * the same stem, or after none, counts too.
 */
export function sameReply(typed, shown) {
  const a = normalize(typed);
  const b = normalize(shown);
  if (!a || !b) return false;
  if (samePrefix(a, b)) return true;
  const x = ADDRESSEE.exec(a);
  if (!x) return false;
  const rest = a.slice(x[0].length);
  const y = ADDRESSEE.exec(b);
  if (y && x[1].slice(0, 3) === y[1].slice(0, 3)) return samePrefix(rest, b.slice(y[0].length));
  // The addressee read apart from the text (a reply-target link): the rest alone, when
  // long enough to be specific.
  return rest.length >= 12 && samePrefix(rest, b.replace(/^[,\s]+/, ''));
}

/** The visible text of an element without our own overlay hosts. */
export function visibleText(el) {
  if (!el) return '';
  const clone = el.cloneNode(true);
  for (const host of clone.querySelectorAll('[data-otklik-host]')) host.remove();
  for (const br of clone.querySelectorAll('br')) br.replaceWith('\n');
  return (clone.textContent ?? '').replace(/[ \t\u00a0]+/g, ' ').replace(/\n\s*/g, '\n').trim();
}
