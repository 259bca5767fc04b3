// The content script: pick the site's adapter, apply the operator's settings, register
// the features with the core and start watching the page.
import { ext } from '../compat.js';
import { decodeAnswer, encodeMessage } from '../messages.js';
import { portChannel } from './channel.js';
import { SETTINGS_KEY, loadSettings, mergeSettings } from '../core/settings.js';
import { Page } from '../core/page.js';
import { adapterForHost } from '../sites/index.js';
import { FEATURES } from '../features/index.js';

export async function main(win = globalThis.window) {
  const doc = win.document;
  const settings = await loadSettings(ext.storage.local);
  const adapter = adapterForHost(win.location.hostname, settings.selectorOverrides);
  if (!adapter || settings.sites[adapter.id] === false) return null;

  // (The answer is read on the main thread too: counted with the overlay's work.)
  let page = null;
  const request = portChannel((info) => ext.runtime.connect(info), (fn) => page.track('otklik:post', fn));
  const send = async (type, payload) => {
    const raw = await request(encodeMessage(type, payload));
    const answer = page.track('otklik:answer', () => decodeAnswer(raw));
    if (answer?.error?.code === 'forbidden') throw new Error(answer.error.message);
    return answer;
  };
  page = new Page({ doc, adapter, settings, send });
  for (const feature of FEATURES) page.use(feature);

  const { connection } = await ext.storage.local.get('connection');
  page.connection = connection?.state ?? 'unknown';
  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes[SETTINGS_KEY]) {
      page.settings = mergeSettings(changes[SETTINGS_KEY].newValue);
      if (page.settings.sites[adapter.id] === false) {
        page.stop();
        for (const host of doc.querySelectorAll('[data-otklik-host]')) host.remove();
        return;
      }
      page.emit('settings', page.settings);
    }
    if (changes.connection) {
      page.connection = changes.connection.newValue?.state ?? 'unknown';
      page.emit('connection', page.connection);
    }
  });

  const go = () => {
    const t0 = win.performance.now();
    page.start();
    // For the end-to-end speed check: when the overlay started, on the page itself.
    doc.documentElement.dataset.otklikStartedMs = String(Math.round(t0));
  };
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', go, { once: true });
  else go();
  return page;
}
