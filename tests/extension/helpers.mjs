// Loading the committed fixtures into jsdom for the adapter and overlay tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

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
