/**
 * The background service: the only owner of the database and the indexes. It routes each (already
 * validated) request to its job — annotate, history, library, search, import/export, settings — and
 * reports storage failures to every tab. Free of browser globals, so it is unit-tested with
 * fake-indexeddb; entrypoints/background.ts wires it to runtime messages and broadcasts.
 */
import type { BundledCorpus, CorpusPaper } from '../corpus/types';
import { canonicalPageUrl } from '../db/library';
import { StorageError } from '../db/schema';
import { PROTOCOL, type Request, type Responses, type Stats } from '../messages';
import { annotate, details } from './annotate';
import { writeQueue, type Ctx, type ServiceOptions } from './context';
import { History, HISTORY_WAIT_MS } from './history';
import { getPaper, listSaved, save, setNote, unsave } from './library';
import { exportBackup, exportSaved, importBatch, importCancel, importFinish, listCollections, removeCollection, restoreBackup, wipe } from './porting';
import { SearchJob } from './search';
import { getSettings, prune, retagAfterModelChange, setHistory, setUserTopics, updateSettings } from './settings';
import { cancelTimers, load, maintain, preloadVisits, storageUsage, writeLibSnapshot } from './storage';
import { RankJob } from './rank';
import { ZoteroJob } from './zotero';
import { zoteroOf } from './papers';

export type { ServiceOptions };
export { HISTORY_WAIT_MS };
export { localIdFor } from './papers';

export interface CallContext {
  tabId: number | null;
}

type Handler<T extends Request['type']> = (req: Extract<Request, { type: T }>, ctx: CallContext) => Promise<Responses[T]>;

export interface Service {
  handle<R extends Request>(req: R, ctx?: CallContext): Promise<Responses[R['type']]>;
  ready(): Promise<void>;
  close(): void;
  /** For tests and the benchmark: how long the last cold start took, in ms. */
  startupMs(): number;
  timings(): Record<string, number>;
  /** Record a time measured around `handle` (the message gate, the reply's encoding) with the others. */
  noteTiming(key: string, ms: number): void;
  /** Write everything waiting (history, snapshots) and run maintenance now (tests, benchmark). */
  flush(): Promise<void>;
  /** Internals for the benchmark and tests. */
  readonly internals: { ctx: Ctx; history: History; search: SearchJob };
}

/** Requests that read history (or papers known only from it): sightings still waiting are written first. */
const HISTORY_READERS: ReadonlySet<Request['type']> = new Set(['stats', 'getPaper', 'search', 'listSaved', 'exportBackup', 'restoreBackup', 'importBatch', 'removeCollection']);

/** Maintenance (key compaction, segment merges) runs this long after the last history write. */
const MAINTAIN_DELAY_MS = 3000;

export function createService(opts: ServiceOptions): Service {
  const queue = writeQueue();
  let maintainTimer: ReturnType<typeof setTimeout> | null = null;
  const ctx = {
    opts,
    now: opts.now ?? (() => Date.now()),
    broadcast: opts.broadcast ?? (() => {}),
    corpus: opts.corpus,
    corpusById: new Map<string, CorpusPaper>(opts.corpus.papers.map((p) => [p.id, p])),
    libAbstracts: new Map<string, string>(),
    zoteroCollections: new Map<string, string>(),
    visits: new Map(),
    timings: {},
    write: queue.write,
    idle: queue.idle,
    afterWrite() {
      if (maintainTimer) clearTimeout(maintainTimer);
      maintainTimer = setTimeout(() => {
        maintainTimer = null;
        void maintain(ctx).catch(() => undefined);
      }, MAINTAIN_DELAY_MS);
    },
  } as unknown as Ctx;
  const history = new History(ctx);
  const search = new SearchJob(ctx);
  const rank = new RankJob(ctx);
  ctx.searchEvents = search;
  /** Papers came or went wholesale (an import, a restore, a wipe): search filters and the "for you" profile follow. */
  const libraryChanged = () => {
    search.filtersChanged();
    rank.invalidate();
  };
  const zotero = new ZoteroJob(ctx, { client: opts.zotero, permitted: opts.zoteroPermitted }, () => libraryChanged());
  /** The popup is opening (it asks for stats and the saved list): load the search index now, not at the first keystroke. */
  const warmSearch = () => void search.ensure().catch(() => undefined);
  let startup = 0;

  let readyPromise: Promise<void> | null = null;
  const ready = () => {
    readyPromise ??= (async () => {
      const t0 = performance.now();
      ctx.timings.boot = t0; // since the worker started: script fetch, compile and evaluation
      await load(ctx);
      await zotero.load();
      ctx.lib.onCounts = (d) => {
        ctx.counts = { papers: ctx.counts.papers + d.papers, sightings: ctx.counts.sightings + d.sightings, visits: ctx.counts.visits + d.visits };
      };
      startup = performance.now() - t0;
      // Background work after a start (retried at the next start if it fails).
      setTimeout(() => void preloadVisits(ctx).catch(() => undefined), 1000);
      void retagAfterModelChange(ctx).catch(() => undefined);
      void prune(ctx, history).catch(() => undefined);
    })().catch((e: unknown) => {
      readyPromise = null;
      throw e instanceof StorageError ? e : new StorageError(`Paper Lens could not open its database: ${(e as Error).message}`, 'unavailable');
    });
    return readyPromise;
  };

  const handlers: { [T in Request['type']]: Handler<T> } = {
    async ping() {
      return { pong: true, protocol: PROTOCOL, version: opts.version, corpusSize: opts.corpus.papers.length };
    },
    async stats(): Promise<Stats> {
      warmSearch();
      await ctx.idle();
      const c = ctx.counts;
      const library = ctx.imports.size ? await libraryCount() : ctx.saved.size;
      return {
        corpusPapers: opts.corpus.papers.length,
        corpusEntries: opts.corpus.entryCount,
        corpusListings: opts.corpus.listings.length,
        localPapers: c.papers,
        saved: ctx.saved.size,
        library,
        sightings: c.sightings,
        visits: c.visits,
        imports: ctx.imports.size,
        historyEnabled: ctx.settings.historyEnabled,
        historyYears: ctx.settings.historyYears,
        storageBytes: await storageUsage(ctx),
      };
    },
    annotate: async (req) => {
      const res = await annotate(ctx, history, req);
      zotero.maybeSync();
      return res;
    },
    shown: async (req) => ({ recorded: await history.shown(canonicalPageUrl(req.pageUrl)) }),
    save: async (req) => {
      const r = await save(ctx, req);
      search.filtersChanged();
      await rank.saved(r.paperId).catch(() => rank.invalidate());
      // Also into Zotero when the user asked for it (the Paper Lens save stands whatever happens there).
      if (!ctx.settings.zoteroEnabled || !ctx.settings.zoteroSaveToo) return r;
      const row = await ctx.lib.paperById(r.paperId);
      const e = req.entry;
      const z = await zotero.saveToo(
        { title: row?.title ?? e.title, authors: row?.authors.length ? row.authors : (e.authors ?? []), year: row?.year ?? e.year ?? null, arxivId: row?.arxivId ?? e.arxivId, doi: row?.doi ?? e.doi ?? null, url: row?.url ?? e.url, abstract: e.abstract ?? null },
        !!zoteroOf(ctx, row),
        req.page?.url ?? null,
      );
      return z ? { ...r, zotero: z } : r;
    },
    unsave: async (req) => {
      const r = await unsave(ctx, req);
      search.filtersChanged();
      rank.unsaved(r.paperId);
      return r;
    },
    forYou: (req) => rank.forYou(req.entries),
    details: (req) => details(ctx, history, req),
    setNote: async (req) => {
      const r = await setNote(ctx, req);
      // Tags changed: the learned tags follow (rebuilt at the next request).
      if (req.tags) rank.invalidate();
      return r;
    },
    getPaper: (req) => getPaper(ctx, req),
    search: async (req) => {
      if (req.sort !== 'forYou') return search.search(req);
      // "For you" order: the best matches (at least 300), ordered by how much they look like the library.
      const offset = req.offset ?? 0;
      const limit = req.limit ?? 50;
      const res = await search.search({ ...req, offset: 0, limit: Math.min(1000, Math.max(300, offset + limit)) });
      return { ...res, hits: (await rank.orderForYou(res.hits)).slice(offset, offset + limit) };
    },
    listSaved: (req) => {
      warmSearch();
      return listSaved(ctx, req);
    },
    setHistory: (req) => setHistory(ctx, history, req.enabled),
    getSettings: async () => getSettings(ctx),
    setUserTopics: (req) => setUserTopics(ctx, req.topics),
    importBatch: (req) => importBatch(ctx, req, libraryChanged),
    importFinish: (req) => importFinish(ctx, req, libraryChanged),
    importCancel: (req) => importCancel(ctx, req.id, libraryChanged),
    listCollections: async () => listCollections(ctx),
    removeCollection: (req) => removeCollection(ctx, req.id, libraryChanged),
    exportSaved: (req) => exportSaved(ctx, req),
    exportBackup: (req) => exportBackup(ctx, req.includeSightings),
    restoreBackup: (req) => restoreBackup(ctx, history, req.part, libraryChanged),
    wipe: async () => {
      const r = await wipe(ctx, history, libraryChanged);
      zotero.forget();
      return r;
    },
    updateSettings: async (req) => {
      const was = ctx.settings.zoteroEnabled;
      const res = await updateSettings(ctx, history, req.patch);
      if (!was && ctx.settings.zoteroEnabled) void zotero.sync().catch(() => undefined);
      if (was && !ctx.settings.zoteroEnabled) await zotero.disable();
      return res;
    },
    zoteroStatus: () => zotero.getStatus(),
    zoteroSync: () => zotero.sync(),
    async clearHistory() {
      const removed = await history.clear();
      libraryChanged();
      ctx.broadcast({ type: 'changed', what: 'history' });
      return { removed };
    },
  };

  /** Papers in the user's library: saved or in an imported collection (counted on the collections' index). */
  async function libraryCount(): Promise<number> {
    const ids = new Set(ctx.saved.keys());
    for (const c of ctx.imports.keys()) for (const n of await ctx.lib.db.getAllKeysFromIndex('papers', 'byCollection', c)) ids.add(`#${n}`);
    // Saved papers that are also imported are counted once: resolve the saved ones' numbers.
    const savedRows = await ctx.lib.papersByIds(ctx.saved.keys());
    let dup = 0;
    for (const r of savedRows.values()) if (ids.has(`#${r.n}`)) dup++;
    return ids.size - dup;
  }

  return {
    handle: ((req: Request, callCtx: CallContext = { tabId: null }) => {
      const t0 = performance.now();
      return (req.type === 'ping' ? Promise.resolve() : ready())
        .then(() => (HISTORY_READERS.has(req.type) && history.hasPending ? history.recordPending() : 0))
        .then(() => (handlers[req.type] as Handler<typeof req.type>)(req as never, callCtx))
        .then((res) => {
          // The last request of each type: how long the service took (the benchmark reads it).
          ctx.timings[`handle.${req.type}`] = performance.now() - t0;
          return res;
        })
        .catch((e: unknown) => {
          if (e instanceof StorageError) ctx.broadcast({ type: 'storageError', message: e.message });
          throw e;
        });
    }) as Service['handle'],
    ready,
    close() {
      history.drop();
      if (maintainTimer) clearTimeout(maintainTimer);
      if (readyPromise) cancelTimers(ctx);
      ctx.lib?.close();
    },
    async flush() {
      await ready();
      await history.recordPending();
      await ctx.idle();
      await maintain(ctx);
      await writeLibSnapshot(ctx);
    },
    startupMs: () => startup,
    timings: () => ({ ...ctx.timings }),
    noteTiming: (key, ms) => {
      ctx.timings[key] = ms;
    },
    internals: { ctx, history, search },
  };
}
