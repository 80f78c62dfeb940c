/**
 * The local library's IndexedDB schema (idb), versioned with an upgrade path.
 *
 * v1: papers (by id), saved, sightings (one per paper per page URL), imports.
 * v2: meta (settings, user topics, cached whole-library snapshots); papers.byUpdated; saved.byTag.
 * v3: built for a library of millions (docs/storage.md):
 *   - papers keyed by a number `n` given in the order papers are first met, so the papers of one listing
 *     visit sit next to each other and are read back with a few range reads; `byId` finds one by id;
 *     each row carries its most recent sightings (`seen`), so a listing is annotated from the rows alone;
 *   - abstracts in a store of their own (read only when a page needs one);
 *   - visits (one page load of a listing, and its reloads within VISIT_WINDOW_MS) and sightings (the
 *     papers each write of a visit showed: one record per write), the full history;
 *   - keylog and segments: the match keys and the search index, written a listing at a time beside the
 *     papers they index (lib/match/key-table.ts, lib/search/segment.ts); meta.keybase holds the key
 *     table's merged base.
 * The v2 → v3 step (migrateV2) copies every record; the derived indexes are then rebuilt once from the
 * papers (lib/background/storage.ts).
 * v4: undo (each paper as it was before an import touched it, until the import is finished or cancelled).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { siteOfRecorded } from '../sites/specs';
import type { Origin, Site } from '../types';
import type { SerializedSegment } from '../search/segment';

export const DB_NAME = 'paper-lens';

/** A request whose failure is the transaction's (reported when it ends): its own rejection is not. */
export function fire(p: Promise<unknown>): void {
  p.catch(() => undefined);
}
export const DB_VERSION = 5;

/**
 * Version of the derived data (key hashes, search segments): a database whose meta.derived differs has
 * them rebuilt from its papers at start-up (after an upgrade, or when their format changes).
 */
export const DERIVED_VERSION = 1;

/** A paper's most recent sightings, newest first: [visit number, time]. */
export type SeenRef = [v: number, at: number];

/** How many sightings a paper row carries (the full history is in `sightings`). */
export const SEEN_KEEP = 16;

/** A paper in the library (its abstract, when known, is in `abstracts` under the same `n`). */
export interface PaperRow {
  n: number;
  id: string;
  title: string;
  /** Normalised title key (lib/match/normalize). */
  key: string;
  arxivId: string | null;
  doi: string | null;
  url: string | null;
  authors: string[];
  year: number | null;
  codeUrl: string | null;
  /** Default-taxonomy topic ids, computed when the paper was first met. */
  topics: string[];
  /**
   * Its topics were classified from its title and abstract and none was found: an empty `topics` is an
   * answer, not "not classified yet" (which is classified again when shown, from whatever text is at hand).
   */
  topicsChecked?: true;
  origins: Origin[];
  collections: string[];
  addedAt: number;
  updatedAt: number;
  /** Length of the paper's abstract in `abstracts` (0: none known). */
  abstractLen: number;
  /** Most recent sightings, newest first, at most SEEN_KEEP (one per visit). */
  seen: SeenRef[];
  /** Visits the paper was seen on, in all (pruned ones excepted). */
  seenCount: number;
  /** Keys of the Zotero collections its Zotero item is in (papers of origin 'zotero'). */
  zotero?: string[];
}

export interface SavedRow {
  paperId: string;
  savedAt: number;
  note: string;
  tags: string[];
}

export interface VisitRow {
  v: number;
  /** Canonical page URL (no fragment). */
  url: string;
  site: Site;
  label: string;
  date: string | null;
  startedAt: number;
  lastAt: number;
  /** Page-load tokens that belong to this visit (the last few). */
  loads: string[];
}

/**
 * The papers one write of a visit showed: one record per page write (not one per paper: a 500-entry
 * listing is one put). `ns` may name papers deleted since (their sightings are skipped when read).
 */
export interface SightingRow {
  id?: number;
  v: number;
  at: number;
  ns: Uint32Array;
}

export interface ImportRow {
  id: string;
  name: string;
  format: string;
  count: number;
  importedAt: number;
  /** Still being imported: finished (importFinish) or undone (importCancel). */
  pending?: boolean;
}

/** A paper as it was before import `c` first touched it (row null: the import created it). */
/**
 * How to undo an import (key [c, n]): a paper it changed, as it was before (`row`, n ≥ 0), or, in one
 * record per batch (n < 0), the papers it created (`created`).
 */
export interface UndoRow {
  c: string;
  n: number;
  row: PaperRow | null;
  abstract: string | null;
  created?: Uint32Array;
  /** Saved rows an import wrote: each paper (number and id) with its saved row before the import (null: not saved). */
  saves?: Array<{ n: number; paperId: string; before: SavedRow | null }>;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/** New match keys of one write: parallel arrays of key hashes and paper numbers. */
export interface KeyLogRow {
  h: Uint32Array;
  n: Uint32Array;
}

export interface SegmentRow {
  id: number;
  /** Recency of its content: its own id, or for a merge the highest of its inputs' (newest copy wins). */
  seq?: number;
  /** Merge generation: eight segments of one level are merged into one of the next. */
  level: number;
  seg: SerializedSegment;
}

export interface PaperLensDB extends DBSchema {
  papers: { key: number; value: PaperRow; indexes: { byId: string; byCollection: string } };
  abstracts: { key: number; value: string };
  saved: { key: string; value: SavedRow; indexes: { bySavedAt: number; byTag: string } };
  visits: { key: number; value: VisitRow; indexes: { byUrl: string } };
  sightings: { key: number; value: SightingRow; indexes: { byAt: number; byVisit: number } };
  imports: { key: string; value: ImportRow; indexes: { byImportedAt: number } };
  meta: { key: string; value: MetaRow };
  keylog: { key: number; value: KeyLogRow };
  segments: { key: number; value: SegmentRow };
  undo: { key: [string, number]; value: UndoRow };
}

export type DB = IDBPDatabase<PaperLensDB>;
type UpgradeTx = IDBPTransaction<PaperLensDB, ArrayLike<StoreNames<PaperLensDB>>, 'versionchange'>;

/** Stores as v2 had them, for the upgrade (the v2 rows are read through these names). */
interface V2Paper {
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
  collections: string[];
  addedAt: number;
  updatedAt?: number;
}
interface V2Sighting {
  id: string;
  paperId: string;
  site: Site;
  label: string;
  pageUrl: string;
  date: string | null;
  seenAt: number;
  lastSeenAt: number;
}

function createV3Stores(db: IDBPDatabase<PaperLensDB>): void {
  const papers = db.createObjectStore('papers', { keyPath: 'n' });
  papers.createIndex('byId', 'id', { unique: true });
  papers.createIndex('byCollection', 'collections', { multiEntry: true });
  db.createObjectStore('abstracts');
  const visits = db.createObjectStore('visits', { keyPath: 'v' });
  visits.createIndex('byUrl', 'url');
  const sightings = db.createObjectStore('sightings', { keyPath: 'id', autoIncrement: true });
  sightings.createIndex('byAt', 'at');
  sightings.createIndex('byVisit', 'v');
  db.createObjectStore('keylog', { autoIncrement: true });
  db.createObjectStore('segments', { keyPath: 'id', autoIncrement: true });
}

/** Schema steps. A new database gets v3 at once; older ones are upgraded with every record kept. */
export function upgradeSchema(db: IDBPDatabase<PaperLensDB>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
  if (newVersion < 3) throw new Error('Paper Lens opens its database at version 3 or later');
  if (oldVersion === 0) {
    createV3Stores(db);
    const saved = db.createObjectStore('saved', { keyPath: 'paperId' });
    saved.createIndex('bySavedAt', 'savedAt');
    saved.createIndex('byTag', 'tags', { multiEntry: true });
    const imports = db.createObjectStore('imports', { keyPath: 'id' });
    imports.createIndex('byImportedAt', 'importedAt');
    const meta = db.createObjectStore('meta', { keyPath: 'key' });
    fire(meta.put({ key: 'derived', value: DERIVED_VERSION }));
    db.createObjectStore('undo', { keyPath: ['c', 'n'] });
    return;
  }
  if (oldVersion < 4) db.createObjectStore('undo', { keyPath: ['c', 'n'] });
  // v5: sites got ids of their own (the registry): visits recorded as 'generic' on a registered site's
  // page (ACL Anthology until now) belong to that site. v2 databases get it in migrateV2.
  if (oldVersion >= 3 && oldVersion < 5) void retagGenericVisits(tx);
  if (oldVersion < 3) {
    // v1 lacked meta and saved.byTag (v2 added them).
    if (!(db.objectStoreNames as unknown as DOMStringList).contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
    const saved = tx.objectStore('saved');
    if (!(saved.indexNames as unknown as DOMStringList).contains('byTag')) saved.createIndex('byTag', 'tags', { multiEntry: true });
    // The v2 stores are renamed, read into the new ones and then deleted, all in this transaction.
    (tx.objectStore('papers') as unknown as { name: string }).name = 'papers_v2';
    (tx.objectStore('sightings') as unknown as { name: string }).name = 'sightings_v2';
    createV3Stores(db);
    void migrateV2(db, tx).catch((e: unknown) => {
      // Abort: the database stays at its old version with every record as it was.
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
      console.error('[paper-lens] upgrade failed; the database was left as it was', e);
    });
  }
}

async function retagGenericVisits(tx: UpgradeTx): Promise<void> {
  try {
    let cursor = await tx.objectStore('visits').openCursor();
    while (cursor) {
      const v = cursor.value;
      const site = siteOfRecorded(v.site, v.url);
      if (site !== v.site) fire(cursor.update({ ...v, site }));
      cursor = await cursor.continue();
    }
  } catch (e) {
    try {
      tx.abort();
    } catch {
      /* already finished */
    }
    console.error('[paper-lens] upgrade failed; the database was left as it was', e);
  }
}

/** Group key of a v2 sighting time on a page: the visits v3 reconstructs. */
const visitKey = (url: string, at: number) => `${at}\u0000${url}`;

/**
 * v2 → v3, inside the upgrade transaction (awaiting only its own requests). A v2 sighting row says a
 * paper was on a page first at `seenAt` and last at `lastSeenAt`; every v2 write of one page load shared
 * one time, so each distinct (page, time) is one visit. Each v2 sighting becomes one v3 sighting at
 * `seenAt` and, when it was seen again later, a second at `lastSeenAt`.
 */
async function migrateV2(db: IDBPDatabase<PaperLensDB>, tx: UpgradeTx): Promise<void> {
  const rawTx = tx as unknown as { objectStore(name: string): { getAll(): Promise<unknown[]>; openCursor(): Promise<{ value: unknown; continue(): Promise<unknown> } | null> } };
  const oldSightings = (await rawTx.objectStore('sightings_v2').getAll()) as V2Sighting[];
  // Visits, in time order.
  const visits = new Map<string, VisitRow>();
  const events = oldSightings.flatMap((s) => (s.lastSeenAt > s.seenAt ? [[s, s.seenAt] as const, [s, s.lastSeenAt] as const] : [[s, s.seenAt] as const]));
  events.sort((a, b) => a[1] - b[1] || (a[0].pageUrl < b[0].pageUrl ? -1 : a[0].pageUrl > b[0].pageUrl ? 1 : 0));
  for (const [s, at] of events) {
    const k = visitKey(s.pageUrl, at);
    if (!visits.has(k)) visits.set(k, { v: visits.size + 1, url: s.pageUrl, site: siteOfRecorded(s.site, s.pageUrl), label: s.label, date: s.date ?? null, startedAt: at, lastAt: at, loads: [] });
  }
  const byPaper = new Map<string, Array<{ v: number; at: number }>>();
  for (const [s, at] of events) {
    const v = visits.get(visitKey(s.pageUrl, at))!.v;
    const list = byPaper.get(s.paperId) ?? [];
    if (!list.some((x) => x.v === v)) list.push({ v, at });
    byPaper.set(s.paperId, list);
  }
  /** Per visit (and time): the papers it showed. */
  const shown = new Map<string, { v: number; at: number; ns: number[] }>();
  const papers = tx.objectStore('papers');
  const abstracts = tx.objectStore('abstracts');
  const sightings = tx.objectStore('sightings');
  let n = 0;
  let sightingCount = 0;
  let cursor = await rawTx.objectStore('papers_v2').openCursor();
  while (cursor) {
    const old = cursor.value as V2Paper;
    n++;
    const mine = (byPaper.get(old.id) ?? []).sort((a, b) => b.at - a.at || b.v - a.v);
    const row: PaperRow = {
      n,
      id: old.id,
      title: old.title,
      key: old.key,
      arxivId: old.arxivId ?? null,
      doi: old.doi ?? null,
      url: old.url ?? null,
      authors: old.authors ?? [],
      year: old.year ?? null,
      codeUrl: old.codeUrl ?? null,
      topics: old.topics ?? [],
      origins: old.origins ?? [],
      collections: old.collections ?? [],
      addedAt: old.addedAt ?? 0,
      updatedAt: typeof old.updatedAt === 'number' ? old.updatedAt : (old.addedAt ?? 0),
      abstractLen: old.abstract?.length ?? 0,
      seen: mine.slice(0, SEEN_KEEP).map((s) => [s.v, s.at]),
      seenCount: mine.length,
    };
    fire(papers.put(row));
    if (old.abstract) fire(abstracts.put(old.abstract, n));
    for (const s of mine) {
      const k = `${s.v}:${s.at}`;
      const rec = shown.get(k);
      if (rec) rec.ns.push(n);
      else shown.set(k, { v: s.v, at: s.at, ns: [n] });
    }
    sightingCount += mine.length;
    byPaper.delete(old.id);
    cursor = (await cursor.continue()) as typeof cursor;
  }
  for (const r of shown.values()) fire(sightings.add({ v: r.v, at: r.at, ns: Uint32Array.from(r.ns) }));
  if (byPaper.size) console.warn(`[paper-lens] upgrade: ${byPaper.size} sighting(s) of papers no longer in the library were dropped`);
  const visitStore = tx.objectStore('visits');
  for (const v of visits.values()) fire(visitStore.put(v));
  const meta = tx.objectStore('meta');
  // v2's whole-library snapshots are of no use to v3; the derived indexes are rebuilt after opening.
  for (const k of ['snapshot', 'searchIndex']) fire(meta.delete(k));
  fire(meta.put({ key: 'counts', value: { papers: n, sightings: sightingCount, visits: visits.size } }));
  await meta.put({ key: 'derived', value: null });
  db.deleteObjectStore('papers_v2' as never);
  db.deleteObjectStore('sightings_v2' as never);
}

export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    message: string,
    readonly kind: 'quota' | 'blocked' | 'version' | 'corrupt' | 'unavailable' | 'unknown',
  ) {
    super(message);
  }
}

/** A user-facing message for a storage failure. */
export function describeStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = (e as { name?: string })?.name ?? '';
  const msg = (e as { message?: string })?.message ?? String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(msg)) {
    return new StorageError('Paper Lens could not save: the browser storage is full. Free some disk space or clear your Paper Lens history, then try again. Nothing already saved was lost.', 'quota');
  }
  if (name === 'VersionError') {
    return new StorageError('Paper Lens\'s database was written by a newer version of the extension. Update Paper Lens; your data is untouched.', 'version');
  }
  if (name === 'DataError' || name === 'DataCloneError' || name === 'ConstraintError') {
    return new StorageError(`Paper Lens found a damaged record and skipped it (${msg}). The rest of your library is intact.`, 'corrupt');
  }
  if (name === 'InvalidStateError' || name === 'UnknownError' || name === 'AbortError') {
    return new StorageError(`The browser's storage is unavailable right now (${msg}). Try again; if it persists, restart the browser.`, 'unavailable');
  }
  return new StorageError(`Paper Lens storage error: ${msg}`, 'unknown');
}

export interface OpenOptions {
  name?: string;
  version?: number;
  onBlocking?(): void;
  /** Called when another (older) connection blocks the upgrade. */
  onBlocked?(): void;
}

export async function openLibraryDB(opts: OpenOptions = {}): Promise<DB> {
  const name = opts.name ?? DB_NAME;
  const version = opts.version ?? DB_VERSION;
  let db: DB;
  try {
    db = await openDB<PaperLensDB>(name, version, {
      upgrade(d, oldVersion, newVersion, tx) {
        upgradeSchema(d, oldVersion, newVersion ?? version, tx);
      },
      blocked() {
        opts.onBlocked?.();
      },
      blocking() {
        // A newer version wants to open: close ours so it can upgrade.
        opts.onBlocking?.();
        db?.close();
      },
    });
  } catch (e) {
    throw describeStorageError(e);
  }
  return db;
}
