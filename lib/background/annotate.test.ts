/** Annotate job: what Paper Lens knows about each entry of a listing. */
import { describe, expect, it } from 'vitest';
import { createTagger } from '../topics/classifier';
import type { EntryInfo } from '../messages';
import { TAG_INLINE } from './annotate';
import { entry, gat, mk, page, sorsa } from './test-helpers';

describe('annotate', () => {
  it('annotates a seed paper with its corpus listings, repeats and topics; a fresh profile has seen nothing', async () => {
    const { s } = mk();
    const res = await s.handle({ type: 'annotate', page: page(), entries: [entry(sorsa.title), entry('A Paper Nobody Has Seen Before At All', '2503.00001'), entry(`  ${sorsa.title.toUpperCase()} `)] });
    const [a, b, c] = res.annotations;
    expect(a!.paperId).toBe(sorsa.id);
    expect(a!.match).toMatchObject({ kind: 'exact', score: 0.99 });
    expect(a!.corpus).toEqual([{ listing: '001_c06ef7874d86d66c', position: 1, date: 'Mar 13' }]);
    // In the bundled corpus is not "seen": nothing was seen on an earlier visit.
    expect(res.annotations.map((x) => x.seenBefore)).toEqual([[], [], []]);
    expect(a!.repeats).toEqual([2]);
    expect(c!.repeats).toEqual([0]);
    expect(c!.paperId).toBe(sorsa.id);
    expect(b).toMatchObject({ paperId: 'arxiv:2503.00001', match: null, corpus: [], seenBefore: [], saved: null });
    expect(a!.topics.map((t) => t.id)).toContain('peft');
    s.close();
  });

  it('matches a paper written differently on another site to the corpus paper', async () => {
    const { s } = mk();
    const res = await s.handle({ type: 'annotate', page: page(), entries: [entry('[PDF] graph attention networks')] });
    expect(res.annotations[0]!.paperId).toBe(gat.id);
    expect(res.annotations[0]!.corpus.length).toBe(gat.listings.length);
    s.close();
  });

  it('a listing with many new papers answers at once: the first papers get their topics in the answer, the others when the page asks, and all are stored with them', async () => {
    const { s } = mk();
    const tagger = createTagger();
    const n = TAG_INLINE + 25;
    const entries: EntryInfo[] = Array.from({ length: n }, (_, i) => ({
      ...entry(`Scaling instruction tuning of large language models, study ${i}`, `2504.${String(20000 + i)}`),
      abstract: i % 2 ? 'We fine-tune large language models with reinforcement learning from human feedback and evaluate reasoning benchmarks.' : null,
    }));
    const list = 'https://arxiv.org/list/cs.CL/new';
    const res = await s.handle({ type: 'annotate', page: page(list), entries });
    const pending = res.annotations.map((a, i) => [a, i] as const).filter(([a]) => a.topicsPending);
    expect(pending.map(([, i]) => i)).toEqual(Array.from({ length: n - TAG_INLINE }, (_, k) => TAG_INLINE + k));
    for (const [a] of pending) expect(a.topics).toEqual([]);
    const expected = entries.map((e) => tagger.tag(e.title, e.abstract ?? null));
    expect(expected.every((t) => t.some((x) => x.id === 'llm'))).toBe(true);
    res.annotations.slice(0, TAG_INLINE).forEach((a, i) => expect(a.topics).toEqual(expected[i]));
    const later = await s.handle({ type: 'topics', entries: pending.map(([, i]) => ({ title: entries[i]!.title, abstract: entries[i]!.abstract ?? null })) });
    expect(later.topics).toEqual(pending.map(([, i]) => expected[i]));
    // The page's history stores every paper with its topics (pending ones too), and the next visit shows them at once.
    await s.handle({ type: 'shown', pageUrl: list });
    for (const i of [0, n - 1]) {
      const got = await s.handle({ type: 'getPaper', paperId: `arxiv:2504.${String(20000 + i)}` });
      expect(got.paper!.topics).toEqual(expected[i]!.map((t) => t.id));
    }
    const again = await s.handle({ type: 'annotate', page: page('https://huggingface.co/papers'), entries });
    expect(again.annotations.filter((a) => a.topicsPending)).toEqual([]);
    expect(again.annotations.map((a) => a.topics.map((t) => t.id))).toEqual(expected.map((t) => t.map((x) => x.id)));
    s.close();
  });
});
