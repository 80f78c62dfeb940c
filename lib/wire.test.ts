/** The wire form of annotate answers: what the content script unpacks is exactly what the service answered. */
import { describe, expect, it } from 'vitest';
import { DAY, entry, mk, page, sorsa } from './background/test-helpers';
import type { Annotation } from './messages';
import { decodeReply, encodeReply, packAnnotations, unpackAnnotations } from './wire';

describe('wire', () => {
  it('a listing answer with sightings, saved papers, corpus places, repeats and topics survives packing unchanged, in a fraction of the size', async () => {
    const { s, clock } = mk();
    const list = 'https://arxiv.org/list/cs.LG/new';
    const day = (d: number) =>
      Array.from({ length: 60 }, (_, i) => entry(`Sparse attention for long context language models, part ${d * 60 + i}`, `2503.${String(10000 + d * 60 + i)}`));
    for (let d = 0; d < 3; d++) {
      await s.handle({ type: 'annotate', page: page(list), entries: [...day(d), ...(d ? day(d - 1) : [])] });
      await s.handle({ type: 'shown', pageUrl: list });
      clock.t += DAY;
    }
    await s.handle({ type: 'save', entry: entry('Sparse attention for long context language models, part 61', '2503.10061') });
    const entries = [...day(2), ...day(1), entry(sorsa.title), entry(sorsa.title.toUpperCase()), entry('Speech recognition with diffusion transformers', null)];
    const res = await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers'), entries });
    const a = res.annotations;
    // The answer has every kind of field filled somewhere.
    expect(a.filter((x) => x.seenBefore.length >= 2).length).toBeGreaterThan(50);
    expect(a.some((x) => x.saved)).toBe(true);
    expect(a.some((x) => x.corpus.length && x.repeats.length)).toBe(true);
    expect(a.some((x) => x.topics.some((t) => t.why.length))).toBe(true);
    expect(a.some((x) => x.paperId === null || x.match === null)).toBe(true);

    const wire = JSON.parse(JSON.stringify(encodeReply('annotate', res)));
    expect(decodeReply({ type: 'annotate', page: page(), entries }, wire)).toEqual(res);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(res).length / 2.5);
    s.close();
  });

  it('keeps null, empty and zero fields apart from filled ones', () => {
    const empty: Annotation = { paperId: null, match: null, lookAlike: null, saved: null, seenBefore: [], seenCount: 0, corpus: [], libraries: [], zotero: null, repeats: [], topics: [] };
    const full: Annotation = {
      paperId: 'arxiv:2501.00001',
      match: { kind: 'fuzzy', score: 0.93, reason: 'title' },
      lookAlike: { paperId: 'x', title: 'T', score: 0.93, reason: 'r', saved: true, inCorpus: false },
      saved: { savedAt: 5, note: '', tags: ['a'] },
      seenBefore: [
        { site: 'arxiv', label: 'L', pageUrl: 'u', date: null, seenAt: 2 },
        { site: 'arxiv', label: 'L', pageUrl: 'u', date: '2025-01-01', seenAt: 1 },
      ],
      seenCount: 9,
      corpus: [{ listing: 'l', position: 0, date: null }],
      libraries: ['Thesis'],
      zotero: { collections: [] },
      repeats: [0],
      topics: [
        { id: 'llm', label: 'LLMs', color: '#000', score: 0, why: [] },
        { id: 'llm', label: 'LLMs', color: '#000', score: 1.5, why: ['language model'] },
      ],
    };
    const pending: Annotation = { ...empty, topicsPending: true };
    const later: Annotation = { ...empty, topicsPending: true, lookAlikePending: true, abstractWanted: true };
    const round = JSON.parse(JSON.stringify(packAnnotations([empty, full, pending, empty, later])));
    expect(unpackAnnotations(round)).toEqual([empty, full, pending, empty, later]);
    // Sightings that differ only in the date are different visits.
    expect(round.visits).toHaveLength(2);
  });

  it('other answers pass as they are', () => {
    const stats = { pong: true as const, protocol: 'p', version: 'v', corpusSize: 3 };
    expect(encodeReply('ping', stats)).toBe(stats);
    expect(decodeReply({ type: 'ping' }, stats)).toBe(stats);
  });
});
