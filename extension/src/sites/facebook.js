// Facebook: comments under page posts (www.facebook.com). Facebook's class names are
// generated and change weekly, so this adapter keys on ARIA roles and labels, the
// comment_id in permalinks and `dir="auto"` text blocks. Every selector is here and
// may be overridden by name from the options page.

import { parseSiteTime } from '../core/time.js';
import { absoluteHref, allOwn, cleanText, editableRoot, editorText, firstOwn, queryAllWithSelf } from '../core/dom.js';

export const id = 'facebook';
export const HOSTS = ['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com'];

const LABELS = ['Comment by', 'Reply by', 'Комментарий от', 'Ответ от'];

export const SELECTORS = Object.freeze({
  comment: LABELS.map((l) => `div[role="article"][aria-label^="${l}"]`).join(', '),
  author: 'a[href]',
  text: 'div[dir="auto"]',
  permalink: 'a[href*="comment_id="]',
  replyButton: '[role="button"]',
  editor: 'div[contenteditable="true"][role="textbox"]',
  post: 'div[role="article"]:not([aria-label]), div[aria-posinset]',
  postAuthor: 'h2 a[href], h3 a[href], h4 a[href], [data-ad-rendering-role="profile_name"] a[href]',
});

const REPLY_WORDS = /^(reply|ответить)$/i;

/** The comment's own id: reply_comment_id for a reply, comment_id otherwise. */
export function commentIdFromPermalink(href) {
  if (!href) return null;
  let url;
  try {
    url = new URL(href, 'https://www.facebook.com/');
  } catch {
    return null;
  }
  return url.searchParams.get('reply_comment_id') || url.searchParams.get('comment_id') || null;
}

function profileId(href) {
  try {
    const url = new URL(href, 'https://www.facebook.com/');
    if (url.pathname === '/profile.php') return url.searchParams.get('id');
    const seg = url.pathname.split('/').filter(Boolean)[0];
    return seg && !['groups', 'photo', 'watch', 'hashtag'].includes(seg) ? seg : null;
  } catch {
    return null;
  }
}

export function createAdapter(overrides = {}) {
  const sel = { ...SELECTORS, ...overrides };
  const postOf = (el) => {
    let p = el.parentElement?.closest(sel.post);
    while (p && p.matches(sel.comment)) p = p.parentElement?.closest(sel.post);
    return p;
  };
  // Facebook's thread: <li><article comment/><div><ul><li><article reply/>…
  const itemOf = (el) => el.closest('li');
  const commentOfItem = (li) =>
    li ? [...li.querySelectorAll(sel.comment)].find((a) => a.closest('li') === li) ?? null : null;

  // Profile links in comments carry comment_id too, so the permalink is the link whose
  // text reads as a time ("12 мин.", "5m"), else the last link with a comment_id.
  function timeLink(el, now) {
    const links = allOwn(el, sel.permalink, sel.comment);
    return links.find((a) => parseSiteTime(cleanText(a), now)) ?? links.at(-1) ?? null;
  }

  function authorLink(el) {
    const time = timeLink(el, new Date());
    return firstOwn(el, sel.author, sel.comment, (a) => a !== time && cleanText(a).length > 0);
  }

  function textOf(el) {
    const a = authorLink(el);
    const node = firstOwn(
      el, sel.text, sel.comment,
      (n) => !(a && (a.contains(n) || n.contains(a))) && cleanText(n).length > 0,
    );
    return node;
  }

  return {
    id,
    selectors: sel,
    matchesHost: (host) => HOSTS.includes(host),
    findComments: (root) => queryAllWithSelf(root, sel.comment),

    read(el, now = new Date()) {
      const link = timeLink(el, now);
      const permalink = absoluteHref(link, 'https://www.facebook.com/');
      const cid = commentIdFromPermalink(permalink);
      if (!cid) return null;
      const a = authorLink(el);
      const authorName = cleanText(a) || null;
      const postAuthor = postOf(el)?.querySelector(sel.postAuthor);
      const abbr = firstOwn(el, 'abbr[data-utime]', sel.comment);
      const timeEl = abbr ?? link;
      const postedAt = timeEl
        ? parseSiteTime(cleanText(timeEl), now, timeEl.getAttribute('data-utime'))
        : null;
      const textEl = textOf(el);
      return {
        id: cid,
        platform: id,
        authorId: a ? profileId(a.getAttribute('href')) : null,
        authorName,
        team: Boolean(postAuthor && authorName && cleanText(postAuthor) === authorName),
        text: textEl ? (textEl.innerText ?? textEl.textContent ?? '').trim() : '',
        postedAt,
        permalink,
      };
    },

    badgeAnchor: (el) => textOf(el) ?? el.firstElementChild ?? el,

    parentComment(el) {
      const li = itemOf(el);
      return li ? commentOfItem(li.parentElement?.closest('li')) : null;
    },

    threadReplies(el) {
      const li = itemOf(el);
      if (!li) return [];
      return [...li.querySelectorAll(sel.comment)].filter((c) => c !== el);
    },

    replyButton(el) {
      const li = itemOf(el) ?? el;
      const own = (b) => b.closest(sel.comment) === el || (b.closest('li') === li && !b.closest(sel.comment));
      return [...li.querySelectorAll(sel.replyButton)].find((b) => own(b) && REPLY_WORDS.test(cleanText(b))) ?? null;
    },

    editorOf(node) {
      const root = editableRoot(node);
      return root?.closest(sel.editor) ?? null;
    },

    editorText,

    /** A reply box sits in the thread of the comment it answers. */
    replyTarget(editor, lastClicked) {
      const own = commentOfItem(itemOf(editor));
      if (own) return own;
      if (lastClicked?.isConnected && postOf(lastClicked) === postOf(editor)) return lastClicked;
      return null;
    },

    /** Under the reply box's wrapper: Lexical owns everything inside the editor. */
    draftAnchor: (editor) => editor.parentElement ?? editor,

    editorNear(el) {
      const li = itemOf(el);
      return li?.querySelector(sel.editor) ?? null;
    },
  };
}
