// Where a phrasing goes in the reply box: the caret the site or the operator left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domFrom } from './helpers.mjs';
import { caretFor, rememberCaret } from '../../extension/src/core/insert.js';

function setup() {
  const doc = domFrom('<input id="elsewhere"><div class="submit_post_field" contenteditable="true"></div>');
  return { doc, editor: doc.querySelector('.submit_post_field') };
}

function caretAt(doc, node, offset) {
  const range = doc.createRange();
  range.setStart(node, offset);
  range.collapse(true);
  const sel = doc.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}

test('an empty editor with no caret anywhere: the end', () => {
  const { editor } = setup();
  editor.textContent = 'Иван,\u00a0';
  const range = caretFor(editor);
  assert.equal(range.collapsed, true);
  assert.equal(range.startContainer, editor);
  assert.equal(range.startOffset, editor.childNodes.length);
});

test('the site prefilled the addressee and put the caret after it: there, not a stale caret', () => {
  const { doc, editor } = setup();
  // The operator was in the box earlier, at its start.
  caretAt(doc, editor, 0);
  rememberCaret(editor);
  // Then «Ответить»: the site writes «Иван, » and puts the caret at its end.
  editor.textContent = 'Иван,\u00a0';
  caretAt(doc, editor.firstChild, 'Иван,\u00a0'.length);
  const range = caretFor(editor);
  assert.equal(range.startContainer, editor.firstChild);
  assert.equal(range.startOffset, 'Иван,\u00a0'.length);
});

test('the operator clicked away (into the popover): the caret they left in the editor', () => {
  const { doc, editor } = setup();
  editor.textContent = 'Иван, спасибо что написали';
  caretAt(doc, editor.firstChild, 6);
  rememberCaret(editor);
  caretAt(doc, doc.body, 0); // the selection left the editor
  const range = caretFor(editor);
  assert.equal(range.startContainer, editor.firstChild);
  assert.equal(range.startOffset, 6);
});

test('a remembered caret in text the site has since replaced is not used', () => {
  const { doc, editor } = setup();
  editor.textContent = 'старый текст';
  caretAt(doc, editor.firstChild, 3);
  rememberCaret(editor);
  editor.textContent = 'новый';
  caretAt(doc, doc.body, 0);
  const range = caretFor(editor);
  assert.equal(range.startContainer, editor);
  assert.equal(range.startOffset, editor.childNodes.length);
});
