/**
 * The paper rows read or written most recently, kept in memory for as long as the worker lives.
 *
 * A reader who opens several listings in a row meets the same papers again (cross-lists, yesterday's
 * papers on today's listing, the papers just written by the previous page's history): their rows are
 * answered from here instead of a round trip to IndexedDB. MV3 stops an idle worker after 30 s, so the
 * first listing of a morning always reads from disk; nothing here outlives the worker.
 *
 * Coherence: rows enter on a committed write (Writer → `committed`) or on a read. A read that was in
 * flight while a write committed may carry rows older than that write, so its rows are not kept
 * (`epoch`). Callers get a copy: nothing they change reaches the cache.
 */
import type { PaperRow } from './schema';

/**
 * A copy sharing nothing with `r` (structuredClone costs ≈ 25 µs a row in Chromium: 8 ms for a listing's
 * 300 cached rows; this ≈ 1 µs). Every array-valued field of PaperRow is copied here (row-cache.test.ts
 * checks that no object is shared).
 */
export function cloneRow(r: PaperRow): PaperRow {
  const c: PaperRow = { ...r, authors: r.authors.slice(), topics: r.topics.slice(), origins: r.origins.slice(), collections: r.collections.slice(), seen: r.seen.map((s) => [s[0], s[1]]) };
  if (r.zotero) c.zotero = r.zotero.slice();
  return c;
}

/** Rows kept: a few listings' worth (≈ 0.5 kB each in memory). */
export const ROW_CACHE_SIZE = 4096;

export class RowCache {
  private rows = new Map<number, PaperRow>();
  /** Bumped by every committed write of paper rows. */
  epoch = 0;
  hits = 0;
  misses = 0;

  constructor(readonly capacity = ROW_CACHE_SIZE) {}

  get size(): number {
    return this.rows.size;
  }

  /** Copies of the cached rows among `ns`; the numbers not cached go to `missing`. */
  take(ns: Iterable<number>, missing: number[]): Map<number, PaperRow> {
    const out = new Map<number, PaperRow>();
    for (const n of ns) {
      if (out.has(n)) continue;
      const r = this.rows.get(n);
      if (r) {
        // Most recently used last: Map keeps insertion order.
        this.rows.delete(n);
        this.rows.set(n, r);
        out.set(n, cloneRow(r));
        this.hits++;
      } else {
        missing.push(n);
        this.misses++;
      }
    }
    return out;
  }

  /**
   * Rows read from the database by a read that started at `epoch`, dropped if a write committed between.
   * IndexedDB already answers a read before a write begun after it; this keeps a late answer out anyway.
   */
  fromRead(rows: Iterable<PaperRow>, epoch: number): void {
    if (epoch !== this.epoch) return;
    for (const r of rows) this.set(r.n, cloneRow(r));
  }

  /**
   * A write committed: each paper's last change, its row as put (a copy taken when it was put, owned by
   * the cache from now on) or null (deleted); `all`: rows were changed that are not named (drop them all).
   */
  committed(changes: Map<number, PaperRow | null>, all = false): void {
    this.epoch++;
    if (all) this.rows.clear();
    for (const [n, r] of changes) {
      if (r) this.set(n, r);
      else this.rows.delete(n);
    }
  }

  clear(): void {
    this.epoch++;
    this.rows.clear();
  }

  private set(n: number, r: PaperRow): void {
    this.rows.delete(n);
    this.rows.set(n, r);
    if (this.rows.size > this.capacity) this.rows.delete(this.rows.keys().next().value as number);
  }
}
