/**
 * Test cases of every site, gathered from the site folders (lib/sites/<site>/cases.ts). Tests only: the
 * extension never imports this.
 */
import { cases as acl } from './acl/cases';
import { cases as arxiv } from './arxiv/cases';
import { cases as cvf } from './cvf/cases';
import { cases as dblp } from './dblp/cases';
import { cases as hf } from './hf/cases';
import { cases as scholar } from './scholar/cases';
import type { SiteId } from './specs';

/** A real saved page (../shared/fixtures/<file>) served at `url`: what the adapter must find on it. */
export interface SavedCase {
  file: string;
  url: string;
  count: number;
  /** [arXiv id, title] of the first and the last entry. */
  first: [string | null, string];
  last: [string | null, string];
  abstracts: boolean;
  /** Entries that must carry an arXiv id / a DOI (at least this many). */
  withArxiv?: number;
  withDoi?: number;
}

export interface SiteCases {
  /** URLs the site's adapter and its match patterns both take. */
  handles: string[];
  /** URLs of the site that are no listing: the adapter may run there but finds nothing. */
  noEntries?: Array<{ url: string; html: string }>;
  saved: SavedCase[];
}

export const CASES: Record<SiteId, SiteCases> = { hf, arxiv, scholar, acl, dblp, cvf };
