/**
 * FROZEN COPY of lib/db/library.ts as of commit 68fcf69 (database version 2), for the upgrade tests. Do not change it.
 */
/**
 * Store operations of the local library. Every write is one readwrite transaction that includes the
 * reads it depends on, and resolves only after the transaction has committed (tx.done).
 */
import { describeStorageError, type DB, type Site, type ImportRow, type MetaRow, type Origin, type PaperRow, type SavedRow, type SightingRow } from './v2-schema';

export interface Settings {
  historyEnabled: boolean;
  /** Per-site on/off (hf, arxiv, scholar on by default; generic off). */
  sites: Record<'hf' | 'arxiv' | 'scholar' | 'acl', boolean>;
  /** Hosts the user opted in for the "any page with paper links" adapter. */
  genericHosts: string[];
  /** Per-site page filter: 'all' | 'dim-seen' | 'hide-seen' | 'saved-only'. */
  pageFilter: Record<string, 'all' | 'dim-seen' | 'hide-seen' | 'saved-only'>;
  /** Default topics the user hid. */
  hiddenTopics: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  historyEnabled: true,
  sites: { hf: true, arxiv: true, scholar: true, acl: true },
  genericHosts: [],
  pageFilter: {},
  hiddenTopics: [],
};

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
}

export interface SightingInput {
  paper: NewPaper;
  site: Site;
  label: string;
  pageUrl: string;
  date: string | null;
}

/** The library as a caller holds it in memory (rows exactly as stored). */
export interface KnownRows {
  paper(id: string): PaperRow | undefined;
  sighting(paperId: string, id: string): SightingRow | undefined;
}

/** Two rows of the same paper that differ at most in updatedAt (mergePaper keeps the field order). */
function sameApartFromTime(a: PaperRow, b: PaperRow): boolean {
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw describeStorageError(e);
  }
}

/** Merge a paper into an existing row (or create it), adding an origin. Fields already known win unless empty. */
export function mergePaper(existing: PaperRow | undefined, p: NewPaper, origin: Origin | null, now: number, collection?: string): PaperRow {
  const base: PaperRow = existing ?? {
    id: p.id,
    title: p.title,
    key: p.key,
    arxivId: null,
    doi: null,
    url: null,
    abstract: null,
    authors: [],
    year: null,
    codeUrl: null,
    topics: [],
    origins: [],
    collections: [],
    addedAt: now,
    updatedAt: now,
  };
  const row: PaperRow = { ...base };
  // A paper first known only by its id (saved from a link) gets its real title when a listing shows it.
  if (/^arXiv:\S+$/.test(row.title) && p.title && !/^arXiv:\S+$/.test(p.title)) {
    row.title = p.title;
    row.key = p.key;
  }
  row.arxivId = row.arxivId ?? p.arxivId ?? null;
  row.doi = row.doi ?? p.doi ?? null;
  row.url = row.url ?? p.url ?? null;
  if (!row.abstract || (p.abstract && p.abstract.length > row.abstract.length + 200)) row.abstract = p.abstract ?? row.abstract;
  if (row.authors.length === 0 && p.authors?.length) row.authors = p.authors;
  row.year = row.year ?? p.year ?? null;
  row.codeUrl = row.codeUrl ?? p.codeUrl ?? null;
  if (p.topics && row.topics.length === 0) row.topics = p.topics;
  if (origin && !row.origins.includes(origin)) row.origins = [...row.origins, origin];
  if (collection && !row.collections.includes(collection)) row.collections = [...row.collections, collection];
  row.updatedAt = now;
  return row;
}

/** Every committed write to the library bumps meta.rev, so a cached snapshot knows whether it is current. */
async function bumpRev(tx: { objectStore(name: 'meta'): { get(k: string): Promise<MetaRow | undefined>; put(v: MetaRow): Promise<unknown> } }): Promise<void> {
  const m = tx.objectStore('meta');
  const cur = (await m.get('rev'))?.value;
  await m.put({ key: 'rev', value: (typeof cur === 'number' ? cur : 0) + 1 });
}

export function sightingId(paperId: string, pageUrl: string): string {
  return `${paperId}|${pageUrl}`;
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

export class Library {
  constructor(readonly db: DB) {}

  close(): void {
    this.db.close();
  }

  /* ------------------------------------------------------------ reads */

  getPaper(id: string): Promise<PaperRow | undefined> {
    return run(() => this.db.get('papers', id));
  }
  getSaved(id: string): Promise<SavedRow | undefined> {
    return run(() => this.db.get('saved', id));
  }
  allPapers(): Promise<PaperRow[]> {
    return run(() => this.db.getAll('papers'));
  }
  allSaved(): Promise<SavedRow[]> {
    return run(() => this.db.getAll('saved'));
  }
  allSightings(): Promise<SightingRow[]> {
    return run(() => this.db.getAll('sightings'));
  }
  sightingsOf(paperId: string): Promise<SightingRow[]> {
    return run(() => this.db.getAllFromIndex('sightings', 'byPaper', paperId));
  }
  allImports(): Promise<ImportRow[]> {
    return run(() => this.db.getAll('imports'));
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
  async counts(): Promise<{ papers: number; saved: number; sightings: number; imports: number }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'saved', 'sightings', 'imports']);
      const [papers, saved, sightings, imports] = await Promise.all([
        tx.objectStore('papers').count(),
        tx.objectStore('saved').count(),
        tx.objectStore('sightings').count(),
        tx.objectStore('imports').count(),
      ]);
      return { papers, saved, sightings, imports };
    });
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
  async rev(): Promise<number> {
    return (await this.getMeta<number>('rev')) ?? 0;
  }

  async settings(): Promise<Settings> {
    const s = await this.getMeta<Partial<Settings>>('settings');
    return { ...DEFAULT_SETTINGS, ...(s ?? {}), sites: { ...DEFAULT_SETTINGS.sites, ...(s?.sites ?? {}) }, pageFilter: { ...(s?.pageFilter ?? {}) } };
  }
  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    return run(async () => {
      const tx = this.db.transaction('meta', 'readwrite');
      const cur = ((await tx.store.get('settings'))?.value ?? {}) as Partial<Settings>;
      const next: Settings = { ...DEFAULT_SETTINGS, ...cur, ...patch, sites: { ...DEFAULT_SETTINGS.sites, ...(cur.sites ?? {}), ...(patch.sites ?? {}) } };
      await tx.store.put({ key: 'settings', value: next });
      await tx.done;
      return next;
    });
  }

  /* ----------------------------------------------------------- writes */

  /** Save a paper (creating its record if needed). Resolves after commit. */
  async save(p: NewPaper, now = Date.now(), note?: string): Promise<{ paper: PaperRow; saved: SavedRow }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'saved', 'meta'], 'readwrite');
      const papers = tx.objectStore('papers');
      const savedStore = tx.objectStore('saved');
      const existing = await papers.get(p.id);
      const paper = mergePaper(existing, p, 'saved', now);
      const prev = await savedStore.get(p.id);
      const saved: SavedRow = prev ?? { paperId: p.id, savedAt: now, note: note ?? '', tags: [] };
      await papers.put(paper);
      if (!prev) await savedStore.put(saved);
      await bumpRev(tx);
      await tx.done;
      return { paper, saved };
    });
  }

  /** Unsave. The paper record stays while it is still seen/imported; otherwise it is removed. */
  async unsave(paperId: string, now = Date.now()): Promise<boolean> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'saved', 'meta'], 'readwrite');
      const had = await tx.objectStore('saved').get(paperId);
      if (had) await tx.objectStore('saved').delete(paperId);
      const paper = await tx.objectStore('papers').get(paperId);
      if (paper) {
        const origins = paper.origins.filter((o) => o !== 'saved');
        if (origins.length === 0) await tx.objectStore('papers').delete(paperId);
        else await tx.objectStore('papers').put({ ...paper, origins, updatedAt: now });
      }
      await bumpRev(tx);
      await tx.done;
      return !!had;
    });
  }

  async setNote(paperId: string, note: string, tags?: string[]): Promise<SavedRow> {
    return run(async () => {
      const tx = this.db.transaction(['saved', 'meta'], 'readwrite');
      const row = await tx.objectStore('saved').get(paperId);
      if (!row) throw new Error('this paper is not saved: save it before adding a note');
      const next = { ...row, note, ...(tags ? { tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))] } : {}) };
      await tx.objectStore('saved').put(next);
      await bumpRev(tx);
      await tx.done;
      return next;
    });
  }

  /**
   * Record where papers were seen (one sighting per paper per page; a repeat view only bumps
   * lastSeenAt). Papers not yet in the library are added with origin "seen". A caller that keeps the
   * whole library in memory passes it as `known`: no read per paper and per sighting, and papers the
   * listing tells nothing new are not rewritten (a listing's history is up to a thousand of each).
   */
  async recordSightings(items: SightingInput[], now = Date.now(), known?: KnownRows): Promise<{ papers: PaperRow[]; sightings: SightingRow[] }> {
    if (items.length === 0) return { papers: [], sightings: [] };
    return run(async () => {
      const tx = this.db.transaction(['papers', 'sightings', 'meta'], 'readwrite');
      const papers = tx.objectStore('papers');
      const sightings = tx.objectStore('sightings');
      // This batch's own rows first: the same paper may come twice.
      const outPapers = new Map<string, PaperRow>();
      const outSightings = new Map<string, SightingRow>();
      for (const it of items) {
        const pageUrl = canonicalPageUrl(it.pageUrl);
        const existing = outPapers.get(it.paper.id) ?? (known ? known.paper(it.paper.id) : await papers.get(it.paper.id));
        const merged = mergePaper(existing, it.paper, 'seen', now);
        const paper = existing && sameApartFromTime(existing, merged) ? existing : merged;
        if (paper !== existing) await papers.put(paper);
        outPapers.set(paper.id, paper);
        const id = sightingId(it.paper.id, pageUrl);
        const prev = outSightings.get(id) ?? (known ? known.sighting(it.paper.id, id) : await sightings.get(id));
        const row: SightingRow = prev
          ? { ...prev, lastSeenAt: now }
          : { id, paperId: it.paper.id, site: it.site, label: it.label, pageUrl, date: it.date, seenAt: now, lastSeenAt: now };
        await sightings.put(row);
        outSightings.set(id, row);
      }
      await bumpRev(tx);
      await tx.done;
      return { papers: [...outPapers.values()], sightings: [...outSightings.values()] };
    });
  }

  /** Delete all sightings and papers known only from them. Saved and imported papers are never touched. */
  async clearHistory(now = Date.now()): Promise<{ sightings: number; papers: string[] }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'sightings', 'meta'], 'readwrite');
      const count = await tx.objectStore('sightings').count();
      await tx.objectStore('sightings').clear();
      const removed: string[] = [];
      let cursor = await tx.objectStore('papers').index('byOrigin').openCursor('seen');
      while (cursor) {
        const row = cursor.value;
        const origins = row.origins.filter((o) => o !== 'seen');
        if (origins.length === 0) {
          removed.push(row.id);
          await cursor.delete();
        } else await cursor.update({ ...row, origins, updatedAt: now });
        cursor = await cursor.continue();
      }
      await bumpRev(tx);
      await tx.done;
      return { sightings: count, papers: removed };
    });
  }

  /**
   * Import papers into a named collection, in one transaction (one call per batch). Papers already in
   * the library get the collection added; nothing else about them changes.
   */
  async importPapers(collection: { id: string; name: string; format: string }, items: NewPaper[], now = Date.now()): Promise<{ papers: PaperRow[]; row: ImportRow }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'imports', 'meta'], 'readwrite');
      const papers = tx.objectStore('papers');
      const out: PaperRow[] = [];
      for (const p of items) {
        const merged = mergePaper(await papers.get(p.id), p, 'imported', now, collection.id);
        await papers.put(merged);
        out.push(merged);
      }
      const prev = await tx.objectStore('imports').get(collection.id);
      const row: ImportRow = prev ? { ...prev, count: prev.count + items.length } : { id: collection.id, name: collection.name, format: collection.format, count: items.length, importedAt: now };
      await tx.objectStore('imports').put(row);
      await bumpRev(tx);
      await tx.done;
      return { papers: out, row };
    });
  }

  /** Remove an imported collection: only its papers (those not also saved, seen or in another collection) go. */
  async removeCollection(id: string, now = Date.now()): Promise<{ removed: string[]; updated: PaperRow[] }> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'imports', 'meta'], 'readwrite');
      const removed: string[] = [];
      const updated: PaperRow[] = [];
      let cursor = await tx.objectStore('papers').index('byCollection').openCursor(id);
      while (cursor) {
        const row = cursor.value;
        const collections = row.collections.filter((c) => c !== id);
        const origins = collections.length ? row.origins : row.origins.filter((o) => o !== 'imported');
        if (origins.length === 0) {
          removed.push(row.id);
          await cursor.delete();
        } else {
          const next = { ...row, collections, origins, updatedAt: now };
          await cursor.update(next);
          updated.push(next);
        }
        cursor = await cursor.continue();
      }
      await tx.objectStore('imports').delete(id);
      await bumpRev(tx);
      await tx.done;
      return { removed, updated };
    });
  }

  /** Restore records from a backup (merging into what is there), in one transaction. */
  async restore(part: { papers?: PaperRow[]; saved?: SavedRow[]; sightings?: SightingRow[]; imports?: ImportRow[] }): Promise<void> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'saved', 'sightings', 'imports', 'meta'], 'readwrite');
      for (const p of part.papers ?? []) {
        const prev = await tx.objectStore('papers').get(p.id);
        await tx.objectStore('papers').put(prev ? { ...p, origins: [...new Set([...prev.origins, ...p.origins])], collections: [...new Set([...prev.collections, ...p.collections])] } : p);
      }
      for (const s of part.saved ?? []) await tx.objectStore('saved').put(s);
      for (const s of part.sightings ?? []) await tx.objectStore('sightings').put(s);
      for (const i of part.imports ?? []) await tx.objectStore('imports').put(i);
      await bumpRev(tx);
      await tx.done;
    });
  }

  /** Delete everything (options "delete all data"). */
  async wipe(): Promise<void> {
    return run(async () => {
      const tx = this.db.transaction(['papers', 'saved', 'sightings', 'imports', 'meta'], 'readwrite');
      await Promise.all(['papers', 'saved', 'sightings', 'imports', 'meta'].map((s) => tx.objectStore(s as 'papers').clear()));
      await bumpRev(tx);
      await tx.done;
    });
  }
}
