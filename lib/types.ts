/**
 * Domain types: papers, sightings and visits, saved papers, settings. Shared by the store, the
 * background jobs and the pages; lib/messages.ts (the protocol) builds its requests and answers from them.
 */

import { DEFAULT_SITES, type SiteId } from './sites/specs';

/** A listing site Paper Lens reads (lib/sites/specs.ts), or 'generic': a page the user opted in for its paper links. */
export type Site = SiteId | 'generic';

/** Where Paper Lens knows a paper from. */
export type Origin = 'bundled' | 'seen' | 'saved' | 'imported' | 'zotero';

/** A paper as the pages see it. */
export interface PaperRecord {
  id: string;
  title: string;
  key: string;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  abstract: string | null;
  authors: string[];
  year: number | null;
  codeUrl: string | null;
  topics: string[];
  origins: Origin[];
  /** Import collection ids this paper belongs to. */
  collections: string[];
  addedAt: number;
}

/** One visit of a listing on which a paper was shown. */
export interface Sighting {
  site: Site;
  label: string;
  pageUrl: string;
  date: string | null;
  seenAt: number;
}

/** A saved paper's own fields. */
export interface SavedInfo {
  savedAt: number;
  note: string;
  tags: string[];
}

export interface TopicTag {
  id: string;
  label: string;
  color: string;
  score: number;
  /** Words that triggered the topic, for the popover. */
  why: string[];
}

/** What a listing shows: everything, seen papers dimmed or hidden, saved only, or "for you" with the rest dimmed. */
export type PageFilter = 'all' | 'dim-seen' | 'hide-seen' | 'saved-only' | 'for-you';

/** A site the user can turn on or off: every registered site. */
export type SiteSwitch = SiteId;

export interface Settings {
  historyEnabled: boolean;
  /**
   * How long history is kept: null = everything (the default), else whole years. History is never
   * pruned unless the user chose a limit here.
   */
  historyYears: number | null;
  /** Per-site on/off (each site's spec says its default). */
  sites: Record<SiteSwitch, boolean>;
  /** Hosts the user opted in for the "any page with paper links" adapter. */
  genericHosts: string[];
  /** Per-site page filter. */
  pageFilter: Record<string, PageFilter>;
  /** Default topics the user hid. */
  hiddenTopics: string[];
  /** The page summary is collapsed to a small pill (on every page, until expanded). */
  summaryCollapsed: boolean;
  /** Read the user's Zotero library from Zotero desktop on this computer (off until the user turns it on). */
  zoteroEnabled: boolean;
  /** When Zotero is on: a paper saved in Paper Lens is also created in Zotero. */
  zoteroSaveToo: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  historyEnabled: true,
  historyYears: null,
  sites: { ...DEFAULT_SITES },
  genericHosts: [],
  pageFilter: {},
  hiddenTopics: [],
  summaryCollapsed: false,
  zoteroEnabled: false,
  zoteroSaveToo: true,
};

/** History retention choices offered in the options (years; null = keep everything). */
export const HISTORY_YEARS_CHOICES = [1, 2, 3, 5, 10] as const;

/**
 * A visit: one page load of a listing, plus the reloads of the same URL that follow within
 * VISIT_WINDOW_MS of the visit's first load. Papers shown on an earlier visit are "seen"; papers shown
 * on this one are not, however often the page is reloaded or re-rendered during it.
 */
export const VISIT_WINDOW_MS = 30 * 60 * 1000;
