// Per comment: the commenter's persona; a click opens what to do and phrasings, and a
// click on a phrasing puts it at the caret of the reply box for that comment.
import { t } from '../core/i18n.js';
import { PERSONA_THRESHOLD } from '../core/settings.js';

const PERSONAS = new Set(['unsure', 'talker', 'positive', 'aggressor', 'expert']);

/**
 * Persona chip and popover content, or null when there is nothing to show: no persona,
 * the brand's own reply, no confidence above 0 (a hint at 0 % says nothing; a team's
 * threshold of 0 shows every other one), or a confidence below the team's threshold
 * (0..1). Pure.
 */
export function personaView(analysis, lang, threshold = PERSONA_THRESHOLD) {
  const p = analysis?.persona;
  if (!p || !PERSONAS.has(p.label) || analysis.author_role === 'brand') return null;
  if (!(typeof p.confidence === 'number' && p.confidence > 0 && p.confidence >= threshold)) return null;
  return {
    label: p.label,
    name: t(lang, `persona_${p.label}`),
    behaviour: p.behaviour ?? '',
    phrasings: Array.isArray(p.phrasings) ? p.phrasings.filter((x) => typeof x === 'string' && x) : [],
    confidence: p.confidence,
  };
}

function popoverFor(page, record, view) {
  const doc = page.doc;
  const { box } = page.overlay.badge(record.el);
  let pop = box.querySelector('.otklik-pop');
  if (!pop) {
    pop = doc.createElement('div');
    pop.className = 'otklik-pop';
    pop.setAttribute('role', 'dialog');
    pop.hidden = true;
    box.appendChild(pop);
  }
  pop.replaceChildren();
  const h1 = doc.createElement('h4');
  h1.textContent = `${view.name} · ${t(page.lang, 'persona_what')}`;
  const p = doc.createElement('p');
  p.textContent = view.behaviour;
  pop.append(h1, p);
  if (view.phrasings.length) {
    const h2 = doc.createElement('h4');
    h2.textContent = t(page.lang, 'persona_phrasings');
    const ul = doc.createElement('ul');
    for (const phrase of view.phrasings) {
      const li = doc.createElement('li');
      const b = doc.createElement('button');
      b.type = 'button';
      b.className = 'otklik-phrasing';
      b.textContent = phrase;
      // mousedown would move the caret out of the editor; keep it where it is.
      b.addEventListener('mousedown', (e) => e.preventDefault());
      b.addEventListener('click', async (e) => {
        e.preventDefault();
        e.stopPropagation();
        const editor = await page.replyBoxFor(record);
        if (editor) page.insert(editor, `${phrase} `);
        pop.hidden = true;
        page.overlay.show(record.el, 'persona', undefined, { 'aria-expanded': 'false' });
      });
      li.appendChild(b);
      ul.appendChild(li);
    }
    const small = doc.createElement('small');
    small.textContent = t(page.lang, 'persona_adapt');
    pop.append(h2, ul, small);
  }
  return pop;
}

function render(page, record) {
  if (record.team) return;
  const view = personaView(record.analysis, page.lang, page.settings.personaThreshold);
  if (!view) {
    page.overlay.show(record.el, 'persona', '', { role: null });
    return;
  }
  page.overlay.show(record.el, 'persona', `${view.name} ▾`, {
    'data-persona': view.label, role: 'button', title: `${Math.round(view.confidence * 100)}%`,
  });
}

/** The persona chip an event is for, when it is one: the first node of its composed path. */
function chipOf(e) {
  const target = e.composedPath?.()[0];
  return target?.dataset?.slot === 'persona' && target.getAttribute('role') === 'button' ? target : null;
}

function toggle(page, chip, e) {
  e.preventDefault();
  e.stopPropagation();
  const record = page.recordOf(chip.getRootNode().host);
  if (!record) return;
  const current = personaView(record.analysis, page.lang, page.settings.personaThreshold);
  if (!current) return;
  const pop = popoverFor(page, record, current);
  pop.hidden = !pop.hidden;
  page.overlay.show(record.el, 'persona', undefined, { 'aria-expanded': String(!pop.hidden) });
}

export const personaPopover = {
  name: 'persona-popover',
  init(page) {
    // The chips' keyboard and pointer handling: one listener per kind for the page
    // (events inside a badge's open shadow root reach the document with their path)
    // rather than three per comment.
    page.overlay.fillTemplate('persona', '', { tabindex: '0', 'aria-expanded': 'false' });
    const doc = page.doc;
    doc.addEventListener('mousedown', (e) => {
      if (chipOf(e)) e.preventDefault(); // the caret stays in the reply box
    }, true);
    doc.addEventListener('click', (e) => {
      const chip = chipOf(e);
      if (chip) toggle(page, chip, e);
    }, true);
    doc.addEventListener('keydown', (e) => {
      const chip = chipOf(e);
      if (!chip) return;
      if (e.key === 'Enter' || e.key === ' ') toggle(page, chip, e);
      if (e.key === 'Escape') {
        const pop = chip.parentNode.querySelector('.otklik-pop');
        if (pop) pop.hidden = true;
        const record = page.recordOf(chip.getRootNode().host);
        if (record) page.overlay.show(record.el, 'persona', undefined, { 'aria-expanded': 'false' });
        else chip.setAttribute('aria-expanded', 'false');
      }
    }, true);
    page.on('analysis', (records) => records.forEach((r) => render(page, r)));
    page.on('settings', () => [...page.records.values()].forEach((r) => render(page, r)));
  },
};
