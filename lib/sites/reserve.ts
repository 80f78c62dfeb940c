/**
 * Space for the badge rows, reserved before the page's first layout.
 *
 * On a listing of 1,000 entries every row inserted after the page has been laid out moves every
 * entry below it, and the browser pays a relayout and repaint of the whole list (≈ 40–50 ms per
 * frame on a slow machine, whatever the number of rows). So the content script, which starts at
 * document_start, adds one style rule that gives each badge anchor (SiteAdapter.reserveSelector) a
 * bottom padding of one row; the rows are later laid into that padding by hosts whose negative top
 * margin cancels their height (hostMargins), and nothing on the page moves.
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

/** Margins of a row host laid out in the space reserved under its anchor (see hostMargins). */
export interface RowSpace {
  /** Pulls the host up into the anchor's reserved padding. */
  top: number;
  /** The anchor's own bottom margin, carried below the host: whatever follows stays where it was. */
  bottom: number;
}

/**
 * Margins that place a host of ROW_HEIGHT right after an anchor with bottom margin `m` exactly over the
 * anchor's reserved padding, so that the host takes no room in the flow: its top at the anchor's bottom
 * border edge minus ROW_HEIGHT, whatever follows it where it was. In block flow adjoining margins
 * collapse (a positive and a negative add up; two negatives give the more negative); in a flex column or
 * a grid they do not, and in a flex column the container's gap comes once more with the host.
 */
export function hostMargins(m: number, layout: { collapses: boolean; gap: number }): RowSpace {
  if (layout.collapses) return { top: m < 0 ? -ROW_HEIGHT : -(ROW_HEIGHT + m), bottom: m };
  return { top: -(ROW_HEIGHT + m + layout.gap), bottom: m };
}

/**
 * Whether an anchor has its row reserved (the rule applies, no page style overrides it, and a host
 * after it would go below it), and the host's margins. Reads computed style only, never layout.
 */
export function reservedSpace(anchor: Element, selector: string): RowSpace | null {
  try {
    if (!anchor.matches(selector)) return null;
    const cs = getComputedStyle(anchor);
    if (cs.display === 'inline' || cs.display === 'contents' || cs.paddingBottom !== `${ROW_HEIGHT}px`) return null;
    if (cs.float !== 'none' || cs.position === 'absolute' || cs.position === 'fixed') return null;
    const parent = anchor.parentElement;
    const ps = parent ? getComputedStyle(parent) : null;
    const pd = ps?.display ?? 'block';
    const m = parseFloat(cs.marginBottom) || 0;
    const gap = ps ? parseFloat(ps.rowGap) || 0 : 0;
    if (/flex/.test(pd)) {
      // In a flex row the host would go beside the title.
      if (!ps!.flexDirection.startsWith('column')) return null;
      return hostMargins(m, { collapses: false, gap });
    }
    if (/grid/.test(pd)) {
      // Only a one-column grid puts the host on the next row, and only without a row gap: a grid track
      // is never negative, so the gap the host's track brings cannot be taken back by its margins.
      if (ps!.gridTemplateColumns.trim().split(/\s+/).length !== 1 || gap > 0) return null;
      return hostMargins(m, { collapses: false, gap: 0 });
    }
    return hostMargins(m, { collapses: true, gap: 0 });
  } catch {
    return null;
  }
}
