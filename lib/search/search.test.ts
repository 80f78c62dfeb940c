import { describe, expect, it } from 'vitest';
import { compileSeedDir } from '../corpus/node';
import { STOPWORDS, GENERIC } from '../match/compare';
import { createTagger } from '../topics/classifier';
import { PaperSearch, type SearchDoc } from './index';
import { parseQuery } from './query';

const corpus = compileSeedDir('seeds');
const tagger = createTagger();
const docs: SearchDoc[] = corpus.papers.map((p) => ({
  id: p.id, title: p.title, abstract: p.abstract, authors: '', topics: tagger.tag(p.title, p.abstract).map((t) => t.id), year: null, sources: ['bundled'], savedAt: null,
}));
const search = new PaperSearch();
search.addAll(docs);

/** A deterministic one-letter typo (swap two inner letters, or drop one). */
function typo(w: string, i: number): string {
  if (w.length < 5) return w;
  const at = 1 + (i % (w.length - 3));
  return i % 2 ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2) : w.slice(0, at) + w.slice(at + 1);
}

describe('search', () => {
  it('an exact title ranks that paper first', () => {
    for (const p of corpus.papers.slice(0, 40)) expect(search.search(p.title).hits[0]?.id).toBe(p.id);
  });

  it('known-item search: 2–4 distinctive title words with one typo find the paper in the top 3 for ≥ 95% of papers', () => {
    let found = 0;
    const misses: string[] = [];
    corpus.papers.forEach((p, i) => {
      const words = (p.title.match(/[A-Za-z][A-Za-z-]+/g) ?? []).filter((w) => !STOPWORDS.has(w.toLowerCase()));
      const distinctive = [...words].sort((a, b) => Number(GENERIC.has(a.toLowerCase())) - Number(GENERIC.has(b.toLowerCase())) || b.length - a.length).slice(0, Math.min(4, Math.max(2, words.length)));
      const withTypo = distinctive.map((w, k) => (k === 0 ? typo(w, i) : w)).join(' ');
      const top = search.search(withTypo, {}, { limit: 3, offset: 0 }).hits.map((h) => h.id);
      if (top.includes(p.id)) found++;
      else misses.push(`${withTypo} -> ${p.title}`);
    });
    const rate = found / corpus.papers.length;
    console.log(`[search] known-item top-3 with one typo: ${(rate * 100).toFixed(1)}% of ${corpus.papers.length}`);
    expect(rate, misses.slice(0, 10).join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('query syntax and filters', () => {
    expect(parseQuery('t:peft saved: y:2020-2023 "low rank" lora src:seen')).toEqual({
      text: 'low rank lora', phrases: ['low rank'], topic: 'peft', saved: true, yearFrom: 2020, yearTo: 2023, source: 'seen', arxivId: null, doi: null,
    });
    const peft = search.search('t:peft');
    expect(peft.total).toBeGreaterThan(3);
    for (const h of peft.hits) expect(docs.find((d) => d.id === h.id)!.topics).toContain('peft');
    const adapt = search.search('adaptation', { topic: 'peft' });
    for (const h of adapt.hits) expect(docs.find((d) => d.id === h.id)!.topics).toContain('peft');
    expect(search.search('"graph attention networks"').hits[0]!.id).toBe(corpus.papers.find((p) => p.title === 'Graph Attention Networks')!.id);
  });

  it('updates incrementally: saved, added and removed papers', () => {
    const s = new PaperSearch();
    s.addAll(docs.slice(0, 20));
    expect(s.search('saved:').total).toBe(0);
    s.upsert({ ...docs[3]!, savedAt: 5, sources: ['bundled', 'saved'] });
    expect(s.search('saved:').hits.map((h) => h.id)).toEqual([docs[3]!.id]);
    s.upsert({ id: 'new', title: 'Zebra Finch Song Learning', abstract: '', authors: 'Ada Lovelace', topics: [], year: 2024, sources: ['seen'], savedAt: null });
    expect(s.search('lovelace').hits[0]!.id).toBe('new');
    expect(s.search('zebra y:2024').total).toBe(1);
    expect(s.search('zebra y:2023').total).toBe(0);
    s.remove('new');
    expect(s.search('zebra').total).toBe(0);
    const copy = PaperSearch.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    expect(copy.search(docs[0]!.title).hits[0]!.id).toBe(docs[0]!.id);
  });
});

describe('query syntax: ids and topic labels', () => {
  const topics = [{ id: 'llm', label: 'LLMs' }, { id: 'gnn', label: 'Graph learning' }, { id: 'speech', label: 'Speech & audio' }, { id: 'attention', label: 'Attention & transformers' }];
  it('finds paper ids anywhere in the query: arXiv ids and URLs (old and new style), DOIs and DOI URLs', () => {
    for (const q of ['2407.21783', 'arXiv:2407.21783', 'arxiv:2407.21783v2', 'https://arxiv.org/abs/2407.21783v2', 'arxiv.org/pdf/2407.21783', ' 2407.21783 ']) {
      expect(parseQuery(q), q).toMatchObject({ arxivId: '2407.21783', doi: null, text: '' });
    }
    expect(parseQuery('hep-th/9901001')).toMatchObject({ arxivId: 'hep-th/9901001', text: '' });
    for (const q of ['10.1145/3442188.3445922', 'https://doi.org/10.1145/3442188.3445922', 'doi:10.1145/3442188.3445922']) {
      expect(parseQuery(q), q).toMatchObject({ doi: '10.1145/3442188.3445922', arxivId: null, text: '' });
    }
    expect(parseQuery('llama 2407.21783')).toMatchObject({ arxivId: '2407.21783', text: 'llama' });
    // Numbers that are not ids stay words.
    expect(parseQuery('gpt 2024 1706')).toMatchObject({ arxivId: null, doi: null, text: 'gpt 2024 1706' });
  });

  it('t: takes the labels users see, as well as the ids', () => {
    expect(parseQuery('t:LLMs', topics)).toMatchObject({ topic: 'llm', text: '' });
    expect(parseQuery('t:llm', topics)).toMatchObject({ topic: 'llm' });
    expect(parseQuery('t:graph learning', topics)).toMatchObject({ topic: 'gnn', text: '' });
    expect(parseQuery('t:Graph Learning message passing', topics)).toMatchObject({ topic: 'gnn', text: 'message passing' });
    expect(parseQuery('t:"speech & audio" whisper', topics)).toMatchObject({ topic: 'speech', text: 'whisper' });
    expect(parseQuery('t:graph', topics)).toMatchObject({ topic: 'gnn' });
    expect(parseQuery('t:attention heads', topics)).toMatchObject({ topic: 'attention', text: 'heads' });
    expect(parseQuery('t:nonsense', topics)).toMatchObject({ topic: 'nonsense' });
  });
});

describe('search engine internals', () => {
  it('withinOneEdit agrees with a plain Damerau–Levenshtein distance ≤ 1', async () => {
    const { withinOneEdit } = await import('./text');
    const { editDistance } = await import('../match/compare');
    const fc = (await import('fast-check')).default;
    fc.assert(fc.property(fc.stringMatching(/^[abc]{0,7}$/), fc.stringMatching(/^[abc]{0,7}$/), (a, b) => {
      expect(withinOneEdit(a, b)).toBe(editDistance(a, b, 1) <= 1);
    }), { numRuns: 4000 });
  });

  it('every one-edit typo of a word (5+ letters), at any position, reaches the word', async () => {
    const { SegmentIndex } = await import('./segment-index');
    const { Segment } = await import('./segment');
    const e = new SegmentIndex();
    const words = ['transformer', 'attention', 'quantization', 'diffusion', 'retrieval', 'alignment', 'ablation', 'abstract'];
    // Spread over segments, as a library is: expansions look in every one.
    e.add(1, 0, Segment.build(words.slice(0, 3).map((w, i) => ({ n: i + 1, title: w }))));
    e.add(2, 0, Segment.build(words.slice(3).map((w, i) => ({ n: i + 4, title: w }))));
    const typos = (w: string): string[] => {
      const out: string[] = [];
      for (let i = 0; i <= w.length; i++) {
        out.push(w.slice(0, i) + 'x' + w.slice(i)); // insertion
        if (i < w.length) out.push(w.slice(0, i) + w.slice(i + 1), w.slice(0, i) + 'z' + w.slice(i + 1)); // deletion, substitution
        if (i + 1 < w.length) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)); // swap
      }
      return out.filter((t) => t.length >= 5 && t !== w);
    };
    for (const w of words) {
      for (const t of typos(w)) {
        const got = e.expand([t], false).map((x) => x.term);
        expect(got, `${t} -> ${w}`).toContain(w);
      }
    }
  });

  it('a tombstoned index compacts and serialises without losing or resurrecting papers', () => {
    const s = new PaperSearch();
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...docs[i % docs.length]!, id: `d${i}`, title: `${docs[i % docs.length]!.title} part${i}` }));
    s.addAll(many);
    for (let i = 0; i < 3000; i += 2) s.remove(`d${i}`);
    expect(s.size).toBe(1500);
    expect(s.search('part11 ').hits[0]!.id).toBe('d11');
    const ids = (x: PaperSearch, q: string) => x.search(q, {}, { limit: 5000, offset: 0 }).hits.map((h) => h.id);
    expect(ids(s, 'part10')).not.toContain('d10');
    expect(ids(s, 'part').filter((id) => Number(id.slice(1)) % 2 === 0)).toEqual([]);
    const copy = PaperSearch.fromJSON(s.toJSON());
    expect(copy.search('part2999 ').hits[0]!.id).toBe('d2999');
    expect(ids(copy, 'part2998')).not.toContain('d2998');
    expect(copy.size).toBe(1500);
    expect(() => PaperSearch.fromJSON({ v: 1, docs: [], index: {} })).toThrow(/unsupported/);
  });
});
