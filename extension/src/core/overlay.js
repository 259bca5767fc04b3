// Shadow-DOM hosts for the overlay: one per comment (slots that features fill), one
// under a reply box, and floating ones (the panel). Hosts sit next to the site's
// elements, never inside an editor, and are marked data-otklik-host so adapters and
// text readers skip them.
import { adoptStyles } from '../compat.js';
import { cssFor } from './styles.js';

// (The one floating host: the unanswered panel, floating('panel').)
const PANEL_TAG = 'otklik-panel';

export const SLOT_ORDER = ['handled', 'claim', 'tone', 'gratitude', 'persona', 'wait'];

/** Write into `slot` what differs from `shown` (what it shows), and note it there. */
function write(slot, shown, text, attrs) {
  if (text !== undefined && shown['#text'] !== text) {
    slot.textContent = text;
    shown['#text'] = text;
  }
  for (const name in attrs) {
    const value = attrs[name];
    if ((shown[name] ?? null) === value) continue;
    if (value === null) slot.removeAttribute(name);
    else slot.setAttribute(name, value);
    shown[name] = value;
  }
}

export class Overlay {
  constructor(doc, adapter) {
    this.doc = doc;
    this.adapter = adapter;
    this.badges = new WeakMap(); // comment element → {host, root, box, slots}
    this.sheets = { badge: {}, draft: {}, panel: {} }; // kind → {sheet}: one per kind, shared
    this.theme = 'light';
    this.css = { badge: cssFor('badge', 'light'), draft: cssFor('draft', 'light'), panel: cssFor('panel', 'light') };
  }

  makeHost(tag, kind) {
    const host = this.doc.createElement(tag);
    host.setAttribute('data-otklik-host', '');
    const root = host.attachShadow({ mode: 'open' });
    adoptStyles(root, this.css[kind], this.sheets[kind]);
    return { host, root };
  }

  /**
   * Draw every host in `theme` ('light' or 'dark'), those on the page and those made later.
   * Nothing per badge: the shadow roots all adopt one sheet per kind, rewritten here once.
   * Where a browser cannot adopt sheets (Firefox content scripts: a <style> per root), the
   * hosts on the page are rewritten one by one — on a theme switch only (a badge still
   * waiting off the page for its analysis keeps the theme it was made in).
   */
  setTheme(theme) {
    if (theme === this.theme) return;
    this.theme = theme;
    let styled = false;
    for (const kind in this.sheets) {
      const cache = this.sheets[kind];
      this.css[kind] = cssFor(kind, theme);
      if (cache.sheet) cache.sheet.replaceSync(this.css[kind]);
      else if (cache.sheet === null) styled = true;
    }
    if (!styled) return;
    for (const host of this.doc.querySelectorAll('[data-otklik-host]')) {
      const style = host.shadowRoot?.querySelector('style');
      const kind = host.localName === 'otklik-badge' ? 'badge' : host.localName === PANEL_TAG ? 'panel' : 'draft';
      if (style) style.textContent = this.css[kind];
    }
  }

  badgeTemplate() {
    if (this.template) return this.template;
    const box = this.doc.createElement('div');
    box.className = 'otklik-badge';
    box.setAttribute('part', 'badge');
    for (const name of SLOT_ORDER) {
      const span = this.doc.createElement('span');
      span.className = `otklik-chip otklik-${name}`;
      span.dataset.slot = name;
      box.appendChild(span);
    }
    this.template = box;
    return box;
  }

  /**
   * Fill a slot of the prepared badge every new badge is cloned from with what most new
   * badges show first (so a new badge needs no write there): `text` and attributes
   * (`attrs`, as for `show`).
   */
  fillTemplate(name, text, attrs = {}) {
    const shown = { '#text': '', ...this.templateShown?.[name] };
    this.templateShown = { ...this.templateShown, [name]: shown };
    const slot = this.badgeTemplate().children[SLOT_ORDER.indexOf(name)];
    write(slot, shown, text, attrs);
  }

  /**
   * Show `text` (undefined: leave it) and attributes (`attrs`: name → value, null for
   * none) in a slot of the comment's badge, writing only what differs from what the
   * slot shows. What it shows is kept here, not read back from the slot: reading a
   * node costs about as much as writing it, and each write inside a shadow root
   * invalidates its style. Every write into a slot goes through here.
   */
  show(el, name, text, attrs = {}) {
    const b = this.badge(el);
    const shown = b.shown[name] ?? (b.shown[name] = { '#text': '', ...this.templateShown?.[name] });
    write(b.slots[name], shown, text, attrs);
    return b.slots[name];
  }

  /**
   * The badge of a comment, made on first use. A new badge is off the page until
   * `place`: the features fill it there, and the page lays it out once, with everything
   * it shows (each change to a badge on the page costs the page a style and layout pass).
   */
  badge(el) {
    let b = this.badges.get(el);
    if (b && (b.host.isConnected || !b.placed)) return b;
    const { host, root } = this.makeHost('otklik-badge', 'badge');
    // One clone of a prepared box instead of six elements made one by one (100s per scroll).
    const box = this.badgeTemplate().cloneNode(true);
    // (Walked by sibling: a new node's `children` collection is made on first use.)
    const slots = {};
    let span = box.firstElementChild;
    for (const name of SLOT_ORDER) {
      slots[name] = span;
      span = span.nextElementSibling;
    }
    root.appendChild(box);
    b = { host, root, box, slots, shown: {}, placed: false };
    this.badges.set(el, b);
    return b;
  }

  /** Put the comments' badges made since on the page, after each comment's text. */
  place(els) {
    for (const el of els) {
      const b = this.badges.get(el);
      if (!b || b.placed || !el.isConnected) continue;
      b.placed = true;
      const anchor = this.adapter.badgeAnchor(el);
      if (anchor === el) el.appendChild(b.host);
      else anchor.insertAdjacentElement('afterend', b.host);
    }
  }

  /** Remove a comment's badge (its node was rendered anew elsewhere). */
  drop(el) {
    const b = this.badges.get(el);
    if (b) b.host.remove();
    this.badges.delete(el);
  }

  /** Did the site remove this comment's badge (re-rendering the comment's insides)? */
  lost(el) {
    const b = this.badges.get(el);
    return Boolean(b && b.placed && !b.host.isConnected);
  }

  slot(el, name) {
    return this.badge(el).slots[name];
  }

  /** A host right after `anchor` (under a reply box), made once per anchor. */
  below(anchor, name) {
    const next = anchor.nextElementSibling;
    if (next?.matches?.(`otklik-${name}[data-otklik-host]`)) return { host: next, root: next.shadowRoot };
    const { host, root } = this.makeHost(`otklik-${name}`, 'draft');
    anchor.insertAdjacentElement('afterend', host);
    return { host, root };
  }

  /** A fixed-position host on the page (the unanswered panel). */
  floating(name) {
    const existing = this.doc.querySelector(`otklik-${name}[data-otklik-host]`);
    if (existing) return { host: existing, root: existing.shadowRoot };
    const { host, root } = this.makeHost(`otklik-${name}`, 'panel');
    // The corner the site leaves free (Facebook docks its chats at the bottom right).
    host.dataset.side = this.adapter.panelSide ?? 'right';
    (this.doc.body ?? this.doc.documentElement).appendChild(host);
    return { host, root };
  }
}
