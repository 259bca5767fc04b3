// VK: comments under community wall posts, in the feed, on the post page and in the post
// layer, for every markup operators meet (sources and dates: docs/extension.md and the
// fixtures' comments):
//  - the redesigned web (React/VKUI, desktop and m.vk.com, 2024-2026): `data-testid`
//    hooks, comment blocks under `wall_comments_*` roots, the thread level in the CSS
//    variable --comment-layout-level, a «ответ Имени» reply-target line, a
//    contenteditable composer;
//  - the classic desktop markup (.reply[data-post-id], a.author[data-from-id]), still
//    served in some views, and in the photo viewer (.reply._post, /photo-…?reply=);
//  - the legacy mobile markup (.ReplyItem);
//  - VK Video's comments on vk.com and on its own domain vkvideo.ru (`[data-testid="comment"]`,
//    the comment number in the block's id, the video in the address, no date permalink;
//    botnadzor/extension 2026, whose content script runs on vkvideo.ru too);
//  - a community's discussion-board topic (/topic-<group>_<topic>, «Отзывы и вопросы»):
//    one flat list of messages (.bp_post, a.bp_author[data-from-id], .bp_text, the date
//    permalink a.bp_date to ?post=<n>), an answer opening with a link to the answered
//    message's ?post= (tests/fixtures/qa9/vk_topic_board.html; the least sourced markup
//    here: modelled on VK's classic board pages).
// Every selector is here by name; the options page may override any of them. Hooks are
// data attributes, test ids and wall permalinks, never generated class names.

import { parseSiteTime } from '../core/time.js';
import { backgroundTheme } from '../core/theme.js';
import {
  absoluteHref, allOwn, cleanText, editableRoot, editorText, firstOwn, ownText, queryAllWithSelf,
} from '../core/dom.js';

export const id = 'vk';
// vk.ru is VK's canonical domain since 2025-2026, vkvideo.ru VK Video's (the same comment
// markup: botnadzor/extension's hosts, 2026).
export const HOSTS = ['vk.com', 'm.vk.com', 'vk.ru', 'm.vk.ru', 'vkvideo.ru', 'm.vkvideo.ru'];

export const SELECTORS = Object.freeze({
  comment: [
    '[data-testid="wall_comments_comment_root"]',
    '[data-testid="wall_comments_comment_in_thread"]',
    // (On a wall the new web wraps a comment's body in a block of the same test id: only
    // one outside the wall's comment blocks is a comment of its own.)
    '[data-testid="comment"]:not([data-testid^="wall_comments"] *)',
    '.reply[data-post-id]',
    '.reply._post',
    '.ReplyItem',
    '.bp_post',
  ].join(', '),
  // Where the author's id is read (profile link) and where the name is printed.
  author: 'a[data-testid="comment-avatar"], a.author[data-from-id], .reply_author a, a.ReplyItem__name, .ReplyItem__name a, .ReplyItem__photo, a.bp_author',
  authorName: '[data-testid="comment-owner"], a.author, .reply_author a, .ReplyItem__name, a.bp_author',
  // In order of preference: the expanded text, the text, then wrappers to read around.
  // (Legacy m.vk's __body is the text; __content wraps name, text and date line.)
  text: [
    '[data-testid="showmoretext-in-expanded"]',
    '[data-testid="showmoretext-in"]',
    '[data-testid="comment-text"]',
    '.wall_reply_text',
    '.ReplyItem__text',
    '.ReplyItem__body',
    '.ReplyItem__content',
    '.bp_text',
  ].join(', '),
  // The comment's own date permalink: its id comes from here and nowhere else.
  date: 'a[data-testid="wall_comment_date"], a.wd_lnk, .reply_date a, a.item_date, .item_date a, a.ReplyItem__date, .ReplyItem__date a, a.bp_date',
  // VK Video's comments have no date permalink: the date is in their title line, after the name.
  titleLine: '[class*="vkitCommentBase__title"]',
  // Any wall-reply link; used only outside the text and the reply-target line.
  permalink: 'a[href*="?reply="], a[href*="&reply="]',
  // «ответ Ивану»: the line naming the comment a reply answers.
  replyTo: '[data-testid="comment-reply-to"], [class*="CommentReplyTarget"], .reply_to, .ReplyItem__replyTo, .ReplyItem__reply-to',
  // The classic reply form's hidden field naming the comment answered.
  replyToInput: 'input[type="hidden"][name="reply_to"], input[type="hidden"][id^="reply_to"], input[type="hidden"][name="reply_to_msg"]',
  replyButton: '[data-testid="comment-reply"], .reply_link, .ReplyItem__action--reply',
  editor: '[data-testid="content-editable-input"], .submit_post_field, .reply_field, textarea.ReplyForm__input',
  // The new web's send button has no stable hook everywhere; its label does.
  sendButton: '[data-testid="send-comment"], .reply_send_button, .ReplyForm button[type="submit"], button[aria-label="Отправить"], button[aria-label="Send"]',
  replyForm: '[data-testid="comment-form"], .reply_form, .ReplyForm',
  thread: '[data-testid="wall_comments_layout_thread"], .replies_wrap_deep, .ReplyItem__replies',
  level: '[style*="--comment-layout-level"]',
  post: '[data-testid="post"][data-post-id], .post[data-post-id], [data-post-id][data-post-nesting-lvl], .wall_item, .Post, #post-layer',
  postAuthor: '[data-testid="post-header-title"], .post_author a.author, .PostHeaderTitle__authorName, .wi_author, a.pi_author, [data-testid="mobile-wall-post-author"]',
  // A video page's channel link beside the player: /video/@name on vk.com, /@name on vkvideo.ru.
  channel: 'a[href*="/video/@"], a[href^="/@"], a[href*="vkvideo.ru/@"]',
  // The post's comment counter ("Комментарии 6", data-count="6"): on a post's own page a
  // positive count means its comments are shown below it (page health).
  commentCount: '[data-testid="post_footer_action_comment"], .PostBottomAction.comment[data-count], a.item_replies',
  // For page health: what plainly shows comments or a comment counter on a page.
  // (Containers and counters do not count: they are there on posts without comments too.)
  commentHint: '[data-testid^="wall_comments_comment"], [data-testid="comment"], a[href*="?reply="], a[href*="&reply="]',
  // What the site shows while it still renders: VKUI's skeleton shimmer, a busy block. A
  // comment holding one is read once it fills (a text of «Загрузка…» is no comment), and
  // page health waits for it (a slow connection is no unreadable markup).
  loading: '[aria-busy="true"], [class*="vkuiSkeleton"], [data-visualcompletion="loading-state"]',
});

// Each markup's own part of the selectors above, tried first on a comment of that markup
// (a new-web comment holds no classic or mobile parts): the full lists cost five times
// the selector matching, on every comment of every scroll. When a markup's own part finds
// nothing, the full list decides as before; a name overridden in the options uses the
// override alone.
export const MARKUP_PARTS = [
  {
    comment: '[data-testid="wall_comments_comment_root"], [data-testid="wall_comments_comment_in_thread"]',
    author: 'a[data-testid="comment-avatar"]',
    authorName: '[data-testid="comment-owner"]',
    text: '[data-testid="showmoretext-in-expanded"], [data-testid="showmoretext-in"], [data-testid="comment-text"]',
    date: 'a[data-testid="wall_comment_date"]',
  },
  {
    comment: '[data-testid="comment"]:not([data-testid^="wall_comments"] *)',
    author: 'a[data-testid="comment-avatar"]',
    authorName: '[data-testid="comment-owner"]',
    text: '[data-testid="comment-text"]',
    date: 'a[data-testid="wall_comment_date"]',
  },
  {
    comment: '.reply[data-post-id], .reply._post',
    author: 'a.author[data-from-id], .reply_author a',
    authorName: 'a.author, .reply_author a',
    text: '.wall_reply_text',
    date: 'a.wd_lnk, .reply_date a',
  },
  {
    comment: '.ReplyItem',
    author: 'a.ReplyItem__name, .ReplyItem__name a, .ReplyItem__photo',
    authorName: '.ReplyItem__name',
    text: '.ReplyItem__text, .ReplyItem__body, .ReplyItem__content',
    date: 'a.item_date, .item_date a, a.ReplyItem__date, .ReplyItem__date a',
  },
  {
    comment: '.bp_post',
    author: 'a.bp_author',
    authorName: 'a.bp_author',
    text: '.bp_text',
    date: 'a.bp_date',
  },
];

// A comment's address: under a wall post, a photo or a video (/photo-1_2?reply=3).
const PERMALINK_ID = /(wall|photo|video)(-?\d+)_(\d+)\?(?:[^#]*&)?reply=(\d+)/;
// A discussion-board message's address: /topic-1_2?post=3.
const TOPIC_POST_ID = /topic(-?\d+)_(\d+)\?(?:[^#]*&)?post=(\d+)/;
// The photo or video a page shows (its path, or a layer's ?z=photo-1_2), for the comments
// that carry no permalink of their own; a topic's address names its owner (the community).
const ITEM_ADDRESS = /(wall|photo|video|topic)(-?\d+)_(\d+)/;
const THREAD_PARAM = /[?&]thread=(\d+)/;
const COMMUNITY_HREF = /^\/(club|public|event)(\d+)/;
// A profile path: /id123 (a person), /club123 (a community), /screen.name (either).
const AUTHOR_PATH = /^\/(?:id(\d+)|(?:club|public|event)(\d+)|([\w.]+))$/;

/** "123" for /id123, "-123" for /club123, the screen name for /screen.name; else null. */
function authorIdOfPath(path) {
  const m = AUTHOR_PATH.exec(path ?? '');
  return m ? m[1] ?? (m[2] ? `-${m[2]}` : m[3]) : null;
}
// Classic VK's onclick on a reply-target link: wall.showReply(this, '-1_2', '-1_5', event).
const SHOW_REPLY = /showReply\(\s*this\s*,\s*'(-?\d+_\d+)'\s*,\s*'(-?\d+)_(\d+)'/;
// «ответ Ивану», «ответила Ивану», «в ответ на комментарий Ивана», "reply to Ivan".
// A comment's own «Ответить» control where it has none of the known hooks (VK renames its
// data-testid values from one release to the next; the label stays).
const REPLY_CONTROL = '[role="button"], button, a';
const REPLY_LABEL = /^(?:ответить|reply)$/i;
const REPLY_WORD = /^\s*(?:в\s+)?(?:ответ(?:ил[аи]?)?|reply(?:\s+to)?|replied\s+to)\s+(?:на\s+(?:комментарий\s+)?)?/i;

/** The comment id of one under `kind` ("wall", "photo", "video") owner_item, reply `n`. */
function itemCommentId(kind, owner, item, n) {
  // A wall post's keeps the form the companion has stored from the start; a photo's or a
  // video's numbers are their own, so they are named («photo-1_2_3»).
  return `${kind === 'wall' ? '' : kind}${owner}_${item}_${n}`;
}

/**
 * "-12345_678_910" (owner_post_reply) from a wall permalink, as the companion keys VK;
 * "photo-12345_678_910" / "video-…" from a photo's or a video's.
 */
export function commentIdFromPermalink(href) {
  const m = PERMALINK_ID.exec(href ?? '');
  if (m) return itemCommentId(m[1], m[2], m[3], m[4]);
  // A topic's message: owner_topic_message, as the wall's owner_post_reply (a topic's
  // number is its own, far above a wall's post numbers).
  const t = TOPIC_POST_ID.exec(href ?? '');
  return t ? `${t[1]}_${t[2]}_${t[3]}` : null;
}

// A plain one-segment path ("/id123", "/sibinternet"): what URL would give back anyway.
const PLAIN_PATH = /^\/[\w-][\w.-]*$/;

function pathOf(href) {
  if (PLAIN_PATH.test(href)) return href;
  try {
    // VK Video links an account by its channel, /video/@screen_name (vk.com) or /@screen_name
    // (vkvideo.ru, /@id123 for a person): the account's path.
    return new URL(href, 'https://vk.com/').pathname.replace(/\/+$/, '').replace(/^\/(?:video\/)?@/, '/');
  } catch {
    return '';
  }
}

// First names whose stem changes when declined («Павел» → «Павлу» keeps three letters).
const IRREGULAR_STEMS = { лев: 'льв' };

/**
 * Does a first name printed in the dative («Ирине», «Олегу», «Ивану») name the author
 * «Ирина Соколова»? Russian dative endings change the last one or two letters only.
 */
export function nameMatches(dative, author) {
  // «Петру» names «Пётр»: ё is written е as often as not.
  const norm = (s) => (s ?? '').toLowerCase().replace(/ё/g, 'е');
  const a = norm(dative).replace(/[^\p{L}\s-]/gu, '').trim().split(/\s+/)[0] ?? '';
  const b = norm(author).trim().split(/\s+/)[0] ?? '';
  if (!a || !b) return false;
  if (a === b) return true;
  // A stem that changes in the other cases (not the last letters): «Лев» → «Льву».
  const stem = IRREGULAR_STEMS[b];
  if (stem && a.startsWith(stem) && a.length - stem.length <= 2) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i >= 3 && i >= Math.max(a.length, b.length) - 2;
}

// The page's own chrome links channels too: the viewer's channel in the top bar and menu,
// recommended channels aside. Not those, not a comment's, and not an article (/@name-slug:
// a screen name has no hyphen).
const PAGE_CHROME = 'header, nav, aside, [role="banner"], [role="navigation"], [role="complementary"]';
const ARTICLE = /\/@[\w.]+-/;

// VK's theme (dark or light), as the site marks it on <html> and <body>. Sources, read
// 2026-12-02 (none copied):
//  - VKUI's ConfigProvider docs and source (VKCOM/VKUI, tokensClassNames default, 2023-2026):
//    the colour tokens live under the classes vkui--vkCom--light/--dark (vk.com's web),
//    vkui--vkBase--… (Android, m.vk) and vkui--vkIOS--…; vkui-tokens PR 76 moved the themes
//    from :root to these classes; apps and userscripts toggle them on <html> or <body>.
//  - VKUI PR 1978 (2021-10-18): the schemes vkcom_light / vkcom_dark, written as the
//    `scheme` attribute on <body> (VKUI's own docs: «специальный атрибут на body, который
//    называется scheme»); the older mobile schemes bright_light / space_gray (m.vk).
//  - Userstyles and extensions of 2024-2026 still key VK's dark theme on both, e.g. the
//    VKify extension (VKify/vkify-extension) styles `[scheme="vkcom_dark"]`,
//    `[data-scheme="vkcom_dark"]`, `.vkui--vkCom--dark`, `.vkui--vkBase--dark` alike, and
//    classic-desktop userscripts write `[scheme="vkcom_dark"] .top_audio_play__button`
//    (the classic markup carries the same body attribute).
// The classes name the tokens the page is painted with now, so they win over a `scheme`
// attribute left from before. Neither found (a markup VK renamed): the painted background.
const VK_DARK_CLASS = /(?:^|\s)vkui--vk(?:Com|Base|IOS)--dark(?:\s|$)/;
const VK_LIGHT_CLASS = /(?:^|\s)vkui--vk(?:Com|Base|IOS)--light(?:\s|$)/;
const VK_DARK_SCHEMES = new Set(['vkcom_dark', 'space_gray']);
const VK_LIGHT_SCHEMES = new Set(['vkcom_light', 'bright_light']);
// The attributes a theme switch changes (the theme watch observes only these, on html/body;
// style: a page painted by the fallback may be repainted by an inline style).
export const THEME_ATTRIBUTES = ['class', 'scheme', 'data-scheme', 'style'];

/** 'dark' or 'light': VK's theme on this document. */
export function pageTheme(doc) {
  const marked = [doc.documentElement, doc.body].filter(Boolean);
  for (const el of marked) {
    const cls = el.getAttribute('class') ?? '';
    if (VK_DARK_CLASS.test(cls)) return 'dark';
    if (VK_LIGHT_CLASS.test(cls)) return 'light';
  }
  for (const el of marked) {
    const scheme = el.getAttribute('scheme') ?? el.getAttribute('data-scheme');
    if (VK_DARK_SCHEMES.has(scheme)) return 'dark';
    if (VK_LIGHT_SCHEMES.has(scheme)) return 'light';
  }
  return backgroundTheme(doc);
}

export function createAdapter(overrides = {}) {
  const sel = { ...SELECTORS, ...overrides };
  const textParts = sel.text.split(/,\s*(?![^[]*\])/);
  const markups = MARKUP_PARTS.map((m) => Object.fromEntries(
    Object.entries(m).map(([name, part]) => [name, name !== 'comment' && overrides[name] ? null : part]),
  ));

  /** A video page's channel link beside the player: the video's owner (PAGE_CHROME). */
  const channelOf = (doc) => [...doc.querySelectorAll(sel.channel)].find((x) =>
    !x.closest(sel.comment) && !x.closest(PAGE_CHROME) && !ARTICLE.test(x.getAttribute('href') ?? '')) ?? null;

  // (The comment being read asks for its post several times: found once per read.)
  let readingPost;
  const postOf = (el) => {
    if (el !== reading) return el.closest(sel.post);
    if (readingPost === undefined) readingPost = el.closest(sel.post);
    return readingPost;
  };

  // During one read() the comment is asked a dozen questions: find out once whether it
  // holds nested comments (most do not, and then every match inside it is its own).
  let reading = null;
  let readingNested = true;
  const nestedIn = (el) => (el === reading ? readingNested : el.querySelector(sel.comment) !== null);
  // Markup most comments lack (an answering id, a reply-target line, a time stamp): one
  // query per read says whether any of it is there, instead of one query each.
  const rare = ['[data-answering-id]', sel.replyTo, '[time], time[datetime]', sel.loading];
  const rareAny = rare.join(', ');
  const nestedOrRare = `${sel.comment}, ${rareAny}`;
  let readingRare = true;
  let readingMarkup = null; // the selectors of the read comment's own markup
  const mine = (el, name) => (name && el === reading ? readingMarkup?.[name] : null);
  /** The first own match of `selector` (named `name` in SELECTORS: its markup's part first). */
  const own1 = (el, selector, accept, name = null) => {
    if (el === reading && !readingRare && rare.includes(selector)) return null;
    const nested = nestedIn(el) ? sel.comment : null;
    const part = mine(el, name);
    return (part && firstOwn(el, part, nested, accept)) || firstOwn(el, selector, nested, accept);
  };
  const ownAll = (el, selector, name = null) => {
    const nested = nestedIn(el) ? sel.comment : null;
    const part = mine(el, name);
    const found = part ? allOwn(el, part, nested) : [];
    return found.length ? found : allOwn(el, selector, nested);
  };
  // What a read asks more than once (the date link thrice, the text element four times:
  // the id, the reply target, the greeting checks, the text), found once per read.
  let memo = null;
  const once = (el, key, find) => {
    if (el !== reading) return find();
    if (!(key in memo)) memo[key] = find();
    return memo[key];
  };
  let readingBase = null; // the page's address, once per read
  const base = (el) => (el === reading && readingBase) || el.ownerDocument.location?.href || 'https://vk.com/';

  /** The comment's own date permalink (not a link in its text or reply-target line). */
  function dateLink(el) {
    return once(el, 'date', () => own1(el, sel.date, undefined, 'date') ??
      own1(el, sel.permalink, (a) => !a.closest(`${sel.text}, ${sel.replyTo}`)));
  }

  function permalinkOf(el) {
    return absoluteHref(dateLink(el), base(el));
  }

  function commentId(el, permalink, fromLink = commentIdFromPermalink(permalink)) {
    if (fromLink) return fromLink;
    // VK Video: the block's own id is the comment's number; the video is the page's.
    if (/^\d+$/.test(el.id) && el.matches('[data-testid="comment"]')) {
      const item = ITEM_ADDRESS.exec(el.ownerDocument.location?.href ?? '');
      return item ? itemCommentId(item[1], item[2], item[3], el.id) : null;
    }
    // data-post-id="-12345_910" names owner and reply; the post gives the middle part.
    const own = el.getAttribute('data-post-id');
    const post = postOf(el)?.getAttribute('data-post-id');
    const m = /^(-?\d+)_(\d+)$/.exec(own ?? '');
    const p = /^(-?\d+)_(\d+)$/.exec(post ?? '');
    if (m && p) return `${m[1]}_${p[2]}_${m[2]}`;
    return null;
  }

  // A post's header does not change while its comments load: read it once per post.
  const owners = new WeakMap();

  /** The post's author: the community when its id is negative, with its name and link. */
  function postOwner(el) {
    const post = postOf(el);
    const known = post && owners.get(post);
    if (known && known.name) return known;
    const found = readOwner(el, post);
    if (post) owners.set(post, found);
    return found;
  }

  function readOwner(el, post) {
    const href = el.ownerDocument.location?.href ?? '';
    const fromPage = ITEM_ADDRESS.exec(href);
    // On a post's own page the comment list may be a sibling of the post (legacy m.vk):
    // the page's one post header is then the post's. A video's page names its owner by
    // the channel link (/video/@screen_name, /@screen_name) beside the player (channelOf).
    const doc = el.ownerDocument;
    const a = post?.querySelector(sel.postAuthor) ??
      (!post && fromPage?.[1] === 'wall' ? doc.querySelector(sel.postAuthor) : null) ??
      (!post && fromPage?.[1] === 'video' ? channelOf(doc) : null);
    const pid = post?.getAttribute('data-post-id') ?? '';
    const owner = /^(-?\d+)_/.exec(pid)?.[1] ?? a?.getAttribute('data-item-owner-id') ?? fromPage?.[2] ?? null;
    return {
      name: a ? cleanText(a) : null,
      path: a?.getAttribute('href') ? pathOf(a.getAttribute('href')) : null,
      owner,
    };
  }

  // (Asked more than once per read — the record, the brand's mention answer: found once.)
  const authorOf = (el) => once(el, 'authorOf', () => authorNow(el));
  function authorNow(el) {
    const link = own1(el, sel.author, (a) => a.hasAttribute('href') || a.hasAttribute('data-from-id'), 'author');
    let name = '';
    const nameEl = own1(el, sel.authorName, (n) => (name = cleanText(n)).length > 0, 'authorName');
    const authorName = name || cleanText(link) || null;
    const fromId = link?.getAttribute('data-from-id') || nameEl?.getAttribute?.('data-from-id') || null;
    const href = link?.getAttribute('href') ?? nameEl?.closest('a[href]')?.getAttribute('href') ?? '';
    const path = href ? pathOf(href) : '';
    const authorId = fromId || (path ? authorIdOfPath(path) : null);
    // (The new web's block id "-12345_710" names the wall's owner, like classic
    // data-post-id, not the author: it never decides who wrote the comment.)
    const post = postOwner(el);
    const community = post.owner?.startsWith('-') ? post.owner.slice(1) : null;
    // Written as the community: a negative id, a /club…/public… link, or the community's
    // screen name as the post header links it.
    // Another community commenting on the brand's post (a partner, a competitor) is not
    // the brand; on a person's wall any community may be the brand's own voice.
    const asCommunity = authorId?.startsWith('-') ? authorId.slice(1) : COMMUNITY_HREF.exec(path)?.[2] ?? null;
    const team = Boolean(
      (asCommunity && (!community || asCommunity === community)) ||
        (community && path && post.path && path === post.path) ||
        (post.name && authorName && post.name === authorName && (community || !path || path === post.path)),
    );
    return { authorId, authorName, team };
  }

  function timeOf(el, link, now) {
    const stamped = own1(el, '[time], time[datetime]');
    const holder = link ?? own1(el, '.rel_date, .item_date');
    const unix = stamped?.getAttribute('time') ?? null;
    const dt = stamped?.getAttribute('datetime');
    if (dt && !unix) {
      const d = new Date(dt);
      if (!Number.isNaN(d.getTime())) return d;
    }
    const textEl = stamped && holder?.contains(stamped) ? stamped : holder;
    if (textEl || unix) return parsedTime(cleanText(textEl ?? stamped), now, unix);
    // VK Video: «Имя  2 часа назад» in the title line, the name in its own element.
    const line = own1(el, sel.titleLine);
    return line ? parsedTime(ownText(line, sel.authorName), now, null) : null;
  }

  // The comments of one scan share one `now`, and VK prints the same few times for many
  // of them («45 минут назад», «сегодня в 10:15»): each is parsed once per scan.
  let timesNow = null;
  const times = new Map();
  function parsedTime(text, now, unix) {
    if (now !== timesNow || times.size > 500) {
      times.clear();
      timesNow = now;
    }
    const key = `${unix ?? ''}|${text}`;
    let time = times.get(key);
    if (time === undefined) {
      time = parseSiteTime(text, now, unix);
      times.set(key, time);
    }
    return time && new Date(time.getTime());
  }

  // What a wrapper around the text may hold besides the words: name, date, actions, lines.
  const textExclude = [
    sel.authorName, sel.date, sel.replyButton, sel.replyTo, sel.comment, '[data-otklik-host]',
    '.ReplyItem__header', '.ReplyItem__footer', '.ReplyItem__date', '.reply_footer', '[data-testid="comment-like"]',
    // Classic's «Показать полностью…» under a long text (the rest is in a hidden span).
    '.wall_reply_more', '[class*="wall_reply_more"]',
    // Legacy m.vk's «Показать полностью…» link in the middle of a long text.
    '.pi_text_more',
  ].join(', ');

  /** The text element: the most specific one this comment owns (one query, then by preference). */
  function textElement(el) {
    return once(el, 'text', () => {
      const nodes = ownAll(el, sel.text, 'text');
      if (nodes.length <= 1) return nodes[0] ?? null;
      for (const part of textParts) {
        const node = nodes.find((n) => n.matches(part));
        if (node) return node;
      }
      return null;
    });
  }

  // The text element found while reading a comment is where its badge goes: the overlay
  // asks right after the read, so it is kept instead of being looked up twice.
  const textEls = new WeakMap();

  function textOf(el) {
    const node = textElement(el);
    textEls.set(el, node);
    if (!node) return '';
    // A wrapper (legacy mobile's __body) may hold the name, the date and the actions too.
    return ownText(node, textExclude);
  }

  /** The thread level: the CSS variable of the new web, else the nesting of threads. */
  function levelOf(el) {
    const styled = el.closest(sel.level);
    if (styled) {
      const m = /--comment-layout-level\s*:\s*(\d+)/.exec(styled.getAttribute('style') ?? '');
      if (m) return Number(m[1]);
    }
    if (el.matches('[data-testid="wall_comments_comment_in_thread"], .reply_deep')) return 1;
    return el.parentElement?.closest(`${sel.comment}, ${sel.thread}`) ? 1 : 0;
  }

  /** The comment element with this id ("owner_post_reply" or the bare reply number) in the post. */
  function findById(scope, cid) {
    if (!scope || !cid) return null;
    const reply = String(cid).split('_').at(-1);
    for (const a of scope.querySelectorAll(`${sel.date}, ${sel.permalink}`)) {
      // (A topic's message by its ?post= date link, a wall's comment by its ?reply=.)
      const m = commentIdFromPermalink(a.getAttribute('href'));
      if (!m || m.split('_').at(-1) !== reply) continue;
      const c = a.closest(sel.comment);
      if (c && dateLink(c) === a) return c;
    }
    // VK Video's comments: the number is the block's id.
    return /^\d+$/.test(reply) ? scope.querySelector(`[data-testid="comment"][id="${reply}"]`) : null;
  }

  /** The comments of the same thread before `el`, nearest first. */
  function earlierInThread(el) {
    const scope = postOf(el) ?? el.ownerDocument;
    const all = [...scope.querySelectorAll(sel.comment)];
    const i = all.indexOf(el);
    const before = all.slice(0, Math.max(0, i)).reverse();
    const out = [];
    for (const c of before) {
      out.push(c);
      if (levelOf(c) === 0) break; // the thread's root ends the thread upwards
    }
    return out;
  }

  /** Every comment of the post before `el`, nearest first. */
  function earlierInPost(el) {
    const all = [...(postOf(el) ?? el.ownerDocument).querySelectorAll(sel.comment)];
    return all.slice(0, Math.max(0, all.indexOf(el))).reverse();
  }

  /**
   * The comment `el` answers, from the markup VK gives: data-answering-id (when it is not
   * the author), a link or showReply onclick in the reply-target line, the name in that
   * line, the greeting link opening the text, the thread in its own permalink, the
   * thread level. Returns {id, el} (el may be null when the target is not on the page).
   */
  function replyTargetOf(el, permalink = permalinkOf(el), own = commentIdFromPermalink(permalink)) {
    const scope = postOf(el) ?? el.ownerDocument;
    const prefix = own ? own.split('_').slice(0, 2).join('_') : null;
    const asId = (n) => (prefix && /^\d+$/.test(n) ? `${prefix}_${n}` : n);
    // On VK's own pages data-answering-id names the comment's AUTHOR (whom «Ответить»
    // would answer: public scrapers and tests read it as the comment's creator). It names
    // a target only when it is not the author and a comment of the post has that number.
    const answering = el.getAttribute('data-answering-id') ??
      own1(el, '[data-answering-id]')?.getAttribute('data-answering-id');
    if (answering) {
      const n = String(answering).split('_').at(-1);
      const author = own1(el, sel.author, (a) => a.hasAttribute('data-from-id'), 'author')?.getAttribute('data-from-id');
      const hit = String(answering) !== author ? findById(scope, n) : null;
      if (hit && hit !== el) return { id: asId(n), el: hit };
    }
    // The reply-target line: a known hook, else (hashed class names) a ?reply= link of the
    // comment's own that is neither its date link nor in its text and names another comment.
    const date = dateLink(el);
    const line = own1(el, sel.replyTo) ?? own1(el, sel.permalink, (x) => x !== date && !x.closest(sel.text) &&
      commentIdFromPermalink(absoluteHref(x, base(el))) !== own);
    if (line) {
      const link = line.matches('a[href]') ? line : line.querySelector('a[href*="reply="]');
      let cid = commentIdFromPermalink(absoluteHref(link, base(el)));
      // Classic: «ответила Ирине» links the person; its onclick names the comment.
      const shown = SHOW_REPLY.exec(line.getAttribute('onclick') ?? line.querySelector('[onclick*="showReply"]')?.getAttribute('onclick') ?? '');
      if (!cid && shown && prefix) cid = `${prefix}_${shown[3]}`;
      if (cid) return { id: cid, el: findById(scope, cid) };
      const name = cleanText(line).replace(REPLY_WORD, '');
      // In its thread first; a flat list (classic «ответил Сергею» with no thread) has none.
      const named = (c) => nameMatches(name, authorOf(c).authorName);
      const hit = earlierInThread(el).find(named) ?? (levelOf(el) === 0 ? earlierInPost(el).find(named) : undefined);
      if (hit) return { id: commentId(hit, permalinkOf(hit)), el: hit };
    }
    // Classic's greeting link names the answered comment itself; a plain leading link
    // counts only where the permalink names no thread (the thread's root decides there).
    const greeted = greetingTarget(el, own, true);
    if (greeted) return { id: greeted, el: findById(scope, greeted) };
    const thread = THREAD_PARAM.exec(permalink ?? '')?.[1];
    if (thread && thread !== own?.split('_').at(-1)) {
      const mentioned = mentionedBefore(el, thread);
      if (mentioned) return { id: commentId(mentioned, permalinkOf(mentioned)), el: mentioned };
      return { id: asId(thread), el: findById(scope, thread) };
    }
    const leading = greetingTarget(el, own, false);
    if (leading) return { id: leading, el: findById(scope, leading) };
    if (levelOf(el) > 0) {
      const up = el.parentElement?.closest(sel.comment);
      const wrap = el.closest(sel.thread);
      const prev = wrap?.previousElementSibling;
      const root = up ?? (prev?.matches(sel.comment) ? prev : null) ??
        earlierInThread(el).find((c) => levelOf(c) === 0) ?? null;
      if (root) return { id: commentId(root, permalinkOf(root)), el: root };
    }
    // The community's top-level comment opening with a link to a PERSON (VK renders
    // «[id…|Олег], …» as a mem_link) answers that person's latest earlier comment of the
    // post: an answer written without «Ответить» (qa10). A customer's such comment talks
    // to another customer and answers no comment (qa5). (Here, not in read() alone: the
    // follow-up watcher asks parentComment, and must learn whom the brand answered.)
    if (levelOf(el) === 0 && authorOf(el).team) {
      const mentioned = mentionedBefore(el, null);
      if (mentioned) return { id: commentId(mentioned, permalinkOf(mentioned)), el: mentioned };
    }
    return null;
  }

  /**
   * A text that opens with a link to another comment of the same post («Ирина, …» →
   * ?reply=N; classic's a.wall_reply_greeting when `greetingOnly`): the comment it
   * answers. A link further in the text only quotes.
   */
  function greetingTarget(el, own, greetingOnly) {
    const node = textElement(el);
    if (!node || !own) return null;
    // (A text of words alone, the most common, holds no link to look for.)
    if (!node.firstElementChild) return null;
    const a = greetingOnly ? node.querySelector('a.wall_reply_greeting') : leadingLink(node);
    const cid = commentIdFromPermalink(absoluteHref(a, base(el)));
    const post = (id) => id?.split('_').slice(0, 2).join('_');
    return cid && cid !== own && post(cid) === post(own) ? cid : null;
  }

  /** The link a text opens with (before any words; `skip`: parts of a wrapper that are not text), or null. */
  function leadingLink(node, skip = null) {
    for (let n = node?.firstChild; n;) {
      if (n.nodeType === 3 && n.textContent.trim()) return null;
      if (n.nodeType === 1 && skip && n.matches(skip)) { n = n.nextSibling; continue; }
      if (n.nodeType === 1 && n.matches('a[href]')) return n;
      n = n.nodeType === 1 && n.firstChild ? n.firstChild : n.nextSibling;
    }
    return null;
  }

  /**
   * A comment that opens with a link to a PERSON («Павел, …», m.vk's mem_link) answers
   * that person's latest earlier comment: in the same thread when `thread` is given (not
   * the thread's top), else anywhere in the post. Null when the text opens otherwise.
   */
  function mentionedBefore(el, thread) {
    const node = textElement(el);
    // (A text of words alone, the most common, opens with no link.)
    if (!node?.firstElementChild) return null;
    const who = authorIdOfPath(pathOf(leadingLink(node, textExclude)?.getAttribute('href') ?? ''));
    if (!who) return null;
    return earlierInPost(el).find((c) => {
      if (authorOf(c).authorId !== who) return false;
      if (thread === null) return true;
      const p = permalinkOf(c);
      return THREAD_PARAM.exec(p ?? '')?.[1] === thread || commentIdFromPermalink(p)?.split('_').at(-1) === thread;
    }) ?? null;
  }

  function readNow(el, now) {
    // Still rendering (a skeleton where the text will be): read once the text fills — it
    // would be «Загрузка…» or nothing (qa11). Only the text decides: a busy flag alone
    // may go without any other change, which the page's observer would never hear of.
    if (readingRare) {
      const text = textElement(el);
      if (text && (text.matches(sel.loading) || text.querySelector(sel.loading))) return null;
    }
    const link = dateLink(el);
    const href = absoluteHref(link, base(el));
    const fromLink = commentIdFromPermalink(href);
    const cid = commentId(el, href, fromLink);
    if (!cid) return null;
    // (A video's comment has no address of its own: the video's stands in.)
    const item = href ? null : ITEM_ADDRESS.exec(base(el));
    const permalink = href ?? (item ? `https://vk.com/${item[0]}` : null);
    const target = replyTargetOf(el, permalink, fromLink);
    return {
      id: cid,
      platform: id,
      ...authorOf(el),
      text: textOf(el),
      postedAt: timeOf(el, link, now),
      permalink,
      replyTo: target?.id ?? null,
    };
  }

  return {
    id,
    selectors: sel,
    matchesHost: (host) => HOSTS.includes(host),
    theme: pageTheme,
    themeAttributes: THEME_ATTRIBUTES,
    findComments: (root) => queryAllWithSelf(root, sel.comment),

    /** What the overlay and the timings need of one comment, or null if unreadable. */
    read(el, now = new Date()) {
      reading = el;
      readingPost = undefined;
      // (Both are mostly absent: one query says so for both.)
      const either = el.querySelector(nestedOrRare) !== null;
      readingNested = either && el.querySelector(sel.comment) !== null;
      readingRare = either && el.querySelector(rareAny) !== null;
      readingBase = el.ownerDocument.location?.href || null;
      readingMarkup = markups.find((m) => el.matches(m.comment)) ?? null;
      memo = {};
      try {
        return readNow(el, now);
      } finally {
        reading = null;
        memo = null;
      }
    },

    /**
     * Could a change at `node` (added or rewritten) inside the known comment `el` change its
     * text? Only at its text element (or around it): the page core reads a comment again
     * for nothing else — not for the clock rewriting «5 минут назад» in its date link, nor
     * a reply form opened inside it. No text element (deleted in place, or a markup not
     * known): yes, read it.
     */
    touchesText(el, node) {
      const text = textElement(el);
      return !text || text.contains(node) || node.contains(text);
    },

    badgeAnchor(el) {
      const known = textEls.get(el);
      const text = known?.parentNode && el.contains(known) ? known : textElement(el);
      return text ?? el.firstElementChild ?? el;
    },

    /** The comment this one answers, when it is on the page. */
    parentComment: (el) => replyTargetOf(el)?.el ?? null,

    /** The id of the comment this one answers, even when it is not on the page (yet). */
    replyToId: (el) => replyTargetOf(el)?.id ?? null,

    replyButton: (el) => own1(el, sel.replyButton)
      ?? ownAll(el, REPLY_CONTROL).find((b) => REPLY_LABEL.test(cleanText(b))) ?? null,

    editorOf(node) {
      const root = editableRoot(node);
      if (!root) return null;
      const hit = root.closest(sel.editor);
      return hit ?? (root.matches('textarea') && root.closest(sel.replyForm) ? root : null);
    },

    editorText,

    /**
     * Which comment an open reply box answers: the form's hidden reply-to field, the
     * comment whose «Ответить» was clicked last in the same post, the reply-target line
     * of the form, the comment the box sits in.
     */
    replyTarget(editor, lastClicked) {
      const form = editor.closest(sel.replyForm) ?? editor.parentElement;
      const scope = postOf(editor) ?? editor.ownerDocument;
      const hidden = form?.querySelector(sel.replyToInput) ?? postOf(editor)?.querySelector(sel.replyToInput);
      if (hidden?.value) {
        const hit = findById(scope, hidden.value);
        if (hit) return hit;
      }
      if (lastClicked?.isConnected) {
        const a = postOf(lastClicked);
        const b = postOf(editor);
        if (!a || !b || a === b) return lastClicked;
      }
      const line = form?.querySelector(sel.replyTo);
      if (line && !line.closest(sel.comment)) {
        const name = cleanText(line).replace(REPLY_WORD, '');
        const hit = [...scope.querySelectorAll(sel.comment)].reverse().find((c) => nameMatches(name, authorOf(c).authorName));
        if (hit) return hit;
      }
      return editor.closest(sel.comment);
    },

    /** The draft hints go under the whole reply form, outside the editor. */
    draftAnchor: (editor) => editor.closest(sel.replyForm) ?? editor.parentElement ?? editor,

    /** Where a new reply box shows up after «Ответить», to find the editor. */
    editorNear(el) {
      const inThread = el.querySelector(sel.editor) ?? el.closest(sel.thread)?.querySelector(sel.editor);
      if (inThread) return inThread;
      const scope = postOf(el) ?? el.ownerDocument;
      return scope.querySelector(sel.editor);
    },

    /**
     * Page health beyond the hints: on a post's own page, the post's counter says it has
     * comments (VK shows them under the post there), whatever markup they come in; on a
     * discussion-board topic, a link to one of its messages (?post=).
     */
    commentsShown(doc) {
      const url = doc.location ? new URL(doc.location.href) : null;
      // A topic is a list of messages (it opens with its first one): a message's own
      // address on the page means messages are shown, whatever markup holds them — read
      // or not, never «все отвечены» over a topic (qa9: the board markup was unknown).
      const topic = /^\/topic(-?\d+_\d+)/.exec(url?.pathname ?? '')?.[1];
      if (topic) {
        return [...doc.querySelectorAll(`a[href*="topic${topic}?post="], a[href*="topic${topic}?"][href*="&post="]`)]
          .some((a) => !a.closest('[data-otklik-host], [contenteditable="true"]'));
      }
      // The post's own page, or the post opened as a layer over another (?w=wall-1_2).
      const m = /^\/wall(-?\d+_\d+)/.exec(url?.pathname ?? '') ?? /^wall(-?\d+_\d+)/.exec(url?.searchParams.get('w') ?? '');
      if (!m) return false;
      const post = doc.querySelector(`[data-post-id="${m[1]}"]`) ?? doc;
      const counter = post.querySelector(sel.commentCount);
      if (!counter) return false;
      // The number may be in data-count, the label («Комментарии 6») or the text only.
      const said = [counter.getAttribute('data-count'), counter.getAttribute('aria-label'), counter.textContent].join(' ');
      return Number(/\d+/.exec(said)?.[0] ?? 0) > 0;
    },

    /**
     * Where the operator is, for page-health counts: "post", "photo", "video", "topic"
     * (a discussion-board topic), "feed" or "community" (a photo or a video open as a
     * layer counts as itself).
     */
    pageKind(loc) {
      const url = new URL(loc.href);
      if (/^\/wall-?\d+_\d+/.test(url.pathname) || /wall-?\d+_\d+/.test(url.searchParams.get('w') ?? '')) return 'post';
      const item = /^(photo|video)-?\d+_\d+/.exec(url.pathname.slice(1)) ?? /^(photo|video)-?\d+_\d+/.exec(url.searchParams.get('z') ?? '');
      if (item) return item[1];
      if (/^\/topic-?\d+_\d+/.test(url.pathname)) return 'topic';
      if (url.pathname.startsWith('/feed')) return 'feed';
      return 'community';
    },
  };
}
