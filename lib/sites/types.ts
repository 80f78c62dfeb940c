import type { Site } from '../types';

/** One paper entry found on a page. */
export interface PaperEntry {
  /** The entry element (card, row, dt/dd pair's dt…). */
  element: Element;
  /** The badge row is inserted right after this element (next to the title). */
  anchor: Element;
  /** Title as shown: whitespace collapsed, "Title:"/[PDF] prefixes removed; LaTeX left for the matcher. */
  title: string;
  /** arXiv id without version, when the page gives one. */
  arxivId: string | null;
  arxivVersion: string | null;
  doi: string | null;
  /** Canonical URL of the paper (arXiv abs, HF paper page, publisher link…). */
  url: string | null;
  /** Abstract, when the page shows it in full. */
  abstract: string | null;
  authors: string[];
  year: number | null;
  /** A page-unique key for the entry (arXiv id, Scholar cluster id, …), stable across re-renders. */
  key: string;
  /** Section of the listing (arXiv: "New submissions", "Cross-lists", "Replacements"). */
  section?: string | null;
  /**
   * Other elements of the entry, outside `element` (arXiv's and CVF's dd beside their dt): hidden and
   * dimmed with it by the page filters.
   */
  parts?: Element[];
}

export interface SiteAdapter {
  id: Site;
  name: string;
  matches(url: string): boolean;
  /** Entries in page order. Pure: reads the DOM, never writes it. Never throws on broken markup. */
  findEntries(root: ParentNode, pageUrl: string): PaperEntry[];
  /** Short label of the listing for "seen on …" ("arXiv cs.LG", "HF Papers"). */
  label(pageUrl: string): string;
  /**
   * CSS selector of the badge anchors on this URL, when they are always block boxes: the overlay
   * reserves a row's height under them before the page's first layout, so inserting the rows later
   * moves nothing on the page (lib/sites/reserve.ts). Must match exactly the entries' anchors.
   */
  reserveSelector?(pageUrl: string): string | null;
  /** The listing's date when the URL or page states it (yyyy-mm-dd or as printed). */
  listingDate?(root: ParentNode, pageUrl: string): string | null;
  /**
   * For long listings: the candidate entry elements in page order and how to read one, so that the
   * observer can read a 1,000-entry page in slices of a few milliseconds instead of in one long task.
   * When the plan yields at least one entry, findEntries must return exactly those entries (adapters
   * implement findEntries with their plan); when it yields none, findEntries decides (fallbacks).
   */
  scanPlan?(root: ParentNode, pageUrl: string): ScanPlan | null;
}

export interface ScanPlan {
  elements: Element[];
  /** Called once per element, in page order (a plan may keep state, e.g. to key repeated papers). */
  entryOf(el: Element): PaperEntry | null;
}
