/**
 * FROZEN COPY of lib/db/schema.ts as of commit 68fcf69 (database version 2), kept only so that tests can
 * write a v2 database exactly as that release did and check the upgrade. Do not change it.
 */
/**
 * The local library's IndexedDB schema (idb), versioned with an upgrade path.
 *
 * v1: papers, saved, sightings, imports.
 * v2: meta (settings, user topics, cached serialised indexes); papers.byUpdated; saved.byTag.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
/** Frozen copies of the protocol types v2 stored (they have changed since). */
export type Site = 'hf' | 'arxiv' | 'scholar' | 'generic';
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
  origins: Array<'bundled' | 'seen' | 'saved' | 'imported'>;
  collections: string[];
  addedAt: number;
}

export const DB_NAME = 'paper-lens';
export const DB_VERSION = 2;

export type Origin = 'bundled' | 'seen' | 'saved' | 'imported';

/** A paper in the library: the protocol's PaperRecord plus when it last changed. */
export interface PaperRow extends PaperRecord {
  origins: Origin[];
  updatedAt: number;
}

export interface SavedRow {
  paperId: string;
  savedAt: number;
  note: string;
  tags: string[];
}

export interface SightingRow {
  /** `${paperId}|${pageUrl}`: one per paper per page. */
  id: string;
  paperId: string;
  site: Site;
  label: string;
  pageUrl: string;
  date: string | null;
  seenAt: number;
  lastSeenAt: number;
}

export interface ImportRow {
  id: string;
  name: string;
  format: string;
  count: number;
  importedAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface PaperLensDB extends DBSchema {
  papers: {
    key: string;
    value: PaperRow;
    indexes: { byKey: string; byArxiv: string; byDoi: string; byOrigin: string; byCollection: string; byAdded: number; byUpdated: number };
  };
  saved: { key: string; value: SavedRow; indexes: { bySavedAt: number; byTag: string } };
  sightings: { key: string; value: SightingRow; indexes: { byPaper: string; bySeenAt: number; byPage: string } };
  imports: { key: string; value: ImportRow; indexes: { byImportedAt: number } };
  meta: { key: string; value: MetaRow };
}

export type DB = IDBPDatabase<PaperLensDB>;
type UpgradeTx = IDBPTransaction<PaperLensDB, ArrayLike<StoreNames<PaperLensDB>>, 'versionchange'>;

/** Schema steps; step N upgrades a database from version N-1 to N. */
export function upgradeSchema(db: IDBPDatabase<PaperLensDB>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
  if (oldVersion < 1 && newVersion >= 1) {
    const papers = db.createObjectStore('papers', { keyPath: 'id' });
    papers.createIndex('byKey', 'key');
    papers.createIndex('byArxiv', 'arxivId');
    papers.createIndex('byDoi', 'doi');
    papers.createIndex('byOrigin', 'origins', { multiEntry: true });
    papers.createIndex('byCollection', 'collections', { multiEntry: true });
    papers.createIndex('byAdded', 'addedAt');
    const saved = db.createObjectStore('saved', { keyPath: 'paperId' });
    saved.createIndex('bySavedAt', 'savedAt');
    const sightings = db.createObjectStore('sightings', { keyPath: 'id' });
    sightings.createIndex('byPaper', 'paperId');
    sightings.createIndex('bySeenAt', 'seenAt');
    sightings.createIndex('byPage', 'pageUrl');
    const imports = db.createObjectStore('imports', { keyPath: 'id' });
    imports.createIndex('byImportedAt', 'importedAt');
  }
  if (oldVersion < 2 && newVersion >= 2) {
    db.createObjectStore('meta', { keyPath: 'key' });
    const papers = tx.objectStore('papers');
    papers.createIndex('byUpdated', 'updatedAt');
    tx.objectStore('saved').createIndex('byTag', 'tags', { multiEntry: true });
    // v1 rows have no updatedAt: backfill from addedAt (cursor inside the upgrade transaction).
    void (async () => {
      let cursor = await papers.openCursor();
      while (cursor) {
        const row = cursor.value as PaperRow;
        if (typeof row.updatedAt !== 'number') await cursor.update({ ...row, updatedAt: row.addedAt ?? 0 });
        cursor = await cursor.continue();
      }
    })();
  }
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
  if (name === 'InvalidStateError' || name === 'UnknownError') {
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
