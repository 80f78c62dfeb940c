/**
 * Full-text search over everything Paper Lens knows: title (boosted), abstract, authors, topics, with
 * prefix (last word) and typo tolerance (one edit in words of 5+ letters) and BM25 ranking, plus
 * filters and the query syntax. Our own engine (lib/search/engine.ts): measured against MiniSearch
 * and FlexSearch in `npm run bench -- search`. Incremental (upsert/remove) and serialisable.
 */
import type { SearchFilters } from '../messages';
import { Engine, tokenize, type SerializedEngine } from './engine';
import { parseQuery } from './query';

export interface SearchDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string;
  topics: string[];
  year: number | null;
  sources: Array<'bundled' | 'seen' | 'saved' | 'imported'>;
  savedAt: number | null;
}

export interface SearchResult {
  hits: Array<{ id: string; score: number }>;
  total: number;
}

/** Field boosts: title, abstract, authors, topics. */
const BOOSTS = [4, 1, 1.5, 1];

function fieldsOf(d: SearchDoc): string[][] {
  return [tokenize(d.title), tokenize(d.abstract), tokenize(d.authors), d.topics.flatMap((t) => tokenize(t))];
}

interface Filters extends SearchFilters {
  phrases: string[];
}

/** Min-heap by `better` (the worst kept hit on top). */
function heapPush(h: number[], x: number, better: (a: number, b: number) => boolean): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!better(h[p]!, h[i]!)) break;
    [h[p], h[i]] = [h[i]!, h[p]!];
    i = p;
  }
}

function heapReplace(h: number[], x: number, better: (a: number, b: number) => boolean): void {
  h[0] = x;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && better(h[m]!, h[l]!)) m = l;
    if (r < h.length && better(h[m]!, h[r]!)) m = r;
    if (m === i) break;
    [h[m], h[i]] = [h[i]!, h[m]!];
    i = m;
  }
}

export class PaperSearch {
  private engine = new Engine();
  private docs = new Map<string, SearchDoc>();
  private num = new Map<string, number>();
  /** By doc number: the doc (undefined once removed). */
  private byNum: Array<SearchDoc | undefined> = [];
  /** Empty-query order (saved newest first, then by title), rebuilt after changes. */
  private order: string[] | null = null;

  get size(): number {
    return this.docs.size;
  }

  addAll(docs: SearchDoc[]): void {
    for (const d of docs) this.upsert(d);
  }

  upsert(d: SearchDoc): void {
    const prev = this.docs.get(d.id);
    this.order = null;
    if (prev) {
      // Metadata-only changes (saved, sources, year) need no re-indexing.
      if (prev.title === d.title && prev.abstract === d.abstract && prev.authors === d.authors && prev.topics.join() === d.topics.join()) {
        this.docs.set(d.id, d);
        this.byNum[this.num.get(d.id)!] = d;
        return;
      }
      this.drop(d.id);
    }
    const n = this.engine.add(fieldsOf(d));
    this.docs.set(d.id, d);
    this.num.set(d.id, n);
    this.byNum[n] = d;
    this.maybeCompact();
  }

  remove(id: string): void {
    if (!this.docs.has(id)) return;
    this.drop(id);
    this.order = null;
    this.maybeCompact();
  }

  private drop(id: string): void {
    const n = this.num.get(id)!;
    this.engine.remove(n);
    this.byNum[n] = undefined;
    this.num.delete(id);
    this.docs.delete(id);
  }

  /** Removed docs stay in postings as tombstones; rebuild once they are a quarter of the index. */
  private maybeCompact(): void {
    if (this.engine.dead > 1000 && this.engine.dead > this.engine.size / 3) {
      const copy = PaperSearch.fromJSON(this.toJSON());
      this.engine = copy.engine;
      this.num = copy.num;
      this.byNum = copy.byNum;
    }
  }

  private passes(d: SearchDoc, f: Filters): boolean {
    if (f.savedOnly && d.savedAt == null) return false;
    if (f.topic && !d.topics.includes(f.topic)) return false;
    if (f.source && !d.sources.includes(f.source)) return false;
    if (f.yearFrom != null && (d.year == null || d.year < f.yearFrom)) return false;
    if (f.yearTo != null && (d.year == null || d.year > f.yearTo)) return false;
    if (f.phrases.length) {
      const hay = `${d.title}\n${d.abstract}\n${d.authors}`.toLowerCase();
      if (!f.phrases.every((p) => hay.includes(p))) return false;
    }
    return true;
  }

  private emptyOrder(): string[] {
    if (!this.order) {
      const all = [...this.docs.values()];
      const saved = all.filter((d) => d.savedAt != null).sort((a, b) => b.savedAt! - a.savedAt!);
      const key = (d: SearchDoc) => d.title.toLowerCase();
      const rest = all.filter((d) => d.savedAt == null).map((d) => [key(d), d.id] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.order = [...saved.map((d) => d.id), ...rest.map((r) => r[1])];
    }
    return this.order;
  }

  search(query: string, filters: SearchFilters = {}, page: { limit: number; offset: number } = { limit: 50, offset: 0 }): SearchResult {
    const q = parseQuery(query);
    const f: Filters = {
      savedOnly: filters.savedOnly || q.saved,
      topic: filters.topic ?? q.topic,
      source: filters.source ?? q.source,
      yearFrom: filters.yearFrom ?? q.yearFrom,
      yearTo: filters.yearTo ?? q.yearTo,
      phrases: q.phrases,
    };
    const want = page.offset + page.limit;
    const words = [...new Set(tokenize(q.text))];
    if (words.length === 0) {
      const hits: Array<{ id: string; score: number }> = [];
      let total = 0;
      for (const id of this.emptyOrder()) {
        if (!this.passes(this.docs.get(id)!, f)) continue;
        if (total++ < want) hits.push({ id, score: 0 });
      }
      return { hits: hits.slice(page.offset), total };
    }
    // The last word is still being typed: complete it, unless the query ends with a space or quote.
    const prefixLast = !/[\s"]$/.test(query);
    const exps = this.engine.expand(words, { prefixLast });
    const { docs, scores } = this.engine.score(exps, BOOSTS, words.length);
    // Filters, then the best `want` by score: a bounded min-heap, not a sort of every hit.
    const filtered = !!(f.savedOnly || f.topic || f.source || f.yearFrom != null || f.yearTo != null || f.phrases.length);
    const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && docs[a]! < docs[b]!);
    const heap: number[] = [];
    let total = 0;
    for (let i = 0; i < docs.length; i++) {
      if (filtered && !this.passes(this.byNum[docs[i]!]!, f)) continue;
      total++;
      if (heap.length < want) heapPush(heap, i, better);
      else if (want > 0 && better(i, heap[0]!)) heapReplace(heap, i, better);
    }
    heap.sort((a, b) => (better(a, b) ? -1 : 1));
    const hits = heap.slice(page.offset).map((i) => ({ id: this.byNum[docs[i]!]!.id, score: scores[i]! }));
    return { hits, total };
  }

  toJSON(): unknown {
    const { engine, order } = this.engine.serialize();
    return { v: 2, docs: order.map((n) => this.byNum[n]!), engine };
  }

  static fromJSON(json: unknown): PaperSearch {
    const j = json as { v: number; docs: SearchDoc[]; engine: SerializedEngine };
    if (!j || j.v !== 2 || !Array.isArray(j.docs)) throw new Error('unsupported search index format');
    const s = new PaperSearch();
    s.engine = Engine.deserialize(j.engine);
    if (j.engine.docs !== j.docs.length) throw new Error('unsupported search index format');
    j.docs.forEach((d, n) => {
      s.docs.set(d.id, d);
      s.num.set(d.id, n);
      s.byNum[n] = d;
    });
    return s;
  }
}
