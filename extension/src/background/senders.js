// Who may ask the worker what. Content scripts only from the supported sites, in a tab;
// extension pages only from this extension. Anything else gets a refusal.
import { CONTENT_MESSAGES, UI_MESSAGES } from '../messages.js';
import { SITES } from '../sites/index.js';

const SITE_HOSTS = new Set(Object.values(SITES).flatMap((s) => s.HOSTS));

/** null when `sender` may send `type`, else the reason it may not. Pure. */
export function refuse(type, sender, { extensionId, extensionOrigin }) {
  if (!sender || sender.id !== extensionId) return 'not this extension';
  if (CONTENT_MESSAGES.has(type)) {
    if (!sender.tab) return 'content messages come from tabs';
    let host;
    try {
      const url = new URL(sender.url ?? sender.tab.url);
      if (url.protocol !== 'https:') return 'not https';
      host = url.hostname;
    } catch {
      return 'no sender url';
    }
    return SITE_HOSTS.has(host) ? null : `host ${host} is not a supported site`;
  }
  if (UI_MESSAGES.has(type)) {
    return (sender.url ?? '').startsWith(extensionOrigin) ? null : 'not an extension page';
  }
  return 'unknown message';
}
