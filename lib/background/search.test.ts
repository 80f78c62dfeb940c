/** Search job: the popup's search over stored papers (segments) and the bundled corpus. */
import { describe, expect, it, vi } from 'vitest';
import { Library } from '../db/library';
import { DAY, entry, gat, mk, page } from './test-helpers';

describe('search', () => {
  it('finds stored and corpus papers by title words, with a typo or a word still being typed; each paper once', async () => {
    const { s, clock } = mk();
    const url = 'https://arxiv.org/list/cs.LG/new';
    await s.handle({ type: 'annotate', page: page(url), entries: [
      { title: 'Speculative Decoding With Draft Trees', arxivId: '2510.00001', url: null, authors: ['Grace Hopper'] },
      { title: 'Tokenizer Free Vision Language Models', arxivId: '2510.00002', url: null },
      entry(gat.title),
    ] });
    await s.handle({ type: 'shown', pageUrl: url });
    clock.t += DAY;
    const titles = async (q: string) => (await s.handle({ type: 'search', query: q })).hits.map((h) => h.title);
    expect((await titles('speculative decoding'))[0]).toBe('Speculative Decoding With Draft Trees');
    expect((await titles('speculatve decoding'))[0]).toBe('Speculative Decoding With Draft Trees');
    expect((await titles('tokenizer free vis'))[0]).toBe('Tokenizer Free Vision Language Models');
    expect((await titles('hopper'))[0]).toBe('Speculative Decoding With Draft Trees');
    // The corpus paper was seen too: one hit, with its sighting.
    const res = await s.handle({ type: 'search', query: 'graph attention networks' });
    expect(res.hits.filter((h) => h.title === gat.title)).toHaveLength(1);
    expect(res.hits[0]).toMatchObject({ id: gat.id, sources: ['bundled', 'seen'], seen: [{ pageUrl: url }] });
    s.close();
  });

  it('finds a paper by its arXiv id, arXiv URL, DOI or DOI URL, first; t: takes topic labels', async () => {
    const { s } = mk();
    await s.handle({ type: 'save', entry: { title: 'The Llama 3 Herd of Models', arxivId: '2407.21783', url: null, doi: '10.48550/arXiv.2407.21783' } });
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.CL/new'), entries: [
      { title: 'Attention Is All You Need', arxivId: '1706.03762', url: null },
      { title: 'Scaling 2407 Models to 21783 Tokens', arxivId: '2408.00001', url: null },
      { title: 'Ethics of Large Models', arxivId: null, url: null, doi: '10.1145/3442188.3445922' },
      ...Array.from({ length: 40 }, (_, i) => ({ title: `Large Language Model Study ${i}`, arxivId: `2408.${String(10000 + i)}`, url: null })),
    ] });
    const first = async (q: string) => (await s.handle({ type: 'search', query: q })).hits[0]?.title;
    for (const q of ['2407.21783', 'arXiv:2407.21783', 'https://arxiv.org/abs/2407.21783v2', '10.48550/arXiv.2407.21783', 'https://doi.org/10.48550/arxiv.2407.21783']) expect(await first(q), q).toBe('The Llama 3 Herd of Models');
    expect(await first('1706.03762')).toBe('Attention Is All You Need');
    expect(await first('https://doi.org/10.1145/3442188.3445922')).toBe('Ethics of Large Models');
    expect((await s.handle({ type: 'search', query: '1706.03762' })).total).toBe(1);
    expect((await s.handle({ type: 'search', query: '2501.99999' })).hits).toEqual([]);
    expect(await first('large language 2407.21783')).toBe('The Llama 3 Herd of Models');
    const llms = await s.handle({ type: 'search', query: 't:LLMs large language' });
    expect(llms.total).toBeGreaterThan(0);
    for (const h of llms.hits) expect(h.topics.map((t) => t.id)).toContain('llm');
    s.close();
  });

  it('filters: saved, source, year, default and user topics, exact phrases; deleted papers are gone', async () => {
    const { s } = mk();
    await s.handle({ type: 'annotate', page: page('https://arxiv.org/list/cs.CL/new'), entries: [
      { title: 'Low Rank Adapters for Multilingual Translation', arxivId: '2510.10001', url: null, abstract: 'We fine-tune large language models with LoRA adapters, a parameter-efficient method.' },
      { title: 'A Survey of Graph Rewiring', arxivId: '2510.10002', url: null, year: 2021 },
    ] });
    await s.handle({ type: 'save', entry: { title: 'Saved Adapter Paper', arxivId: '2510.10003', url: null, year: 2024, abstract: 'Adapters inserted between frozen layers, a parameter-efficient method for speech.' } });
    await s.handle({ type: 'importBatch', collection: { id: 'z', name: 'Zotero', format: 'bibtex' }, entries: [{ title: 'Imported Adapter Study', arxivId: null, url: null, year: 2019 }] });
    await s.handle({ type: 'setUserTopics', topics: [{ id: 'u-mt', label: 'MT', color: '#112233', phrases: ['translation'], exclude: [] }] });
    const ids = async (q: string) => (await s.handle({ type: 'search', query: q })).hits.map((h) => h.id).sort();
    expect(await ids('adapter saved:')).toEqual(['arxiv:2510.10003']);
    expect(await ids('adapter src:imported')).toHaveLength(1);
    expect(await ids('adapter src:seen')).toEqual(['arxiv:2510.10001']);
    expect(await ids('graph y:2021')).toEqual(['arxiv:2510.10002']);
    expect(await ids('adapter y:2024')).toEqual(['arxiv:2510.10003']);
    expect(await ids('adapters t:peft')).toContain('arxiv:2510.10001');
    expect(await ids('adapters t:u-mt')).toEqual(['arxiv:2510.10001']);
    expect(await ids('"multilingual translation"')).toEqual(['arxiv:2510.10001']);
    // Abstracts are searched for papers in the library (saved, imported); history is searched by title and authors.
    expect(await ids('"parameter-efficient method"')).toEqual(['arxiv:2510.10003']);
    expect((await s.handle({ type: 'search', query: 'frozen layers speech' })).hits[0]!.id).toBe('arxiv:2510.10003');
    expect((await s.handle({ type: 'search', query: 'graph src:bundled' })).hits.every((h) => h.sources.includes('bundled'))).toBe(true);
    // A paper only saved is deleted when unsaved: no longer found.
    await s.handle({ type: 'unsave', paperId: 'arxiv:2510.10003' });
    expect(await ids('saved adapter paper')).not.toContain('arxiv:2510.10003');
    expect((await s.handle({ type: 'search', query: 'saved:' })).total).toBe(0);
    s.close();
  });

  it('after a start, the visits are read with the search index: the first searches wait for no visit of their hits', async () => {
    const dbName = `svc-visits-${Date.now()}`;
    const a = mk({ dbName });
    for (let k = 0; k < 12; k++) {
      const url = `https://arxiv.org/list/cs.LG/new?day=${k}`;
      await a.s.handle({ type: 'annotate', page: page(url), entries: [{ title: 'Speculative Decoding With Draft Trees', arxivId: '2510.00001', url: null }] });
      await a.s.handle({ type: 'shown', pageUrl: url });
      a.clock.t += DAY;
    }
    a.s.close();
    // The worker restarted: a new service on the same database.
    const b = mk({ dbName });
    const onDemand = vi.spyOn(Library.prototype, 'visits');
    try {
      const res = await b.s.handle({ type: 'search', query: 'speculative decoding' });
      expect(res.hits[0]).toMatchObject({ id: 'arxiv:2510.00001' });
      expect(res.hits[0]!.seen).toHaveLength(5);
      expect(onDemand).not.toHaveBeenCalled();
    } finally {
      onDemand.mockRestore();
      b.s.close();
    }
  });
});
