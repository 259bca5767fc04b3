// The options page: companion address and pairing, operator, language, sites, selector
// overrides. Settings go to storage; only the worker talks to the companion.
import { ext } from '../compat.js';
import { MessageUItoBG } from '../messages.js';
import { checkCompanionUrl, loadSettings, parseOverrides, PERSONA_THRESHOLD, saveSettings } from '../core/settings.js';
import { selectorNames } from '../sites/index.js';
import { PAGE_STRINGS, pageText } from '../ui/strings.js';

const $ = (id) => document.getElementById(id);

function translate(lang) {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const s = PAGE_STRINGS[lang]?.[el.dataset.i18n];
    if (s === undefined) continue;
    if (el.dataset.i18n === 'tokenHint') {
      // The hint carries a <code> element; rebuild it without innerHTML.
      const [before, after] = s.split('{cmd}');
      const code = document.createElement('code');
      code.textContent = 'otklik token';
      el.replaceChildren(before, code, after ?? '');
    } else {
      el.textContent = s;
    }
  }
  document.title = PAGE_STRINGS[lang].title;
}

function show(out, ok, text) {
  out.dataset.ok = String(ok);
  out.textContent = text;
}

async function fill() {
  const s = await loadSettings(ext.storage.local);
  $('companionUrl').value = s.companionUrl;
  $('token').value = s.token;
  $('operator').value = s.operator;
  $('lang').value = s.lang;
  $('targetMinutes').value = s.targetMinutes;
  $('personaThreshold').value = Math.round(s.personaThreshold * 100);
  $('site-vk').checked = s.sites.vk !== false;
  $('site-facebook').checked = s.sites.facebook !== false;
  const o = s.selectorOverrides;
  $('selectorOverrides').value = o && Object.keys(o).length ? JSON.stringify(o, null, 2) : '';
  $('selectorList').textContent = Object.entries(selectorNames()).map(([site, names]) => `${site}: ${names.join(', ')}`).join('\n');
  translate(s.lang);
  return s;
}

async function save(e) {
  e?.preventDefault();
  const lang = $('lang').value;
  let companionUrl;
  let selectorOverrides;
  try {
    companionUrl = checkCompanionUrl($('companionUrl').value);
  } catch {
    show($('saved'), false, pageText(lang, 'badUrl'));
    return null;
  }
  try {
    selectorOverrides = parseOverrides($('selectorOverrides').value, selectorNames());
  } catch (err) {
    show($('saved'), false, `${pageText(lang, 'badSelectors')}: ${err.message}`);
    return null;
  }
  const target = Math.round(Number($('targetMinutes').value));
  const percent = Number($('personaThreshold').value);
  const s = await saveSettings(ext.storage.local, {
    companionUrl,
    token: $('token').value.trim(),
    operator: $('operator').value.trim(),
    lang,
    targetMinutes: Number.isFinite(target) && target > 0 ? target : 20,
    personaThreshold: $('personaThreshold').value !== '' && percent >= 0 && percent <= 100 ? percent / 100 : PERSONA_THRESHOLD,
    sites: { vk: $('site-vk').checked, facebook: $('site-facebook').checked },
    selectorOverrides,
  });
  translate(s.lang);
  show($('saved'), true, pageText(lang, 'saved'));
  return s;
}

async function pair() {
  const lang = $('lang').value;
  const out = $('pairing');
  show(out, true, pageText(lang, 'checking'));
  const res = await ext.runtime.sendMessage({
    type: MessageUItoBG.TEST_PAIRING,
    companionUrl: $('companionUrl').value,
    token: $('token').value.trim(),
  });
  if (res?.ok) {
    // Paired: keep what worked.
    await save();
    show(out, true, pageText(lang, 'paired', res.version ?? '?'));
  } else {
    show(out, false, pageText(lang, `pair_${res?.reason ?? 'network'}`) || pageText(lang, 'pair_network'));
  }
}

const CLAIM_EVERY_MS = 1500;
const CLAIM_FOR_MS = 10 * 60 * 1000; // the companion keeps a confirmed pairing as long

function pairingCode() {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** «Подключить»: open the companion's pairing page for a fresh code, then collect the
 * token the operator grants there (the worker asks; the companion checks our origin). */
async function connect() {
  const lang = $('lang').value;
  const out = $('connecting');
  let companionUrl;
  try {
    companionUrl = checkCompanionUrl($('companionUrl').value || 'http://127.0.0.1:8765');
  } catch {
    show(out, false, pageText(lang, 'badUrl'));
    return;
  }
  const code = pairingCode();
  const url = `${companionUrl}/pair?code=${encodeURIComponent(code)}&origin=${encodeURIComponent(location.origin)}`;
  if (ext.tabs?.create) await ext.tabs.create({ url });
  else window.open(url, '_blank', 'noopener');
  show(out, true, pageText(lang, 'connectWaiting', `${code.slice(0, 4)}-${code.slice(4, 8)}`.toUpperCase()));
  const until = Date.now() + CLAIM_FOR_MS;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, CLAIM_EVERY_MS));
    const res = await ext.runtime.sendMessage({ type: MessageUItoBG.CLAIM_PAIRING, companionUrl, code });
    if (res?.pending || (!res?.ok && res?.reason === 'network')) continue;
    if (res?.token) {
      $('companionUrl').value = companionUrl;
      $('token').value = res.token;
      $('operator').value = res.operator ?? '';
      show(out, true, pageText(lang, 'connectDone', res.operator ?? ''));
    } else {
      show(out, false, pageText(lang, `pair_${res?.reason ?? 'network'}`) || pageText(lang, 'pair_network'));
    }
    return;
  }
  show(out, false, pageText(lang, 'connectTimeout'));
}

$('form').addEventListener('submit', save);
$('connect').addEventListener('click', connect);
$('pair').addEventListener('click', pair);
$('lang').addEventListener('change', () => translate($('lang').value));
fill();
