// The extension's settings, kept in storage.local under one key. Pure helpers plus
// thin load/save functions that take the storage area, so tests can pass their own.

export const SETTINGS_KEY = 'settings';
export const DEFAULT_COMPANION = 'http://127.0.0.1:8765';
export const TARGET_MINUTES = 20;
// A persona hint is shown from this confidence up (0..1): the companion's default from
// calibration, where the hints shown were right 88 % of the time
// (model/artifacts/persona_calibration.json, docs/persona.md). A team may set its own.
export const PERSONA_THRESHOLD = 0.66;

export const DEFAULTS = Object.freeze({
  companionUrl: DEFAULT_COMPANION,
  token: '',
  operator: '',
  lang: 'ru',
  sites: { vk: true, facebook: true },
  // {"vk": {"comment": ".reply"}, "facebook": {...}}: replaces the adapter's selector.
  selectorOverrides: {},
  targetMinutes: TARGET_MINUTES,
  // The team's settings as the companion serves them (GET /settings): time zone, week,
  // calendar; refreshed by the background worker. null until paired.
  team: null,
  personaThreshold: PERSONA_THRESHOLD,
});

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/;

/** The companion address, normalised; throws when it is not a loopback http URL. */
export function checkCompanionUrl(raw) {
  const url = String(raw ?? '').trim().replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  if (!LOOPBACK.test(url)) {
    throw new Error('companion_url');
  }
  return url;
}

/** Parse the options page's JSON of selector overrides; throws with a readable message. */
export function parseOverrides(text, knownKeys) {
  const raw = String(text ?? '').trim();
  if (!raw) return {};
  let data;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new Error(`JSON: ${e.message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('JSON object expected');
  for (const [site, sels] of Object.entries(data)) {
    if (!(site in knownKeys)) throw new Error(`unknown site "${site}"`);
    if (!sels || typeof sels !== 'object' || Array.isArray(sels)) {
      throw new Error(`"${site}" must map selector names to CSS selectors`);
    }
    for (const [name, sel] of Object.entries(sels)) {
      if (!knownKeys[site].includes(name)) throw new Error(`unknown selector "${site}.${name}"`);
      if (typeof sel !== 'string' || !sel.trim()) throw new Error(`"${site}.${name}" must be a CSS selector`);
    }
  }
  return data;
}

/** The response target in minutes: the team's (set in the dashboard, served by the
 * companion) once paired, else the one in the options. */
export function targetMinutesOf(settings) {
  const team = Number(settings?.team?.target_minutes);
  return Number.isFinite(team) && team > 0 ? team : settings.targetMinutes;
}

/** Stored settings over the defaults (nested site switches merged too). */
export function mergeSettings(stored) {
  const s = stored && typeof stored === 'object' ? stored : {};
  return {
    ...DEFAULTS,
    ...s,
    sites: { ...DEFAULTS.sites, ...(s.sites ?? {}) },
    selectorOverrides: { ...(s.selectorOverrides ?? {}) },
  };
}

export async function loadSettings(area) {
  const got = await area.get(SETTINGS_KEY);
  return mergeSettings(got?.[SETTINGS_KEY]);
}

export async function saveSettings(area, patch) {
  const current = await loadSettings(area);
  const next = mergeSettings({ ...current, ...patch });
  await area.set({ [SETTINGS_KEY]: next });
  return next;
}
