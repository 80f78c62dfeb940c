/**
 * Request handling for the background: the owner of the library database and the in-memory indexes
 * (bundled corpus + local papers). Free of browser globals so it is unit-tested with fake-indexeddb;
 * entrypoints/background.ts wires it to runtime messages and broadcasts.
 */
import type { BundledCorpus, CorpusPaper } from './corpus/types';
import { Library, canonicalPageUrl, type KnownRows, type NewPaper, type Settings, type SightingInput } from './db/library';
import { openLibraryDB, describeStorageError, StorageError, type PaperRow, type SavedRow, type SightingRow, type ImportRow } from './db/schema';
import { findRepeats, MatchIndex } from './match/index';
import { normalizeTitle, paperIdForTitle, parseArxivId } from './match/normalize';
import {
  PROTOCOL,
  type Annotation,
  type Broadcast,
  type CorpusPlace,
  type EntryInfo,
  type PageInfo,
  type PaperRecord,
  type Request,
  type Responses,
  type SearchHit,
  type Sighting,
  type Stats,
  type TopicTag,
} from './messages';
import { PaperSearch, type SearchDoc } from './search/index';
import { classify, createTagger, TAXONOMY, TOPIC_COLORS, TOPIC_MODEL_VERSION, type Tagger } from './topics/classifier';
import { BACKUP_FORMAT, readBackup, type Backup } from './export/backup';
import { toBibTeX, toCSV, toRIS, type ExportPaper } from './export/writers';
import type { UserTopic } from './topics/types';

export interface ServiceOptions {
  corpus: BundledCorpus;
  version: string;
  dbName?: string;
  broadcast?: (msg: Broadcast) => void;
  now?: () => number;
  /** How long a page's sightings wait for the page to report its badges shown (default HISTORY_WAIT_MS). */
  historyWaitMs?: number;
}

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
  /** Write the cold-start snapshot now (tests, benchmark). */
  flush(): Promise<void>;
}

/** How long a page's sightings wait for the page to report its badges shown (lib/service.ts recordLater). */
export const HISTORY_WAIT_MS = 10_000;

/** Quiet time before the cold-start snapshot is written (see scheduleSnapshot). */
const SNAPSHOT_QUIET_MS = 5000;

/** Requests that read history (or papers known only from it): sightings still waiting are written first. */
const HISTORY_READERS: ReadonlySet<Request['type']> = new Set(['stats', 'getPaper', 'search', 'listSaved', 'exportBackup', 'restoreBackup', 'importBatch', 'removeCollection']);

interface PendingHistory {
  pageUrl: string;
  /** When the page was annotated: the sightings' time. */
  at: number;
  items: SightingInput[];
  /** The fallback: written after HISTORY_WAIT_MS if nothing asked for it before. */
  timer?: ReturnType<typeof setTimeout>;
}

const toSighting = (s: SightingRow): Sighting => ({ site: s.site, label: s.label, pageUrl: s.pageUrl, date: s.date, seenAt: s.seenAt });

/** The id a paper gets when Paper Lens first meets it. */
export function localIdFor(e: { title: string; arxivId?: string | null }): string {
  const ax = parseArxivId(e.arxivId ?? null)?.id;
  return ax ? `arxiv:${ax}` : paperIdForTitle(e.title);
}

export function createService(opts: ServiceOptions): Service {
  const now = opts.now ?? (() => Date.now());
  const broadcast = opts.broadcast ?? (() => {});
  const { corpus } = opts;
  const corpusById = new Map<string, CorpusPaper>(corpus.papers.map((p) => [p.id, p]));
  const papers = new Map<string, PaperRow>();
  const saved = new Map<string, SavedRow>();
  const sightings = new Map<string, SightingRow[]>();
  const imports = new Map<string, ImportRow>();
  let settings: Settings;
  let userTopics: UserTopic[] = [];
  let tagger: Tagger;
  const topicCache = new Map<string, TopicTag[]>();
  let lib: Library;
  let index: MatchIndex;
  /** Built on first use (not at cold start), from the cached index when it is still current. */
  let searchIndex: PaperSearch | null = null;
  let searchSaveTimer: ReturnType<typeof setTimeout> | null = null;
  let startup = 0;
  let writes: Promise<unknown> = Promise.resolve();
  /** Sightings of pages still rendering their badges, each with its fallback timer (see recordLater). */
  let pendingHistory: PendingHistory[] = [];

  const abstractOf = (id: string): string | null => papers.get(id)?.abstract ?? corpusById.get(id)?.abstract ?? null;

  function searchDoc(id: string): SearchDoc | null {
    const local = papers.get(id);
    const c = corpusById.get(id);
    if (!local && !c) return null;
    const sources: SearchDoc['sources'] = [];
    if (c) sources.push('bundled');
    for (const o of local?.origins ?? []) if (o !== 'bundled' && !sources.includes(o)) sources.push(o);
    return {
      id,
      title: local?.title ?? c!.title,
      abstract: local?.abstract ?? c?.abstract ?? '',
      authors: (local?.authors ?? []).join(' '),
      topics: topicsOf(id).map((t) => t.id),
      year: local?.year ?? null,
      sources,
      savedAt: saved.get(id)?.savedAt ?? null,
    };
  }

  const timings: Record<string, number> = {};
  /** Resolves when every paper row (with abstracts) is in memory; a snapshot start loads abstracts after answering. */
  let fullLoad: Promise<void> = Promise.resolve();
  let snapshotTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * The cold-start snapshot. Rows travel as one JSON string (JSON.parse of it is faster than
   * structured-clone reading ten thousand small objects); the index as typed arrays.
   */
  interface Snapshot {
    v: 3;
    rev: number;
    /** JSON of { papers (without abstracts), saved, sightings, imports }. */
    rows: string;
    index: ReturnType<MatchIndex['serialize']>;
  }

  function resetState(rows: PaperRow[], savedRows: SavedRow[], sightRows: SightingRow[], importRows: ImportRow[]): void {
    papers.clear();
    saved.clear();
    sightings.clear();
    imports.clear();
    topicCache.clear();
    tagger = createTagger({ userTopics, hidden: settings.hiddenTopics });
    for (const r of rows) papers.set(r.id, r);
    for (const r of savedRows) saved.set(r.paperId, r);
    for (const r of sightRows) {
      const list = sightings.get(r.paperId) ?? [];
      list.push(r);
      sightings.set(r.paperId, list);
    }
    for (const r of importRows) imports.set(r.id, r);
    searchIndex = null;
  }

  async function loadState(): Promise<void> {
    let t = performance.now();
    const [rev, snap, s, ut] = await Promise.all([lib.rev(), lib.getMeta<Snapshot>('snapshot'), lib.settings(), lib.getMeta<UserTopic[]>('userTopics')]);
    settings = s;
    userTopics = ut ?? [];
    if (snap && snap.v === 3 && snap.rev === rev) {
      // Fast path: one record holds everything the first annotate needs; abstracts follow.
      const rows = JSON.parse(snap.rows) as { papers: PaperRow[]; saved: SavedRow[]; sightings: SightingRow[]; imports: ImportRow[] };
      timings.load = performance.now() - t;
      t = performance.now();
      resetState(rows.papers, rows.saved, rows.sightings, rows.imports);
      index = MatchIndex.deserialize(snap.index, { getAbstract: abstractOf });
      timings.index = performance.now() - t;
      timings.snapshot = 1;
      fullLoad = (async () => {
        // Let the first requests after a cold start through before reading every record.
        await new Promise((r) => setTimeout(r, 500));
        const rows = await lib.allPapers();
        for (const r of rows) {
          const cur = papers.get(r.id);
          if (cur && cur.abstract == null && r.abstract) papers.set(r.id, { ...cur, abstract: r.abstract });
        }
      })().catch(() => undefined);
      return;
    }
    const [rows, savedRows, sightRows, importRows] = await Promise.all([lib.allPapers(), lib.allSaved(), lib.allSightings(), lib.allImports()]);
    timings.load = performance.now() - t;
    t = performance.now();
    resetState(rows, savedRows, sightRows, importRows);
    index = new MatchIndex({ getAbstract: abstractOf });
    index.addAll([
      ...corpus.papers.map((p) => ({ id: p.id, title: p.title })),
      ...rows.filter((r) => !corpusById.has(r.id)).map((r) => ({ id: r.id, title: r.title, arxivId: r.arxivId, doi: r.doi })),
    ]);
    timings.index = performance.now() - t;
    timings.snapshot = 0;
    fullLoad = Promise.resolve();
    scheduleSnapshot();
  }

  /**
   * Write the cold-start snapshot once the library has been quiet for SNAPSHOT_QUIET_MS (through the write
   * queue, so it matches meta.rev). A page being annotated postpones it: the snapshot is the whole library
   * (megabytes with a large one) and writing it beside a page's first frames slowed them. The worker is
   * stopped only after 30 s without events, so the snapshot is current by then.
   */
  function scheduleSnapshot(): void {
    if (snapshotTimer) clearTimeout(snapshotTimer);
    snapshotTimer = setTimeout(() => {
      snapshotTimer = null;
      void writeSnapshot();
    }, SNAPSHOT_QUIET_MS);
  }

  function writeSnapshot(): Promise<void> {
    return write(async () => {
      await fullLoad;
      const snap: Snapshot = {
        v: 3,
        rev: await lib.rev(),
        rows: JSON.stringify({
          papers: [...papers.values()].map((r) => ({ ...r, abstract: null })),
          saved: [...saved.values()],
          sightings: [...sightings.values()].flat(),
          imports: [...imports.values()],
        }),
        index: index.serialize(),
      };
      await lib.setMeta('snapshot', snap);
    }, false).catch(() => undefined);
  }

  function searchFingerprint(): string {
    let maxUpdated = 0;
    for (const r of papers.values()) if (r.updatedAt > maxUpdated) maxUpdated = r.updatedAt;
    return `${corpus.papers.length}:${papers.size}:${maxUpdated}:${saved.size}:${userTopics.map((t) => t.id).join(',')}:${settings.hiddenTopics.join(',')}`;
  }

  async function ensureSearch(): Promise<PaperSearch> {
    if (searchIndex) return searchIndex;
    await fullLoad;
    if (searchIndex) return searchIndex;
    const fp = searchFingerprint();
    const cached = await lib.getMeta<{ fp: string; index: unknown }>('searchIndex').catch(() => undefined);
    if (cached && cached.fp === fp) {
      try {
        searchIndex = PaperSearch.fromJSON(cached.index);
        return searchIndex;
      } catch {
        /* rebuild below */
      }
    }
    const s = new PaperSearch();
    const docs: SearchDoc[] = [];
    for (const id of new Set([...corpusById.keys(), ...papers.keys()])) {
      const d = searchDoc(id);
      if (d) docs.push(d);
    }
    s.addAll(docs);
    searchIndex = s;
    scheduleSearchSave();
    return s;
  }

  /** Persist the search index a little after the last change (a cold start then loads it instead of rebuilding). */
  function scheduleSearchSave(): void {
    if (searchSaveTimer) clearTimeout(searchSaveTimer);
    searchSaveTimer = setTimeout(() => {
      searchSaveTimer = null;
      if (!searchIndex) return;
      void lib.setMeta('searchIndex', { fp: searchFingerprint(), index: searchIndex.toJSON() }).catch(() => undefined);
    }, 3000);
  }

  function searchUpsert(id: string): void {
    if (!searchIndex) return;
    const d = searchDoc(id);
    if (d) searchIndex.upsert(d);
    else searchIndex.remove(id);
    scheduleSearchSave();
  }

  async function init(): Promise<void> {
    const t0 = performance.now();
    timings.boot = t0; // since the worker started: script fetch, compile and evaluation
    const db = await openLibraryDB({ name: opts.dbName, onBlocking: () => broadcast({ type: 'storageError', message: 'Paper Lens is being updated: reload this page.' }) });
    lib = new Library(db);
    await loadState();
    startup = performance.now() - t0;
    void retagAfterModelChange().catch(() => undefined); // retried at the next start
  }

  /**
   * Default topics are computed once and stored with a paper; when an update ships a different
   * classifier, the stored ones are recomputed once (in the background, through the write queue).
   */
  async function retagAfterModelChange(): Promise<void> {
    if ((await lib.getMeta<string>('topicModel').catch(() => undefined)) === TOPIC_MODEL_VERSION) return;
    await write(async () => {
      await fullLoad;
      const changed: PaperRow[] = [];
      for (const r of await lib.allPapers()) {
        if (corpusById.has(r.id) || r.topics.length === 0) continue;
        const ids = classify(r.title, r.abstract).map((t) => t.id);
        if (ids.join() !== r.topics.join()) changed.push({ ...r, topics: ids });
      }
      if (changed.length) await lib.restore({ papers: changed });
      await lib.setMeta('topicModel', TOPIC_MODEL_VERSION);
      for (const r of changed) {
        const cur = papers.get(r.id);
        if (cur) papers.set(r.id, { ...cur, topics: r.topics });
        topicCache.delete(r.id);
      }
      if (changed.length) searchIndex = null;
    });
  }
  let readyPromise: Promise<void> | null = null;
  const ready = () => {
    if (!readyPromise) {
      readyPromise = init().catch((e) => {
        readyPromise = null;
        throw describeStorageError(e);
      });
    }
    return readyPromise;
  };

  /** Serialise writes: the library applies them in the order requests arrived. */
  function write<T>(fn: () => Promise<T>, snapshot = true): Promise<T> {
    const p = writes.then(fn, fn);
    writes = p.catch(() => undefined);
    if (snapshot) void p.then(scheduleSnapshot, () => undefined);
    return p;
  }

  /**
   * A page's history is written once its badges are on screen, not while they are rendered: writing a
   * listing's sightings is a burst of database work (a thousand papers: thousands of requests to the
   * browser's storage) which, on a two-core machine, ran beside the page's rendering of its rows and
   * pushed some of its frames past 50 ms. So annotate answers at once and keeps the page's sightings
   * here until the page reports its rows shown ('shown'), until HISTORY_WAIT_MS pass (a tab closed
   * first), or until a request reads history (HISTORY_READERS, and annotate for another page).
   */
  function recordLater(pageUrl: string, items: SightingInput[]): void {
    const entry: PendingHistory = { pageUrl, at: now(), items };
    entry.timer = setTimeout(() => void recordPending((p) => p === entry), opts.historyWaitMs ?? HISTORY_WAIT_MS);
    pendingHistory.push(entry);
  }

  /**
   * Write the pending sightings `which` selects (in the order they were seen), through the write queue.
   * Resolves to the number written (0 when storage failed: that is reported to every tab).
   */
  function recordPending(which: (p: PendingHistory) => boolean = () => true): Promise<number> {
    const take = pendingHistory.filter(which);
    if (!take.length) return Promise.resolve(0);
    pendingHistory = pendingHistory.filter((p) => !take.includes(p));
    for (const p of take) clearTimeout(p.timer);
    return write(async () => {
      await fullLoad; // the rows in memory are complete (abstracts too) from here on
      let n = 0;
      for (const p of take) {
        const res = await lib.recordSightings(p.items, p.at, known);
        for (const row of res.papers) applyPaper(row);
        for (const row of res.sightings) applySighting(row);
        n += res.sightings.length;
      }
      return n;
    }).catch((e: unknown) => {
      if (e instanceof StorageError) broadcast({ type: 'storageError', message: e.message });
      return 0;
    });
  }

  /** The library as this service mirrors it (every write goes through here): saves the database a read per row. */
  const known: KnownRows = {
    paper: (id) => papers.get(id),
    sighting: (paperId, id) => sightings.get(paperId)?.find((s) => s.id === id),
  };

  /** History turned off, cleared or wiped: what was waiting is part of it. */
  function dropPendingHistory(): void {
    for (const p of pendingHistory) clearTimeout(p.timer);
    pendingHistory = [];
  }

  const topicInfo = new Map(TAXONOMY.map((t) => [t.id, { label: t.label, color: TOPIC_COLORS[t.id] ?? '#64748b' }]));

  /**
   * Topics of a paper: the default-taxonomy topics computed once (at build time for the bundled
   * corpus, when first met for local papers, cached with the paper) plus user topics, applied live.
   */
  function topicsOf(id: string, entry?: { title: string; abstract?: string | null }): TopicTag[] {
    const cached = topicCache.get(id);
    if (cached) return cached;
    const local = papers.get(id);
    const c = corpusById.get(id);
    const title = local?.title ?? c?.title ?? entry?.title;
    if (!title) return [];
    const abstract = local?.abstract ?? c?.abstract ?? entry?.abstract ?? null;
    let tags: TopicTag[];
    const stored = c?.topicTags ?? (local && local.topics.length ? local.topics.map((t) => ({ id: t, score: 0, why: [] as string[] })) : null);
    if (stored) {
      const user = tagger.tagUser(title, abstract);
      const hidden = new Set(settings.hiddenTopics);
      const defaults = stored
        .filter((t) => !hidden.has(t.id) && topicInfo.has(t.id))
        .map((t) => ({ id: t.id, label: topicInfo.get(t.id)!.label, color: topicInfo.get(t.id)!.color, score: t.score, why: t.why }));
      tags = [...user, ...defaults].slice(0, 3);
    } else tags = tagger.tag(title, abstract);
    topicCache.set(id, tags);
    return tags;
  }

  function paperFromEntry(id: string, e: EntryInfo): NewPaper {
    const c = corpusById.get(id);
    const title = c?.title ?? e.title;
    return {
      id,
      title,
      key: normalizeTitle(title).key,
      arxivId: parseArxivId(e.arxivId ?? null)?.id ?? null,
      doi: e.doi ?? null,
      url: e.url ?? null,
      abstract: e.abstract ?? c?.abstract ?? null,
      authors: e.authors ?? [],
      year: e.year ?? null,
      codeUrl: c?.codeUrls[0] ?? null,
      topics: topicsOf(id, e).map((t) => t.id),
    };
  }

  function applyPaper(row: PaperRow): void {
    const prev = papers.get(row.id);
    papers.set(row.id, row);
    if (!corpusById.has(row.id) && (!prev || prev.title !== row.title || !index.has(row.id))) index.add({ id: row.id, title: row.title, arxivId: row.arxivId, doi: row.doi });
    searchUpsert(row.id);
  }

  /** Mirror a written sighting (replacing the row with its id). */
  function applySighting(row: SightingRow): void {
    const list = (sightings.get(row.paperId) ?? []).filter((x) => x.id !== row.id);
    list.push(row);
    sightings.set(row.paperId, list);
  }

  function dropPaperIfGone(id: string, stillThere: boolean): void {
    if (stillThere) return;
    papers.delete(id);
    if (!corpusById.has(id)) index.remove(id);
    searchUpsert(id);
  }

  function corpusPlaces(id: string): CorpusPlace[] {
    return corpusById.get(id)?.listings.map((l) => ({ listing: l.listing, position: l.position, date: l.date })) ?? [];
  }

  function savedInfo(id: string): Annotation['saved'] {
    const s = saved.get(id);
    return s ? { savedAt: s.savedAt, note: s.note, tags: s.tags } : null;
  }

  function libraryNames(id: string): string[] {
    return (papers.get(id)?.collections ?? []).map((c) => imports.get(c)?.name ?? c);
  }

  function record(id: string): PaperRecord | null {
    const local = papers.get(id);
    const c = corpusById.get(id);
    if (!local && !c) return null;
    const title = local?.title ?? c!.title;
    return {
      id,
      title,
      key: local?.key ?? c!.key,
      arxivId: local?.arxivId ?? null,
      doi: local?.doi ?? null,
      url: local?.url ?? null,
      abstract: local?.abstract ?? c?.abstract ?? null,
      authors: local?.authors ?? [],
      year: local?.year ?? null,
      codeUrl: local?.codeUrl ?? c?.codeUrls[0] ?? null,
      topics: topicsOf(id).map((t) => t.id),
      origins: [...(c ? (['bundled'] as const) : []), ...(local?.origins ?? [])],
      collections: local?.collections ?? [],
      addedAt: local?.addedAt ?? 0,
    };
  }

  function hit(id: string, score: number): SearchHit | null {
    const r = record(id);
    if (!r) return null;
    const s = saved.get(id);
    return {
      id,
      title: r.title,
      year: r.year,
      url: r.url ?? (r.arxivId ? `https://arxiv.org/abs/${r.arxivId}` : null),
      codeUrl: r.codeUrl,
      topics: topicsOf(id),
      saved: s ? { savedAt: s.savedAt } : null,
      sources: r.origins,
      seen: (sightings.get(id) ?? []).map(toSighting).sort((a, b) => b.seenAt - a.seenAt).slice(0, 5),
      score,
    };
  }

  const handlers: { [T in Request['type']]: Handler<T> } = {
    async ping() {
      return { pong: true, protocol: PROTOCOL, version: opts.version, corpusSize: corpus.papers.length };
    },

    async stats(): Promise<Stats> {
      await ready();
      await writes;
      let seenCount = 0;
      for (const l of sightings.values()) seenCount += l.length;
      return {
        corpusPapers: corpus.papers.length,
        corpusEntries: corpus.entryCount,
        corpusListings: corpus.listings.length,
        localPapers: papers.size,
        saved: saved.size,
        sightings: seenCount,
        imports: imports.size,
        historyEnabled: settings.historyEnabled,
      };
    },

    async annotate(req) {
      const ta = performance.now();
      await ready();
      const page: PageInfo = { ...req.page, url: canonicalPageUrl(req.page.url) };
      // Read your own writes: other pages' sightings are in before this page is answered (its own
      // earlier batches are left waiting: seenBefore leaves out this page anyway).
      void recordPending((p) => p.pageUrl !== page.url);
      if (snapshotTimer) scheduleSnapshot();
      await writes;
      const repeats = findRepeats(req.entries.map((e) => ({ title: e.title, arxivId: e.arxivId, doi: e.doi })));
      const ids: string[] = [];
      const matches: Annotation['match'][] = [];
      req.entries.forEach((e, i) => {
        const m = index.lookup({ title: e.title, arxivId: e.arxivId, doi: e.doi, abstract: e.abstract });
        const first = repeats[i]!.find((j) => j < i);
        const id = m?.id ?? (first !== undefined ? ids[first]! : localIdFor(e));
        ids.push(id);
        matches.push(m ? { kind: m.kind, score: m.score, reason: m.reason, title: m.title } : null);
      });
      const annotations: Annotation[] = req.entries.map((e, i) => {
        const id = ids[i]!;
        const known = !!matches[i] || papers.has(id) || corpusById.has(id);
        return {
          paperId: known || settings.historyEnabled ? id : null,
          match: matches[i] ?? null,
          saved: savedInfo(id),
          seenBefore: (sightings.get(id) ?? [])
            .filter((s) => s.pageUrl !== page.url)
            .map(toSighting)
            .sort((a, b) => b.seenAt - a.seenAt),
          corpus: corpusPlaces(id),
          libraries: libraryNames(id),
          repeats: repeats[i]!,
          topics: topicsOf(id, e),
        };
      });
      if (settings.historyEnabled && req.entries.length > 0) {
        const seenIds = new Set<string>();
        const items = req.entries.flatMap((e, i) => {
          const id = ids[i]!;
          if (seenIds.has(id)) return [];
          seenIds.add(id);
          return [{ paper: paperFromEntry(id, e), site: page.site, label: page.label, pageUrl: page.url, date: page.date ?? null }];
        });
        recordLater(page.url, items);
      }
      timings.answeredAt ??= performance.now();
      timings.annotate ??= performance.now() - ta;
      return { annotations };
    },

    async shown(req) {
      await ready();
      const url = canonicalPageUrl(req.pageUrl);
      return { recorded: await recordPending((p) => p.pageUrl === url) };
    },

    async save(req) {
      await ready();
      const e = req.entry;
      const id = req.paperId ?? index.lookup({ title: e.title, arxivId: e.arxivId, doi: e.doi, abstract: e.abstract })?.id ?? localIdFor(e);
      return write(async () => {
        const res = await lib.save(paperFromEntry(id, e), now());
        saved.set(id, res.saved);
        applyPaper(res.paper);
        broadcast({ type: 'changed', what: 'saved', paperId: id, saved: savedInfo(id) });
        return { paperId: id, savedAt: res.saved.savedAt };
      });
    },

    async unsave(req) {
      await ready();
      return write(async () => {
        const removed = await lib.unsave(req.paperId, now());
        saved.delete(req.paperId);
        const row = await lib.getPaper(req.paperId);
        if (row) applyPaper(row);
        else dropPaperIfGone(req.paperId, false);
        broadcast({ type: 'changed', what: 'saved', paperId: req.paperId, saved: null });
        return { paperId: req.paperId, removed };
      });
    },

    async setNote(req) {
      await ready();
      return write(async () => {
        const row = await lib.setNote(req.paperId, req.note, req.tags);
        saved.set(req.paperId, row);
        broadcast({ type: 'changed', what: 'saved', paperId: req.paperId, saved: savedInfo(req.paperId) });
        return { paperId: req.paperId };
      });
    },

    async getPaper(req) {
      await ready();
      await fullLoad;
      return {
        paper: record(req.paperId),
        saved: savedInfo(req.paperId),
        sightings: (sightings.get(req.paperId) ?? []).map(toSighting).sort((a, b) => b.seenAt - a.seenAt),
        corpus: corpusPlaces(req.paperId),
      };
    },

    async search(req) {
      await ready();
      const t0 = performance.now();
      const search = await ensureSearch();
      const res = search.search(req.query, req.filters ?? {}, { limit: req.limit ?? 50, offset: req.offset ?? 0 });
      const hits = res.hits.map((h) => hit(h.id, h.score)).filter((h): h is SearchHit => h !== null);
      return { hits, total: res.total, tookMs: performance.now() - t0 };
    },

    async listSaved(req) {
      await ready();
      const all = [...saved.values()].sort((a, b) => b.savedAt - a.savedAt);
      const page = all.slice(req.offset ?? 0, (req.offset ?? 0) + (req.limit ?? 50));
      return { hits: page.map((s) => hit(s.paperId, 0)).filter((h): h is SearchHit => h !== null), total: all.length };
    },

    async setHistory(req) {
      await ready();
      if (!req.enabled) dropPendingHistory();
      return write(async () => {
        settings = await lib.updateSettings({ historyEnabled: req.enabled });
        broadcast({ type: 'changed', what: 'history' });
        return { enabled: settings.historyEnabled };
      });
    },

    async getSettings() {
      await ready();
      return {
        settings,
        userTopics,
        topics: TAXONOMY.map((t) => ({ id: t.id, label: t.label, description: t.description, color: TOPIC_COLORS[t.id] ?? '#64748b' })),
      };
    },

    async setUserTopics(req) {
      await ready();
      return write(async () => {
        await lib.setMeta('userTopics', req.topics);
        userTopics = req.topics;
        tagger = createTagger({ userTopics, hidden: settings.hiddenTopics });
        topicCache.clear();
        searchIndex = null; // topics changed: rebuilt on next search
        broadcast({ type: 'changed', what: 'topics' });
        return { topics: userTopics };
      });
    },

    async importBatch(req) {
      await ready();
      await fullLoad;
      let matched = 0;
      const items: NewPaper[] = [];
      const ids: string[] = [];
      for (const e of req.entries) {
        const m = index.lookup({ title: e.title, arxivId: e.arxivId, doi: e.doi, abstract: e.abstract });
        if (m) matched++;
        const id = m?.id ?? localIdFor(e);
        ids.push(id);
        items.push(paperFromEntry(id, e));
      }
      if (req.dryRun) return { added: 0, matched, ids };
      return write(async () => {
        const res = await lib.importPapers(req.collection, items, now());
        imports.set(res.row.id, res.row);
        for (const p of res.papers) applyPaper(p);
        broadcast({ type: 'changed', what: 'library' });
        return { added: items.length, matched, ids };
      });
    },

    async listCollections() {
      await ready();
      return { collections: [...imports.values()].sort((a, b) => b.importedAt - a.importedAt) };
    },

    async removeCollection(req) {
      await ready();
      return write(async () => {
        const res = await lib.removeCollection(req.id, now());
        imports.delete(req.id);
        for (const id of res.removed) dropPaperIfGone(id, false);
        for (const row of res.updated) applyPaper(row);
        broadcast({ type: 'changed', what: 'library' });
        return { removed: res.removed.length };
      });
    },

    async exportSaved(req) {
      await ready();
      await fullLoad;
      const list = [...saved.values()]
        .sort((a, b) => a.savedAt - b.savedAt)
        .map((s) => ({ s, r: record(s.paperId) }))
        .filter((x): x is { s: SavedRow; r: PaperRecord } => !!x.r)
        .filter((x) => (!req.topic || x.r.topics.includes(req.topic)) && (!req.tag || x.s.tags.includes(req.tag)))
        .map(({ s, r }): ExportPaper => ({
          id: r.id, title: r.title, authors: r.authors, year: r.year, arxivId: r.arxivId, doi: r.doi, url: r.url, abstract: r.abstract,
          topics: r.topics, note: s.note, tags: s.tags, savedAt: s.savedAt,
        }));
      const stamp = new Date(now()).toISOString().slice(0, 10);
      const [text, ext, mime] =
        req.format === 'bibtex' ? [toBibTeX(list), 'bib', 'application/x-bibtex'] : req.format === 'ris' ? [toRIS(list), 'ris', 'application/x-research-info-systems'] : [toCSV(list), 'csv', 'text/csv'];
      return { filename: `paper-lens-saved-${stamp}.${ext}`, mime, text, count: list.length };
    },

    async exportBackup(req) {
      await ready();
      const [rows, savedRows, sightRows, importRows] = await Promise.all([lib.allPapers(), lib.allSaved(), req.includeSightings ? lib.allSightings() : Promise.resolve([]), lib.allImports()]);
      const backup: Backup = {
        format: BACKUP_FORMAT, version: 1, exportedAt: now(),
        papers: req.includeSightings ? rows : rows.filter((r) => r.origins.some((o) => o !== 'seen')).map((r) => ({ ...r, origins: r.origins.filter((o) => o !== 'seen') })),
        saved: savedRows, sightings: sightRows, imports: importRows, userTopics, settings,
      };
      return {
        filename: `paper-lens-backup-${new Date(now()).toISOString().slice(0, 10)}.json`,
        json: JSON.stringify(backup),
        counts: { papers: backup.papers.length, saved: savedRows.length, sightings: sightRows.length, imports: importRows.length, userTopics: userTopics.length },
      };
    },

    async restoreBackup(req) {
      await ready();
      const { backup, errors } = readBackup({ format: BACKUP_FORMAT, version: 1, ...req.part });
      if (errors.length) throw new Error(`backup part has ${errors.length} invalid record(s): ${errors.slice(0, 3).map((e) => e.reason).join('; ')}`);
      return write(async () => {
        await lib.restore(backup);
        if (req.part.userTopics) await lib.setMeta('userTopics', req.part.userTopics);
        if (req.part.settings) await lib.updateSettings(req.part.settings as Partial<Settings>);
        await loadState();
        broadcast({ type: 'changed', what: 'library' });
        return { restored: backup.papers.length + backup.saved.length + backup.sightings.length + backup.imports.length };
      });
    },

    async wipe() {
      await ready();
      dropPendingHistory();
      return write(async () => {
        await lib.wipe();
        await loadState();
        broadcast({ type: 'changed', what: 'library' });
        return { ok: true as const };
      });
    },

    async updateSettings(req) {
      await ready();
      return write(async () => {
        const patch = req.patch;
        const merged = {
          ...patch,
          sites: { ...settings.sites, ...(patch.sites ?? {}) },
          pageFilter: { ...settings.pageFilter, ...(patch.pageFilter ?? {}) },
        };
        settings = await lib.updateSettings(merged);
        if (patch.hiddenTopics) {
          tagger = createTagger({ userTopics, hidden: settings.hiddenTopics });
          topicCache.clear();
          broadcast({ type: 'changed', what: 'topics' });
        } else broadcast({ type: 'changed', what: 'settings' });
        return { settings };
      });
    },

    async clearHistory() {
      await ready();
      dropPendingHistory();
      return write(async () => {
        const res = await lib.clearHistory(now());
        sightings.clear();
        for (const id of res.papers) dropPaperIfGone(id, false);
        for (const [id, row] of papers) {
          if (row.origins.includes('seen')) {
            const next = { ...row, origins: row.origins.filter((o) => o !== 'seen') };
            papers.set(id, next);
            searchUpsert(id);
          }
        }
        broadcast({ type: 'changed', what: 'history' });
        return { removed: res.sightings };
      });
    },
  };

  return {
    handle: ((req: Request, ctx: CallContext = { tabId: null }) =>
      (HISTORY_READERS.has(req.type) && pendingHistory.length ? recordPending() : Promise.resolve())
        .then(() => (handlers[req.type] as Handler<typeof req.type>)(req as never, ctx))
        .catch((e: unknown) => {
          if (e instanceof StorageError) broadcast({ type: 'storageError', message: e.message });
          throw e;
        })) as Service['handle'],
    ready,
    close() {
      dropPendingHistory();
      if (snapshotTimer) clearTimeout(snapshotTimer);
      if (searchSaveTimer) clearTimeout(searchSaveTimer);
      lib?.close();
    },
    async flush() {
      await ready();
      await recordPending();
      if (snapshotTimer) clearTimeout(snapshotTimer);
      snapshotTimer = null;
      await writeSnapshot();
    },
    startupMs: () => startup,
    timings: () => ({ ...timings }),
  };
}
