/**
 * PaperSearch: the search engine (segments, lib/search/segment.ts and segment-index.ts) over papers
 * held in memory, with the query syntax and filters. The background searches stored segments instead
 * (lib/background/search.ts); this class is what `npm run bench -- search` measures against MiniSearch
 * and FlexSearch and what the search tests exercise: the same scoring, expansion and segment code.
 */
import type { SearchFilters } from '../messages';
import { parseQuery } from './query';
import { Segment, type SerializedSegment } from './segment';
import { SegmentIndex } from './segment-index';
import { tokenize } from './text';

export interface SearchDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string;
  topics: string[];
  year: number | null;
  sources: Array<'bundled' | 'seen' | 'saved' | 'imported' | 'zotero'>;
  savedAt: number | null;
}

export interface SearchResult {
  hits: Array<{ id: string; score: number }>;
  total: number;
}

interface Serialized {
  v: 3;
  docs: Array<SearchDoc & { n: number }>;
  segments: Array<{ seq: number; level: number; seg: SerializedSegment }>;
  dead: number[];
  next: number;
  seq: number;
}

export class PaperSearch {
  private index = new SegmentIndex();
  private docs = new Map<string, SearchDoc>();
  private num = new Map<string, number>();
  private byNum = new Map<number, SearchDoc>();
  private pending: SearchDoc[] = [];
  private next = 1;
  private seq = 0;

  get size(): number {
    return this.docs.size;
  }

  addAll(docs: SearchDoc[]): void {
    for (const d of docs) this.upsert(d);
  }

  upsert(d: SearchDoc): void {
    const prev = this.docs.get(d.id);
    // Metadata-only changes (saved, sources) need no re-indexing.
    if (prev && prev.title === d.title && prev.abstract === d.abstract && prev.authors === d.authors && prev.year === d.year) {
      this.docs.set(d.id, d);
      this.byNum.set(this.num.get(d.id)!, d);
      return;
    }
    let n = this.num.get(d.id);
    if (n === undefined) this.num.set(d.id, (n = this.next++));
    this.docs.set(d.id, d);
    this.byNum.set(n, d);
    this.pending.push(d);
  }

  remove(id: string): void {
    const n = this.num.get(id);
    if (n === undefined) return;
    this.index.markDead([n]);
    this.docs.delete(id);
    this.num.delete(id);
    this.byNum.delete(n);
    this.pending = this.pending.filter((d) => d.id !== id);
  }

  /** Index what was added since the last search, then merge full levels. */
  private flush(): void {
    if (!this.pending.length) return;
    const seg = Segment.build(this.pending.map((d) => ({ n: this.num.get(d.id)!, title: d.title, authors: d.authors, abstract: d.abstract, year: d.year })));
    this.pending = [];
    this.index.add(++this.seq, 0, seg);
    for (let plan = this.index.mergePlan(); plan; plan = this.index.mergePlan()) {
      const level = this.index.levelOf(plan[0]!) + 1;
      this.index.replace(plan, this.index.merge(plan), level);
    }
  }

  private passes(d: SearchDoc, f: SearchFilters & { phrases: string[] }): boolean {
    if (f.savedOnly && d.savedAt == null) return false;
    if (f.topic && !d.topics.includes(f.topic)) return false;
    if (f.source && !d.sources.includes(f.source)) return false;
    if (f.phrases.length) {
      const hay = `${d.title}\n${d.abstract}\n${d.authors}`.toLowerCase();
      if (!f.phrases.every((p) => hay.includes(p))) return false;
    }
    return true;
  }

  search(query: string, filters: SearchFilters = {}, page: { limit: number; offset: number } = { limit: 50, offset: 0 }): SearchResult {
    this.flush();
    const q = parseQuery(query);
    const f = {
      savedOnly: filters.savedOnly || q.saved,
      topic: filters.topic ?? q.topic,
      source: filters.source ?? q.source,
      phrases: q.phrases,
    };
    const words = [...new Set(tokenize(q.text))];
    const filtered = !!(f.savedOnly || f.topic || f.source || f.phrases.length);
    const res = this.index.search({
      words,
      prefixLast: !/[\s"]$/.test(query),
      yearFrom: filters.yearFrom ?? q.yearFrom,
      yearTo: filters.yearTo ?? q.yearTo,
      accept: filtered ? (n) => this.passes(this.byNum.get(n)!, f) : undefined,
      limit: page.offset + page.limit,
    });
    if (!words.length && f.savedOnly) res.hits.sort((a, b) => this.byNum.get(b.n)!.savedAt! - this.byNum.get(a.n)!.savedAt!);
    return { hits: res.hits.slice(page.offset).map((h) => ({ id: this.byNum.get(h.n)!.id, score: h.score })), total: res.total };
  }

  toJSON(): Serialized {
    this.flush();
    return {
      v: 3,
      docs: [...this.docs.values()].map((d) => ({ ...d, n: this.num.get(d.id)! })),
      segments: this.index.segments.map((s) => ({ seq: s.seq, level: s.level, seg: this.index.segment(s.seq)!.serialize() })),
      dead: this.index.deadList(),
      next: this.next,
      seq: this.seq,
    };
  }

  static fromJSON(json: unknown): PaperSearch {
    const j = json as Serialized;
    if (!j || j.v !== 3 || !Array.isArray(j.docs) || !Array.isArray(j.segments)) throw new Error('unsupported search index format');
    const s = new PaperSearch();
    s.index.markDead(j.dead);
    for (const x of j.segments) s.index.add(x.seq, x.level, new Segment(x.seg));
    for (const { n, ...d } of j.docs) {
      s.docs.set(d.id, d);
      s.num.set(d.id, n);
      s.byNum.set(n, d);
    }
    s.next = j.next;
    s.seq = j.seq;
    return s;
  }
}
