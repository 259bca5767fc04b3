// Reply outcomes: after the brand answers a customer, their next comments in the same
// thread are what the reply led to. Whenever the page shows a thread (right after this
// operator's reply, or days later), a comment by the same customer that comes after a
// team reply to their earlier comment is sent once as a `customer_followup` event; the
// companion links it to the reply it follows and labels the outcome (thanked, still
// negative…). Sent after the comment's analysis, so its tone and thanks go along.
import { MessageCStoBG } from '../messages.js';

/**
 * The customer_followup event for `record`, which came after a reply to `answered`.
 * Pure; nothing undefined.
 */
export function followupEvent({ record, answered, seenAt, operator }) {
  const a = record.analysis;
  const event = {
    type: 'customer_followup',
    platform: record.platform,
    comment_id: record.id,
    answered_comment_id: answered.id,
    permalink: record.permalink ?? undefined,
    author_id: record.authorId ?? undefined,
    author_name: record.authorName ?? undefined,
    text: record.text,
    posted_at: record.postedAt ? record.postedAt.toISOString() : undefined,
    seen_at: seenAt.toISOString(),
    operator: operator || undefined,
  };
  if (a?.tone?.label) event.tone = a.tone.label;
  if (typeof a?.gratitude === 'boolean') event.gratitude = a.gratitude;
  return JSON.parse(JSON.stringify(event));
}

/** Does `later` come after `earlier` in the document? */
function follows(earlier, later) {
  return Boolean(earlier.compareDocumentPosition(later) & 4); // DOCUMENT_POSITION_FOLLOWING
}

export const followupWatcher = {
  name: 'followup-watcher',
  init(page) {
    const answers = []; // {record, after: team reply element | null, at: Date | null}
    const sent = new Set(); // comment ids already sent from this page
    const operator = () => (page.settings.operator || '').trim();
    const postOf = (el) => (page.adapter.selectors.post ? el?.closest?.(page.adapter.selectors.post) : null);

    const remember = (record, after, at) => {
      if (!record || record.team || !record.authorId) return;
      if (answers.some((x) => x.record === record && x.after === after)) return;
      answers.push({ record, after, at });
    };

    const isAfter = (record, answer) => {
      if (answer.after?.isConnected && record.el?.isConnected) return follows(answer.after, record.el);
      const when = record.postedAt ?? record.foundAt;
      return Boolean(answer.at && when && when >= answer.at && follows(answer.record.el, record.el));
    };

    const scan = () => {
      if (!answers.length) return; // no answer to follow up on this page yet
      for (const record of page.records.values()) {
        if (record.team || !record.authorId || !record.text || sent.has(record.id)) continue;
        if (!record.analysis && !record.analysisError) continue; // wait for its tone
        // The latest answer to an earlier comment of the same customer in this thread.
        const answer = answers.filter((x) => x.record !== record
          && x.record.authorId === record.authorId
          && postOf(x.record.el) === postOf(record.el)
          && isAfter(record, x)).pop();
        if (!answer) continue;
        sent.add(record.id);
        const event = followupEvent({ record, answered: answer.record, seenAt: page.now(), operator: operator() });
        page.send(MessageCStoBG.EVENT, { event }).catch(() => {});
      }
    };

    page.on('comments', (records) => {
      for (const r of records) {
        if (!r.team) continue;
        const parent = page.adapter.parentComment(r.el);
        remember(parent && page.recordOf(parent), r.el, r.postedAt ?? null);
      }
      scan();
    });
    page.on('analysis', scan);
    page.on('reply-sent', ({ record, event }) => {
      remember(record, null, event?.reply_sent_at ? new Date(event.reply_sent_at) : page.now());
      scan();
    });
  },
};
