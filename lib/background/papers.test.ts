/** Papers job helpers: topics of papers stored without any. */
import { describe, expect, it, vi } from 'vitest';
import type { PaperRow } from '../db/schema';
import { createTagger } from '../topics/classifier';
import type { Ctx } from './context';
import { topicsOf } from './papers';

const row = (n: number, title: string): PaperRow => ({
  n, id: `t:${n}`, title, key: title.toLowerCase(), arxivId: null, doi: null, url: null, authors: [], year: null, codeUrl: null,
  topics: [], origins: ['seen'], collections: [], addedAt: 0, updatedAt: 0, abstractLen: 0, seen: [], seenCount: 1,
});

describe('topics of papers stored without any', () => {
  it('are classified once per text and tagger, not on every listing that repeats them', () => {
    const tagger = createTagger();
    const tag = vi.spyOn(tagger, 'tag');
    const ctx = { tagger, settings: { hiddenTopics: [] } } as unknown as Ctx;
    const abstract = 'We study the cohomology of moduli spaces of stable curves and compute their Euler characteristics.';
    const papers = [row(1, 'On the cohomology of moduli spaces of curves'), row(2, 'A note on Euler characteristics')];
    for (let visit = 0; visit < 3; visit++) for (const p of papers) expect(topicsOf(ctx, p, undefined, { title: p.title, abstract })).toEqual([]);
    expect(tag).toHaveBeenCalledTimes(2);
    // Another text (an abstract seen later) is classified again.
    topicsOf(ctx, papers[0], undefined, { title: papers[0]!.title, abstract: null });
    expect(tag).toHaveBeenCalledTimes(3);
    // New settings (a new tagger): classified afresh, with the new settings.
    const hidden = createTagger({ hidden: ['llm'] });
    const tag2 = vi.spyOn(hidden, 'tag');
    const ctx2 = { tagger: hidden, settings: { hiddenTopics: ['llm'] } } as unknown as Ctx;
    const llm = row(3, 'Large language models are few-shot reasoners');
    expect(topicsOf(ctx2, llm, undefined, { title: llm.title, abstract: null }).map((t) => t.id)).not.toContain('llm');
    expect(tag2).toHaveBeenCalledTimes(1);
    // What a caller does with the answer does not change the remembered one.
    const first = topicsOf(ctx, papers[0], undefined, { title: papers[0]!.title, abstract });
    first.push({ id: 'x', label: 'x', color: '#000', score: 0, why: [] });
    expect(topicsOf(ctx, papers[0], undefined, { title: papers[0]!.title, abstract })).toEqual([]);
  });
});
