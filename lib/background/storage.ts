/**
 * Storage job: opening the database and loading what a cold start needs (nothing proportional to the
 * history: settings, saved papers, collections, the key table, the library match index), rebuilding the
 * derived indexes when an upgrade asks for it, and the maintenance that keeps them small (key-table
 * compaction, segment merges, the library index snapshot) — run between listings, through the write queue.
 */
import { Library, type Writer } from '../db/library';
import { DERIVED_VERSION, fire, openLibraryDB, type PaperRow } from '../db/schema';
import { KeyTable, keyHashes } from '../match/key-table';
import { MatchIndex, type SerializedMatchIndex } from '../match/index';
import { Segment, type SegmentDoc } from '../search/segment';
import { MERGE_FAN_IN } from '../search/segment-index';
import { createTagger } from '../topics/classifier';
import type { UserTopic } from '../topics/types';
import type { Ctx } from './context';
import { inLibrary, topicBits } from './papers';

/** Papers per segment when the search index is rebuilt from the papers. */
const REBUILD_SEGMENT = 50_000;
/** Level given to rebuilt segments (level L holds about 500·8^L papers: 50k is level 2–3). */
const REBUILD_LEVEL = 3;
/** Quiet time before the library match index snapshot is written. */
const SNAPSHOT_QUIET_MS = 5000;

interface LibIndexSnapshot {
  rev: number;
  index: SerializedMatchIndex;
}

/** Abstracts the library index may compare, read before a lookup (lib/background/annotate.ts). */
export function newLibIndex(ctx: Ctx): MatchIndex {
  return new MatchIndex({ getAbstract: abstractOf(ctx) });
}

const abstractOf = (ctx: Ctx) => (id: string) => ctx.corpusById.get(id)?.abstract ?? ctx.libAbstracts.get(id) ?? null;

/** Cold start: open the database and load the small state. */
export async function load(ctx: Ctx): Promise<void> {
  const t0 = performance.now();
  const db = await openLibraryDB({ name: ctx.opts.dbName, onBlocking: () => ctx.broadcast({ type: 'storageError', message: 'Paper Lens is being updated: reload this page.' }) });
  ctx.lib = new Library(db);
  const lib = ctx.lib;
  ctx.timings.open = performance.now() - t0;
  const t1 = performance.now();
  const [settings, userTopics, keyState, saved, imports, snap, libRev, last, counts, segList, dead, derived] = await Promise.all([
    lib.settings(),
    lib.getMeta<UserTopic[]>('userTopics'),
    lib.keyState(),
    lib.allSaved(),
    lib.allImports(),
    lib.getMeta<LibIndexSnapshot>('libindex'),
    lib.getMeta<number>('librev'),
    lib.lastNumbers(),
    lib.counts(),
    lib.getMeta<Ctx['segList']>('segments'),
    lib.getMeta<number[]>('searchDead'),
    lib.getMeta<number | null>('derived'),
  ]);
  ctx.timings.load = performance.now() - t1;
  const t2 = performance.now();
  ctx.settings = settings;
  ctx.userTopics = userTopics ?? [];
  ctx.tagger = createTagger({ userTopics: ctx.userTopics, hidden: settings.hiddenTopics });
  ctx.saved = new Map(saved.map((s) => [s.paperId, s]));
  ctx.imports = new Map(imports.map((i) => [i.id, i]));
  ctx.last = last;
  ctx.counts = counts;
  ctx.libRev = libRev ?? 0;
  ctx.segList = segList ?? [];
  ctx.searchDead = new Set(dead ?? []);
  ctx.keys = new KeyTable(keyState.base, keyState.logs);
  ctx.libIndex = newLibIndex(ctx);
  let fromSnapshot = false;
  if (snap && snap.rev === ctx.libRev) {
    try {
      ctx.libIndex = MatchIndex.deserialize(snap.index, { getAbstract: abstractOf(ctx) });
      fromSnapshot = true;
    } catch {
      /* rebuilt below */
    }
  }
  if (!fromSnapshot) await rebuildLibIndex(ctx);
  ctx.timings.index = performance.now() - t2;
  ctx.timings.snapshot = fromSnapshot ? 1 : 0;
  if (derived !== DERIVED_VERSION) await rebuildDerived(ctx);
}

const preloads = new WeakMap<Ctx, Promise<void>>();

/**
 * Read every visit into memory (in chunks, after a start: listings and search hits then never wait for
 * one). Once per worker: later calls get the same promise (a failed preload is tried again).
 */
export function preloadVisits(ctx: Ctx): Promise<void> {
  let p = preloads.get(ctx);
  if (!p) {
    p = readAllVisits(ctx);
    preloads.set(ctx, p);
    p.catch(() => preloads.delete(ctx));
  }
  return p;
}

async function readAllVisits(ctx: Ctx): Promise<void> {
  for (let from = 0; ; ) {
    const rows = await ctx.lib.db.getAll('visits', IDBKeyRange.lowerBound(from), 2000);
    if (!rows.length) break;
    for (const v of rows) if (!ctx.visits.has(v.v)) ctx.visits.set(v.v, v);
    from = rows[rows.length - 1]!.v + 1;
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** The library match index from scratch: the bundled corpus, saved and imported papers. */
export async function rebuildLibIndex(ctx: Ctx): Promise<void> {
  const rows = new Map<string, PaperRow>();
  for (const [id, r] of await ctx.lib.papersByIds(ctx.saved.keys())) rows.set(id, r);
  for (const c of ctx.imports.keys()) for (const r of await ctx.lib.papersInCollection(c)) rows.set(r.id, r);
  const index = newLibIndex(ctx);
  index.addAll([
    ...ctx.corpus.papers.map((p) => ({ id: p.id, title: p.title })),
    ...[...rows.values()].filter((r) => !ctx.corpusById.has(r.id)).map((r) => ({ id: r.id, title: r.title, arxivId: r.arxivId, doi: r.doi })),
  ]);
  ctx.libIndex = index;
  scheduleLibSnapshot(ctx);
}

/** Keep the library match index in step with a written row. */
export function libIndexApply(ctx: Ctx, row: PaperRow | null, id: string): void {
  if (ctx.corpusById.has(id)) return;
  if (row && inLibrary(row)) ctx.libIndex.add({ id, title: row.title, arxivId: row.arxivId, doi: row.doi });
  else ctx.libIndex.remove(id);
  scheduleLibSnapshot(ctx);
}

const snapshotTimers = new WeakMap<Ctx, ReturnType<typeof setTimeout>>();

/** Write the library index snapshot once the library has been quiet for a while. */
export function scheduleLibSnapshot(ctx: Ctx): void {
  const t = snapshotTimers.get(ctx);
  if (t) clearTimeout(t);
  snapshotTimers.set(ctx, setTimeout(() => {
    snapshotTimers.delete(ctx);
    void writeLibSnapshot(ctx);
  }, SNAPSHOT_QUIET_MS));
}

export function writeLibSnapshot(ctx: Ctx): Promise<void> {
  return ctx
    .write(async () => {
      await ctx.lib.setMeta('libindex', { rev: ctx.libRev, index: ctx.libIndex.serialize() } satisfies LibIndexSnapshot);
    })
    .catch(() => undefined);
}

export function cancelTimers(ctx: Ctx): void {
  const t = snapshotTimers.get(ctx);
  if (t) clearTimeout(t);
  snapshotTimers.delete(ctx);
}

/**
 * Index papers written by `w` in a new level-0 segment stored in the same transaction (call once per
 * write), and tell the search job once it committed.
 */
export function writeSegment(ctx: Ctx, w: Writer, papers: Array<[PaperRow, string | null]>): void {
  if (!papers.length) return;
  const seg = Segment.build(papers.map(([row, abstract]) => segmentDoc(row, abstract)));
  // Stored copies of bundled-corpus papers: their corpus document stands for them in search.
  const corpusCopies = papers.filter(([row]) => ctx.corpusById.has(row.id)).map(([row]) => row.n);
  const k = w.addSegment(0, seg.serialize());
  w.beforeCommit(() => {
    const id = w.segmentIds[k]!;
    const next = [...ctx.segList, { id, level: 0, seq: id, size: seg.size }];
    w.putMeta('segments', next);
    w.onCommit(() => {
      ctx.segList = next;
      ctx.searchEvents.added(id, seg, corpusCopies);
    });
  });
}

/** Papers deleted by `w`: kept out of search results from now on (persisted with the write). */
export function markDeleted(ctx: Ctx, w: Writer, ns: number[]): void {
  if (!ns.length) return;
  const dead = [...new Set([...ctx.searchDead, ...ns])];
  w.putMeta('searchDead', dead);
  w.onCommit(() => {
    for (const n of ns) ctx.searchDead.add(n);
    ctx.searchEvents.deleted(ns);
  });
}

/** Bump the library revision in a write that changes the library match index. */
export function bumpLibRev(ctx: Ctx, w: Writer): void {
  w.putMeta('librev', ctx.libRev + 1);
  w.onCommit(() => {
    ctx.libRev++;
    scheduleLibSnapshot(ctx);
  });
}

/** A search document for a stored paper (abstracts indexed for library papers only). */
export function segmentDoc(row: PaperRow, abstract: string | null): SegmentDoc {
  return { n: row.n, title: row.title, authors: row.authors.join(' '), abstract: inLibrary(row) ? abstract : null, topicBits: topicBits(row.topics), year: row.year };
}

/**
 * Rebuild the key table and the search segments from the papers (after an upgrade from v2, or when the
 * derived format changed): one pass over the papers, in chunks.
 */
export async function rebuildDerived(ctx: Ctx): Promise<void> {
  const t0 = performance.now();
  const lib = ctx.lib;
  const h: number[] = [];
  const ns: number[] = [];
  const segs: Segment[] = [];
  let docs: SegmentDoc[] = [];
  for (let from = 0; ; ) {
    const rows = await lib.scanPapers(from, 5000);
    if (!rows.length) break;
    const abs = await lib.abstracts(rows.filter((r) => inLibrary(r) && r.abstractLen > 0).map((r) => r.n));
    for (const r of rows) {
      for (const x of keyHashes(r)) {
        h.push(x);
        ns.push(r.n);
      }
      docs.push(segmentDoc(r, abs.get(r.n) ?? null));
      if (docs.length >= REBUILD_SEGMENT) {
        segs.push(Segment.build(docs));
        docs = [];
      }
    }
    from = rows[rows.length - 1]!.n + 1;
  }
  if (docs.length) segs.push(Segment.build(docs));
  const keys = new KeyTable(null, [{ h: Uint32Array.from(h), n: Uint32Array.from(ns) }]);
  const base = keys.merged();
  const segList: Ctx['segList'] = [];
  await lib.write(async (w) => {
    const tx = w.tx;
    await tx.objectStore('keylog').clear();
    await tx.objectStore('segments').clear();
    for (const s of segs) {
      const id = (await tx.objectStore('segments').add({ level: REBUILD_LEVEL, seg: s.serialize() } as never)) as number;
      segList.push({ id, level: REBUILD_LEVEL, seq: id, size: s.size });
    }
    w.putMeta('keybase', base);
    w.putMeta('segments', segList);
    w.putMeta('searchDead', []);
    w.putMeta('derived', DERIVED_VERSION);
  }, ['keylog', 'segments', 'meta']);
  ctx.keys = new KeyTable(base, []);
  ctx.segList = segList;
  ctx.searchDead = new Set();
  ctx.searchEvents.rebuilt();
  ctx.timings.rebuild = performance.now() - t0;
}

/**
 * Maintenance after a write: compact the key table when its unmerged part has grown, merge search
 * segments when a level is full. The heavy part (building the new base or segment) runs outside the write
 * queue, in slices that leave the event loop free (a listing is answered in between); only the short
 * transaction that swaps the result in goes through the queue, and is dropped if the library changed
 * under it (a rebuild).
 */
export async function maintain(ctx: Ctx): Promise<void> {
  if (ctx.keys.shouldCompact()) {
    const keys = ctx.keys;
    const mark = keys.mark;
    const upTo = await ctx.lib.lastKeyLog();
    const base = keys.merged();
    await ctx.write(async () => {
      if (ctx.keys !== keys) return; // rebuilt meanwhile
      await ctx.lib.writeKeyBase(base, upTo);
      keys.adopt(base, mark);
    });
  }
  for (let guard = 0; guard < 8; guard++) {
    const plan = segmentMergePlan(ctx.segList);
    if (!plan) break;
    const inputs = plan.map((id) => ctx.segList.find((s) => s.id === id)!);
    const have = inputs.map((s) => ctx.searchEvents.loaded(s.seq));
    const missing = inputs.filter((_, i) => !have[i]).map((s) => s.id);
    const read = new Map((await ctx.lib.segmentsById(missing)).map((r) => [r.id, new Segment(r.seg)]));
    if (inputs.some((s, i) => !have[i] && !read.has(s.id))) break; // gone meanwhile (a rebuild)
    const segs = inputs.map((s, i) => have[i] ?? read.get(s.id)!);
    // Within the inputs a paper's newest copy wins; copies in newer segments outside them stay (their
    // seq is higher, so they win at load); deleted papers are dropped.
    const lastIn = new Map<number, number>();
    segs.forEach((s, si) => s.docs.forEach((n) => lastIn.set(n, si)));
    const merged = await Segment.mergeSlices(segs, (si, d) => {
      const n = segs[si]!.docs[d]!;
      return lastIn.get(n) === si && !ctx.searchDead.has(n);
    });
    const level = inputs[0]!.level + 1;
    const seq = Math.max(...inputs.map((s) => s.seq));
    const done = await ctx.write(async () => {
      if (!plan.every((id) => ctx.segList.some((s) => s.id === id))) return false;
      await ctx.lib.write(async (w) => {
        const store = w.tx.objectStore('segments');
        const newId = (await store.add({ level, seq, seg: merged.serialize() } as never)) as number;
        for (const s of inputs) fire(store.delete(s.id));
        const next = [...ctx.segList.filter((s) => !plan.includes(s.id)), { id: newId, level, seq, size: merged.size }].sort((a, b) => a.seq - b.seq);
        w.putMeta('segments', next);
        w.onCommit(() => {
          ctx.segList = next;
          ctx.searchEvents.merged(inputs.map((s) => s.seq), seq, level, merged);
        });
      }, ['segments', 'meta']);
      return true;
    });
    if (!done) break;
  }
}

/**
 * Levels merge up to this one: a segment of level L holds about 333 · 8^L papers, and merging eight of
 * level 3 (≈ 1.4 million papers) would take seconds; past it, level-3 segments (≈ 170,000 papers each)
 * simply accumulate (a search looks in each: about six at a million papers).
 */
export const MAX_LEVEL = 3;

/** The oldest MERGE_FAN_IN segments of the lowest level that has that many. */
export function segmentMergePlan(list: Ctx['segList']): number[] | null {
  const byLevel = new Map<number, number[]>();
  for (const s of [...list].sort((a, b) => a.seq - b.seq)) if (s.level < MAX_LEVEL) byLevel.set(s.level, [...(byLevel.get(s.level) ?? []), s.id]);
  for (const level of [...byLevel.keys()].sort((a, b) => a - b)) {
    const ids = byLevel.get(level)!;
    if (ids.length >= MERGE_FAN_IN) return ids.slice(0, MERGE_FAN_IN);
  }
  return null;
}

/** Bytes the browser reports for this extension's storage (null when it cannot tell). */
export async function storageUsage(ctx: Ctx): Promise<number | null> {
  try {
    const est = await (ctx.opts.estimate ?? (() => (globalThis.navigator?.storage?.estimate?.() ?? Promise.resolve({}))))();
    return typeof est.usage === 'number' ? est.usage : null;
  } catch {
    return null;
  }
}

export const keysOf = keyHashes;
