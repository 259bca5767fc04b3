// The toolbar icon: online / offline / unknown, and a title that says it in words.
import { action, ext } from '../compat.js';
import { t } from '../core/i18n.js';

const SIZES = [16, 32, 48];

export function iconPaths(state) {
  return Object.fromEntries(SIZES.map((s) => [s, `/icons/${state}-${s}.png`]));
}

/** The icon's title: the state in words and, when there is one, why (e.g. the team store
 * cannot be reached while the companion itself answers). Pure. */
export function iconTitle(state, lang, detail = '') {
  const word = state === 'online' ? t(lang, 'online') : state === 'offline' ? t(lang, 'offline_state') : t(lang, 'unknown');
  const why = detail ? t(lang, `detail_${detail}`) : '';
  return `otklik: ${word}${detail ? ` (${why === `detail_${detail}` ? detail : why})` : ''}`;
}

export async function showState(state, lang, detail = '') {
  const a = action();
  if (!a) return;
  try {
    await a.setIcon({ path: iconPaths(state) });
    await a.setTitle({ title: iconTitle(state, lang, detail) });
  } catch (err) {
    console.warn('otklik: icon', err);
  }
  await ext.storage.local.set({ connection: { state, detail, at: new Date().toISOString() } });
}
