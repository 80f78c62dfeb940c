/**
 * The library's store operations (schema v3, lib/db/schema.ts). Reads are batched (a listing's papers
 * are read with a few range reads, lib/db/ranges.ts); every write is one readwrite transaction
 * (`write`), and what it changes in memory is applied only after it committed (Writer.onCommit), so
 * a failed write (a full disk, a stopped worker) leaves both the database and the caller's state as
 * they were.
 */
import type { Origin } from '../types';
import { DEFAULT_SETTINGS, type Settings } from '../types';
import { coalesce } from './ranges';
import { cloneRow, RowCache } from './row-cache';
import {
  describeStorageError,
  fire,
  SEEN_KEEP,
  type DB,
  type ImportRow,
  type KeyLogRow,
  type PaperLensDB,
  type PaperRow,
  type SavedRow,
  type SegmentRow,
  type VisitRow,
} from './schema';
import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';
import type { SerializedSegment } from '../search/segment';

/** A paper as a page or an import describes it (before it has a number). */
export interface NewPaper {
  id: string;
  title: string;
  key: string;
  arxivId?: string | null;
  doi?: string | null;
  url?: string | null;
  abstract?: string | null;
  authors?: string[];
  year?: number | null;
  codeUrl?: string | null;
  topics?: string[];
  /** `topics` were classified from the title and an abstract (see PaperRow.topicsChecked). */
  topicsChecked?: boolean;
}

/** Library-wide counters, kept in meta.counts by every write (counting a million rows is slow). */
export interface Counts {
  papers: number;
  sightings: number;
  visits: number;
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeStorageError(e);
  }
}

const isPlaceholderTitle = (t: string) => /^arXiv:\S+$/.test(t);

/**
 * Merge what a page or import says about a paper into its row (or a new row numbered n). Fields already
 * known win unless empty; a longer abstract (by 200+ characters) replaces a shorter one. Returns the
 * row and the abstract to store (null: the stored one stays).
 */
export function mergePaper(existing: PaperRow | undefined, p: NewPaper, origin: Origin | null, now: number, n: number, collection?: string): { row: PaperRow; abstract: string | null } {
  const base: PaperRow = existing ?? {
    n,
    id: p.id,
    title: p.title,
    key: p.key,
    arxivId: null,
    doi: null,
    url: null,
    authors: [],
    year: null,
    codeUrl: null,
    topics: [],
    origins: [],
    collections: [],
    addedAt: now,
    updatedAt: now,
    abstractLen: 0,
    seen: [],
    seenCount: 0,
  };
  const row: PaperRow = { ...base };
  // A paper first known only by its id (saved from a link) gets its real title when a listing shows it.
  if (isPlaceholderTitle(row.title) && p.title && !isPlaceholderTitle(p.title)) {
    row.title = p.title;
    row.key = p.key;
  }
  row.arxivId = row.arxivId ?? p.arxivId ?? null;
  row.doi = row.doi ?? p.doi ?? null;
  row.url = row.url ?? p.url ?? null;
  let abstract: string | null = null;
  if (p.abstract && (row.abstractLen === 0 || p.abstract.length > row.abstractLen + 200)) {
    abstract = p.abstract;
    row.abstractLen = p.abstract.length;
  }
  if (row.authors.length === 0 && p.authors?.length) row.authors = p.authors;
  row.year = row.year ?? p.year ?? null;
  row.codeUrl = row.codeUrl ?? p.codeUrl ?? null;
  if (p.topics && row.topics.length === 0) row.topics = p.topics;
  if (p.topicsChecked && row.topics.length === 0) row.topicsChecked = true;
  if (origin && !row.origins.includes(origin)) row.origins = [...row.origins, origin];
  if (collection && !row.collections.includes(collection)) row.collections = [...row.collections, collection];
  row.updatedAt = now;
  return { row, abstract };
}

/**
 * Two rows that differ at most in updatedAt (whether a listing's history write must put the row again).
 * Compared field by field, arrays element by element (a JSON round of both rows cost ≈ 3 ms a listing).
 */
export function sameApartFromTime(a: PaperRow, b: PaperRow): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    keys++;
    if (k !== 'updatedAt' && !sameValue(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) keys--;
  return keys === 0;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/** A row with visit v at time `at` in its recent sightings (once per visit). */
export function withSighting(row: PaperRow, v: number, at: number): { row: PaperRow; added: boolean } {
  if (row.seen.some((s) => s[0] === v)) return { row, added: false };
  const seen = [[v, at] as [number, number], ...row.seen].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, SEEN_KEEP);
  return { row: { ...row, seen, seenCount: row.seenCount + 1, origins: row.origins.includes('seen') ? row.origins : [...row.origins, 'seen'] }, added: true };
}

/** Strip the fragment: the same listing with another #anchor is the same page. */
export function canonicalPageUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url;
  }
}

type Stores = StoreNames<PaperLensDB>;
type Tx = IDBPTransaction<PaperLensDB, Stores[], 'readwrite' | 'readonly'>;

/**
 * Rows of papers numbered `ns`, read with as few requests as their spacing allows. The requests go to
 * IndexedDB directly, all at once, with one promise for the batch (a listing's papers: hundreds of reads
 * on the path of every annotate).
 */
function readRowsIn(tx: Tx, ns: Iterable<number>): Promise<Map<number, PaperRow>> {
  const out = new Map<number, PaperRow>();
  const ranges = coalesce(ns);
  if (!ranges.length) return Promise.resolve(out);
  const store = unwrap(tx.objectStore('papers')) as IDBObjectStore;
  return new Promise((resolve, reject) => {
    let pending = ranges.length;
    const done = () => {
      if (--pending === 0) resolve(out);
    };
    for (const [lo, hi, want] of ranges) {
      if (lo === hi) {
        const r = store.get(lo);
        r.onsuccess = () => {
          if (r.result) out.set(lo, r.result as PaperRow);
          done();
        };
        r.onerror = () => reject(r.error);
      } else {
        const r = store.getAll(IDBKeyRange.bound(lo, hi));
        r.onsuccess = () => {
          for (const row of r.result as PaperRow[]) if (want.has(row.n)) out.set(row.n, row);
          done();
        };
        r.onerror = () => reject(r.error);
      }
    }
  });
}

/** One readwrite transaction: writes, plus what to apply in memory once it has committed. */
export class Writer {
  private keyH: number[] = [];
  private keyN: number[] = [];
  private commits: Array<() => void> = [];
  private before: Array<() => Promise<void> | void> = [];
  readonly delta: Counts = { papers: 0, sightings: 0, visits: 0 };
  private segs: Array<{ level: number; seg: SerializedSegment }> = [];
  /** Segment ids given to the segments added (after commit). */
  readonly segmentIds: number[] = [];

  private raw = new Map<string, IDBObjectStore>();
  /** Paper rows changed here, for the row cache once committed (null: deleted). */
  private changed = new Map<number, PaperRow | null>();
  private changedAll = false;

  constructor(
    readonly tx: IDBPTransaction<PaperLensDB, Stores[], 'readwrite'>,
    private readonly cache: RowCache,
  ) {}

  /**
   * The plain IDBObjectStore: a put or delete through it is one request and no promise (idb wraps each
   * request in a promise; a thousand of them per batch cost more than the writes). A failed request
   * aborts the transaction, which `finish` reports.
   */
  store(name: Stores): IDBObjectStore {
    let s = this.raw.get(name);
    if (!s) {
      s = unwrap(this.tx.objectStore(name)) as unknown as IDBObjectStore;
      this.raw.set(name, s);
    }
    return s;
  }

  put(name: Stores, value: unknown, key?: IDBValidKey): void {
    this.store(name).put(value, key);
    if (name === 'papers') this.changed.set((value as PaperRow).n, cloneRow(value as PaperRow));
  }

  delete(name: Stores, key: IDBValidKey | IDBKeyRange): void {
    this.store(name).delete(key);
    if (name === 'papers') {
      if (typeof key === 'number') this.changed.set(key, null);
      else this.changedAll = true;
    }
  }

  readRows(ns: Iterable<number>): Promise<Map<number, PaperRow>> {
    return readRowsIn(this.tx as unknown as Tx, ns);
  }

  async paperById(id: string): Promise<PaperRow | undefined> {
    return this.tx.objectStore('papers').index('byId').get(id);
  }

  /** Rows by paper id, read in this transaction (all requests issued at once). */
  papersByIds(ids: Iterable<string>): Promise<Map<string, PaperRow>> {
    const idx = this.store('papers').index('byId');
    const out = new Map<string, PaperRow>();
    const all = [...new Set(ids)];
    if (!all.length) return Promise.resolve(out);
    return new Promise((resolve, reject) => {
      let pending = all.length;
      for (const id of all) {
        const r = idx.get(id);
        r.onsuccess = () => {
          if (r.result) out.set(id, r.result as PaperRow);
          if (--pending === 0) resolve(out);
        };
        r.onerror = () => reject(r.error);
      }
    });
  }

  /** Abstracts of these papers, read in this transaction. */
  async abstracts(ns: number[]): Promise<Map<number, string>> {
    const store = this.tx.objectStore('abstracts');
    const out = new Map<number, string>();
    await Promise.all(ns.map(async (n) => {
      const a = await store.get(n);
      if (a) out.set(n, a);
    }));
    return out;
  }

  /** Put a paper row (isNew: it did not exist), and its abstract when given. */
  putPaper(row: PaperRow, abstract: string | null, isNew: boolean): void {
    this.put('papers', row);
    if (abstract) this.put('abstracts', abstract, row.n);
    if (isNew) this.delta.papers++;
  }

  /** Delete a paper (its sightings stay in their visits' records, skipped from now on: not counted). */
  deletePaper(n: number, sightings: number): void {
    this.delete('papers', n);
    this.delete('abstracts', n);
    this.delta.papers--;
    this.delta.sightings -= sightings;
  }

  /** The papers one write of a visit showed, as one record. */
  putSightings(v: number, at: number, ns: number[]): void {
    if (!ns.length) return;
    this.store('sightings').add({ v, at, ns: Uint32Array.from(ns) });
    this.delta.sightings += ns.length;
  }

  putVisit(v: VisitRow, isNew: boolean): void {
    this.put('visits', v);
    if (isNew) this.delta.visits++;
  }

  /** Count sightings or visits deleted by the caller's own requests. */
  uncount(what: 'sightings' | 'visits' | 'papers', k: number): void {
    this.delta[what] -= k;
  }

  putSaved(s: SavedRow): void {
    this.put('saved', s);
  }

  deleteSaved(paperId: string): void {
    this.delete('saved', paperId);
  }

  /** Match keys of papers written here (logged in one record, lib/match/key-table.ts). */
  addKeys(hashes: number[], n: number): void {
    for (const h of hashes) {
      this.keyH.push(h);
      this.keyN.push(n);
    }
  }

  /** A search segment for the papers written here; its id is segmentIds[returned index] before commit. */
  addSegment(level: number, seg: SerializedSegment): number {
    return this.segs.push({ level, seg }) - 1;
  }

  putMeta(key: string, value: unknown): void {
    this.put('meta', { key, value });
  }

  onCommit(fn: () => void): void {
    this.commits.push(fn);
  }

  /** Run fn inside the transaction just before it commits (after the segments got their ids). */
  beforeCommit(fn: () => Promise<void> | void): void {
    this.before.push(fn);
  }

  /** Write the logs and counters, wait for the commit, then apply the in-memory effects. */
  async finish(): Promise<void> {
    if (this.keyH.length) fire(this.tx.objectStore('keylog').add({ h: Uint32Array.from(this.keyH), n: Uint32Array.from(this.keyN) } satisfies KeyLogRow));
    for (const s of this.segs) this.segmentIds.push((await this.tx.objectStore('segments').add({ level: s.level, seg: s.seg } as SegmentRow)) as number);
    for (const fn of this.before) await fn();
    if (this.delta.papers || this.delta.sightings || this.delta.visits) {
      const meta = this.tx.objectStore('meta');
      const cur = ((await meta.get('counts'))?.value as Counts | undefined) ?? { papers: 0, sightings: 0, visits: 0 };
      await meta.put({ key: 'counts', value: { papers: cur.papers + this.delta.papers, sightings: cur.sightings + this.delta.sightings, visits: cur.visits + this.delta.visits } });
    }
    await this.tx.done;
    if (this.changed.size || this.changedAll) this.cache.committed(this.changed, this.changedAll);
    for (const fn of this.commits) fn();
  }
}

const ALL_STORES: Stores[] = ['papers', 'abstracts', 'saved', 'visits', 'sightings', 'imports', 'meta', 'keylog', 'segments', 'undo'];

export class Library {
  /** Told the change in the counters after each committed write (the owner keeps them in memory). */
  onCounts: ((delta: Counts) => void) | null = null;
  /** Recently read or written paper rows (lib/db/row-cache.ts): `readRows` asks the database for the rest. */
  readonly rowCache = new RowCache();
  /** Writes over the papers begun and not yet finished: while any is, rows are read from the database (readRows). */
  private writing = 0;

  constructor(readonly db: DB) {}

  close(): void {
    this.db.close();
  }

  /** Run fn in one readwrite transaction over `stores` (all by default); resolves after commit. */
  async write<T>(fn: (w: Writer) => Promise<T>, stores: Stores[] = ALL_STORES): Promise<T> {
    const body = () => run(async () => {
      const tx = this.db.transaction(stores.includes('meta') ? stores : [...stores, 'meta'], 'readwrite');
      tx.done.catch(() => undefined); // awaited in finish(); an aborted transaction is reported there
      const w = new Writer(tx as unknown as IDBPTransaction<PaperLensDB, Stores[], 'readwrite'>, this.rowCache);
      let out: T;
      try {
        out = await fn(w);
      } catch (e) {
        try {
          tx.abort();
        } catch {
          /* already finished */
        }
        throw e;
      }
      await w.finish();
      if (w.delta.papers || w.delta.sightings || w.delta.visits) this.onCounts?.(w.delta);
      return out;
    });
    return stores.includes('papers') ? this.overPapers(body) : body();
  }

  /** Run a write that may change paper rows: until it has finished, readRows goes to the database. */
  private async overPapers<T>(body: () => Promise<T>): Promise<T> {
    this.writing++;
    try {
      return await body();
    } finally {
      this.writing--;
    }
  }

  /* ------------------------------------------------------------ reads */

  /**
   * Rows of papers numbered `ns` (copies: the caller may change them), from the row cache or the database.
   * While a write is under way they all come from the database: a read transaction begun after a write
   * sees what that write committed (IndexedDB orders them), and the cache learns it only once committed.
   */
  async readRows(ns: Iterable<number>): Promise<Map<number, PaperRow>> {
    let missing: number[] = [];
    let out = new Map<number, PaperRow>();
    if (this.writing) missing = [...new Set(ns)];
    else out = this.rowCache.take(ns, missing);
    if (!missing.length) return out;
    const epoch = this.rowCache.epoch;
    const read = await run(() => readRowsIn(this.db.transaction('papers') as unknown as Tx, missing));
    this.rowCache.fromRead(read.values(), epoch);
    for (const [n, r] of read) out.set(n, r);
    return out;
  }

  paperById(id: string): Promise<PaperRow | undefined> {
    return run(() => this.db.getFromIndex('papers', 'byId', id));
  }

  async papersByIds(ids: Iterable<string>): Promise<Map<string, PaperRow>> {
    return run(async () => {
      const idx = this.db.transaction('papers').store.index('byId');
      const out = new Map<string, PaperRow>();
      await Promise.all([...new Set(ids)].map(async (id) => {
        const r = await idx.get(id);
        if (r) out.set(id, r);
      }));
      return out;
    });
  }

  async abstracts(ns: Iterable<number>): Promise<Map<number, string>> {
    return run(async () => {
      const store = this.db.transaction('abstracts').store;
      const out = new Map<number, string>();
      await Promise.all([...new Set(ns)].map(async (n) => {
        const a = await store.get(n);
        if (a) out.set(n, a);
      }));
      return out;
    });
  }

  /** Papers n ≥ from, in order, at most `limit` (for rebuilds, exports and maintenance). */
  scanPapers(from: number, limit: number): Promise<PaperRow[]> {
    return run(() => this.db.getAll('papers', IDBKeyRange.lowerBound(from), limit));
  }

  papersInCollection(id: string): Promise<PaperRow[]> {
    return run(() => this.db.getAllFromIndex('papers', 'byCollection', id));
  }

  /** The highest paper and visit numbers in use (0 when none). */
  async lastNumbers(): Promise<{ n: number; v: number }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'visits']);
      const [p, v] = await Promise.all([tx.objectStore('papers').openKeyCursor(null, 'prev'), tx.objectStore('visits').openKeyCursor(null, 'prev')]);
      return { n: (p?.key as number | undefined) ?? 0, v: (v?.key as number | undefined) ?? 0 };
    });
  }

  /** The most recent visit of a page URL. */
  async latestVisit(url: string): Promise<VisitRow | undefined> {
    return run(async () => {
      const c = await this.db.transaction('visits').store.index('byUrl').openCursor(IDBKeyRange.only(url), 'prev');
      return c?.value;
    });
  }

  async visits(vs: Iterable<number>): Promise<Map<number, VisitRow>> {
    return run(async () => {
      const store = this.db.transaction('visits').store;
      const out = new Map<number, VisitRow>();
      await Promise.all([...new Set(vs)].map(async (v) => {
        const r = await store.get(v);
        if (r) out.set(v, r);
      }));
      return out;
    });
  }

  allSaved(): Promise<SavedRow[]> {
    return run(() => this.db.getAll('saved'));
  }
  allImports(): Promise<ImportRow[]> {
    return run(() => this.db.getAll('imports'));
  }
  async getMeta<T>(key: string): Promise<T | undefined> {
    return run(async () => (await this.db.get('meta', key))?.value as T | undefined);
  }
  async setMeta(key: string, value: unknown): Promise<void> {
    return run(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      await tx.store.put({ key, value });
      await tx.done;
    });
  }
  async counts(): Promise<Counts> {
    return (await this.getMeta<Counts>('counts')) ?? { papers: 0, sightings: 0, visits: 0 };
  }

  async settings(): Promise<Settings> {
    const s = await this.getMeta<Partial<Settings>>('settings');
    return { ...DEFAULT_SETTINGS, ...(s ?? {}), sites: { ...DEFAULT_SETTINGS.sites, ...(s?.sites ?? {}) }, pageFilter: { ...(s?.pageFilter ?? {}) } };
  }
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return run(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      const cur = ((await tx.store.get('settings'))?.value ?? {}) as Partial<Settings>;
      const next: Settings = {
        ...DEFAULT_SETTINGS,
        ...cur,
        ...patch,
        sites: { ...DEFAULT_SETTINGS.sites, ...(cur.sites ?? {}), ...(patch.sites ?? {}) },
        pageFilter: { ...(cur.pageFilter ?? {}), ...(patch.pageFilter ?? {}) },
      };
      await tx.store.put({ key: 'settings', value: next });
      await tx.done;
      return next;
    });
  }

  /** The key table's persisted state: its base and the logs written since. */
  async keyState(): Promise<{ base: { h: Uint32Array; n: Uint32Array } | null; logs: KeyLogRow[]; lastLog: number }> {
    return run(async () => {
      const tx = this.db.transaction(['meta', 'keylog']);
      const [base, logs, last] = await Promise.all([
        tx.objectStore('meta').get('keybase'),
        tx.objectStore('keylog').getAll(),
        tx.objectStore('keylog').openKeyCursor(null, 'prev'),
      ]);
      return { base: (base?.value as { h: Uint32Array; n: Uint32Array } | undefined) ?? null, logs, lastLog: (last?.key as number | undefined) ?? 0 };
    });
  }

  /** Replace the key base and drop the logs it includes (≤ upTo), in one transaction. */
  async writeKeyBase(base: { h: Uint32Array; n: Uint32Array }, upTo: number): Promise<void> {
    return run(async () => {
      const tx = this.db.transaction(['meta', 'keylog'], 'readwrite');
      fire(tx.objectStore('meta').put({ key: 'keybase', value: base }));
      if (upTo > 0) fire(tx.objectStore('keylog').delete(IDBKeyRange.upperBound(upTo)));
      await tx.done;
    });
  }

  async lastKeyLog(): Promise<number> {
    return run(async () => ((await this.db.transaction('keylog').store.openKeyCursor(null, 'prev'))?.key as number | undefined) ?? 0);
  }

  segments(): Promise<SegmentRow[]> {
    return run(() => this.db.getAll('segments'));
  }

  async segmentsById(ids: number[]): Promise<SegmentRow[]> {
    return run(async () => {
      const store = this.db.transaction('segments').store;
      return (await Promise.all(ids.map((id) => store.get(id)))).filter((s): s is SegmentRow => !!s);
    });
  }

  /** Put a merged segment and delete its inputs, in one transaction; resolves to the new segment's id. */
  async replaceSegments(inputs: number[], level: number, seg: SerializedSegment): Promise<number> {
    return run(async () => {
      const tx = this.db.transaction('segments', 'readwrite');
      const id = (await tx.store.add({ level, seg } as SegmentRow)) as number;
      for (const i of inputs) fire(tx.store.delete(i));
      await tx.done;
      return id;
    });
  }

  async savedNewestFirst(limit: number, offset = 0): Promise<SavedRow[]> {
    return run(async () => {
      const out: SavedRow[] = [];
      let cursor = await this.db.transaction('saved').store.index('bySavedAt').openCursor(null, 'prev');
      if (cursor && offset > 0) cursor = await cursor.advance(offset);
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return out;
    });
  }

  /** Delete everything (options "delete all data"). */
  async wipe(): Promise<void> {
    return this.overPapers(() => run(async () => {
      const tx = this.db.transaction(ALL_STORES, 'readwrite');
      await Promise.all(ALL_STORES.map((s) => tx.objectStore(s).clear()));
      await tx.done;
      this.rowCache.clear();
    }));
  }
}
