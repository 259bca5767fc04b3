// Putting text into the site's editor the way the editor itself accepts it: a paste
// event carrying the text (VK and Facebook's Lexical handle paste and keep their own
// state), and only if the editor ignored it, the browser's insertText command. No
// markup of ours ever goes into the editor.

/** Where the caret was in each editor the last time the operator was there. */
const carets = new WeakMap();

export function rememberCaret(editor) {
  const sel = editor.ownerDocument.getSelection?.();
  if (!sel || !sel.rangeCount) return;
  const range = sel.getRangeAt(0);
  if (editor.contains(range.startContainer)) carets.set(editor, range.cloneRange());
}

function placeCaret(editor) {
  const doc = editor.ownerDocument;
  editor.focus();
  if (editor.matches('textarea, input')) return;
  const sel = doc.getSelection();
  let range = carets.get(editor);
  if (!range || !editor.contains(range.startContainer)) {
    range = doc.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
  }
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
