/** One paper entry as it appears in a seed listing. */
export interface CorpusEntry {
  title: string;
  abstract: string;
  /** 1-based position on its listing. */
  position: number;
  /** Line of the title in the seed file. */
  line: number;
}

/** A seed listing (one scraped HF Papers page). */
export interface CorpusListing {
  /** File name without extension, e.g. "001_c06ef7874d86d66c". */
  id: string;
  file: string;
  /** The listing's date as printed ("Mar 13"), when the page had one. */
  date: string | null;
  site: 'hf';
  count: number;
}

/** Where a corpus paper appeared. */
export interface CorpusAppearance {
  listing: string;
  position: number;
  date: string | null;
}

export interface CorpusPaper {
  /** Stable id derived from the normalised title ("p" + 13 base-36 chars). */
  id: string;
  title: string;
  abstract: string;
  /** Normalised title key (lib/match/normalize titleKey). */
  key: string;
  codeUrls: string[];
  listings: CorpusAppearance[];
  /** Default-taxonomy topics, computed at build time (lib/corpus/enrich.ts). */
  topicTags?: Array<{ id: string; score: number; why: string[] }>;
}

export interface BundledCorpus {
  version: 1;
  entryCount: number;
  listings: CorpusListing[];
  papers: CorpusPaper[];
}
