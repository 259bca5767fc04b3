// Working as one team on a page: when this operator starts typing a reply, the
// companion is told (a claim on the comment, released when the reply is sent or the
// draft abandoned, and expiring by itself on the companion); colleagues' claims, which
// the handled marker's answer carries, show as «отвечает Анна» on the comment. While
// the page is visible the feature asks for a fresh answer every POLL_MS (one batched
// request for all the shown comments, through the handled marker), so a colleague's
// claim or reply shows here within 15 s without a reload.
import { MessageCStoBG } from '../messages.js';
import { t } from '../core/i18n.js';

export const POLL_MS = 8_000; // + the request's time: a colleague's claim shows within ≤ 10 s
export const RENEW_MS = 45_000; // a claim lives 120 s on the companion: renew while typing

/** Text of the claim chip: who is answering the comment now. Pure. */
export function claimText(claim, lang) {
  return claim?.operator ? `✎ ${t(lang, 'claimed_by', claim.operator)}` : '';
}

function paint(page, record) {
  if (record.team || !record.el.isConnected) return;
  const text = record.handled ? '' : claimText(record.claim, page.lang);
  // No badge is made just to write nothing into it (hundreds of comments per scroll).
  if (!text && !page.overlay.badges.has(record.el)) return;
  page.overlay.show(record.el, 'claim', text, record.claim?.since ? { title: record.claim.since } : {});
}

export const teamPresence = {
  name: 'team-presence',
  init(page) {
    const mine = new Map(); // comment id → {record, at: ms of the last claim sent}

    const claim = (record, release = false) => {
      page.send(MessageCStoBG.CLAIM, {
        platform: page.adapter.id, comment_id: record.id, ...(release ? { release: true } : {}),
      }).catch(() => {});
    };
    const release = (id) => {
      const held = mine.get(id);
      if (!held) return;
      mine.delete(id);
      claim(held.record, true);
    };

    // Typing in a reply box: claim its comment (once, then renewed while typing on);
    // a box emptied again gives the claim back.
    const typed = (editor) => {
      const record = page.replyTarget(editor);
      if (!record || record.team) return;
      const text = page.adapter.editorText(editor).trim();
      if (!text) {
        release(record.id);
        return;
      }
      const held = mine.get(record.id);
      const now = Date.now();
      if (held && now - held.at < RENEW_MS) return;
      mine.set(record.id, { record, at: now });
      claim(record);
    };
    page.doc.addEventListener('input', (e) => {
      const editor = page.adapter.editorOf(e.target);
      if (editor) page.track('otklik:claim', () => typed(editor));
    }, true);
    page.on('editor-input', ({ editor }) => typed(editor));
    page.on('reply-sent', ({ record }) => record && release(record.id));
    page.doc.defaultView?.addEventListener('pagehide', () => {
      for (const id of [...mine.keys()]) release(id);
    });

    // The companion's answer for the ids asked: colleagues' claims (own ones are left out
    // by the companion); an id asked and not claimed any more loses its chip.
    page.on('claims', ({ ids, claims }) => {
      const changed = [];
      for (const id of ids) {
        const record = page.records.get(id);
        if (!record) continue;
        const next = claims[id] ?? null;
        if ((record.claim?.operator ?? null) === (next?.operator ?? null)) continue;
        record.claim = next;
        paint(page, record);
        changed.push(record);
      }
      if (changed.length) page.emit('claimed', changed);
    });
    // Drawn anew on a re-rendered node; a handled comment shows no claim.
    page.on('comments', (records) => {
      for (const r of records) if (r.claim) paint(page, r);
    });
    page.on('handled', (records) => {
      for (const r of records) if (r.claim) paint(page, r);
    });

    // One timer for the page, not one per comment; none of it while the page is hidden.
    const poll = () => {
      if (page.doc.visibilityState === 'hidden' || page.connection === 'offline') return;
      page.emit('refresh-handled', null);
    };
    page.on('started', () => {
      page.timers.push(setInterval(poll, POLL_MS));
      page.doc.addEventListener('visibilitychange', () => {
        if (page.doc.visibilityState === 'visible') poll();
      });
    });
  },
};
