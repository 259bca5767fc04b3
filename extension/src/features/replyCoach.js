// Under the draft, beside the template warning: the reply coach's checklist for the
// comment being answered (addresses the person; for a complaint acknowledges, apologises
// and gives a next step; fits the persona; no канцелярит or template; length; tone).
// It reads the draft watcher's answer ('draft-checked'): one request per pause in
// typing serves both. Unmet items come first. It only ever advises; sending is never
// blocked.
import { t } from '../core/i18n.js';

/**
 * The checklist as lines to show: {heading, allMet, items: [{id, met, title, reason}]},
 * unmet first (the order of the companion otherwise), or null when there is nothing to
 * show. Pure.
 */
export function coachView(coach, lang) {
  const items = Array.isArray(coach?.items) ? coach.items.filter((i) => i && typeof i.title === 'string') : [];
  if (!items.length) return null;
  const met = items.filter((i) => i.met === true).length;
  const ordered = [...items.filter((i) => i.met !== true), ...items.filter((i) => i.met === true)];
  return {
    heading: t(lang, 'coach_title', met, items.length),
    allMet: met === items.length,
    items: ordered.map((i) => ({ id: String(i.id ?? ''), met: i.met === true, title: i.title, reason: String(i.reason ?? '') })),
  };
}

function render(page, editor, view) {
  const doc = page.doc;
  const { root } = page.overlay.below(page.adapter.draftAnchor(editor), 'draft');
  let box = root.querySelector('.otklik-coach');
  if (!box) {
    box = doc.createElement('div');
    box.className = 'otklik-coach';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    root.appendChild(box);
  }
  box.replaceChildren();
  if (!view) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.dataset.allMet = String(view.allMet);
  const head = doc.createElement('div');
  head.className = 'otklik-coach-head';
  head.textContent = view.heading;
  const ul = doc.createElement('ul');
  for (const item of view.items) {
    const li = doc.createElement('li');
    li.dataset.met = String(item.met);
    li.dataset.item = item.id;
    li.title = t(page.lang, item.met ? 'coach_met' : 'coach_unmet');
    const title = doc.createElement('b');
    title.textContent = item.title;
    const reason = doc.createElement('span');
    reason.className = 'otklik-coach-reason';
    reason.textContent = ` — ${item.reason}`;
    li.append(title, reason);
    ul.appendChild(li);
  }
  box.append(head, ul);
}

export const replyCoach = {
  name: 'reply-coach',
  init(page) {
    page.on('draft-checked', ({ editor, text, result }) => {
      if (!editor) return;
      render(page, editor, text ? coachView(result?.coach, page.lang) : null);
    });
  },
};
