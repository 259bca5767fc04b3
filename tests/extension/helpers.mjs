// Loading the committed fixtures into jsdom for the adapter and overlay tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Page } from '../../extension/src/core/page.js';
import { createAdapter } from '../../extension/src/sites/vk.js';
import { mergeSettings } from '../../extension/src/core/settings.js';
import { FEATURES } from '../../extension/src/features/index.js';
import { MessageCStoBG } from '../../extension/src/messages.js';

// jsdom is a devDependency of extension/; resolve it from there.
const require = createRequire(new URL('../../extension/package.json', import.meta.url));
const { JSDOM } = require('jsdom');

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '..', 'fixtures');
export const EXTENSION_SRC = path.resolve(here, '..', '..', 'extension', 'src');

/** A fixture page as a DOM, at its real address (scripts of the fixture do not run). */
export function loadFixture(name, url) {
  const html = readFileSync(path.join(FIXTURES, name), 'utf8');
  const dom = new JSDOM(html, { url });
  addContentEditable(dom.window);
  return dom.window.document;
}

/** A DOM from a string, for small cases. */
export function domFrom(html, url = 'https://vk.com/wall-12345_678') {
  const dom = new JSDOM(`<!DOCTYPE html><meta charset="utf-8"><body>${html}`, { url });
  addContentEditable(dom.window);
  return dom.window.document;
}

/** jsdom has no isContentEditable; browsers do, and the adapters rely on it. */
export function addContentEditable(window) {
  Object.defineProperty(window.HTMLElement.prototype, 'isContentEditable', {
    configurable: true,
    get() {
      const v = this.getAttribute('contenteditable');
      if (v === 'true' || v === '') return true;
      if (v === 'false') return false;
      return Boolean(this.parentElement?.isContentEditable);
    },
  });
}

/**
 * The VK wall fixture with the real Page and every feature, talking to a stand-in for
 * the background worker: ``analysis(comment)`` gives each comment's result, ``answer(type,
 * payload)`` any other message's answer (undefined: the default). Returns
 * ``{doc, page, calls}``; ``calls`` records every message sent.
 */
export function vkWallPage({ analysis, answer = () => undefined, now }) {
  const doc = loadFixture('vk/wall_post.html', 'https://vk.com/wall-12345_678');
  const calls = [];
  const send = async (type, payload) => {
    calls.push({ type, payload });
    if (type === MessageCStoBG.ANALYZE) {
      return { results: Object.fromEntries(payload.comments.map((c) => [c.id, analysis(c)])) };
    }
    const given = answer(type, payload);
    if (given !== undefined) return given;
    if (type === MessageCStoBG.HANDLED) return { handled: {} };
    return { queued: true };
  };
  const page = new Page({ doc, adapter: createAdapter(), settings: mergeSettings({ operator: 'Анна' }), send, now: () => now });
  for (const f of FEATURES) page.use(f);
  return { doc, page, calls };
}
