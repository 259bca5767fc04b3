// Per comment: the tone as a colour and a word, and the gratitude mark.
import { t } from '../core/i18n.js';

const TONES = new Set(['negative', 'neutral', 'positive']);

/** What the tone chip shows: {tone, text, title}. Pure, for tests. */
export function toneView(analysis, error, lang) {
  if (analysis?.tone?.label && TONES.has(analysis.tone.label)) {
    const label = analysis.tone.label;
    const scores = analysis.tone.scores ?? {};
    const title = Object.entries(scores)
      .map(([k, v]) => `${t(lang, `tone_${k}`)}: ${Math.round(v * 100)}%`)
      .join(' · ');
    return { tone: label, text: t(lang, `tone_${label}`), title };
  }
  if (error) return { tone: 'unavailable', text: t(lang, 'tone_unavailable'), title: error.message ?? error.code ?? '' };
  return { tone: 'pending', text: t(lang, 'tone_pending'), title: '' };
}

function render(page, record) {
  if (record.team) return;
  // A comment of a sticker or a photo alone has nothing to analyse: say so, not «анализ…».
  const view = record.text || record.analysis
    ? toneView(record.analysis, record.analysisError, page.lang)
    : toneView(null, { code: 'no_text', message: t(page.lang, 'tone_no_text') }, page.lang);
  const { overlay } = page;
  overlay.show(record.el, 'tone', view.text, { 'data-tone': view.tone, title: view.title || null });
  overlay.show(record.el, 'gratitude', record.analysis?.gratitude ? `♥ ${t(page.lang, 'gratitude')}` : '');
}

export const toneBadge = {
  name: 'tone-badge',
  init(page) {
    // New comments wait for their analysis first: their badges come with «pending» drawn.
    const pending = toneView(null, null, page.lang);
    page.overlay.fillTemplate('tone', pending.text, { 'data-tone': pending.tone });
    const all = (records) => records.forEach((r) => render(page, r));
    page.on('comments', all);
    page.on('analysis', all);
    page.on('settings', () => all([...page.records.values()]));
  },
};
