// Comments the team already answered show as handled, so nobody answers twice: a team
// reply in the comment's thread on the page, a reply the companion has stored (sent
// by a colleague, maybe elsewhere), or a reply this operator just sent.
import { MessageCStoBG } from '../messages.js';
import { chunks } from '../core/batch.js';
import { t } from '../core/i18n.js';

const MAX_IDS = 1000; // the companion's limit per POST /comments/handled

/** Text of the handled chip. Pure. */
export function handledText(handled, lang) {
  if (!handled) return '';
  return handled.operator ? `✓ ${t(lang, 'handled_by', handled.operator)}` : `✓ ${t(lang, 'handled')}`;
}

function mark(page, record, handled, changed) {
  if (!record || record.team) return;
  // Known already, unless the new mark says who answered and the old one did not.
  if (record.handled && (record.handled.operator || !handled.operator)) return;
  const first = !record.handled;
  record.handled = handled;
  const chip = page.overlay.slot(record.el, 'handled');
  chip.textContent = handledText(handled, page.lang);
  page.overlay.badge(record.el).box.dataset.handled = 'true';
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
    for (const [id, info] of Object.entries(answer?.handled ?? {})) {
      mark(page, page.records.get(id), { operator: info.operator ?? null, at: info.reply_sent_at ?? null, source: 'companion' }, changed);
    }
  }
  if (changed.length) page.emit('handled', changed);
}

export const handledMarker = {
  name: 'handled-marker',
  init(page) {
    page.on('comments', (records) => {
      const changed = [];
      for (const r of records) {
        if (r.team) {
          // A new team reply answers its parent comment.
          const parent = page.adapter.parentComment(r.el);
          mark(page, parent && page.recordOf(parent), { operator: null, source: 'page' }, changed);
          continue;
        }
        const teamReply = page.adapter.threadReplies(r.el).some((el) => {
          const rec = page.recordOf(el) ?? page.adapter.read(el, page.now());
          return rec?.team;
        });
        if (teamReply) mark(page, r, { operator: null, source: 'page' }, changed);
      }
      if (changed.length) page.emit('handled', changed);
      askCompanion(page, records);
    });
    page.on('reply-sent', ({ record, operator }) => {
      const changed = [];
      mark(page, record, { operator, source: 'self' }, changed);
      if (changed.length) page.emit('handled', changed);
    });
  },
};
