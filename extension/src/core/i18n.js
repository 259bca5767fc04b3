// Interface strings, Russian first. The options page switches the language at run
// time, which chrome.i18n cannot do, so the overlay and pages use this table;
// _locales/ holds the strings the browser itself shows (name, description).

const STRINGS = {
  ru: {
    tone_negative: 'негатив',
    tone_neutral: 'нейтрально',
    tone_positive: 'позитив',
    tone_pending: 'анализ…',
    tone_unavailable: 'нет анализа',
    gratitude: 'благодарит',
    persona_unsure: 'Неуверенный',
    persona_talker: 'Собеседник',
    persona_positive: 'Позитивчик',
    persona_aggressor: 'Агрессор',
    persona_expert: 'Сисадмин',
    persona_what: 'Что делать',
    persona_phrasings: 'Фразы (нажмите, чтобы вставить в ответ)',
    persona_adapt: 'Перескажите своими словами, не вставляйте как шаблон.',
    waited: 'ждёт',
    handled: 'отвечено',
    handled_by: 'ответил(а) {0}',
    panel_title: 'Без ответа',
    panel_target: 'цель {0} мин',
    panel_empty: 'Все комментарии отвечены',
    panel_more: 'и ещё {0}',
    panel_toggle: 'Свернуть / развернуть',
    draft_score: 'Шаблонность {0}%',
    draft_ok: 'Звучит по-живому',
    draft_warn: 'Похоже на шаблон',
    draft_high: 'Почти дословно шаблон',
    draft_nearest: 'Ближе всего: «{0}»',
    draft_cliches: 'Канцелярит:',
    draft_instead: 'проще: «{0}»',
    draft_unavailable: 'Проверка черновика недоступна',
    offline: 'Компаньон не отвечает',
    online: 'подключено',
    unknown: 'неизвестно',
    offline_state: 'не подключено',
  },
  en: {
    tone_negative: 'negative',
    tone_neutral: 'neutral',
    tone_positive: 'positive',
    tone_pending: 'analysing…',
    tone_unavailable: 'no analysis',
    gratitude: 'thanks',
    persona_unsure: 'Unsure',
    persona_talker: 'Talker',
    persona_positive: 'Positive',
    persona_aggressor: 'Aggressor',
    persona_expert: 'Expert',
    persona_what: 'What to do',
    persona_phrasings: 'Phrasings (click to insert into the reply)',
    persona_adapt: 'Say it in your own words; do not paste it as a template.',
    waited: 'waiting',
    handled: 'answered',
    handled_by: 'answered by {0}',
    panel_title: 'Unanswered',
    panel_target: 'target {0} min',
    panel_empty: 'All comments answered',
    panel_more: 'and {0} more',
    panel_toggle: 'Collapse / expand',
    draft_score: 'Template-likeness {0}%',
    draft_ok: 'Sounds like a person',
    draft_warn: 'Looks like a template',
    draft_high: 'Almost word for word a template',
    draft_nearest: 'Closest: “{0}”',
    draft_cliches: 'Officialese:',
    draft_instead: 'plainer: “{0}”',
    draft_unavailable: 'Draft check unavailable',
    offline: 'The companion does not answer',
    online: 'connected',
    unknown: 'unknown',
    offline_state: 'not connected',
  },
};

export const LANGS = Object.keys(STRINGS);

/** The string `key` in `lang` (Russian when missing), with {0}, {1} filled in. */
export function t(lang, key, ...args) {
  const table = STRINGS[lang] ?? STRINGS.ru;
  const s = table[key] ?? STRINGS.ru[key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}
