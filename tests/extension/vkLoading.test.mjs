// A VK comment still rendering: its text a VKUI skeleton (qa11) is not read; a block only
// flagged busy with its text there is read — the flag may go without any other change,
// which the page's observer would never hear of, so it cannot be waited for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { domFrom } from './helpers.mjs';
import * as vkSite from '../../extension/src/sites/vk.js';

const URL = 'https://vk.com/wall-1_7';

function block(n, textHtml, busy) {
  return `<div data-testid="wall_comments_comment_root" id="5_${n}"${busy ? ' aria-busy="true"' : ''}>` +
    '<a data-testid="comment-avatar" href="/id51"></a>' +
    '<a data-testid="comment-owner" href="/id51">Олег Денисов</a>' +
    `<div data-testid="comment-text">${textHtml}</div>` +
    `<a data-testid="wall_comment_date" href="${URL}?reply=${n}">5 минут назад</a></div>`;
}

const PAGE = `<div data-testid="post" data-post-id="-1_7">${
  block(1, '<span class="vkuiVisuallyHidden">Загрузка…</span><span class="vkuiSkeleton"></span>', true) +
  block(2, '<div data-testid="showmoretext"><span data-testid="showmoretext-in">Третий день без интернета</span></div>', true) +
  block(3, '<span class="vkuiSkeleton vkuiSkeleton--disableAnimation"></span>', false)
}</div>`;

test('VK: a text still a skeleton is not read; a busy block with its text is', () => {
  const doc = domFrom(PAGE, URL);
  const adapter = vkSite.createAdapter();
  const read = (n) => adapter.read(doc.getElementById(`5_${n}`), new Date());
  assert.equal(read(1), null);
  assert.equal(read(3), null);
  const busy = read(2);
  assert.equal(busy.id, '-1_7_2');
  assert.equal(busy.text, 'Третий день без интернета');
});
