// The site adapters, by platform id. A new site is one module and one line here.
import * as vk from './vk.js';
import * as facebook from './facebook.js';

export const SITES = { vk, facebook };

/** The adapter for a host name, with the options page's selector overrides applied. */
export function adapterForHost(host, overrides = {}) {
  for (const site of Object.values(SITES)) {
    if (site.HOSTS.includes(host)) return site.createAdapter(overrides[site.id] ?? {});
  }
  return null;
}

/** Selector names per site, for checking overrides. */
export function selectorNames() {
  return Object.fromEntries(Object.values(SITES).map((s) => [s.id, Object.keys(s.SELECTORS)]));
}
