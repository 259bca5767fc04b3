// Reply timings: when a comment was posted (from the page), when this operator first
// saw it (half of it on screen), when they started typing the reply, and when the
// reply was sent — the moment it appears in the thread. Each becomes an event for the
// companion; the worker queues it until the companion has it.
import { MessageCStoBG } from '../messages.js';
import { sameReply } from '../core/text.js';

const SEEN_RATIO = 0.5;
const SEEN_SEND_MS = 1000;

/** The reply_sent event for a session whose reply just appeared. Pure. */
export function replySentEvent({ record, session, sentAt, operator, draft, shownText }) {
  const a = record.analysis;
  const event = {
    type: 'reply_sent',
    platform: record.platform,
    comment_id: record.id,
    operator,
    text: session.lastText || shownText,
    reply_sent_at: sentAt.toISOString(),
    permalink: record.permalink ?? undefined,
    comment_text: record.text || undefined,
    comment_author_id: record.authorId ?? undefined,
    comment_author_name: record.authorName ?? undefined,
    comment_posted_at: record.postedAt ? record.postedAt.toISOString() : undefined,
    first_seen_at: record.firstSeenAt ? record.firstSeenAt.toISOString() : undefined,
    reply_started_at: session.startedAt ? session.startedAt.toISOString() : undefined,
  };
  if (a?.tone?.label) event.tone = a.tone.label;
  if (a?.persona?.label) event.persona = a.persona.label;
  if (typeof a?.gratitude === 'boolean') event.gratitude = a.gratitude;
  if (draft) {
    event.draft = {
      score: Math.min(1, Math.max(0, Number(draft.score) || 0)),
      level: draft.level,
      nearest_id: draft.nearest?.id ?? undefined,
      cliches: (draft.cliches ?? []).map((c) => c.phrase).filter(Boolean).slice(0, 100),
    };
    const coach = draft.coach;
    if (coach && Array.isArray(coach.items) && coach.items.length) {
      event.draft.coach = {
        score: Math.min(1, Math.max(0, Number(coach.score) || 0)),
        met: coach.items.filter((i) => i.met === true).length,
        total: coach.items.length,
        unmet: coach.items.filter((i) => i.met !== true).map((i) => String(i.key ?? i.id)).slice(0, 50),
      };
    }
  }
  return JSON.parse(JSON.stringify(event)); // drops the undefined fields
}

export function commentSeenEvent(record, seenAt, operator) {
  return JSON.parse(JSON.stringify({
    type: 'comment_seen',
    platform: record.platform,
    comment_id: record.id,
    permalink: record.permalink ?? undefined,
    author_id: record.authorId ?? undefined,
    author_name: record.authorName ?? undefined,
    text: record.text || undefined,
    posted_at: record.postedAt ? record.postedAt.toISOString() : undefined,
    seen_at: seenAt.toISOString(),
    operator: operator || undefined,
  }));
}

export const timingCapture = {
  name: 'timing-capture',
  init(page) {
    const sessions = new Map(); // editor → {target, startedAt, lastText}
    const operator = () => (page.settings.operator || '').trim();
    const queue = (event) => page.send(MessageCStoBG.EVENT, { event }).catch(() => {});

    // First seen: at least half of the comment on screen, once per comment. The moment is
    // kept at once; the events go to the worker together a little later (scrolling shows
    // screenful after screenful: one message for them all, not one per screenful), and
    // when the page is hidden or left.
    const seen = [];
    let seenTimer = null;
    const sendSeen = () => page.track('otklik:seen-send', () => {
      if (seenTimer) clearTimeout(seenTimer);
      seenTimer = null;
      if (!seen.length) return;
      const events = seen.splice(0).map((r) => commentSeenEvent(r, r.firstSeenAt, operator()));
      page.send(MessageCStoBG.EVENT, { events }).catch(() => {});
    });
    const win = page.doc.defaultView;
    win.addEventListener('pagehide', sendSeen);
    page.doc.addEventListener('visibilitychange', () => {
      if (page.doc.visibilityState === 'hidden') sendSeen();
    });
    const IO = win.IntersectionObserver;
    const io = IO
      ? new IO((entries) => page.track('otklik:seen', () => {
          for (const entry of entries) {
            if (!entry.isIntersecting || entry.intersectionRatio < SEEN_RATIO) continue;
            io.unobserve(entry.target);
            const record = page.byElement.get(entry.target) ?? page.recordOf(entry.target);
            if (!record || record.firstSeenAt) continue;
            record.firstSeenAt = page.now();
            seen.push(record);
          }
          if (seen.length && !seenTimer) seenTimer = setTimeout(sendSeen, SEEN_SEND_MS);
        }), { threshold: [SEEN_RATIO] })
      : null;

    const typed = (editor) => {
      const target = page.replyTarget(editor);
      if (!target) return;
      let s = sessions.get(editor);
      if (!s || s.target !== target) {
        s = { target, startedAt: null, lastText: '' };
        sessions.set(editor, s);
      }
      const text = page.adapter.editorText(editor).trim();
      if (!s.startedAt) s.startedAt = page.now();
      if (text) s.lastText = text;
    };
    page.doc.addEventListener('input', (e) => {
      const editor = page.adapter.editorOf(e.target);
      if (editor) typed(editor);
    }, true);
    page.on('editor-input', ({ editor }) => typed(editor));
    // The text as it was the moment the operator pressed Enter or a send button.
    page.doc.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey) return;
      const editor = page.adapter.editorOf(e.target);
      const s = editor && sessions.get(editor);
      const text = editor && page.adapter.editorText(editor).trim();
      if (s && text) s.lastText = text;
    }, true);

    page.on('comments', (records) => {
      for (const r of records) if (!r.team && io) io.observe(r.el);
      for (const [editor, s] of sessions) {
        if (!s.lastText) continue;
        const shown = records.find((r) => r !== s.target && sameReply(s.lastText, r.text));
        if (!shown) continue;
        sessions.delete(editor);
        const checked = page.draftResults.get(editor);
        const draft = checked && sameReply(checked.text, s.lastText) ? checked.result : null;
        const event = replySentEvent({
          record: s.target, session: s, sentAt: page.now(), operator: operator() || undefined,
          draft, shownText: shown.text,
        });
        queue(event);
        page.emit('reply-sent', { record: s.target, operator: operator() || null, editor, event });
      }
    });
  },
};
