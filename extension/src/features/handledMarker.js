// Comments the team already answered show as handled, so nobody answers twice: a team
// reply on the page that answers the comment (its reply target, from the markup), a reply the companion has stored (sent
// by a colleague, maybe elsewhere, also after the page loaded: asked again on
// 'refresh-handled'), or a reply this operator just sent.
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

export const handledMarker = {
  name: 'handled-marker',
  init(page) {
    // Ids the team answered on the page, also before the answered comment is loaded.
    const answered = new Set();
    page.on('comments', (records) => {
      const changed = [];
      for (const r of records) {
        if (!r.team) continue;
        // A team reply answers the comment it names (or, lacking that, its thread).
        const target = r.replyTo ?? page.adapter.replyToId?.(r.el) ?? null;
        if (!target) continue;
        answered.add(target);
        mark(page, page.records.get(target), { operator: null, source: 'page' }, changed);
      }
      for (const r of records) {
        if (r.team) continue;
        if (r.handled) paint(page, r); // drawn anew on a re-rendered node
        else if (answered.has(r.id)) mark(page, r, { operator: null, source: 'page' }, changed);
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
