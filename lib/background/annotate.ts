/**
 * Annotate job: what Paper Lens knows about each entry of a listing. Work is proportional to the
 * entries, whatever the size of the library: the key table (in memory) names candidate papers for each
 * entry's arXiv id, DOI and title key; their rows are read with a few range reads; the library match
 * index (bundled corpus, saved and imported papers) adds fuzzy matches; visits named by the rows' recent
 * sightings are read once and cached.
 */
import { canonicalPageUrl } from '../db/library';
import type { PaperRow } from '../db/schema';
import { findRepeats, type MatchQuery, type MatchResult } from '../match/index';
import { keyHash } from '../match/key-table';
import { normalizeDoi, parseArxivId } from '../match/normalize';
import { TitleKeyMemo } from '../match/title-key-memo';
import type { Annotation, DetailsEntry, EntryInfo, PageInfo, Responses } from '../messages';
import { laps, type Ctx } from './context';
import type { History, PendingItem } from './history';
import { corpusPlaces, libraryNames, localIdFor, paperFromEntry, rememberedTopics, savedInfo, storedTopicsOf, tagRemembered, toSighting, topicsOf, untaggedText, zoteroOf } from './papers';

/** Sightings an annotation lists (the badge shows the last; its popover lists these). */
const SEEN_SHOWN = 8;
/**
 * Papers whose topics must be classified (new, or stored without topics) are classified in the answer up
 * to this many; the others are marked topicsPending and classified when the page asks ('details'), once
 * their rows are on screen. Classifying 150 new papers of a 500-entry arXiv listing took a third of the
 * answer's time; a listing of up to this many new papers (Hugging Face's daily page) gets every chip at once.
 */
export const TAG_INLINE = 40;

/** Title keys of the titles of the last few days' listings (most entries of a listing were on the last ones). */
const titleKeys = new TitleKeyMemo(8192);

export interface Resolved {
  /** The paper this entry is (its own paper: a fuzzy look-alike is only reported in `match`). */
  id: string;
  /** The entry's normalised title key. */
  key: string;
  row: PaperRow | null;
  match: MatchResult | null;
  /**
   * No stored paper has this id: it is the entry's own id (arXiv id, else title key) and the key table
   * had nothing under that key (a stored paper with this id would be there).
   */
  unstored?: boolean;
  /** Indexes of the entries of the same request that are the same paper (findRepeats). */
  repeats: number[];
  /** The entry came without its abstract and library papers look like it: the abstract decides (details). */
  lookAlikePending?: boolean;
}

/** The entry has an abstract the page did not send (leanEntries). */
const lean = (e: EntryInfo): boolean => !e.abstract && (e.abstractLen ?? 0) > 0;

/**
 * Matches in the bundled corpus and the user's library (exact, or fuzzy look-alikes) of these queries,
 * by index. The abstracts of the library papers a lookup would compare are read first (they stay on disk
 * otherwise). Queries sent without their abstract (see lean) are looked up exactly only; `pending` lists
 * those whose fuzzy verdict could depend on the abstract.
 */
async function libraryLookups(ctx: Ctx, queries: Array<readonly [MatchQuery, number, boolean]>, fuzzy: boolean): Promise<{ matches: Map<number, MatchResult>; pending: Set<number> }> {
  const matches = new Map<number, MatchResult>();
  const pending = new Set<number>();
  const abstracts = ctx.libAbstracts;
  if (fuzzy) {
    const want = new Set<string>();
    for (const [q, i, isLean] of queries) {
      if (isLean) {
        if (ctx.libIndex.abstractCouldDecide(q)) pending.add(i);
        continue;
      }
      for (const id of ctx.libIndex.abstractsWanted(q)) if (!ctx.corpusById.has(id)) want.add(id);
    }
    if (want.size) {
      const wantRows = await ctx.lib.papersByIds(want);
      const abs = await ctx.lib.abstracts([...wantRows.values()].filter((r) => r.abstractLen > 0).map((r) => r.n));
      for (const r of wantRows.values()) {
        const a = abs.get(r.n);
        if (a) abstracts.set(r.id, a);
      }
    }
  }
  try {
    // A lean query is looked up exactly only: a fuzzy verdict on its title alone would have made it
    // pending (abstractsCanDecide is true wherever the titles give one).
    for (const [q, i, isLean] of queries) {
      const m = ctx.libIndex.lookup(q, { fuzzy: fuzzy && !isLean });
      if (m) matches.set(i, m);
    }
  } finally {
    abstracts.clear();
  }
  return { matches, pending };
}

/** What an annotation says about a look-alike (a fuzzy match). */
function lookAlikeOf(ctx: Ctx, m: MatchResult | null): Annotation['lookAlike'] {
  return m?.kind === 'fuzzy' ? { paperId: m.id, title: m.title, score: m.score, reason: m.reason, saved: ctx.saved.has(m.id), inCorpus: ctx.corpusById.has(m.id) } : null;
}


/**
 * Which paper each entry is: a stored paper with the same arXiv id, DOI or title key; else a paper of the
 * bundled corpus or the user's library it matches (exactly, or fuzzily: then only as a look-alike, never
 * as its identity); else a new paper (the first entry of a repeated paper gives the id to the others).
 *
 * The rows are read while the rest is computed: the rows the ids name are asked for first, then (after
 * the title keys are computed) the rows only the title keys name; the repeats on the page and the library
 * lookups of entries no stored paper can be (no candidate at all) run while the database answers.
 */
export async function resolveEntries(ctx: Ctx, entries: EntryInfo[], opts: { fuzzy?: boolean; lap?: (what: string) => void } = {}): Promise<Resolved[]> {
  const lap = opts.lap ?? (() => undefined);
  const fuzzy = opts.fuzzy !== false;
  const probes = entries.map((e) => {
    const ax = parseArxivId(e.arxivId ?? null)?.id ?? null;
    const doi = normalizeDoi(e.doi ?? null);
    const cands: number[] = [];
    if (ax) ctx.keys.candidates(keyHash('a', ax), cands);
    if (doi) ctx.keys.candidates(keyHash('d', doi), cands);
    return { ax, doi, key: null as string | null, cands };
  });
  const byIds = probes.flatMap((p) => p.cands);
  const rowsByIds = ctx.lib.readRows(byIds);
  rowsByIds.catch(() => undefined); // awaited below; a failure is reported there
  lap('ids');
  // Only the title key is needed here (the fuzzy lookups below compute their own features).
  const feats = entries.map((e) => titleKeys.of(e.title));
  const asked = new Set(byIds);
  const byKeys: number[] = [];
  probes.forEach((p, i) => {
    const f = feats[i]!;
    p.key = f.key && !f.truncated ? f.key : null;
    if (!p.key) return;
    const from = p.cands.length;
    ctx.keys.candidates(keyHash('t', p.key), p.cands);
    for (let j = from; j < p.cands.length; j++) if (!asked.has(p.cands[j]!)) (asked.add(p.cands[j]!), byKeys.push(p.cands[j]!));
  });
  const rowsByKeys = byKeys.length ? ctx.lib.readRows(byKeys) : null;
  rowsByKeys?.catch(() => undefined);
  lap('keys');
  const repeats = findRepeats(entries.map((e) => ({ title: e.title, arxivId: e.arxivId, doi: e.doi })), { fuzzy });
  const query = (i: number): readonly [MatchQuery, number, boolean] => {
    const e = entries[i]!;
    return [{ title: e.title, arxivId: e.arxivId, doi: e.doi, abstract: e.abstract }, i, lean(e)];
  };
  // The bundled corpus and the library: exact matches there, and fuzzy look-alikes. Entries without a
  // candidate row are looked up now; those whose candidates all turn out to be other papers, after.
  const early = await libraryLookups(ctx, probes.flatMap((p, i) => (p.cands.length ? [] : [query(i)])), fuzzy);
  lap('library');
  const rows = await rowsByIds;
  if (rowsByKeys) for (const [n, r] of await rowsByKeys) rows.set(n, r);
  lap('rows');
  const out: Array<Omit<Resolved, 'repeats'> | null> = probes.map((p) => {
    const cand = p.cands.map((n) => rows.get(n)).filter((r): r is PaperRow => !!r);
    const byAx = p.ax ? cand.find((r) => r.arxivId === p.ax) : undefined;
    if (byAx) return { id: byAx.id, key: '', row: byAx, match: { id: byAx.id, title: byAx.title, kind: 'id', score: 1, reason: `arXiv ${p.ax}` } };
    const byDoi = p.doi ? cand.find((r) => normalizeDoi(r.doi) === p.doi) : undefined;
    if (byDoi) return { id: byDoi.id, key: '', row: byDoi, match: { id: byDoi.id, title: byDoi.title, kind: 'doi', score: 1, reason: `DOI ${p.doi}` } };
    // Same title but both sides carry different arXiv ids: two different papers.
    const byKey = p.key ? cand.find((r) => r.key === p.key && !(p.ax && r.arxivId && r.arxivId !== p.ax)) : undefined;
    if (byKey) return { id: byKey.id, key: '', row: byKey, match: { id: byKey.id, title: byKey.title, kind: 'exact', score: 0.99, reason: 'same normalised title' } };
    return null;
  });
  const late = await libraryLookups(ctx, probes.flatMap((p, i) => (p.cands.length && !out[i] ? [query(i)] : [])), fuzzy);
  const libMatches = new Map([...early.matches, ...late.matches]);
  const pending = new Set([...early.pending, ...late.pending]);
  // Exact library matches are the paper itself: its row, when stored.
  const exactIds = [...libMatches.values()].filter((m) => m.kind !== 'fuzzy').map((m) => m.id);
  const exactRows = exactIds.length ? await ctx.lib.papersByIds(exactIds) : new Map<string, PaperRow>();
  lap('exact');
  const result: Resolved[] = [];
  entries.forEach((e, i) => {
    const key = feats[i]!.key;
    const found = out[i];
    const rep = repeats[i]!;
    if (found) return void result.push({ ...found, key, repeats: rep });
    const m = libMatches.get(i) ?? null;
    if (m && m.kind !== 'fuzzy') return void result.push({ id: m.id, key, row: exactRows.get(m.id) ?? null, match: m, repeats: rep });
    const first = rep.find((j) => j < i);
    const p = probes[i]!;
    const unstored = first === undefined && p.cands.length === 0 && (p.ax !== null || (p.key !== null && p.key === key));
    result.push({ id: first !== undefined ? result[first]!.id : localIdFor(e), key, row: null, match: m, repeats: rep, ...(unstored ? { unstored } : {}), ...(pending.has(i) ? { lookAlikePending: true } : {}) });
  });
  return result;
}

/**
 * Visits named by these rows' sightings, read when missing. Every visit is kept once read (a few hundred
 * bytes each: a heavy reader's ten thousand visits are a few MB), and all of them are read in the
 * background after a start (storage.ts preloadVisits).
 */
async function loadVisits(ctx: Ctx, rows: Iterable<PaperRow | null>): Promise<void> {
  const need = new Set<number>();
  for (const r of rows) for (const [v] of r?.seen ?? []) if (!ctx.visits.has(v)) need.add(v);
  if (!need.size) return;
  for (const [v, row] of await ctx.lib.visits(need)) ctx.visits.set(v, row);
}

export async function annotate(ctx: Ctx, history: History, req: { page: PageInfo; entries: EntryInfo[] }): Promise<{ annotations: Annotation[] }> {
  const t0 = performance.now();
  const page: PageInfo = { ...req.page, url: canonicalPageUrl(req.page.url) };
  // Read your own writes: other pages' sightings are in before this page is answered (this page's own
  // earlier batches may wait: they belong to this visit, which is never "seen before").
  void history.recordPending((p) => p.pageUrl !== page.url);
  const lap = laps(ctx, 'annotate');
  await ctx.idle();
  lap('idle');
  // The visit (a database read when this worker does not know the URL yet) is looked up while the entries are.
  const visitP = history.visitFor(page, req.page.load ?? null);
  visitP.catch(() => undefined);
  const resolved = await resolveEntries(ctx, req.entries, { lap });
  const visit = await visitP;
  lap('visit');
  await loadVisits(ctx, resolved.map((r) => r.row));
  lap('visits');
  const items: PendingItem[] = [];
  let inline = 0;
  const recorded = new Set<string>();
  const annotations = req.entries.map((e, i): Annotation => {
    const r = resolved[i]!;
    const corpus = ctx.corpusById.get(r.id);
    // Topics that need classifying: the first TAG_INLINE now, the rest when the page asks ('details'), and
    // those of an entry whose abstract was not sent (lean) once it is.
    const untagged = untaggedText(r.row, corpus, e);
    const textLater = !!untagged && untagged.abstract === null && lean(e);
    let topics = !untagged ? storedTopicsOf(ctx, r.row, corpus, e) : textLater ? null : rememberedTopics(ctx, untagged.title, untagged.abstract);
    if (!topics && untagged && !textLater && inline < TAG_INLINE) {
      inline++;
      topics = tagRemembered(ctx, untagged.title, untagged.abstract);
    }
    // The abstract of a new paper (or a longer one than stored: mergePaper) is kept with it, and stored
    // topics are classified from it: asked for.
    const keep = ctx.settings.historyEnabled && lean(e) && (textLater || (!corpus?.abstract && (!r.row || r.row.abstractLen === 0 || e.abstractLen! > r.row.abstractLen + 200)));
    const known = !!r.row || !!corpus || ctx.saved.has(r.id);
    if (ctx.settings.historyEnabled && !recorded.has(r.id)) {
      recorded.add(r.id);
      const paper = paperFromEntry(ctx, r.id, e, topics ?? [], r.key);
      if (topics && untagged?.abstract) paper.topicsChecked = true;
      items.push({ id: r.id, n: r.row?.n ?? null, paper, ...(topics ? {} : { untagged: untagged ?? undefined }), ...(keep ? { awaitAbstract: true } : {}) });
    }
    const earlier = (r.row?.seen ?? []).filter(([v]) => v !== visit.v && ctx.visits.has(v));
    const seenBefore = earlier.slice(0, SEEN_SHOWN).map(([v, at]) => toSighting(ctx.visits.get(v)!, at));
    const thisVisit = r.row?.seen.some(([v]) => v === visit.v) ? 1 : 0;
    return {
      paperId: known || ctx.settings.historyEnabled ? r.id : null,
      match: r.match ? { kind: r.match.kind, score: r.match.score, reason: r.match.reason } : null,
      lookAlike: lookAlikeOf(ctx, r.match),
      saved: savedInfo(ctx, r.id),
      seenBefore,
      seenCount: earlier.length ? Math.max(earlier.length, (r.row?.seenCount ?? 0) - thisVisit) : 0,
      corpus: corpusPlaces(ctx, r.id),
      libraries: libraryNames(ctx, r.row),
      zotero: zoteroOf(ctx, r.row),
      repeats: r.repeats,
      topics: topics ?? [],
      ...(topics ? {} : { topicsPending: true as const }),
      ...(r.lookAlikePending ? { lookAlikePending: true as const } : {}),
      // Whatever is left for later comes with the entry's abstract in 'details'.
      ...(!topics || keep || r.lookAlikePending ? { abstractWanted: true as const } : {}),
    };
  });
  lap('build');
  if (items.length) history.recordLater(page.url, visit, items);
  ctx.timings.answeredAt ??= performance.now();
  ctx.timings.annotate ??= performance.now() - t0;
  return { annotations };
}

/**
 * What annotate answers left for later ('details', sent once the page's rows are drawn): the topics of
 * entries marked topicsPending, the look-alikes of lean entries that depend on their abstract, and the
 * abstracts of new papers, which go with the page's history (written with it, or added to the rows if the
 * history was written first).
 */
export async function details(ctx: Ctx, history: History, req: { page: PageInfo; entries: DetailsEntry[] }): Promise<Responses['details']> {
  const topics = req.entries.map((e) => (e.topics ? topicsOf(ctx, null, undefined, e) : null));
  const asked: Array<readonly [MatchQuery, number, boolean]> = [];
  req.entries.forEach((e, i) => {
    if (e.lookAlike) asked.push([{ title: e.title, arxivId: e.arxivId, doi: e.doi, abstract: e.abstract }, i, false]);
  });
  const { matches } = asked.length ? await libraryLookups(ctx, asked, true) : { matches: new Map<number, MatchResult>() };
  const lookAlikes = req.entries.map((e, i) => (e.lookAlike ? lookAlikeOf(ctx, matches.get(i) ?? null) : undefined));
  const abstracts = new Map<string, string>();
  for (const e of req.entries) if (e.paperId && e.abstract) abstracts.set(e.paperId, e.abstract);
  if (abstracts.size) await history.supplyAbstracts(canonicalPageUrl(req.page.url), abstracts);
  return { topics, lookAlikes };
}
