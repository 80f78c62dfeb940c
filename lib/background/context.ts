/**
 * What the background's jobs share: the database, the in-memory indexes (key table, library match
 * index, search), the small tables held whole (saved papers, import collections, settings), counters,
 * and the write queue. Built and loaded by storage.ts; each job module (annotate, history, library,
 * search, porting, settings) works on it.
 */
import type { BundledCorpus, CorpusPaper } from '../corpus/types';
import type { Counts, Library } from '../db/library';
import type { ImportRow, SavedRow, VisitRow } from '../db/schema';
import type { KeyTable } from '../match/key-table';
import type { MatchIndex } from '../match/index';
import type { Broadcast } from '../messages';
import type { Tagger } from '../topics/classifier';
import type { UserTopic } from '../topics/types';
import type { Settings } from '../types';
import type { Segment } from '../search/segment';

export interface ServiceOptions {
  corpus: BundledCorpus;
  version: string;
  dbName?: string;
  broadcast?: (msg: Broadcast) => void;
  now?: () => number;
  /** How long a page's sightings wait for the page to report its badges shown (default HISTORY_WAIT_MS). */
  historyWaitMs?: number;
  /** The browser's storage estimate (navigator.storage.estimate), for the size shown in the options. */
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  /** Zotero client options (tests: the stand-in's address). */
  zotero?: import('../zotero/client').ClientOptions;
  /** Whether the browser lets Paper Lens reach Zotero (its host permission). */
  zoteroPermitted?: () => Promise<boolean>;
}

export interface Ctx {
  readonly opts: ServiceOptions;
  now(): number;
  broadcast(msg: Broadcast): void;
  readonly corpus: BundledCorpus;
  readonly corpusById: Map<string, CorpusPaper>;
  lib: Library;
  settings: Settings;
  userTopics: UserTopic[];
  tagger: Tagger;
  keys: KeyTable;
  /** Fuzzy and exact matching against the bundled corpus and the user's library (saved, imported). */
  libIndex: MatchIndex;
  /** Abstracts of library papers a libIndex lookup compares, read just before it (kept on disk otherwise). */
  readonly libAbstracts: Map<string, string>;
  /** Bumped by every write that changes which papers are in libIndex or their titles. */
  libRev: number;
  saved: Map<string, SavedRow>;
  imports: Map<string, ImportRow>;
  /** Zotero collection names by key (lib/background/zotero.ts). */
  zoteroCollections: Map<string, string>;
  counts: Counts;
  /** Highest paper and visit numbers given out (numbers of failed writes are skipped, never reused). */
  last: { n: number; v: number };
  /** Visits read or started by this worker. */
  visits: Map<number, VisitRow>;
  /** Search segments in the database (id, level, seq), newest last. */
  segList: Array<{ id: number; level: number; seq: number; size: number }>;
  /** Papers deleted since the search index was last rebuilt (their copies in segments are ignored). */
  searchDead: Set<number>;
  /** Tells the search job (when its index is in memory) what changed in the stored segments. */
  searchEvents: SearchEvents;
  /** Runs maintenance (key compaction, segment merges) a little after a write. */
  afterWrite(): void;
  timings: Record<string, number>;
  /** Serialise writes: the library applies them in the order requests arrived. */
  write<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves when the write queue is empty. */
  idle(): Promise<void>;
}

export interface SearchEvents {
  /** A segment was stored (seq = its id); `corpusCopies`: its papers that are bundled-corpus papers. */
  added(seq: number, seg: Segment, corpusCopies: number[]): void;
  /** Papers were deleted. */
  deleted(ns: number[]): void;
  /** Segments `inputs` (by seq) were merged into one with this seq. */
  merged(inputs: number[], seq: number, level: number, seg: Segment): void;
  /** The index was rebuilt in the database: reload it when next needed. */
  rebuilt(): void;
  /** The in-memory copy of a segment, when loaded (merges then need not read it). */
  loaded(seq: number): Segment | undefined;
}

/** Write queue: each write runs after the previous one settled. */
export function writeQueue(after?: () => void): { write<T>(fn: () => Promise<T>): Promise<T>; idle(): Promise<void> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    write<T>(fn: () => Promise<T>): Promise<T> {
      const p = tail.then(fn, fn);
      tail = p.catch(() => undefined);
      if (after) void p.then(after, () => undefined);
      return p;
    },
    idle: () => tail.then(() => undefined),
  };
}

export type { CorpusPaper };

/** Time the phases of a job's last call into ctx.timings (`annotate.keys`, `search.index`, …), for the benchmark. */
export function laps(ctx: Ctx, prefix: string): (what: string) => void {
  let t = performance.now();
  return (what) => {
    const now = performance.now();
    ctx.timings[`${prefix}.${what}`] = now - t;
    t = now;
  };
}
