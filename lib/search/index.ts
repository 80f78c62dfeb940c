/**
 * Full-text search over everything Paper Lens knows: title (boosted), abstract, authors, topics, with
 * prefix and typo tolerance and BM25 ranking (MiniSearch), plus filters and the query syntax.
 * Incremental (upsert/remove) and serialisable.
 */
import MiniSearch from "minisearch";
import type { SearchFilters } from '../messages';
import { foldUnicode } from '../match/normalize';
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

const tokenize = (s: string): string[] => foldUnicode(s).replace(/([a-z0-9])-(?=[a-z0-9])/g, '$1').match(/[\p{L}\p{N}]+/gu) ?? [];

import type { Options } from 'minisearch';

function options(): Options<SearchDoc> {
  return {
    idField: 'id',
    fields: ['title', 'abstract', 'authors', 'topicText'],
    storeFields: [] as string[],
    tokenize,
    processTerm: (t: string) => (t.length > 40 ? null : t),
    extractField: (doc: SearchDoc, field: string) => (field === 'topicText' ? doc.topics.join(' ') : String((doc as unknown as Record<string, unknown>)[field] ?? '')),
    searchOptions: {
      boost: { title: 4, authors: 1.5, topicText: 1, abstract: 1 },
      // Prefix search for the word being typed (the last one); one typo allowed in words of 5+ letters.
      prefix: (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 2,
      fuzzy: (term: string) => (term.length >= 5 ? 1 : false),
      maxFuzzy: 1,
      weights: { fuzzy: 0.6, prefix: 0.8 },
    },
  };
}

export class PaperSearch {
  private ms = new MiniSearch<SearchDoc>(options());
  private docs = new Map<string, SearchDoc>();

  get size(): number {
    return this.docs.size;
  }

  addAll(docs: SearchDoc[]): void {
    const fresh: SearchDoc[] = [];
    for (const d of docs) {
      if (this.docs.has(d.id)) this.upsert(d);
      else {
        this.docs.set(d.id, d);
        fresh.push(d);
      }
    }
    this.ms.addAll(fresh);
  }

  upsert(d: SearchDoc): void {
    const prev = this.docs.get(d.id);
    if (prev) {
      // Metadata-only changes (saved, sources) need no re-indexing.
      if (prev.title === d.title && prev.abstract === d.abstract && prev.authors === d.authors && prev.topics.join() === d.topics.join()) {
        this.docs.set(d.id, d);
        return;
      }
      this.ms.discard(d.id);
    }
    this.docs.set(d.id, d);
    this.ms.add(d);
  }

  remove(id: string): void {
    if (!this.docs.has(id)) return;
    this.ms.discard(id);
    this.docs.delete(id);
  }

  private passes(d: SearchDoc, f: SearchFilters & { phrases?: string[] }): boolean {
    if (f.savedOnly && d.savedAt == null) return false;
    if (f.topic && !d.topics.includes(f.topic)) return false;
    if (f.source && !d.sources.includes(f.source)) return false;
    if (f.yearFrom != null && (d.year == null || d.year < f.yearFrom)) return false;
    if (f.yearTo != null && (d.year == null || d.year > f.yearTo)) return false;
    if (f.phrases?.length) {
      const hay = `${d.title}\n${d.abstract}\n${d.authors}`.toLowerCase();
      if (!f.phrases.every((p) => hay.includes(p))) return false;
    }
    return true;
  }

  search(query: string, filters: SearchFilters = {}, page: { limit: number; offset: number } = { limit: 50, offset: 0 }): SearchResult {
    const q = parseQuery(query);
    const f = {
      savedOnly: filters.savedOnly || q.saved,
      topic: filters.topic ?? q.topic,
      source: filters.source ?? q.source,
      yearFrom: filters.yearFrom ?? q.yearFrom,
      yearTo: filters.yearTo ?? q.yearTo,
      phrases: q.phrases,
    };
    let hits: Array<{ id: string; score: number }>;
    if (!q.text) {
      hits = [...this.docs.values()]
        .filter((d) => this.passes(d, f))
        .sort((a, b) => (b.savedAt ?? 0) - (a.savedAt ?? 0) || a.title.localeCompare(b.title))
        .map((d) => ({ id: d.id, score: 0 }));
    } else {
      const res = this.ms.search(q.text, { filter: (r) => this.passes(this.docs.get(r.id as string)!, f) });
      hits = res.map((r) => ({ id: r.id as string, score: r.score }));
    }
    return { hits: hits.slice(page.offset, page.offset + page.limit), total: hits.length };
  }

  toJSON(): unknown {
    return { v: 1, docs: [...this.docs.values()], index: this.ms.toJSON() };
  }

  static fromJSON(json: unknown): PaperSearch {
    const j = json as { v: number; docs: SearchDoc[]; index: unknown };
    if (!j || j.v !== 1) throw new Error('unsupported search index format');
    const s = new PaperSearch();
    s.ms = MiniSearch.loadJS<SearchDoc>(j.index as never, options());
    for (const d of j.docs) s.docs.set(d.id, d);
    return s;
  }
}
