// The overlay's styles, inside shadow roots only: the site's CSS cannot reach them and
// they cannot reach the site. Everything is prefixed otklik- anyway, for debugging.
//
// A badge costs the page style and layout for each comment (scripts/bench_overlay.py):
// the host resets the inherited properties it needs by name (`all: initial` made every
// host compute all ~400 properties), and chips are inline blocks on one line box, not
// flex items (flex lays each item out twice).
//
// Two themes, the site's own (core/theme.js tells which): each stylesheet is written once
// per palette, so the dark sheet has the same rules as the light one with other colours —
// no extra rules for every badge to match, and switching is one `replaceSync` of the
// sheet all shadow roots share (Overlay.setTheme). The light palette gives exactly the
// stylesheets of before.
//
// Dark colours: every text on its own background, and the uncoloured text (no background
// of its own) on the sites' dark backgrounds — VK's #141414 page / #222222 blocks, Facebook's
// #18191a page / #242526 cards / #3a3b3c comment bubbles — have a WCAG contrast of at
// least 4.5:1 (tests/extension/theme.test.mjs checks each pair below).

export const LIGHT = Object.freeze({
  text: '#222',
  negBg: '#fde8e8', negFg: '#a61b1b', negBorder: '#f5b5b5',
  neuBg: '#eef0f3', neuFg: '#4a5260', neuBorder: '#d6dbe2',
  posBg: '#e5f6ea', posFg: '#17663a', posBorder: '#a9dcb8', handledBg: '#e7f5ee',
  pendBg: '#f5f5f5', pendFg: '#888',
  gratBg: '#fff5d6', gratFg: '#7a5a00', gratBorder: '#f0d98a',
  persBg: '#eef3ff', persFg: '#234a9c', persBorder: '#c3d3f5', persHover: '#dce7ff',
  waitOk: '#4a5260',
  soonFg: '#8a5a00', soonBg: '#fff3d6',
  lateFg: '#fff', lateBg: '#c62828',
  claimBg: '#fff0e0', claimFg: '#8a4b00', claimBorder: '#f2c58f',
  popBg: '#fff', popBorder: '#c9d1dc', popShadow: 'rgba(0,0,0,.16)', popHead: '#234a9c',
  phraseBg: '#f3f6fb', phraseHover: '#dce7ff', phraseOutline: '#7aa0e8', popSmall: '#777',
  // The draft check and the coach under a reply box.
  draftBorder: '#9aa5b4', draftBg: '#f7f9fb', okBorder: '#2e9a5a',
  warnBorder: '#e0a100', warnBg: '#fffaf0', highBorder: '#c62828', highBg: '#fff3f3',
  nearest: '#555', clicheBg: '#ffe08a', clicheFg: 'inherit', templateBg: '#ffd3d3', templateFg: 'inherit',
  metFg: '#2e9a5a', unmetFg: '#c62828', reasonFg: '#6b3b00',
  // The unanswered panel.
  panelBg: '#fff', panelBorder: '#c9d1dc', panelShadow: 'rgba(0,0,0,.18)',
  headBg: '#234a9c', headFg: '#fff', itemBorder: '#eef0f3', itemHover: '#f3f6fb',
  dot: '#9aa5b4', urgent: '#c62828', itemLate: '#c62828', itemSoon: '#8a5a00', itemClaim: '#8a4b00',
  foot: '#666', healthBg: '#fde8e8', healthFg: '#8a1c1c', offlineBg: '#fff3d6', offlineFg: '#7a5a00',
});

export const DARK = Object.freeze({
  text: '#e4e6eb',
  negBg: '#4a1f22', negFg: '#ffb4b4', negBorder: '#7a3a3e',
  neuBg: '#33373d', neuFg: '#d0d5dc', neuBorder: '#4a5059',
  posBg: '#1d3b28', posFg: '#9fe0b5', posBorder: '#36644a', handledBg: '#1d3b28',
  pendBg: '#2e3033', pendFg: '#a8acb3',
  gratBg: '#3d3418', gratFg: '#f0d27a', gratBorder: '#6b5a22',
  persBg: '#1f2d4d', persFg: '#aac4ff', persBorder: '#3a5288', persHover: '#2a3d66',
  waitOk: '#b0b3b8',
  soonFg: '#f5c66b', soonBg: '#3d3114',
  lateFg: '#fff', lateBg: '#b3261e',
  claimBg: '#43301a', claimFg: '#ffc27a', claimBorder: '#7a5426',
  popBg: '#242526', popBorder: '#3e4042', popShadow: 'rgba(0,0,0,.5)', popHead: '#aac4ff',
  phraseBg: '#303236', phraseHover: '#2a3d66', phraseOutline: '#5b7fd0', popSmall: '#a8acb3',
  draftBorder: '#6b7480', draftBg: '#2a2c30', okBorder: '#3fb871',
  warnBorder: '#e0a100', warnBg: '#35301f', highBorder: '#e5534b', highBg: '#3d2224',
  // (A highlight keeps its light background and gets dark text: a yellow mark stays a
  // yellow mark.)
  nearest: '#b0b3b8', clicheBg: '#ffe08a', clicheFg: '#1c1c1c', templateBg: '#ffd3d3', templateFg: '#1c1c1c',
  metFg: '#5cc98a', unmetFg: '#ff8a80', reasonFg: '#ffc27a',
  panelBg: '#242526', panelBorder: '#3e4042', panelShadow: 'rgba(0,0,0,.5)',
  headBg: '#234a9c', headFg: '#fff', itemBorder: '#3a3b3c', itemHover: '#303236',
  dot: '#8a939f', urgent: '#e5534b', itemLate: '#ff8a80', itemSoon: '#f5c66b', itemClaim: '#ffc27a',
  foot: '#b0b3b8', healthBg: '#4a1f22', healthFg: '#ffb4b4', offlineBg: '#3d3114', offlineFg: '#f5d27a',
});

export function badgeCss(c) {
  return `
:host { display: block; margin: 3px 0 2px; padding: 0; border: 0; float: none; position: static; visibility: visible;
  font: 12px/1.35 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: ${c.text}; text-align: start; text-indent: 0;
  text-transform: none; letter-spacing: normal; word-spacing: normal; white-space: normal; text-shadow: none; cursor: auto;
  direction: ltr; }
.otklik-badge { position: relative; }
.otklik-badge[data-flash="true"] { outline: 2px solid ${c.phraseOutline}; outline-offset: 2px; border-radius: 10px; }
.otklik-badge[data-handled="true"] > :not(.otklik-handled):not(.otklik-pop) { opacity: .45; }
.otklik-chip { display: inline-block; margin: 0 4px 2px 0; padding: 0 7px; border-radius: 9px; border: 1px solid transparent; white-space: nowrap; }
.otklik-chip:empty { display: none; }
.otklik-tone[data-tone="negative"] { background: ${c.negBg}; color: ${c.negFg}; border-color: ${c.negBorder}; }
.otklik-tone[data-tone="neutral"] { background: ${c.neuBg}; color: ${c.neuFg}; border-color: ${c.neuBorder}; }
.otklik-tone[data-tone="positive"] { background: ${c.posBg}; color: ${c.posFg}; border-color: ${c.posBorder}; }
.otklik-tone[data-tone="pending"], .otklik-tone[data-tone="unavailable"] { background: ${c.pendBg}; color: ${c.pendFg}; }
.otklik-tone::before { content: ""; display: inline-block; width: 7px; height: 7px; margin-right: 3px; border-radius: 50%; background: currentColor; vertical-align: 1px; }
.otklik-gratitude { background: ${c.gratBg}; color: ${c.gratFg}; border-color: ${c.gratBorder}; }
.otklik-persona { background: ${c.persBg}; color: ${c.persFg}; border-color: ${c.persBorder}; cursor: pointer; font: inherit; }
.otklik-persona:hover, .otklik-persona[aria-expanded="true"] { background: ${c.persHover}; }
.otklik-wait[data-level="ok"], .otklik-wait[data-level="unknown"] { color: ${c.waitOk}; }
.otklik-wait[data-level="soon"] { color: ${c.soonFg}; background: ${c.soonBg}; }
.otklik-wait[data-level="late"] { color: ${c.lateFg}; background: ${c.lateBg}; }
.otklik-handled { background: ${c.handledBg}; color: ${c.posFg}; border-color: ${c.posBorder}; font-weight: 600; }
.otklik-claim { background: ${c.claimBg}; color: ${c.claimFg}; border-color: ${c.claimBorder}; font-weight: 600; }
.otklik-pop { position: absolute; z-index: 2147483000; top: calc(100% + 4px); left: 0; width: 320px; max-width: 80vw;
  background: ${c.popBg}; border: 1px solid ${c.popBorder}; border-radius: 8px; box-shadow: 0 6px 24px ${c.popShadow}; padding: 10px 12px; }
.otklik-pop[hidden] { display: none; }
.otklik-pop h4 { margin: 0 0 4px; font-size: 12px; color: ${c.popHead}; }
.otklik-pop p { margin: 0 0 8px; }
.otklik-pop ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 4px; }
.otklik-pop button.otklik-phrasing { all: unset; cursor: pointer; display: block; padding: 4px 8px; border-radius: 6px; background: ${c.phraseBg}; }
.otklik-pop button.otklik-phrasing:hover, .otklik-pop button.otklik-phrasing:focus-visible { background: ${c.phraseHover}; outline: 1px solid ${c.phraseOutline}; }
.otklik-pop small { display: block; margin-top: 6px; color: ${c.popSmall}; }
`;
}

export function draftCss(c) {
  return `
:host { all: initial; display: block; margin: 4px 0 6px; font: 12px/1.4 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: ${c.text}; }
.otklik-draft { border-left: 3px solid ${c.draftBorder}; padding: 4px 8px; background: ${c.draftBg}; border-radius: 0 6px 6px 0; }
.otklik-draft[hidden] { display: none; }
.otklik-draft[data-level="ok"] { border-color: ${c.okBorder}; }
.otklik-draft[data-level="warn"] { border-color: ${c.warnBorder}; background: ${c.warnBg}; }
.otklik-draft[data-level="high"] { border-color: ${c.highBorder}; background: ${c.highBg}; }
.otklik-draft-head { font-weight: 600; }
.otklik-draft-nearest { color: ${c.nearest}; margin-top: 2px; }
.otklik-draft-text { margin-top: 3px; white-space: pre-wrap; }
mark.otklik-cliche { background: ${c.clicheBg};${c.clicheFg === 'inherit' ? '' : ` color: ${c.clicheFg};`} border-radius: 3px; padding: 0 1px; }
mark.otklik-template { background: ${c.templateBg};${c.templateFg === 'inherit' ? '' : ` color: ${c.templateFg};`} }
.otklik-alts { margin: 3px 0 0; padding-left: 16px; }
.otklik-coach { border-left: 3px solid ${c.draftBorder}; padding: 4px 8px; margin-top: 4px; background: ${c.draftBg}; border-radius: 0 6px 6px 0; }
.otklik-coach[hidden] { display: none; }
.otklik-coach[data-all-met="true"] { border-color: ${c.okBorder}; }
.otklik-coach[data-all-met="false"] { border-color: ${c.warnBorder}; }
.otklik-coach-head { font-weight: 600; }
.otklik-coach ul { margin: 2px 0 0; padding: 0; list-style: none; }
.otklik-coach li { padding-left: 18px; text-indent: -18px; }
.otklik-coach li::before { display: inline-block; width: 18px; text-indent: 0; }
.otklik-coach li[data-met="true"]::before { content: "✓"; color: ${c.metFg}; }
.otklik-coach li[data-met="false"]::before { content: "✗"; color: ${c.unmetFg}; }
.otklik-coach li[data-met="false"] .otklik-coach-reason { color: ${c.reasonFg}; }
`;
}

export function panelCss(c) {
  return `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  font: 12px/1.35 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: ${c.text}; }
:host([data-side="left"]) { right: auto; left: 16px; }
:host([data-away="true"]) { display: none; }
.otklik-panel { width: 280px; background: ${c.panelBg}; border: 1px solid ${c.panelBorder}; border-radius: 10px; box-shadow: 0 6px 24px ${c.panelShadow}; overflow: hidden; }
.otklik-panel-head { all: unset; box-sizing: border-box; display: flex; width: 100%; justify-content: space-between; align-items: center;
  padding: 7px 10px; background: ${c.headBg}; color: ${c.headFg}; cursor: pointer; font-weight: 600; }
.otklik-panel-head .otklik-target { font-weight: 400; opacity: .85; }
.otklik-panel[data-collapsed="true"] ol, .otklik-panel[data-collapsed="true"] .otklik-panel-foot { display: none; }
.otklik-panel ol { margin: 0; padding: 0; list-style: none; max-height: 300px; overflow: auto; }
.otklik-panel li button { all: unset; box-sizing: border-box; display: flex; gap: 6px; width: 100%; padding: 5px 10px; cursor: pointer; border-top: 1px solid ${c.itemBorder}; }
.otklik-panel li button:hover { background: ${c.itemHover}; }
.otklik-dot { flex: none; width: 8px; height: 8px; border-radius: 50%; margin-top: 4px; background: ${c.dot}; }
.otklik-dot[data-urgent="true"] { background: ${c.urgent}; }
.otklik-item-text { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.otklik-item-wait[data-level="late"] { color: ${c.itemLate}; font-weight: 600; }
.otklik-item-wait[data-level="soon"] { color: ${c.itemSoon}; }
.otklik-panel li[data-claimed="true"] button { opacity: .6; }
.otklik-item-claim { color: ${c.itemClaim}; white-space: nowrap; }
.otklik-panel-foot, .otklik-panel-empty { padding: 6px 10px; color: ${c.foot}; }
.otklik-health { padding: 8px 10px; background: ${c.healthBg}; color: ${c.healthFg}; display: grid; gap: 4px; }
.otklik-offline { padding: 6px 10px; background: ${c.offlineBg}; color: ${c.offlineFg}; }
`;
}

const WRITERS = { badge: badgeCss, draft: draftCss, panel: panelCss };
const made = new Map(); // "kind theme" → CSS text, written once

/** The stylesheet of one kind of host ('badge', 'draft', 'panel') in a theme ('light', 'dark'). */
export function cssFor(kind, theme) {
  const key = `${kind} ${theme}`;
  let css = made.get(key);
  if (css === undefined) {
    css = WRITERS[kind](theme === 'dark' ? DARK : LIGHT);
    made.set(key, css);
  }
  return css;
}

export const BADGE_CSS = cssFor('badge', 'light');
export const DRAFT_CSS = cssFor('draft', 'light');
export const PANEL_CSS = cssFor('panel', 'light');
