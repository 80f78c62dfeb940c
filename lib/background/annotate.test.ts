/** Annotate job: what Paper Lens knows about each entry of a listing. */
import { describe, expect, it } from 'vitest';
import { createTagger } from '../topics/classifier';
import type { Annotation, DetailsEntry, EntryInfo, Responses } from '../messages';
import { ABSTRACTS_UPFRONT, leanEntries, withDetails } from '../wire';
import { TAG_INLINE } from './annotate';
import { DAY, entry, gat, mk, page, sorsa } from './test-helpers';
import corpus from 'virtual:paper-lens-corpus';

/** The 'details' item the page sends for an entry its annotation left something for. */
const detailsOf = (e: EntryInfo, a: Annotation): DetailsEntry => ({ ...e, paperId: a.paperId, topics: !!a.topicsPending, lookAlike: !!a.lookAlikePending });

/** Annotations as the page shows them once the details came. */
const filledIn = (as: Annotation[], asked: number[], res: Responses['details']): Annotation[] =>
  as.map((a, i) => (asked.includes(i) ? withDetails(a, res.topics[asked.indexOf(i)] ?? null, res.lookAlikes[asked.indexOf(i)]) : a));

/**
 * A 90-entry listing: new papers with abstracts (some about LLMs), a corpus paper, and a corpus paper
 * renamed in one content word, which is its look-alike only because the abstracts agree.
 */
function bigListing(): EntryInfo[] {
  const renamed = corpus.papers.find((p) => p.abstract.length > 400 && p.title.split(' ').length >= 6 && /^[A-Za-z ]+$/.test(p.title))!;
  const words = renamed.title.split(' ');
  words[words.length - 1] = 'Pipelines';
  const entries: EntryInfo[] = Array.from({ length: 88 }, (_, i) => ({
    ...entry(`Adaptive retrieval for long-context language models, part ${i}`, `2505.${String(30000 + i)}`),
    abstract: i % 3 ? `We study retrieval augmented generation with large language models on benchmark ${i}; our instruction-tuned model improves reasoning, trained with reinforcement learning from human feedback (a reward model and policy optimisation).` : null,
  }));
  entries.push({ ...entry(sorsa.title), abstract: sorsa.abstract });
  entries.push({ ...entry(words.join(' ')), abstract: renamed.abstract });
  return entries;
}

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

  it('an entry is the stored paper its arXiv id names, else the one its title names (unless both carry different arXiv ids); a new one is looked up in the library meanwhile', async () => {
    const { s, clock } = mk();
    // Yesterday on a page without ids (Scholar-like), and one paper with its arXiv id.
    const scholar = 'https://scholar.google.com/scholar?q=adapters';
    await s.handle({ type: 'annotate', page: page(scholar), entries: [entry('Sparse Mixtures of Adapters for Tiny Robots'), entry('Shared Title, Different Paper', '2501.00007')] });
    await s.handle({ type: 'shown', pageUrl: scholar });
    clock.t += DAY;
    const res = await s.handle({
      type: 'annotate',
      page: page('https://arxiv.org/list/cs.LG/new'),
      entries: [
        entry('Sparse mixtures of adapters for tiny robots', '2502.00001'), // its title names the stored paper (stored without an id)
        entry('Shared Title, Different Paper', '2502.00009'), // same title, another arXiv id: another paper
        entry('A Renamed Version of the Shared-Title Paper', '2501.00007v2'), // its arXiv id names it
        entry(gat.title, '1710.10903'), // not stored: the bundled corpus names it
      ],
    });
    const [a, b, c, d] = res.annotations;
    expect(a!.seenBefore).toHaveLength(1);
    expect(a!.match).toMatchObject({ kind: 'exact' });
    expect(b!.seenBefore).toEqual([]);
    expect(b!.paperId).toBe('arxiv:2502.00009');
    expect(c!.seenBefore).toHaveLength(1);
    expect(c!.match).toMatchObject({ kind: 'id', reason: 'arXiv 2501.00007' });
    expect(d!.paperId).toBe(gat.id);
    expect(d!.seenBefore).toEqual([]);
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
    const later = await s.handle({ type: 'details', page: page(list), entries: pending.map(([a, i]) => detailsOf(entries[i]!, a)) });
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

  it('a large batch goes without its abstracts: the background asks for the ones it needs, and once they came rows and stored papers are as if they had come up front', async () => {
    const entries = bigListing();
    expect(entries.length).toBeGreaterThan(ABSTRACTS_UPFRONT);
    const list = 'https://arxiv.org/list/cs.CL/new';
    // The page as it was: every abstract in the annotate request.
    const full = mk();
    const a = await full.s.handle({ type: 'annotate', page: page(list), entries });
    const askA = a.annotations.map((x, i) => [x, i] as const).filter(([x]) => x.topicsPending).map(([, i]) => i);
    const resA = await full.s.handle({ type: 'details', page: page(list), entries: askA.map((i) => detailsOf(entries[i]!, a.annotations[i]!)) });
    await full.s.handle({ type: 'shown', pageUrl: list });
    // Lean: lengths only; then the abstracts the answer asks for.
    const lean = mk();
    const sent = leanEntries(entries);
    expect(sent.every((e) => !e.abstract)).toBe(true);
    expect(sent.filter((e) => e.abstractLen).length).toBe(entries.filter((e) => e.abstract).length);
    const b = await lean.s.handle({ type: 'annotate', page: page(list), entries: sent });
    const renamedAt = entries.length - 1;
    expect(a.annotations[renamedAt]!.lookAlike).not.toBeNull();
    expect(b.annotations[renamedAt]).toMatchObject({ lookAlike: null, lookAlikePending: true, abstractWanted: true });
    // New papers with an abstract: wanted (topics and keeping it); without one: classified from the title at once.
    entries.forEach((e, i) => {
      if (i >= 88) return;
      expect(!!b.annotations[i]!.abstractWanted).toBe(!!e.abstract);
      expect(!!b.annotations[i]!.topicsPending).toBe(!!e.abstract);
    });
    expect(b.annotations[88]).not.toHaveProperty('abstractWanted'); // the corpus paper: nothing to ask
    const askB = b.annotations.map((x, i) => [x, i] as const).filter(([x]) => x.topicsPending || x.lookAlikePending || x.abstractWanted).map(([, i]) => i);
    const resB = await lean.s.handle({ type: 'details', page: page(list), entries: askB.map((i) => detailsOf(entries[i]!, b.annotations[i]!)) });
    expect(filledIn(b.annotations, askB, resB)).toEqual(filledIn(a.annotations, askA, resA));
    await lean.s.handle({ type: 'shown', pageUrl: list });
    for (let i = 0; i < 88; i++) {
      const id = `arxiv:2505.${String(30000 + i)}`;
      const [x, y] = [await full.s.handle({ type: 'getPaper', paperId: id }), await lean.s.handle({ type: 'getPaper', paperId: id })];
      expect(y.paper).toEqual(x.paper);
      expect(y.paper!.abstract).toBe(entries[i]!.abstract ?? null);
    }
    full.s.close();
    lean.s.close();
  });

  it('abstracts that come after the history of the page was written are added to the stored papers, with the topics classified from them', async () => {
    const entries = bigListing();
    const list = 'https://arxiv.org/list/cs.LG/new';
    const { s } = mk();
    const tagger = createTagger();
    const b = await s.handle({ type: 'annotate', page: page(list), entries: leanEntries(entries) });
    await s.handle({ type: 'shown', pageUrl: list }); // written first (a tab that said "shown" before asking)
    const before = await s.handle({ type: 'getPaper', paperId: 'arxiv:2505.30001' });
    expect(before.paper).toMatchObject({ abstract: null });
    // (Topics shown for a row stored without them are classified from its title: not those of the abstract.)
    const fromAbstract = tagger.tag(entries[1]!.title, entries[1]!.abstract!).map((t) => t.id);
    expect(before.paper!.topics).not.toEqual(fromAbstract);
    const ask = b.annotations.map((x, i) => [x, i] as const).filter(([x]) => x.abstractWanted).map(([, i]) => i);
    await s.handle({ type: 'details', page: page(list), entries: ask.map((i) => detailsOf(entries[i]!, b.annotations[i]!)) });
    const after = await s.handle({ type: 'getPaper', paperId: 'arxiv:2505.30001' });
    expect(after.paper!.abstract).toBe(entries[1]!.abstract);
    expect(after.paper!.topics).toEqual(fromAbstract);
    // Abstracts nobody asked for are not stored: the corpus paper's row keeps none of its own.
    await s.handle({ type: 'details', page: page(list), entries: [{ ...detailsOf(entries[0]!, b.annotations[0]!), paperId: 'arxiv:2505.30000', abstract: 'Something else entirely.' }] });
    expect((await s.handle({ type: 'getPaper', paperId: 'arxiv:2505.30000' })).paper!.abstract).toBeNull();
    s.close();
  });

  it('papers classified from their abstract with no topic are not asked for again on the next visit', async () => {
    const { s, clock } = mk();
    const list = 'https://arxiv.org/list/math.HO/new';
    const entries: EntryInfo[] = Array.from({ length: 80 }, (_, i) => ({
      ...entry(`Youth music and politics in post-war Sierra Leone, chapter ${i + 1}`, `2506.${String(40000 + i)}`),
      abstract: 'This chapter follows popular songs, radio programmes and street performance in Freetown after the civil war, and what they tell about citizenship.',
    }));
    const first = await s.handle({ type: 'annotate', page: page(list), entries: leanEntries(entries) });
    expect(first.annotations.every((a) => a.abstractWanted && a.topicsPending)).toBe(true);
    const res = await s.handle({ type: 'details', page: page(list), entries: first.annotations.map((a, i) => detailsOf(entries[i]!, a)) });
    expect(res.topics.every((t) => t !== null && t.length === 0)).toBe(true);
    await s.handle({ type: 'shown', pageUrl: list });
    clock.t += DAY;
    const next = await s.handle({ type: 'annotate', page: page(list), entries: leanEntries(entries) });
    expect(next.annotations.filter((a) => a.abstractWanted || a.topicsPending)).toEqual([]);
    expect(next.annotations.every((a) => a.topics.length === 0 && a.seenCount === 1)).toBe(true);
    s.close();
  });
});
