/**
 * History job: visits, and the record of which papers each visit showed.
 *
 * A visit is one page load of a listing, plus the reloads of the same URL within VISIT_WINDOW_MS of its
 * first load (lib/types.ts). A paper shown on an earlier visit is "seen"; the papers of the current
 * visit are not, however often the page is reloaded or re-rendered during it. One sighting per paper per
 * visit (the first time), kept in `sightings` and, for the most recent ones, on the paper's row.
 *
 * A page's history is written once its badges are on screen, not while they are rendered: writing a
 * listing's sightings is a burst of database work which, on a two-core machine, ran beside the page's
 * rendering of its rows and pushed some of its frames past 50 ms. So annotate answers at once and keeps
 * the page's sightings here until the page reports its rows shown ('shown'), until HISTORY_WAIT_MS pass
 * (a tab closed first), or until a request reads history.
 */
import { mergePaper, sameApartFromTime, withSighting, type NewPaper } from '../db/library';
import { fire, type PaperRow, type VisitRow } from '../db/schema';
import { keyHashes } from '../match/key-table';
import type { PageInfo } from '../messages';
import { VISIT_WINDOW_MS } from '../types';
import type { Ctx } from './context';
import { inLibrary, storedTopicIds, tagRemembered } from './papers';
import { bumpLibRev, libIndexApply, markDeleted, rebuildDerived, writeSegment } from './storage';

/** How long a page's sightings wait for the page to report its badges shown. */
export const HISTORY_WAIT_MS = 10_000;
/** Page-load tokens remembered per visit. */
const LOADS_KEPT = 8;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export interface PendingItem {
  id: string;
  /** The paper's number when annotate found it stored. */
  n: number | null;
  paper: NewPaper;
  /** Its topics are not classified yet (annotate left them for later): classified from this text when written. */
  untagged?: { title: string; abstract: string | null };
  /**
   * Its abstract was not sent (a lean annotate entry) and is to be kept: it comes with the page's 'details'
   * request (supplyAbstracts). Written before it came, the row is written without it, and without topics
   * if they were to be classified from it; supplyAbstracts then adds both to the row.
   */
  awaitAbstract?: true;
}

/** Pages whose papers were written still waiting for their abstracts, remembered at most. */
const LATE_PAGES = 20;

export interface PendingPage {
  pageUrl: string;
  visit: VisitRow;
  /** When the page was annotated: the sightings' time. */
  at: number;
  items: PendingItem[];
  timer?: ReturnType<typeof setTimeout>;
  /** The visit is not stored yet (set by visitFor; given by callers that make their own visits). */
  newVisit?: boolean;
}

export class History {
  private pending: PendingPage[] = [];
  /** Visit of each page load this worker has seen (load token → visit). */
  private byLoad = new Map<string, VisitRow>();
  /** The latest visit of each URL this worker knows of, written or not. */
  private latest = new Map<string, VisitRow>();
  /** Visits started by this worker and not written yet. */
  private unwritten = new Set<number>();
  /** Per page URL, papers written before the abstracts they wait for came (oldest page first). */
  private late = new Map<string, Set<string>>();

  constructor(private readonly ctx: Ctx) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** The visit a page load belongs to (a new one unless it is a reload within the window). */
  async visitFor(page: PageInfo, load: string | null): Promise<VisitRow> {
    const now = this.ctx.now();
    if (load) {
      const known = this.byLoad.get(load);
      if (known && known.url === page.url) return known;
    }
    let latest = this.latest.get(page.url);
    if (!latest) {
      latest = await this.ctx.lib.latestVisit(page.url);
      if (latest) this.ctx.visits.set(latest.v, latest);
    }
    let visit: VisitRow;
    if (latest && ((load && latest.loads.includes(load)) || now - latest.startedAt < VISIT_WINDOW_MS)) {
      visit = latest;
      if (load && !visit.loads.includes(load)) visit.loads = [...visit.loads, load].slice(-LOADS_KEPT);
    } else {
      visit = { v: ++this.ctx.last.v, url: page.url, site: page.site, label: page.label, date: page.date ?? null, startedAt: now, lastAt: now, loads: load ? [load] : [] };
      this.unwritten.add(visit.v);
      this.ctx.visits.set(visit.v, visit);
    }
    this.latest.set(page.url, visit);
    if (load) this.byLoad.set(load, visit);
    return visit;
  }

  /** Keep a page's sightings until the page reports its badges shown (or HISTORY_WAIT_MS pass). */
  recordLater(pageUrl: string, visit: VisitRow, items: PendingItem[]): void {
    const entry: PendingPage = { pageUrl, visit, at: this.ctx.now(), items };
    entry.timer = setTimeout(() => void this.recordPending((p) => p === entry), this.ctx.opts.historyWaitMs ?? HISTORY_WAIT_MS);
    this.pending.push(entry);
  }

  /** Written when a page says its badges are shown. */
  shown(pageUrl: string): Promise<number> {
    return this.recordPending((p) => p.pageUrl === pageUrl);
  }

  /** History turned off, cleared or wiped: what was waiting is part of it. */
  drop(): void {
    for (const p of this.pending) clearTimeout(p.timer);
    this.pending = [];
    this.late.clear();
  }

  /**
   * Abstracts a page sent for the papers annotate asked them for (awaitAbstract): put on the page's items
   * still waiting to be written, or added to the rows already written (with the topics classified from
   * them, if those were left out). Abstracts of other papers are ignored.
   */
  async supplyAbstracts(pageUrl: string, abstracts: Map<string, string>): Promise<void> {
    for (const p of this.pending) {
      if (p.pageUrl !== pageUrl) continue;
      for (const it of p.items) {
        const a = it.awaitAbstract ? abstracts.get(it.id) : undefined;
        if (a === undefined) continue;
        it.paper.abstract = a;
        if (it.untagged) it.untagged = { ...it.untagged, abstract: a };
        delete it.awaitAbstract;
      }
    }
    const late = this.late.get(pageUrl);
    const todo = late ? [...abstracts].filter(([id]) => late.has(id)) : [];
    if (!todo.length) return;
    for (const [id] of todo) late!.delete(id);
    if (!late!.size) this.late.delete(pageUrl);
    const { ctx } = this;
    await ctx
      .write(() =>
        ctx.lib.write(async (w) => {
          const rows = await w.papersByIds(todo.map(([id]) => id));
          for (const [id, a] of todo) {
            const r = rows.get(id);
            if (!r) continue;
            // mergePaper's rules: a longer abstract replaces a shorter one; topics fill empty ones.
            const topics = r.topics.length ? undefined : storedTopicIds(tagRemembered(ctx, r.title, a));
            const { row, abstract } = mergePaper(r, { id: r.id, title: r.title, key: r.key, abstract: a, topics, topicsChecked: true }, null, ctx.now(), r.n);
            if (abstract || !sameApartFromTime(r, row)) w.putPaper(row, abstract, false);
          }
        }, ['papers', 'abstracts', 'meta']),
      )
      .catch((e: unknown) => ctx.broadcast({ type: 'storageError', message: (e as Error).message }));
  }

  /** Forget visits this worker keeps (after clearing or wiping). */
  forget(): void {
    this.byLoad.clear();
    this.latest.clear();
    this.unwritten.clear();
    this.ctx.visits.clear();
  }

  /**
   * Write the pending sightings `which` selects (in the order they were seen), through the write queue,
   * in one transaction. Resolves to the number of sightings written (0 when storage failed: that is
   * reported to every tab).
   */
  recordPending(which: (p: PendingPage) => boolean = () => true): Promise<number> {
    const take = this.pending.filter(which);
    if (!take.length) return Promise.resolve(0);
    this.pending = this.pending.filter((p) => !take.includes(p));
    for (const p of take) clearTimeout(p.timer);
    const { ctx } = this;
    return ctx
      .write(() => this.write(take))
      .then(
        (n) => {
          ctx.afterWrite();
          return n;
        },
        (e: unknown) => {
          ctx.broadcast({ type: 'storageError', message: (e as Error).message });
          return 0;
        },
      );
  }

  /**
   * Write pages' sightings in one transaction (call through ctx.write). Also how the scale benchmark
   * fills a library: the same code a listing visit runs.
   */
  write(pages: PendingPage[]): Promise<number> {
    const { ctx } = this;
    return ctx.lib.write(async (w) => {
      let written = 0;
      const docs: Array<[PaperRow, string | null]> = [];
      const keyAdds: Array<[number[], number]> = [];
      const libChanged: PaperRow[] = [];
      /** Rows written in this transaction, by id (a paper on two of the pages). */
      const byId = new Map<string, PaperRow>();
      for (const p of pages) {
        // Papers annotate did not find may have been stored since (a star clicked before this write):
        // their key-table candidates are read with the known rows.
        const cands = new Map<PendingItem, number[]>();
        const want: number[] = [];
        for (const it of p.items) {
          // Topics to classify from an abstract still to come are left out (supplyAbstracts adds them).
          if (it.untagged && !it.awaitAbstract) {
            it.paper.topics = storedTopicIds(tagRemembered(ctx, it.untagged.title, it.untagged.abstract));
            it.paper.topicsChecked = !!it.untagged.abstract;
          }
          delete it.untagged;
          if (it.n !== null) want.push(it.n);
          else {
            const c: number[] = [];
            for (const h of keyHashes(it.paper)) ctx.keys.candidates(h, c);
            cands.set(it, c);
            want.push(...c);
          }
        }
        const rows = await w.readRows(want);
        const shown: number[] = [];
        for (const it of p.items) {
          let existing = byId.get(it.id) ?? (it.n !== null ? rows.get(it.n) : undefined);
          if (!existing) for (const c of cands.get(it) ?? []) if (rows.get(c)?.id === it.id) existing = rows.get(c);
          if (existing && existing.id !== it.id) existing = undefined;
          const isNew = !existing;
          const n = existing?.n ?? ++ctx.last.n;
          const merged = mergePaper(existing, it.paper, 'seen', p.at, n);
          const { row, added } = withSighting(merged.row, p.visit.v, p.at);
          if (!existing || merged.abstract || !sameApartFromTime(existing, row)) w.putPaper(row, merged.abstract, isNew && !byId.has(it.id));
          if (added) shown.push(n);
          if (isNew || existing!.key !== row.key || existing!.arxivId !== row.arxivId || existing!.doi !== row.doi) {
            const hs = keyHashes(row);
            w.addKeys(hs, n);
            keyAdds.push([hs, n]);
            docs.push([row, null]);
            if (!isNew && inLibrary(row)) libChanged.push(row);
          }
          byId.set(row.id, row);
          rows.set(n, row);
        }
        const waiting = p.items.filter((it) => it.awaitAbstract).map((it) => it.id);
        if (waiting.length)
          w.onCommit(() => {
            const set = this.late.get(p.pageUrl) ?? new Set<string>();
            for (const id of waiting) set.add(id);
            this.late.delete(p.pageUrl);
            this.late.set(p.pageUrl, set);
            if (this.late.size > LATE_PAGES) this.late.delete(this.late.keys().next().value!);
          });
        w.putSightings(p.visit.v, p.at, shown);
        written += shown.length;
        const visit: VisitRow = { ...p.visit, lastAt: Math.max(p.visit.lastAt, p.at) };
        w.putVisit(visit, p.newVisit ?? this.unwritten.has(visit.v));
        w.onCommit(() => {
          this.unwritten.delete(visit.v);
          ctx.visits.set(visit.v, visit);
        });
      }
      writeSegment(ctx, w, docs);
      if (libChanged.length) bumpLibRev(ctx, w);
      w.onCommit(() => {
        for (const [hs, n] of keyAdds) for (const h of hs) ctx.keys.add(h, n);
        for (const r of libChanged) libIndexApply(ctx, r, r.id);
      });
      // Numbers given to papers of a failed write are skipped, never reused.
      return written;
    });
  }

  /** Delete every sighting and visit, and papers known only from them; saved and imported papers stay. */
  async clear(): Promise<number> {
    const { ctx } = this;
    this.drop();
    const removed = ctx.counts.sightings;
    const deleted: number[] = [];
    await ctx.write(async () => {
      for (let from = 0; ; ) {
        const rows = await ctx.lib.scanPapers(from, 5000);
        if (!rows.length) break;
        await ctx.lib.write(async (w) => {
          for (const r of rows) {
            if (!r.origins.includes('seen') && r.seenCount === 0) continue;
            const origins = r.origins.filter((o) => o !== 'seen');
            if (origins.length === 0) {
              w.deletePaper(r.n, 0);
              deleted.push(r.n);
            } else w.putPaper({ ...r, origins, seen: [], seenCount: 0, updatedAt: ctx.now() }, null, false);
          }
        }, ['papers', 'abstracts', 'sightings', 'meta']);
        from = rows[rows.length - 1]!.n + 1;
      }
      await ctx.lib.write(async (w) => {
        await w.tx.objectStore('sightings').clear();
        await w.tx.objectStore('visits').clear();
        w.uncount('sightings', ctx.counts.sightings);
        w.uncount('visits', ctx.counts.visits);
      }, ['sightings', 'visits', 'meta']);
      this.forget();
      // Most of the library may be gone: rebuild the key table and the search index from what is left.
      await rebuildDerived(ctx);
    });
    return removed;
  }

  /**
   * Delete history older than `years` (the user's choice in the options): sightings and visits before the
   * cut-off, and papers known only from them. Saved and imported papers are never touched. In batches.
   */
  async prune(years: number): Promise<{ sightings: number; papers: number }> {
    const { ctx } = this;
    const cutoff = ctx.now() - years * YEAR_MS;
    let sightings = 0;
    const deleted: number[] = [];
    let rebuilt = false;
    await ctx.write(async () => {
      for (;;) {
        const batch = await ctx.lib.db.getAllFromIndex('sightings', 'byAt', IDBKeyRange.upperBound(cutoff, true), 50);
        if (!batch.length) break;
        const byN = new Map<number, number[]>();
        for (const rec of batch) for (const n of rec.ns) byN.set(n, [...(byN.get(n) ?? []), rec.v]);
        await ctx.lib.write(async (w) => {
          const rows = await w.readRows(byN.keys());
          for (const rec of batch) fire(w.tx.objectStore('sightings').delete(rec.id!));
          for (const [n, vs] of byN) {
            const r = rows.get(n);
            if (!r) continue; // deleted before: its sightings were no longer counted
            w.uncount('sightings', vs.length);
            sightings += vs.length;
            const seen = r.seen.filter((x) => !vs.includes(x[0]));
            const seenCount = Math.max(0, r.seenCount - vs.length);
            if (seenCount === 0 && r.origins.every((o) => o === 'seen')) {
              w.deletePaper(n, 0);
              deleted.push(n);
            } else w.putPaper({ ...r, seen, seenCount, origins: seenCount ? r.origins : r.origins.filter((o) => o !== 'seen') }, null, false);
          }
        }, ['papers', 'abstracts', 'sightings', 'meta']);
      }
      const old = await ctx.lib.db.getAll('visits');
      const gone = old.filter((v) => v.lastAt < cutoff);
      if (gone.length) {
        await ctx.lib.write(async (w) => {
          for (const v of gone) fire(w.tx.objectStore('visits').delete(v.v));
          w.uncount('visits', gone.length);
        }, ['visits', 'meta']);
        for (const v of gone) ctx.visits.delete(v.v);
        this.latest.clear();
      }
      rebuilt = deleted.length > Math.max(1000, (ctx.counts.papers + deleted.length) / 10);
      if (rebuilt) await rebuildDerived(ctx);
      else if (deleted.length) await ctx.lib.write(async (w) => markDeleted(ctx, w, deleted), ['meta']);
    });
    return { sightings, papers: deleted.length };
  }
}
