// The overlay's styles, inside shadow roots only: the site's CSS cannot reach them and
// they cannot reach the site. Everything is prefixed otklik- anyway, for debugging.
//
// A badge costs the page style and layout for each comment (scripts/bench_overlay.py):
// the host resets the inherited properties it needs by name (`all: initial` made every
// host compute all ~400 properties), and chips are inline blocks on one line box, not
// flex items (flex lays each item out twice).
export const BADGE_CSS = `
:host { display: block; margin: 3px 0 2px; padding: 0; border: 0; float: none; position: static; visibility: visible;
  font: 12px/1.35 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; text-align: start; text-indent: 0;
  text-transform: none; letter-spacing: normal; word-spacing: normal; white-space: normal; text-shadow: none; cursor: auto;
  direction: ltr; }
.otklik-badge { position: relative; }
.otklik-badge[data-handled="true"] > :not(.otklik-handled):not(.otklik-pop) { opacity: .45; }
.otklik-chip { display: inline-block; margin: 0 4px 2px 0; padding: 0 7px; border-radius: 9px; border: 1px solid transparent; white-space: nowrap; }
.otklik-chip:empty { display: none; }
.otklik-tone[data-tone="negative"] { background: #fde8e8; color: #a61b1b; border-color: #f5b5b5; }
.otklik-tone[data-tone="neutral"] { background: #eef0f3; color: #4a5260; border-color: #d6dbe2; }
.otklik-tone[data-tone="positive"] { background: #e5f6ea; color: #17663a; border-color: #a9dcb8; }
.otklik-tone[data-tone="pending"], .otklik-tone[data-tone="unavailable"] { background: #f5f5f5; color: #888; }
.otklik-tone::before { content: ""; display: inline-block; width: 7px; height: 7px; margin-right: 3px; border-radius: 50%; background: currentColor; vertical-align: 1px; }
.otklik-gratitude { background: #fff5d6; color: #7a5a00; border-color: #f0d98a; }
.otklik-persona { background: #eef3ff; color: #234a9c; border-color: #c3d3f5; cursor: pointer; font: inherit; }
.otklik-persona:hover, .otklik-persona[aria-expanded="true"] { background: #dce7ff; }
.otklik-wait[data-level="ok"] { color: #4a5260; }
.otklik-wait[data-level="soon"] { color: #8a5a00; background: #fff3d6; }
.otklik-wait[data-level="late"] { color: #fff; background: #c62828; }
.otklik-handled { background: #e7f5ee; color: #17663a; border-color: #a9dcb8; font-weight: 600; }
.otklik-claim { background: #fff0e0; color: #8a4b00; border-color: #f2c58f; font-weight: 600; }
.otklik-pop { position: absolute; z-index: 2147483000; top: calc(100% + 4px); left: 0; width: 320px; max-width: 80vw;
  background: #fff; border: 1px solid #c9d1dc; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.16); padding: 10px 12px; }
.otklik-pop[hidden] { display: none; }
.otklik-pop h4 { margin: 0 0 4px; font-size: 12px; color: #234a9c; }
.otklik-pop p { margin: 0 0 8px; }
.otklik-pop ul { margin: 0; padding: 0; list-style: none; display: grid; gap: 4px; }
.otklik-pop button.otklik-phrasing { all: unset; cursor: pointer; display: block; padding: 4px 8px; border-radius: 6px; background: #f3f6fb; }
.otklik-pop button.otklik-phrasing:hover, .otklik-pop button.otklik-phrasing:focus-visible { background: #dce7ff; outline: 1px solid #7aa0e8; }
.otklik-pop small { display: block; margin-top: 6px; color: #777; }
`;

export const DRAFT_CSS = `
:host { all: initial; display: block; margin: 4px 0 6px; font: 12px/1.4 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; }
.otklik-draft { border-left: 3px solid #9aa5b4; padding: 4px 8px; background: #f7f9fb; border-radius: 0 6px 6px 0; }
.otklik-draft[hidden] { display: none; }
.otklik-draft[data-level="ok"] { border-color: #2e9a5a; }
.otklik-draft[data-level="warn"] { border-color: #e0a100; background: #fffaf0; }
.otklik-draft[data-level="high"] { border-color: #c62828; background: #fff3f3; }
.otklik-draft-head { font-weight: 600; }
.otklik-draft-nearest { color: #555; margin-top: 2px; }
.otklik-draft-text { margin-top: 3px; white-space: pre-wrap; }
mark.otklik-cliche { background: #ffe08a; border-radius: 3px; padding: 0 1px; }
mark.otklik-template { background: #ffd3d3; }
.otklik-alts { margin: 3px 0 0; padding-left: 16px; }
.otklik-coach { border-left: 3px solid #9aa5b4; padding: 4px 8px; margin-top: 4px; background: #f7f9fb; border-radius: 0 6px 6px 0; }
.otklik-coach[hidden] { display: none; }
.otklik-coach[data-all-met="true"] { border-color: #2e9a5a; }
.otklik-coach[data-all-met="false"] { border-color: #e0a100; }
.otklik-coach-head { font-weight: 600; }
.otklik-coach ul { margin: 2px 0 0; padding: 0; list-style: none; }
.otklik-coach li { padding-left: 18px; text-indent: -18px; }
.otklik-coach li::before { display: inline-block; width: 18px; text-indent: 0; }
.otklik-coach li[data-met="true"]::before { content: "✓"; color: #2e9a5a; }
.otklik-coach li[data-met="false"]::before { content: "✗"; color: #c62828; }
.otklik-coach li[data-met="false"] .otklik-coach-reason { color: #6b3b00; }
`;

export const PANEL_CSS = `
:host { all: initial; position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  font: 12px/1.35 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #222; }
:host([data-side="left"]) { right: auto; left: 16px; }
.otklik-panel { width: 280px; background: #fff; border: 1px solid #c9d1dc; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18); overflow: hidden; }
.otklik-panel-head { all: unset; box-sizing: border-box; display: flex; width: 100%; justify-content: space-between; align-items: center;
  padding: 7px 10px; background: #234a9c; color: #fff; cursor: pointer; font-weight: 600; }
.otklik-panel-head .otklik-target { font-weight: 400; opacity: .85; }
.otklik-panel[data-collapsed="true"] ol, .otklik-panel[data-collapsed="true"] .otklik-panel-foot { display: none; }
.otklik-panel ol { margin: 0; padding: 0; list-style: none; max-height: 300px; overflow: auto; }
.otklik-panel li button { all: unset; box-sizing: border-box; display: flex; gap: 6px; width: 100%; padding: 5px 10px; cursor: pointer; border-top: 1px solid #eef0f3; }
.otklik-panel li button:hover { background: #f3f6fb; }
.otklik-dot { flex: none; width: 8px; height: 8px; border-radius: 50%; margin-top: 4px; background: #9aa5b4; }
.otklik-dot[data-urgent="true"] { background: #c62828; }
.otklik-item-text { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.otklik-item-wait[data-level="late"] { color: #c62828; font-weight: 600; }
.otklik-item-wait[data-level="soon"] { color: #8a5a00; }
.otklik-panel li[data-claimed="true"] button { opacity: .6; }
.otklik-item-claim { color: #8a4b00; white-space: nowrap; }
.otklik-panel-foot, .otklik-panel-empty { padding: 6px 10px; color: #666; }
.otklik-health { padding: 8px 10px; background: #fde8e8; color: #8a1c1c; display: grid; gap: 4px; }
.otklik-offline { padding: 6px 10px; background: #fff3d6; color: #7a5a00; }
`;
