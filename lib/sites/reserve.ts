/**
 * Space for the badge rows, reserved before the page's first layout.
 *
 * On a listing of 1,000 entries every row inserted after the page has been laid out moves every
 * entry below it, and the browser pays a relayout and repaint of the whole list (≈ 40–50 ms per
 * frame on a slow machine, whatever the number of rows). So the content script, which starts at
 * document_start, adds one style rule that gives each badge anchor (SiteAdapter.reserveSelector) a
 * bottom padding of one row; the rows are later drawn into that padding by zero-height hosts and
 * nothing on the page moves.
 */

/** Height of a one-line badge row (components/badge.css: 20 px items + 3 + 4 px margins). */
export const ROW_HEIGHT = 27;
export const RESERVE_STYLE_ID = 'paper-lens-reserve';

export function reserveCss(selector: string): string {
  return `${selector}{padding-bottom:${ROW_HEIGHT}px!important}`;
}

/** Adds, updates or (selector null) removes the reservation rule. */
export function setReservation(doc: Document, selector: string | null): void {
  let style = doc.getElementById(RESERVE_STYLE_ID);
  if (!selector) {
    style?.remove();
    return;
  }
  const css = reserveCss(selector);
  if (style && style.textContent === css) return;
  if (!style) {
    style = doc.createElement('style');
    style.id = RESERVE_STYLE_ID;
    (doc.head ?? doc.documentElement).appendChild(style);
  }
  style.textContent = css;
}

/**
 * Whether an anchor has its row reserved (the rule applies and no page style overrides it), and the
 * anchor's bottom margin (the host sits after it). Reads computed style only, never layout.
 */
export function reservedSpace(anchor: Element, selector: string): { margin: number } | null {
  try {
    if (!anchor.matches(selector)) return null;
    const cs = getComputedStyle(anchor);
    if (cs.display === 'inline' || cs.display === 'contents' || cs.paddingBottom !== `${ROW_HEIGHT}px`) return null;
    return { margin: parseFloat(cs.marginBottom) || 0 };
  } catch {
    return null;
  }
}
