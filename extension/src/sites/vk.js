// VK: comments under community wall posts, in the feed and on the post page, desktop
// (vk.com) and mobile (m.vk.com). Every selector of the site is here; the options page
// may override any of them by name. Hooks follow what outlived VK's redesigns (the
// Botnadzor userscript): data attributes and wall permalinks, not generated classes.

import { parseSiteTime } from '../core/time.js';
import {
  absoluteHref, allOwn, cleanText, editableRoot, editorText, firstOwn, queryAllWithSelf,
} from '../core/dom.js';

export const id = 'vk';
export const HOSTS = ['vk.com', 'm.vk.com', 'vk.ru', 'm.vk.ru'];

export const SELECTORS = Object.freeze({
  // desktop: <div class="reply" data-post-id="-12345_910">; mobile: <div class="ReplyItem">
  comment: '.reply[data-post-id], .ReplyItem',
  author: 'a.author[data-from-id], .ReplyItem__name',
  text: '.wall_reply_text, .ReplyItem__content',
  time: '.rel_date, .ReplyItem__date, .item_date',
  permalink: 'a[href*="?reply="], a[href*="&reply="]',
  replyButton: '.reply_link, .ReplyItem__action--reply',
  editor: '.submit_post_field, .reply_field, textarea.ReplyForm__input',
  replyForm: '.reply_form, .ReplyForm',
  thread: '.replies_wrap_deep, .ReplyItem__replies',
  post: '.post[data-post-id], .wall_item, .Post',
  postAuthor: '.post_author a.author, .PostHeaderTitle__authorName, .wi_author',
});

const PERMALINK_ID = /wall(-?\d+)_(\d+)\?(?:[^#]*&)?reply=(\d+)/;
const COMMUNITY_HREF = /^\/(club|public|event)\d+/;

/** "-12345_678_910" (owner_post_reply) from a wall permalink, as the companion keys VK. */
export function commentIdFromPermalink(href) {
  const m = PERMALINK_ID.exec(href ?? '');
  return m ? `${m[1]}_${m[2]}_${m[3]}` : null;
}

export function createAdapter(overrides = {}) {
  const sel = { ...SELECTORS, ...overrides };

  const postOf = (el) => el.closest(sel.post);

  function permalinkOf(el) {
    const a = firstOwn(el, sel.permalink, sel.comment);
    return absoluteHref(a, el.ownerDocument.location?.href || 'https://vk.com/');
  }

  function commentId(el, permalink) {
    const fromLink = commentIdFromPermalink(permalink);
    if (fromLink) return fromLink;
    // data-post-id="-12345_910" names owner and reply; the post gives the middle part.
    const own = el.getAttribute('data-post-id');
    const post = postOf(el)?.getAttribute('data-post-id');
    const m = /^(-?\d+)_(\d+)$/.exec(own ?? '');
    const p = /^(-?\d+)_(\d+)$/.exec(post ?? '');
    if (m && p) return `${m[1]}_${p[2]}_${m[2]}`;
    return null;
  }

  function authorOf(el) {
    const a = firstOwn(el, sel.author, sel.comment);
    if (!a) return { authorId: null, authorName: null, team: false };
    const fromId = a.getAttribute('data-from-id');
    const href = a.getAttribute('href') ?? '';
    let authorId = fromId;
    if (!authorId) {
      const m = /^\/(?:id(\d+)|(?:club|public|event)(\d+)|([\w.]+))/.exec(href);
      if (m) authorId = m[1] ?? (m[2] ? `-${m[2]}` : m[3]);
    }
    const authorName = cleanText(a);
    const postAuthor = postOf(el)?.querySelector(sel.postAuthor);
    // Communities post with a negative id; mobile links them as /club…, /public….
    const team = Boolean(
      (fromId && fromId.startsWith('-')) ||
        (!fromId && COMMUNITY_HREF.test(href)) ||
        (postAuthor && cleanText(postAuthor) === authorName && authorName),
    );
    return { authorId, authorName, team };
  }

  return {
    id,
    selectors: sel,
    matchesHost: (host) => HOSTS.includes(host),
    findComments: (root) => queryAllWithSelf(root, sel.comment),

    /** What the overlay and the timings need of one comment, or null if unreadable. */
    read(el, now = new Date()) {
      const permalink = permalinkOf(el);
      const cid = commentId(el, permalink);
      if (!cid) return null;
      const textEl = firstOwn(el, sel.text, sel.comment);
      const timeEl = firstOwn(el, sel.time, sel.comment);
      const postedAt = timeEl
        ? parseSiteTime(cleanText(timeEl), now, timeEl.getAttribute('time'))
        : null;
      return {
        id: cid,
        platform: id,
        ...authorOf(el),
        text: textEl ? (textEl.innerText ?? textEl.textContent ?? '').trim() : '',
        postedAt,
        permalink,
      };
    },

    badgeAnchor: (el) => firstOwn(el, sel.text, sel.comment) ?? el.firstElementChild ?? el,

    /** The comment this one answers in the thread (VK nests one level). */
    parentComment(el) {
      const up = el.parentElement?.closest(sel.comment);
      if (up) return up;
      const wrap = el.closest(sel.thread);
      const prev = wrap?.previousElementSibling;
      return prev?.matches(sel.comment) ? prev : null;
    },

    /** Comments in this one's thread (nested or in the following thread wrapper). */
    threadReplies(el) {
      const nested = [...el.querySelectorAll(sel.comment)];
      const next = el.nextElementSibling;
      if (next?.matches(sel.thread)) nested.push(...next.querySelectorAll(sel.comment));
      return nested;
    },

    replyButton: (el) => allOwn(el, sel.replyButton, sel.comment)[0] ?? null,

    editorOf(node) {
      const root = editableRoot(node);
      if (!root) return null;
      const hit = root.closest(sel.editor);
      return hit ?? (root.matches('textarea') && root.closest(sel.replyForm) ? root : null);
    },

    editorText,

    /** Which comment an open reply box answers: the one whose «Ответить» was clicked last. */
    replyTarget(editor, lastClicked) {
      if (lastClicked?.isConnected) {
        const a = postOf(lastClicked);
        const b = postOf(editor);
        if (!a || !b || a === b) return lastClicked;
      }
      return editor.closest(sel.comment);
    },

    /** The draft hints go under the whole reply form, outside the editor. */
    draftAnchor: (editor) => editor.closest(sel.replyForm) ?? editor,

    /** Where a new reply box shows up after «Ответить», to find the editor. */
    editorNear(el) {
      const scope = postOf(el) ?? el.ownerDocument;
      return scope.querySelector(sel.editor);
    },
  };
}
