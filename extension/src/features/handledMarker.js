// Comments the team already answered show as handled, so nobody answers twice: a team
// reply on the page that answers the comment (its reply target, from the markup), a reply the companion has stored (sent
// by a colleague, maybe elsewhere, also after the page loaded: asked again on
// 'refresh-handled'), or a reply this operator just sent.
//
// A team reply on the page answers the PERSON in a thread, not one line: a customer who
// wrote twice before the answer («Нет интернета» … «Алло, ответьте!») is answered in
// both, as a care team reads a thread (Chatwoot and Zendesk likewise count a
// conversation answered by the first agent reply after the customer's messages). So the
// reply also marks the same author's comments in the same thread above the one it
// answers; what the customer writes after that comment waits for its own answer.
import { MessageCStoBG } from '../messages.js';
import { chunks } from '../core/batch.js';
import { t } from '../core/i18n.js';

const MAX_IDS = 1000; // the companion's limit per POST /comments/handled

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

/** A set in a map of sets, made on first use. */
function setOf(map, key) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

export const handledMarker = {
  name: 'handled-marker',
  init(page) {
    // Ids the team answered on the page, also before the answered comment is loaded.
    const answered = new Set();
    // The person-in-a-thread rule, by the author's id (a display name is no identity:
    // Facebook shows every anonymous group member as «Анонимный участник»):
    const commentsOf = new Map(); // author id → the customer's records seen on the page
    const answeredOf = new Map(); // author id → ids of their comments a team reply answered
    const byPage = { operator: null, source: 'page' };
    /** Does the team's answer to `targetId` answer `r` too: same author and thread, above it? */
    const answersToo = (r, targetId) => {
      const t = page.records.get(targetId);
      return Boolean(t && t !== r && above(r.el, t.el) && threadOf(page, r.id) === threadOf(page, targetId));
    };
    page.on('comments', (records) => {
      const changed = [];
      for (const r of records) {
        if (!r.team) continue;
        // A team reply answers the comment it names (or, lacking that, its thread).
        const target = r.replyTo ?? page.adapter.replyToId?.(r.el) ?? null;
        if (!target) continue;
        answered.add(target);
        mark(page, page.records.get(target), byPage, changed);
      }
      const fresh = []; // [author id, answered id] learnt in this batch
      for (const r of records) {
        if (r.team) continue;
        if (r.handled) paint(page, r); // drawn anew on a re-rendered node
        else if (answered.has(r.id)) mark(page, r, byPage, changed);
        if (!r.authorId) continue;
        setOf(commentsOf, r.authorId).add(r);
        if (answered.has(r.id) && !setOf(answeredOf, r.authorId).has(r.id)) {
          answeredOf.get(r.authorId).add(r.id);
          fresh.push([r.authorId, r.id]);
        }
      }
      // A newly answered comment: its author's earlier comments of the thread (few: one
      // person's comments on the page, looked through once per answered comment).
      for (const [author, id] of fresh) {
        for (const c of commentsOf.get(author)) if (!c.handled && answersToo(c, id)) mark(page, c, byPage, changed);
      }
      // A newly seen comment above an answered one of its author (loaded after the answer).
      for (const r of records) {
        if (r.team || r.handled || !r.authorId) continue;
        for (const id of answeredOf.get(r.authorId) ?? []) {
          if (answersToo(r, id)) {
            mark(page, r, byPage, changed);
            break;
          }
        }
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
