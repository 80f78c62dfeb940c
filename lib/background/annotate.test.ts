/** Annotate job: what Paper Lens knows about each entry of a listing. */
import { describe, expect, it } from 'vitest';
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
});
