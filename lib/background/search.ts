/**
 * Search job: the popup's search over everything Paper Lens knows. The index is the stored search
 * segments (lib/search/segment.ts: titles and authors of every paper, abstracts of saved and imported
 * ones) plus one in-memory segment for the bundled corpus, loaded on the first search and kept in step
 * as segments are written, merged or rebuilt (SearchEvents). Hits are read back from the papers' rows.
 */
import type { PaperRow } from '../db/schema';
import type { Responses, SearchFilters, SearchHit } from '../messages';
import { tokenize } from '../search/text';
import { parseQuery } from '../search/query';
import { Segment, type SegmentDoc } from '../search/segment';
import { SegmentIndex, type ScoredDoc } from '../search/segment-index';
import { keyHash } from '../match/key-table';
import { normalizeDoi } from '../match/normalize';
import { TAXONOMY } from '../topics/taxonomy';
import { laps, type Ctx, type SearchEvents } from './context';
import { hitsFor } from './library';
import { TOPIC_BIT, topicBits } from './papers';
import { preloadVisits } from './storage';

/** Corpus paper i is document CORPUS_BASE + i (never a stored paper's number). */
export const CORPUS_BASE = 1 << 30;
/** Seq of the corpus segment (stored segments have positive seqs). */
const CORPUS_SEQ = -1;

/** Queries run over a freshly loaded index before it answers (see warmUp: one per title it is given). */
const WARM_QUERIES = 12;

/**
 * A dozen queries over a freshly loaded index, made of bundled-corpus titles (common words, a word being
 * completed, a typo), before it answers the first search. Right after a start V8 runs the scoring code
 * unoptimised: in the scale bench the first twenty searches after a restart were the slowest (index
 * 10–13 ms against 1–4 ms later). The popup asks for the index as it opens, so this runs before the
 * first keystroke. Results are discarded; searches keep no state between them.
 */
export function warmUp(index: SegmentIndex, titles: string[]): void {
  for (let i = 0; i < titles.length; i++) {
    const words = [...new Set(tokenize(titles[i]!))].slice(0, 3);
    if (!words.length) continue;
    // Every third query with a typo (two letters swapped in its longest word), every other one still being typed.
    if (i % 3 === 0) {
      const j = words.reduce((b, w, k) => (w.length > words[b]!.length ? k : b), 0);
      const w = words[j]!;
      if (w.length >= 6) words[j] = w.slice(0, 2) + w[3] + w[2] + w.slice(4);
    }
    index.search({ words, prefixLast: i % 2 === 1, limit: 20 });
  }
}

export class SearchJob implements SearchEvents {
  private index: SegmentIndex | null = null;
  private loading: Promise<SegmentIndex> | null = null;
  /** Numbers of saved / imported papers (for the filters), built when a filter first needs them. */
  private savedNs: Set<number> | null = null;
  private importedNs: Set<number> | null = null;
  private zoteroNs: Set<number> | null = null;

  constructor(private readonly ctx: Ctx) {}

  /* ------------------------------------------------ SearchEvents */

  added(seq: number, seg: Segment, corpusCopies: number[]): void {
    this.index?.add(seq, 0, seg);
    this.index?.markDead(corpusCopies);
  }
  deleted(ns: number[]): void {
    this.index?.markDead(ns);
  }
  merged(inputs: number[], _seq: number, level: number, seg: Segment): void {
    this.index?.replace(inputs, seg, level);
  }
  rebuilt(): void {
    this.index = null;
    this.loading = null;
    this.filtersChanged();
  }
  loaded(seq: number): Segment | undefined {
    return this.index?.segment(seq);
  }

  /** Saved or imported papers changed: the filter sets are rebuilt when next needed. */
  filtersChanged(): void {
    this.savedNs = null;
    this.importedNs = null;
    this.zoteroNs = null;
  }

  get isLoaded(): boolean {
    return this.index !== null;
  }

  get bytes(): number {
    return this.index?.bytes ?? 0;
  }

  /** The index, loaded from the stored segments on first use. */
  ensure(): Promise<SegmentIndex> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= (async () => {
      const t0 = performance.now();
      // The hits' sightings name visits: they are read while the segments are (the popup is opening),
      // instead of a few at a time by the first searches.
      const visits = preloadVisits(this.ctx).catch(() => undefined);
      const rows = await this.ctx.lib.segments();
      const index = new SegmentIndex();
      index.markDead(this.ctx.searchDead);
      for (const r of rows) index.add(r.seq ?? r.id, r.level, new Segment(r.seg));
      index.add(CORPUS_SEQ, -1, this.corpusSegment());
      this.index = index;
      this.loading = null;
      await this.hideCorpusCopies();
      const t1 = performance.now();
      warmUp(index, this.ctx.corpus.papers.slice(0, WARM_QUERIES).map((p) => p.title));
      this.ctx.timings.searchWarm = performance.now() - t1;
      await visits;
      this.ctx.timings.searchLoad = performance.now() - t0;
      return index;
    })().catch((e) => {
      this.loading = null;
      throw e;
    });
    return this.loading;
  }

  private corpusSegment(): Segment {
    const docs: SegmentDoc[] = this.ctx.corpus.papers.map((p, i) => ({
      n: CORPUS_BASE + i,
      title: p.title,
      abstract: p.abstract,
      topicBits: topicBits((p.topicTags ?? []).map((t) => t.id)),
      year: null,
    }));
    return Segment.build(docs);
  }

  /**
   * A corpus paper that is also stored (seen, saved) is indexed twice; its corpus document stands for
   * it (it has the abstract), the stored copy is kept out of results (found through the key table).
   */
  private async hideCorpusCopies(): Promise<void> {
    const index = this.index;
    if (!index) return;
    const cands: number[] = [];
    for (const p of this.ctx.corpus.papers) this.ctx.keys.candidates(keyHash('t', p.key), cands);
    if (!cands.length) return;
    const rows = await this.ctx.lib.readRows(cands);
    index.markDead([...rows.values()].filter((r) => this.ctx.corpusById.has(r.id)).map((r) => r.n));
  }

  private async savedSet(): Promise<Set<number>> {
    if (!this.savedNs) this.savedNs = new Set([...(await this.ctx.lib.papersByIds(this.ctx.saved.keys())).values()].map((r) => r.n));
    return this.savedNs;
  }

  private async importedSet(): Promise<Set<number>> {
    if (!this.importedNs) {
      const s = new Set<number>();
      for (const c of this.ctx.imports.keys()) for (const n of await this.ctx.lib.db.getAllKeysFromIndex('papers', 'byCollection', c)) s.add(n);
      this.importedNs = s;
    }
    return this.importedNs;
  }

  /** Papers from the user's Zotero library. */
  private async zoteroSet(): Promise<Set<number>> {
    this.zoteroNs ??= new Set(await this.ctx.lib.db.getAllKeysFromIndex('papers', 'byCollection', 'zotero'));
    return this.zoteroNs;
  }

  private corpusId(n: number): string | null {
    return n >= CORPUS_BASE ? (this.ctx.corpus.papers[n - CORPUS_BASE]?.id ?? null) : null;
  }

  async search(req: { query: string; filters?: SearchFilters; limit?: number; offset?: number }): Promise<Responses['search']> {
    const t0 = performance.now();
    const { ctx } = this;
    const lap = laps(ctx, 'search');
    const q = parseQuery(req.query, [...TAXONOMY, ...ctx.userTopics]);
    const filters = req.filters ?? {};
    const savedOnly = !!(filters.savedOnly || q.saved) || (filters.source ?? q.source) === 'saved';
    const source = filters.source ?? q.source;
    const topic = filters.topic ?? q.topic;
    const yearFrom = filters.yearFrom ?? q.yearFrom;
    const yearTo = filters.yearTo ?? q.yearTo;
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const want = offset + limit;
    // A paper named by its id (arXiv id or URL, DOI or DOI URL) comes first.
    const named = await this.byId(q.arxivId, q.doi);
    if (named && !q.text && !q.phrases.length) {
      const hits = offset === 0 ? await hitsFor(ctx, [{ id: named.id, row: named, score: 1e9 }]) : [];
      return { hits, total: 1, tookMs: performance.now() - t0 };
    }
    if ((q.arxivId || q.doi) && !named && !q.text) return { hits: [], total: 0, tookMs: performance.now() - t0 };
    const index = await this.ensure();
    lap('prepare');
    const words = [...new Set(tokenize(q.text))];
    const prefixLast = !/[\s"]$/.test(req.query);
    // Default topics are filtered in the index; user topics (applied live) and phrases on the rows.
    const userTopic = topic && !TOPIC_BIT.has(topic) ? (ctx.userTopics.find((t) => t.id === topic) ?? null) : null;
    const topicBit = topic && TOPIC_BIT.has(topic) ? TOPIC_BIT.get(topic)! : 0;
    if (topic && !topicBit && !userTopic) return { hits: [], total: 0, tookMs: performance.now() - t0 };
    const saved = savedOnly ? await this.savedSet() : null;
    const imported = source === 'imported' ? await this.importedSet() : source === 'zotero' ? await this.zoteroSet() : null;
    const accept = (n: number): boolean => {
      const cid = this.corpusId(n);
      if (source === 'bundled' && !cid) return false;
      if (saved && !(cid ? ctx.saved.has(cid) : saved.has(n))) return false;
      if (imported && (cid || !imported.has(n))) return false;
      return true;
    };
    const needRows = !!(q.phrases.length || userTopic || source === 'seen');
    const res = index.search({ words, prefixLast, yearFrom, yearTo, topicBits: topicBit, accept: saved || imported || source === 'bundled' ? accept : undefined, limit: needRows ? Math.max(want * 4, 400) : want });
    lap('index');
    let candidates: ScoredDoc[] = res.hits;
    let total = res.total;
    const localNs = candidates.filter((c) => c.n < CORPUS_BASE).map((c) => c.n);
    const corpusIds = candidates.map((c) => this.corpusId(c.n)).filter((x): x is string => !!x);
    // The history rows and the stored copies of corpus papers are asked for together (one wait, not two).
    const [rows, corpusRows] = await Promise.all([ctx.lib.readRows(localNs), corpusIds.length ? ctx.lib.papersByIds(corpusIds) : new Map<string, PaperRow>()]);
    // Phrases and user topics are checked on title, abstract and authors: abstracts read in one batch.
    const abstracts = q.phrases.length || userTopic ? await ctx.lib.abstracts([...rows.values(), ...corpusRows.values()].filter((r) => r.abstractLen > 0).map((r) => r.n)) : new Map<number, string>();
    lap('rows');
    const items: Array<{ id: string; row: PaperRow | null; score: number }> = [];
    let dropped = 0;
    for (const c of candidates) {
      const cid = this.corpusId(c.n);
      const row = cid ? (corpusRows.get(cid) ?? null) : (rows.get(c.n) ?? null);
      const id = cid ?? row?.id;
      if (!id) {
        dropped++; // deleted since it was indexed
        continue;
      }
      if (needRows && !this.passesRowFilters(id, row, row ? (abstracts.get(row.n) ?? null) : null, q.phrases, userTopic, source)) {
        dropped++;
        continue;
      }
      items.push({ id, row, score: c.score });
    }
    if (needRows) {
      // Filters on the rows: the total is what passed among the candidates read, scaled to all matches.
      const scanned = candidates.length;
      total = scanned >= res.total ? items.length : Math.round((items.length / Math.max(1, scanned)) * res.total);
    } else total = Math.max(items.length, res.total - dropped);
    candidates = [];
    if (named) {
      const at = items.findIndex((x) => x.id === named.id);
      if (at >= 0) items.splice(at, 1);
      else total++;
      items.unshift({ id: named.id, row: named, score: 1e9 });
    }
    const hits: SearchHit[] = await hitsFor(ctx, items.slice(offset, want));
    lap('hits');
    return { hits, total, tookMs: performance.now() - t0 };
  }

  /** The stored paper with this arXiv id or DOI (through the key table, confirmed on its row). */
  private async byId(arxivId: string | null, doi: string | null): Promise<PaperRow | null> {
    if (!arxivId && !doi) return null;
    const cands: number[] = [];
    if (arxivId) this.ctx.keys.candidates(keyHash('a', arxivId), cands);
    if (doi) this.ctx.keys.candidates(keyHash('d', doi), cands);
    const rows = await this.ctx.lib.readRows(cands);
    for (const r of rows.values()) if ((arxivId && r.arxivId === arxivId) || (doi && normalizeDoi(r.doi) === doi)) return r;
    return null;
  }

  private passesRowFilters(id: string, row: PaperRow | null, stored: string | null, phrases: string[], userTopic: { id: string } | null, source: string | null): boolean {
    const { ctx } = this;
    const c = ctx.corpusById.get(id);
    if (source === 'seen' && !(row && row.seenCount > 0)) return false;
    if (!phrases.length && !userTopic) return true;
    const title = row?.title ?? c?.title ?? '';
    const abstract = c?.abstract ?? stored;
    if (userTopic && !ctx.tagger.tagUser(title, abstract).some((t) => t.id === userTopic.id)) return false;
    if (phrases.length) {
      const hay = `${title}\n${abstract ?? ''}\n${(row?.authors ?? []).join(' ')}`.toLowerCase();
      if (!phrases.every((p) => hay.includes(p))) return false;
    }
    return true;
  }
}
