/** Styles of the in-page badge row and page summary (inside closed shadow roots; isolated both ways). */
export const BADGE_CSS = `
:host { all: initial; }
.row { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin: 3px 0 4px; font: 12px/1.3 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  --fg: #1f2937; --muted: #6b7280; --bg: #ffffff; --chip-bg: #f3f4f6; --border: #d1d5db; --accent: #b45309; --seen-bg: #fef3c7; --seen-fg: #92400e; --focus: #2563eb; color: var(--fg); }
.row.dark { --fg: #e5e7eb; --muted: #9ca3af; --bg: #111827; --chip-bg: #1f2937; --border: #374151; --accent: #fbbf24; --seen-bg: #422006; --seen-fg: #fde68a; --focus: #60a5fa; }
button { font: inherit; color: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.star { border: 1px solid var(--border); background: var(--bg); border-radius: 999px; padding: 0 7px; height: 20px; display: inline-flex; align-items: center; gap: 3px; }
.star[aria-pressed="true"] { color: var(--accent); border-color: var(--accent); }
.star .glyph { font-size: 14px; line-height: 1; }
.seen { position: relative; display: inline-flex; }
.seen > button { border: 0; background: var(--seen-bg); color: var(--seen-fg); border-radius: 10px; padding: 2px 8px; min-height: 20px; text-align: left; line-height: 1.3; }
.pop { position: absolute; z-index: 2147483000; top: 24px; left: 0; min-width: 280px; max-width: 440px; background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-radius: 8px; box-shadow: 0 6px 24px #0003; padding: 8px 10px; }
.pop h4 { margin: 0 0 4px; font-size: 12px; }
.pop ul { margin: 0; padding-left: 16px; }
.pop li { margin: 2px 0; }
.pop a { color: var(--focus); }
.muted { color: var(--muted); }
.chip { border: 1px solid transparent; border-radius: 999px; padding: 0 7px; height: 20px; background: var(--chip-bg); display: inline-flex; align-items: center; gap: 4px; }
.chip .dot { width: 7px; height: 7px; border-radius: 50%; display: inline-block; }
.chip[aria-pressed="true"] { border-color: currentColor; }
.summary { position: fixed; z-index: 2147483000; right: 14px; bottom: 14px; background: var(--bg); color: var(--fg); border: 1px solid var(--border); border-radius: 10px; box-shadow: 0 4px 18px #0002; padding: 6px 10px; display: flex; gap: 8px; align-items: center; font: 12px/1.3 system-ui, sans-serif;
  --fg: #1f2937; --muted: #6b7280; --bg: #ffffff; --border: #d1d5db; --focus: #2563eb; }
.summary.dark { --fg: #e5e7eb; --muted: #9ca3af; --bg: #111827; --border: #374151; --focus: #60a5fa; }
.summary select { font: inherit; color: inherit; background: transparent; border: 1px solid var(--border); border-radius: 6px; }
.summary .logo { font-weight: 600; }
.summary .toggle { border: 1px solid var(--border); background: transparent; color: inherit; border-radius: 6px; padding: 0 6px; cursor: pointer; }
.summary.collapsed { padding: 3px; opacity: 0.85; }
.summary.collapsed .toggle { border: 0; }
.error { color: #b91c1c; }
`;
