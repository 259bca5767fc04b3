// Comments the team already answered show as handled, so nobody answers twice: a team
// reply on the page that answers the comment (its reply target, from the markup), a reply the companion has stored (sent
// by a colleague, maybe elsewhere, also after the page loaded: asked again on
// 'refresh-handled'), or a reply this operator just sent.
//
// A team reply on the page answers the PERSON in a thread, not one line: a customer who
// wrote twice before the answer («Нет интернета» … «Алло, ответьте!») is answered in
// both, as a care team reads a thread (Chatwoot and Zendesk likewise count a
// conversation answered by the first agent reply after the customer's messages). So the
// reply also marks the same author's earlier comments in the same thread — those above
// it on the page; a comment the customer writes after the answer waits for its own.
import { MessageCStoBG } from '../messages.js';
import { chunks } from '../core/batch.js';
import { t } from '../core/i18n.js';

const MAX_IDS = 1000; // the companion's limit per POST /comments/handled
const MINUTE_MS = 60_000; // the printed times' resolution

/** Text of the handled chip. Pure. */
export function handledText(handled, lang) {
  if (!handled) return '';
  return handled.operator ? `✓ ${t(lang, 'handled_by', handled.operator)}` : `✓ ${t(lang, 'handled')}`;
}

function paint(page, record) {
  if (!record?.handled || record.team) return;
  page.overlay.show(record.el, 'handled', handledText(record.handled, page.lang));
  page.overlay.badge(record.el).box.dataset.handled = 'true';
}

function mark(page, record, handled, changed) {
  if (!record || record.team) return;
  // Known already, unless the new mark says who answered and the old one did not.
  if (record.handled && (record.handled.operator || !handled.operator)) return;
  const first = !record.handled;
  record.handled = handled;
  paint(page, record);
  if (first) changed.push(record);
}

async function askCompanion(page, records) {
  const ids = records.filter((r) => !r.team && !r.handled).map((r) => r.id);
  const changed = [];
  for (const part of chunks(ids, MAX_IDS)) {
    let answer;
    try {
      answer = await page.send(MessageCStoBG.HANDLED, { platform: page.adapter.id, comment_ids: part });
    } catch {
      return;
    }
    page.track('otklik:handled', () => {
      for (const [id, info] of Object.entries(answer?.handled ?? {})) {
        mark(page, page.records.get(id), { operator: info.operator ?? null, at: info.reply_sent_at ?? null, source: 'companion' }, changed);
      }
    });
    // Who of the team is answering which of these now (the team presence draws it).
    if (answer?.claims) page.emit('claims', { ids: part, claims: answer.claims });
  }
  if (changed.length) page.emit('handled', changed);
}

/** Who wrote a record, as a key two records can share (the id where both have one). */
function authorKey(record) {
  if (record.authorId) return `id:${record.authorId}`;
  return record.authorName ? `name:${record.authorName}` : null;
}

/** The id of the thread's first comment, following reply targets through the page's records. */
function threadOf(page, id) {
  const seen = new Set();
  let at = id;
  for (let r = page.records.get(at); r?.replyTo && !seen.has(at); r = page.records.get(at)) {
    seen.add(at);
    at = r.replyTo;
  }
  return at;
}

/** Is `a`'s node above `b`'s on the page (both on it)? */
const above = (a, b) => a.isConnected && b.isConnected &&
  Boolean(a.compareDocumentPosition(b) & 4); // Node.DOCUMENT_POSITION_FOLLOWING

export const handledMarker = {
  name: 'handled-marker',
  init(page) {
    // Ids the team answered on the page, also before the answered comment is loaded.
    const answered = new Set();
    // The team's replies on the page by the author they answer: author key → [{reply, target}].
    const replies = new Map();
    const byPage = { operator: null, source: 'page' };
    /** A reply answering `target` answers its author's earlier comments of the thread too. */
    const answersToo = (r, { reply, target }) => {
      const t = page.records.get(target);
      // (Written before the reply by the times the page prints, where both are known: a
      // list sorted newest first must not make a later comment look answered.)
      const before = !r.postedAt || !reply.postedAt || r.postedAt.getTime() <= reply.postedAt.getTime() + MINUTE_MS;
      return Boolean(t && t !== r && before && above(r.el, reply.el) && threadOf(page, r.id) === threadOf(page, target));
    };
    page.on('comments', (records) => {
      const changed = [];
      const fresh = [];
      for (const r of records) {
        if (!r.team) continue;
        // A team reply answers the comment it names (or, lacking that, its thread).
        const target = r.replyTo ?? page.adapter.replyToId?.(r.el) ?? null;
        if (!target) continue;
        answered.add(target);
        const t = page.records.get(target);
        mark(page, t, byPage, changed);
        fresh.push({ reply: r, target });
      }
      // Each reply once: a re-rendered one (sort change) replaces its entry.
      for (const entry of fresh) {
        for (const list of replies.values()) {
          const i = list.findIndex((e) => e.reply === entry.reply);
          if (i >= 0) list.splice(i, 1);
        }
      }
      for (const r of records) {
        if (r.team) continue;
        if (r.handled) paint(page, r); // drawn anew on a re-rendered node
        else if (answered.has(r.id)) mark(page, r, byPage, changed);
      }
      // Replies whose answered comment is known: file them by its author, and look back
      // through that author's comments on the page once (team replies are few).
      for (const entry of [...fresh, ...(replies.get(null) ?? [])]) {
        const key = authorKey(page.records.get(entry.target) ?? {});
        if (!key) continue;
        if (!replies.has(key)) replies.set(key, []);
        replies.get(key).push(entry);
        for (const r of page.records.values()) {
          if (!r.team && !r.handled && authorKey(r) === key && answersToo(r, entry)) mark(page, r, byPage, changed);
        }
      }
      // A reply whose answered comment is not on the page yet waits for it.
      const waiting = [...fresh, ...(replies.get(null) ?? [])].filter((e) => !authorKey(page.records.get(e.target) ?? {}));
      replies.set(null, waiting);
      // New customers' comments above a reply that answered their author in the same thread.
      for (const r of records) {
        const key = !r.team && !r.handled ? authorKey(r) : null;
        if (!key) continue;
        const list = replies.get(key);
        if (list?.some((e) => answersToo(r, e))) mark(page, r, byPage, changed);
      }
      if (changed.length) page.emit('handled', changed);
      askCompanion(page, records);
    });
    // Asked again now and then (the team presence's timer): colleagues answer meanwhile.
    page.on('refresh-handled', () => askCompanion(page, page.shown()));
    page.on('reply-sent', ({ record, operator }) => {
      const changed = [];
      mark(page, record, { operator, source: 'self' }, changed);
      if (changed.length) page.emit('handled', changed);
    });
  },
};
