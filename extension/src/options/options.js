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

$('form').addEventListener('submit', save);
$('pair').addEventListener('click', pair);
$('lang').addEventListener('change', () => translate($('lang').value));
fill();
