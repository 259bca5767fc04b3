// Putting text into the site's editor the way the editor itself accepts it: a paste
// event carrying the text (VK and Facebook's Lexical handle paste and keep their own
// state), and only if the editor ignored it, the browser's insertText command. No
// markup of ours ever goes into the editor.

/**
 * Where the caret was in each editor the last time the operator was there, with the
 * editor's text then: a live range survives the site rewriting the text (it slides
 * to the start), so it only counts while the text is the same.
 */
const carets = new WeakMap();

export function rememberCaret(editor) {
  const sel = editor.ownerDocument.getSelection?.();
  if (!sel || !sel.rangeCount) return;
  const range = sel.getRangeAt(0);
  if (editor.contains(range.startContainer)) {
    carets.set(editor, { range: range.cloneRange(), text: textOf(editor) });
  }
}

/**
 * Where text goes in `editor`: the live caret when it is in the editor (the site may
 * have just put it there, after the addressee it prefilled), else where the operator
 * left it, else the end.
 */
export function caretFor(editor) {
  const doc = editor.ownerDocument;
  const sel = doc.getSelection?.();
  if (sel?.rangeCount) {
    const live = sel.getRangeAt(0);
    if (editor.contains(live.startContainer)) return live.cloneRange();
  }
  const kept = carets.get(editor);
  if (kept && kept.text === textOf(editor) && editor.contains(kept.range.startContainer)) {
    return kept.range;
  }
  const end = doc.createRange();
  end.selectNodeContents(editor);
  end.collapse(false);
  return end;
}

function placeCaret(editor) {
  const doc = editor.ownerDocument;
  const range = editor.matches('textarea, input') ? null : caretFor(editor);
  editor.focus();
  if (!range) return;
  const sel = doc.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

function textOf(editor) {
  return editor.matches('textarea, input') ? editor.value : editor.textContent;
}

/** Insert `text` at the caret of `editor`. Returns how it went in: 'paste' or 'command'. */
export function insertText(editor, text) {
  placeCaret(editor);
  const view = editor.ownerDocument.defaultView;
  const before = textOf(editor);
  let pasted = false;
  try {
    const data = new view.DataTransfer();
    data.setData('text/plain', text);
    const event = new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    editor.dispatchEvent(event);
    pasted = textOf(editor) !== before;
  } catch {
    pasted = false;
  }
  if (!pasted) {
    editor.ownerDocument.execCommand('insertText', false, text);
  }
  rememberCaret(editor);
  return pasted ? 'paste' : 'command';
}
