/**
 * Library job: saving and unsaving papers, notes and tags, a paper's details, the saved list. Each
 * change is one transaction; memory (saved papers, key table, library match index, search) follows
 * once it committed, and every tab is told.
 */
import { mergePaper, type NewPaper } from '../db/library';
import type { PaperRow, SavedRow } from '../db/schema';
import { keyHashes } from '../match/key-table';
import type { EntryInfo, Responses, SearchHit } from '../messages';
import type { Ctx } from './context';
import { corpusPlaces, paperFromEntry, recordOf, savedInfo, toSighting, topicsOf } from './papers';
import { resolveEntries } from './annotate';
import { bumpLibRev, libIndexApply, markDeleted, writeSegment } from './storage';

/** Store a paper (merging into its row) with an origin; returns the row. Runs inside a write. */
export async function upsertPaper(ctx: Ctx, w: import('../db/library').Writer, p: NewPaper, origin: 'saved' | 'imported', collection?: string): Promise<PaperRow> {
  const existing = await w.paperById(p.id);
  const n = existing?.n ?? ++ctx.last.n;
  const { row, abstract } = mergePaper(existing, p, origin, ctx.now(), n, collection);
  w.putPaper(row, abstract, !existing);
  return row;
}

/** Save the paper an entry is (its own paper: never a look-alike). */
export async function save(ctx: Ctx, req: { entry: EntryInfo; paperId?: string | null }): Promise<Responses['save']> {
  const e = req.entry;
  // In the write queue from the start: a save and an unsave of the same paper apply in arrival order.
  return ctx.write(async () => {
    const id = req.paperId ?? (await resolveEntries(ctx, [e], { fuzzy: false }))[0]!.id;
    return ctx.lib.write(async (w) => {
      const before = await w.paperById(id);
      const row = await upsertPaper(ctx, w, paperFromEntry(ctx, id, e), 'saved');
      const prev = ctx.saved.get(id);
      const saved: SavedRow = prev ?? { paperId: id, savedAt: ctx.now(), note: '', tags: [] };
      if (!prev) w.putSaved(saved);
      // Saved papers are searched with their abstracts, and matched fuzzily: (re-)index this one.
      const abstract = e.abstract ?? ctx.corpusById.get(id)?.abstract ?? null;
      writeSegment(ctx, w, [[row, abstract]]);
      const hs = keyHashes(row);
      if (!before || before.key !== row.key || before.arxivId !== row.arxivId || before.doi !== row.doi) w.addKeys(hs, row.n);
      bumpLibRev(ctx, w);
      w.onCommit(() => {
        ctx.saved.set(id, saved);
        for (const h of hs) ctx.keys.add(h, row.n);
        libIndexApply(ctx, row, id);
        ctx.broadcast({ type: 'changed', what: 'saved', paperId: id, saved: savedInfo(ctx, id) });
      });
      return { paperId: id, savedAt: saved.savedAt };
    });
  });
}

export async function unsave(ctx: Ctx, req: { paperId: string }): Promise<Responses['unsave']> {
  return ctx.write(() =>
    ctx.lib.write(async (w) => {
      const had = ctx.saved.has(req.paperId);
      w.deleteSaved(req.paperId);
      const row = await w.paperById(req.paperId);
      let after: PaperRow | null = null;
      if (row) {
        const origins = row.origins.filter((o) => o !== 'saved');
        if (origins.length === 0) {
          w.deletePaper(row.n, row.seenCount);
          markDeleted(ctx, w, [row.n]);
        } else {
          after = { ...row, origins, updatedAt: ctx.now() };
          w.putPaper(after, null, false);
        }
      }
      bumpLibRev(ctx, w);
      w.onCommit(() => {
        ctx.saved.delete(req.paperId);
        libIndexApply(ctx, after, req.paperId);
        ctx.broadcast({ type: 'changed', what: 'saved', paperId: req.paperId, saved: null });
      });
      return { paperId: req.paperId, removed: had };
    }, ['papers', 'abstracts', 'saved', 'sightings', 'meta']),
  );
}

export async function setNote(ctx: Ctx, req: { paperId: string; note: string; tags?: string[] }): Promise<Responses['setNote']> {
  return ctx.write(() =>
    ctx.lib.write(async (w) => {
      const row = ctx.saved.get(req.paperId);
      if (!row) throw new Error('this paper is not saved: save it before adding a note');
      const next: SavedRow = { ...row, note: req.note, ...(req.tags ? { tags: [...new Set(req.tags.map((t) => t.trim()).filter(Boolean))] } : {}) };
      w.putSaved(next);
      w.onCommit(() => {
        ctx.saved.set(req.paperId, next);
        ctx.broadcast({ type: 'changed', what: 'saved', paperId: req.paperId, saved: savedInfo(ctx, req.paperId) });
      });
      return { paperId: req.paperId };
    }, ['saved', 'meta']),
  );
}

/** A paper's details: its record with the abstract, its recent sightings (newest first) and their count, corpus places. */
export async function getPaper(ctx: Ctx, req: { paperId: string }): Promise<Responses['getPaper']> {
  const row = (await ctx.lib.paperById(req.paperId)) ?? null;
  const abstract = row && row.abstractLen ? ((await ctx.lib.abstracts([row.n])).get(row.n) ?? null) : null;
  const refs = row?.seen ?? [];
  const missing = refs.map(([v]) => v).filter((v) => !ctx.visits.has(v));
  if (missing.length) for (const [v, visit] of await ctx.lib.visits(missing)) ctx.visits.set(v, visit);
  return {
    paper: recordOf(ctx, row, req.paperId, abstract),
    saved: savedInfo(ctx, req.paperId),
    sightings: refs.filter(([v]) => ctx.visits.has(v)).map(([v, at]) => toSighting(ctx.visits.get(v)!, at)),
    seenCount: row?.seenCount ?? 0,
    corpus: corpusPlaces(ctx, req.paperId),
  };
}

/** Search hits for these papers (rows read in one batch; corpus papers without a row from the corpus). */
export async function hitsFor(ctx: Ctx, items: Array<{ id: string; row?: PaperRow | null; score: number }>): Promise<SearchHit[]> {
  const missing = items.filter((x) => x.row === undefined).map((x) => x.id);
  const rows = missing.length ? await ctx.lib.papersByIds(missing) : new Map<string, PaperRow>();
  const all = items.map((x) => ({ ...x, row: x.row === undefined ? (rows.get(x.id) ?? null) : x.row }));
  const vs = new Set<number>();
  for (const x of all) for (const [v] of x.row?.seen ?? []) if (!ctx.visits.has(v)) vs.add(v);
  if (vs.size) for (const [v, r] of await ctx.lib.visits(vs)) ctx.visits.set(v, r);
  return all.flatMap(({ id, row, score }) => {
    const r = recordOf(ctx, row, id);
    if (!r) return [];
    const s = ctx.saved.get(id);
    return [{
      id,
      title: r.title,
      year: r.year,
      url: r.url ?? (r.arxivId ? `https://arxiv.org/abs/${r.arxivId}` : null),
      codeUrl: r.codeUrl,
      topics: topicsOf(ctx, row, ctx.corpusById.get(id)),
      saved: s ? { savedAt: s.savedAt, note: s.note, tags: s.tags } : null,
      sources: r.origins,
      seen: (row?.seen ?? []).filter(([v]) => ctx.visits.has(v)).slice(0, 5).map(([v, at]) => toSighting(ctx.visits.get(v)!, at)),
      score,
    }];
  });
}

export async function listSaved(ctx: Ctx, req: { limit?: number; offset?: number }): Promise<Responses['listSaved']> {
  const all = [...ctx.saved.values()].sort((a, b) => b.savedAt - a.savedAt);
  const page = all.slice(req.offset ?? 0, (req.offset ?? 0) + (req.limit ?? 50));
  return { hits: await hitsFor(ctx, page.map((s) => ({ id: s.paperId, score: 0 }))), total: all.length };
}
