// Facebook: comments under page posts (www.facebook.com), in the feed, on the post page
// and in the post opened as a dialog. Facebook's class names are generated and change
// weekly, and its ARIA labels are translated in every locale, so this adapter keys on
// structure: a comment is an article (role=article) with its own comment permalink
// (numeric or encoded comment_id / reply_comment_id); replies are articles nested in the
// parent's article or listed after it in plain divs (the old ul/li too); the label is
// never needed. Every selector is here and may be overridden by name from the options.

import { parseSiteTime } from '../core/time.js';
import { backgroundTheme } from '../core/theme.js';
import { absoluteHref, cleanText, editableRoot, editorText, ownText, queryAllWithSelf } from '../core/dom.js';

export const id = 'facebook';
export const HOSTS = ['www.facebook.com', 'facebook.com', 'web.facebook.com', 'm.facebook.com'];

export const SELECTORS = Object.freeze({
  // A comment is an article of these with its own comment permalink (posts are articles too).
  comment: 'div[role="article"], article[role="article"]',
  author: 'a[href]',
  text: 'div[dir="auto"]',
  permalink: 'a[href*="comment_id="]',
  replyButton: '[role="button"]',
  // The page's own comments carry an «Автор»/"Author" badge, found by its word when this
  // is empty; a selector here names it instead (for a locale the word list lacks).
  badge: '',
  editor: 'div[contenteditable="true"][role="textbox"], div[contenteditable="true"][data-lexical-editor="true"]',
  post: 'div[role="dialog"], div[aria-posinset], [data-pagelet^="FeedUnit"], div[role="main"]',
  postAuthor: 'h2 a[href], h3 a[href], h4 a[href], [data-ad-rendering-role="profile_name"] a[href]',
  commentHint: 'a[href*="comment_id="]',
  // m.facebook.com's WebLite (server-driven, 2024-2026): every tap target is an opaque
  // data-action-id inside data-mcomponent containers, with no link, no permalink and no
  // role=article at all (tests/fixtures/qa9/mfb_weblite_story.html). For page health only.
  liteAction: '[data-mcomponent] [data-action-id]',
});

// «Ответить», "Reply" and their translations: the reply action has no other hook.
const REPLY_WORDS = /^(reply|ответить|відповісти|адказаць|antworten|répondre|responder|rispondi|odpowiedz|odpovedať|odpovědět|trả lời|yanıtla|atsakyti|atbildēt|vasta|svara|svar|beantwoorden)$/i;
// The page's «Автор»/"Author" badge in the locales operators use.
const AUTHOR_BADGE = /^(автор|author|autor|auteur|autore|tác giả|yazar|forfatter|författare|tekijä|szerző)$/i;
// A member's role or standing printed above the name in a group («Администратор», «Top
// fan»): a label, never a name (only read where no author link names the commenter).
const ROLE_BADGE = /^(администратор|модератор|admin|moderator|эксперт группы|group expert|самый активный участник|активный участник|новый участник|new member|top fan|top contributor|rising contributor|top-fan)$/i;

function params(href) {
  try {
    return new URL(href, 'https://www.facebook.com/').searchParams;
  } catch {
    return null;
  }
}

/**
 * A comment id as Facebook writes it in a link: digits, or base64 of
 * "comment:<post>_<comment>" (seen on Pages and groups since 2024) → the digits of the
 * comment. Anything else is returned as it is.
 */
export function plainCommentId(value) {
  if (!value || /^\d+$/.test(value)) return value || null;
  try {
    const m = /^comment:\d+_(\d+)$/.exec(atob(value));
    if (m) return m[1];
  } catch {
    // not base64: keep the value
  }
  return value;
}

/** The comment's own id: reply_comment_id for a reply, comment_id otherwise. */
export function commentIdFromPermalink(href) {
  if (!href) return null;
  const p = params(href);
  return plainCommentId(p?.get('reply_comment_id') || p?.get('comment_id') || null);
}

/** The comment a reply's permalink names as its parent (comment_id beside reply_comment_id). */
export function parentIdFromPermalink(href) {
  const p = params(href);
  return p?.get('reply_comment_id') ? plainCommentId(p.get('comment_id')) : null;
}

/**
 * A profile's id from its link: profile.php?id=…, a group-scoped /groups/<gid>/user/<uid>/
 * (in a group every author, a Page too, is linked so: group scrapers of 2024-2026), or the
 * first path part.
 */
export function profileId(href) {
  try {
    const url = new URL(href, 'https://www.facebook.com/');
    if (url.pathname === '/profile.php' || url.pathname === '/permalink.php') return url.searchParams.get('id');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] === 'people' && parts[2]) return parts[2];
    if (parts[0] === 'groups' && parts[2] === 'user' && parts[3]) return parts[3];
    const seg = parts[0];
    return seg && !['groups', 'photo', 'photo.php', 'watch', 'hashtag', 'story.php', 'reel', 'share'].includes(seg) ? seg : null;
  } catch {
    return null;
  }
}

// Facebook's theme (dark or light), as the site marks it. Sources, read 2026-12-02 (none
// copied):
//  - Facebook's Comet app (2020-2026) puts the class __fb-dark-mode or __fb-light-mode on
//    <html> and draws everything from CSS variables set under `.__fb-dark-mode` /
//    `:root, .__fb-light-mode` (Caprine issue 1498, 2020-12-18: «facebook changed from
//    .dark-mode to .__fb-dark-mode»; userscripts and extensions of 2024-2026 read
//    `document.documentElement.classList.contains('__fb-dark-mode')`, e.g. the net19
//    handmade Facebook theme, an Instagram helper's notes «Light theme = html.__fb-light-mode,
//    dark = html.__fb-dark-mode», Mask Network's Facebook adaptor).
//  - The same classes also mark single subtrees (a video overlay, a menu drawn dark in the
//    light theme), so only <html>'s count here.
//  - Dark Reader PR 12733 (2024-05-16): with the setting «Automatic» Facebook does not add
//    __fb-dark-mode to <html> — the theme then follows the OS through CSS: the painted
//    background of the main column / body tells it (the watch re-checks on an OS switch).
const FB_DARK = '__fb-dark-mode';
const FB_LIGHT = '__fb-light-mode';
export const THEME_ATTRIBUTES = ['class', 'style'];

/** 'dark' or 'light': Facebook's theme on this document. */
export function pageTheme(doc) {
  const marks = doc.documentElement?.classList;
  if (marks?.contains(FB_DARK)) return 'dark';
  if (marks?.contains(FB_LIGHT)) return 'light';
  return backgroundTheme(doc, doc.querySelector('[role="main"]'));
}

export function createAdapter(overrides = {}) {
  const sel = { ...SELECTORS, ...overrides };

  /** Nodes under `el` that belong to `el` itself, not to an article nested in it. */
  const own = (el, selector) =>
    [...el.querySelectorAll(selector)].filter((n) => n.closest(sel.comment) === el && !n.hasAttribute('data-otklik-host'));

  /** Is a link part of the text (a link someone pasted), not the name or the time? */
  const inText = (a) => Boolean(a.closest(sel.text));

  // The comment's own permalink: the timestamp link (its text reads as a time), else a
  // link carrying reply_comment_id, else any comment link outside the text. Profile links
  // in comments carry comment_id too (sometimes the parent's), hence the order.
  function timeLink(el, now = new Date()) {
    const links = own(el, sel.permalink).filter((a) => !inText(a));
    return links.find((a) => parseSiteTime(cleanText(a), now)) ??
      links.find((a) => params(a.getAttribute('href'))?.get('reply_comment_id')) ??
      links.at(-1) ?? null;
  }

  // A feed post is an article too (aria-posinset): never a comment, whatever links it holds.
  const isComment = (el) => el.matches?.(sel.comment) && !el.hasAttribute('aria-posinset') && Boolean(timeLink(el));

  /** The comment article around a node (skipping the post's own article). */
  function commentAround(node) {
    let a = node?.closest?.(sel.comment) ?? null;
    while (a && !isComment(a)) a = a.parentElement?.closest(sel.comment) ?? null;
    return a;
  }

  function postOf(el) {
    let p = el.parentElement?.closest(`${sel.comment}, ${sel.post}`);
    while (p && p.matches(sel.comment) && isComment(p)) p = p.parentElement?.closest(`${sel.comment}, ${sel.post}`);
    return p ?? el.ownerDocument.body;
  }

  function authorLink(el, time) {
    return own(el, sel.author).find((a) => a !== time && !inText(a) && cleanText(a).length > 0 &&
      !REPLY_WORDS.test(cleanText(a)) && !parseSiteTime(cleanText(a), new Date())) ?? null;
  }

  /** The text blocks of the comment: dir=auto blocks that are not the name, the badge or buttons. */
  function textBlocks(el, author) {
    return own(el, sel.text).filter((n) =>
      !(author && (author.contains(n) || n.contains(author))) &&
      !n.closest('[role="button"], a[href]') &&
      !n.parentElement?.closest(sel.text) &&
      (cleanText(n).length > 0 || n.querySelector('img[alt]') !== null) && !AUTHOR_BADGE.test(cleanText(n)));
  }

  /**
   * A name printed without a link (an anonymous group member, «Анонимный участник»): the
   * comment's first own words before its text that are not a badge, a time or an action.
   */
  function unlinkedName(el, blocks, now) {
    const first = blocks[0];
    if (!first) return null;
    for (const n of own(el, 'span, strong')) {
      // (4: the text block follows this node.)
      if (n.childElementCount || !(n.compareDocumentPosition(first) & 4)) continue;
      if (n.closest('a[href], [role="button"]') || n.closest(sel.text)) continue;
      const t = cleanText(n);
      if (t && !AUTHOR_BADGE.test(t) && !ROLE_BADGE.test(t) && !parseSiteTime(t, now)) return t;
    }
    return null;
  }

  /** The post's author: from its header link, else the page in the address. */
  function pageOf(el) {
    const post = postOf(el);
    // Without a heading, the post's header names its author in bold (<a><strong>Name</strong></a>).
    const a = [...post.querySelectorAll(sel.postAuthor)].find((n) => !commentAround(n)) ??
      [...post.querySelectorAll('a[href] strong')].map((n) => n.closest('a[href]'))
        .find((n) => !commentAround(n) && !commentIdFromPermalink(n.getAttribute('href')));
    const loc = el.ownerDocument.location;
    let fromUrl = null;
    if (loc?.href) {
      const url = new URL(loc.href);
      if (/\/(posts|videos|photos)\//.test(url.pathname)) fromUrl = url.pathname.split('/').filter(Boolean)[0];
      else if (url.pathname === '/permalink.php' || url.pathname === '/story.php') fromUrl = url.searchParams.get('id');
    }
    return { name: a ? cleanText(a) : null, id: a ? profileId(a.getAttribute('href')) : null, fromUrl };
  }

  function hasAuthorBadge(el) {
    if (sel.badge && own(el, sel.badge).length) return true;
    return own(el, 'span, div').some((n) => n.childElementCount === 0 && AUTHOR_BADGE.test(cleanText(n)) && !n.closest('a[href], [role="button"]'));
  }

  const idOf = (c) => commentIdFromPermalink(absoluteHref(timeLink(c), 'https://www.facebook.com/'));

  /** The person a comment's text opens with a link to (a mention), as a profile id. */
  function openingMention(el) {
    const block = textBlocks(el, authorLink(el, timeLink(el)))[0];
    if (!block) return null;
    const walker = block.ownerDocument.createTreeWalker(block, 5 /* elements and text */);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 3) {
        if (n.textContent.trim()) return null; // words before any link: no opening mention
      } else if (n.matches('a[href]')) {
        return commentIdFromPermalink(n.getAttribute('href')) ? null : profileId(n.getAttribute('href'));
      }
    }
    return null;
  }

  /**
   * Facebook nests replies three levels deep and no deeper: a reply to a level-3 comment is
   * written in the same level-3 list and opens with a mention of whom it answers (public
   * exporters of 2025 find depth 3+ by those "author mention links"). There the comment it
   * sits under is not its target: the mentioned person's latest earlier comment in that
   * same reply list is (only that list: a whole-thread search cost every mention-opened
   * reply a scan of the thread, and could take a friend tagged in passing elsewhere).
   */
  function mentionedAtDepth(el, up) {
    const top = commentAround(up.parentElement);
    if (!top) return null; // not at the third level
    const who = openingMention(el);
    if (!who) return null;
    const author = (c) => {
      const a = authorLink(c, timeLink(c));
      return a ? profileId(a.getAttribute('href')) : null;
    };
    if (author(up) === who) return null;
    const list = up.querySelectorAll(sel.comment);
    for (let i = list.length - 1; i >= 0; i -= 1) {
      const c = list[i];
      // (2: the candidate comes before this comment in the page; the cheap test first.)
      if (c === el || !(el.compareDocumentPosition(c) & 2)) continue;
      if (isComment(c) && author(c) === who) return c;
    }
    return null;
  }

  function replyTargetOf(el) {
    const link = timeLink(el);
    const up = commentAround(el.parentElement);
    if (up) {
      const target = mentionedAtDepth(el, up) ?? up;
      return { el: target, id: idOf(target) };
    }
    // Older layouts list a thread as <li><article/><div><ul><li><article reply/>…
    const li = el.closest('li');
    const outer = li?.parentElement?.closest('li');
    if (outer) {
      const top = [...outer.querySelectorAll(sel.comment)].find((a) => a.closest('li') === outer && isComment(a));
      if (top) return { el: top, id: idOf(top) };
    }
    const parentId = parentIdFromPermalink(link?.getAttribute('href'));
    if (!parentId) return null;
    const hit = [...postOf(el).querySelectorAll(sel.permalink)].find((a) => {
      const p = params(a.getAttribute('href'));
      return plainCommentId(p?.get('comment_id')) === parentId && !p.get('reply_comment_id') && commentAround(a) && timeLink(commentAround(a)) === a;
    });
    return { el: hit ? commentAround(hit) : null, id: parentId };
  }

  return {
    id,
    selectors: sel,
    // Facebook docks Messenger's chat windows at the bottom right: the panel goes left.
    panelSide: 'left',
    matchesHost: (host) => HOSTS.includes(host),
    theme: pageTheme,
    themeAttributes: THEME_ATTRIBUTES,
    findComments: (root) => queryAllWithSelf(root, sel.comment).filter(isComment),

    read(el, now = new Date()) {
      const link = timeLink(el, now);
      const permalink = absoluteHref(link, 'https://www.facebook.com/');
      const cid = commentIdFromPermalink(permalink);
      if (!cid) return null;
      const a = authorLink(el, link);
      const blocks = textBlocks(el, a);
      const authorName = a ? cleanText(a) : unlinkedName(el, blocks, now);
      const authorId = a ? profileId(a.getAttribute('href')) : null;
      const page = pageOf(el);
      const team = Boolean(
        hasAuthorBadge(el) ||
          (authorId && (authorId === page.id || authorId === page.fromUrl)) ||
          (a && page.name && authorName === page.name),
      );
      const abbr = own(el, 'abbr[data-utime]')[0];
      const timeEl = abbr ?? link;
      const postedAt = timeEl ? parseSiteTime(cleanText(timeEl), now, timeEl.getAttribute('data-utime')) : null;
      // (A long text ends in a «Ещё»/«See more» button inside the text: not its words.)
      const text = blocks.map((n) => ownText(n, '[data-otklik-host], [role="button"]')).join('\n').trim();
      return {
        id: cid,
        platform: id,
        authorId,
        authorName,
        team,
        text,
        postedAt,
        permalink,
        replyTo: replyTargetOf(el)?.id ?? null,
      };
    },

    /**
     * Could a change at `node` (added or rewritten) inside the known comment `el` change its
     * text? Only inside one of its text blocks (a dir=auto block outside any link or
     * button: «Ещё» expanded, an edit) or a node holding one: the page core reads a comment
     * again for nothing else — not for «5 мин.» → «6 мин.» in its time link (no text block
     * holds the time link: it would be no permalink then), nor its name or a reply box.
     */
    touchesText(el, node) {
      const at = node.nodeType === 1 ? node : node.parentElement;
      if (!at) return false;
      const block = at.closest(sel.text);
      if (block && el.contains(block)) return !block.closest('a[href], [role="button"]');
      return Boolean(at.querySelector?.(sel.text));
    },

    badgeAnchor(el) {
      const blocks = textBlocks(el, authorLink(el, timeLink(el)));
      return blocks.at(-1) ?? el.firstElementChild ?? el;
    },

    parentComment: (el) => replyTargetOf(el)?.el ?? null,
    replyToId: (el) => replyTargetOf(el)?.id ?? null,

    replyButton(el) {
      const li = el.parentElement?.closest('li');
      const mine = own(el, sel.replyButton).find((b) => REPLY_WORDS.test(cleanText(b)));
      if (mine) return mine;
      // Old lists kept the actions beside the article, in the same <li>.
      return li ? [...li.querySelectorAll(sel.replyButton)].find((b) => !commentAround(b) && REPLY_WORDS.test(cleanText(b))) ?? null : null;
    },

    editorOf(node) {
      const root = editableRoot(node);
      return root?.closest(sel.editor) ?? null;
    },

    editorText,

    /**
     * A reply box opened in a comment's thread answers that comment, or the reply in it
     * whose «Reply» was clicked last; the post's own box answers nobody.
     */
    replyTarget(editor, lastClicked) {
      const around = commentAround(editor);
      const li = editor.closest('li');
      const inList = li ? [...li.querySelectorAll(sel.comment)].find((a) => a.closest('li') === li && isComment(a)) : null;
      const thread = around ?? inList ?? null;
      if (lastClicked?.isConnected) {
        if (thread && (thread === lastClicked || thread.contains(lastClicked) || li?.contains(lastClicked))) return lastClicked;
        if (!thread && editor.closest('li, [data-otklik-thread]') && postOf(lastClicked) === postOf(editor)) return lastClicked;
      }
      if (thread) return thread;
      // A reply box placed after the thread, in the comment's plain div wrapper.
      let up = editor.parentElement;
      for (let i = 0; up && i < 6; i += 1, up = up.parentElement) {
        const first = [...up.children].find((c) => c.matches(sel.comment) && isComment(c));
        if (!first) continue;
        return lastClicked?.isConnected && up.contains(lastClicked) ? lastClicked : first;
      }
      return null;
    },

    /** Under the reply box's wrapper: Lexical owns everything inside the editor. */
    draftAnchor: (editor) => editor.parentElement ?? editor,

    editorNear(el) {
      const inside = el.querySelector(sel.editor);
      if (inside) return inside;
      const li = el.closest('li');
      const top = commentAround(el.parentElement);
      return li?.querySelector(sel.editor) ?? top?.querySelector(sel.editor) ??
        el.parentElement?.querySelector(`:scope > * ${sel.editor.split(',')[0]}`) ?? null;
    },

    /**
     * Page health beyond the hints: m.facebook.com's WebLite gives a comment nothing to key
     * it by (no permalink, no comment_id), so it is not read; but a «Ответить»/"Reply" tap
     * is a comment's own action (a post has «Комментировать»), so comments are plainly
     * shown — the notice, never «все отвечены» (qa9: the story page was judged «empty»).
     */
    commentsShown(doc) {
      for (const tap of doc.querySelectorAll(sel.liteAction)) {
        if (REPLY_WORDS.test(cleanText(tap)) && !tap.closest('[data-otklik-host], [contenteditable="true"]')) return true;
      }
      return false;
    },

    /** Where the operator is, for page-health counts: "dialog", "post" or "feed". */
    pageKind(loc, doc) {
      if (doc?.querySelector('div[role="dialog"] a[href*="comment_id="]')) return 'dialog';
      const url = new URL(loc.href);
      // (A photo's own address is /photo/?fbid=…; a reel's /reel/<id>, a video's /watch/?v=…:
      // Webrecorder's browsertrix-behaviors, 2025-2026.)
      const path = url.pathname.replace(/\/+$/, '');
      if (/\/(posts|videos|photos|permalink|reel)\b/.test(path) || ['/permalink.php', '/story.php', '/photo.php', '/photo'].includes(path) ||
        (path === '/watch' && url.searchParams.has('v'))) return 'post';
      return 'feed';
    },
  };
}
