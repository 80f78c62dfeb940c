import { describe, expect, it } from 'vitest';
import { PROTOCOL, validateRequest, type EntryInfo } from '../messages';
import { MIN_LIBRARY } from './rank';
import { mk } from './test-helpers';

const paper = (title: string, abstract: string, id: string): EntryInfo => ({ title, abstract, arxivId: id, url: `https://arxiv.org/abs/${id}` });
const LIB = [
  paper('Low-Rank Adapters for Parameter-Efficient Fine-Tuning of Language Models', 'We fine-tune large language models with low-rank adapters inserted into the attention layers, training under one percent of the parameters while matching full fine-tuning on instruction following.', '2501.00011'),
  paper('Quantized Low-Rank Adaptation of Language Models at Four Bits', 'Low-rank adapters on a four-bit quantized base language model give parameter-efficient fine-tuning of a 65B model on one GPU without losing accuracy.', '2501.00012'),
  paper('Prompt Tuning of Frozen Language Models Scales With Size', 'Soft prompts learned by backpropagation condition frozen language models; this parameter-efficient tuning closes the gap to full fine-tuning as the models grow.', '2501.00013'),
];
const LISTING = [
  { title: 'Galaxy Rotation Curves Without Dark Matter', abstract: 'We fit the rotation curves of spiral galaxies with a modified gravity model and compare with halo fits.', paperId: null },
  { title: 'Sparse Low-Rank Adapters for Efficient Fine-Tuning of Language Models', abstract: 'We fine-tune language models with sparse low-rank adapters, training few parameters of the base model while matching full fine-tuning.', paperId: null },
  { title: 'A Survey of Graph Neural Networks for Molecules', abstract: 'Graph neural networks predict molecular properties; we survey message passing architectures and benchmarks.', paperId: null },
  ...Array.from({ length: 7 }, (_, i) => ({ title: `Weather Forecasting With Station Data Number ${i}`, abstract: 'Station observations of temperature and pressure are interpolated to forecast regional weather for the next days.', paperId: null })),
];

describe('"for you" in the background', () => {
  it('a library smaller than a few papers marks nothing and says why', async () => {
    const { s } = mk();
    const r = await s.handle({ type: 'forYou', entries: LISTING });
    expect(r).toMatchObject({ librarySize: 0, marks: [] });
    expect(r.hint).toMatch(/save papers/);
    await s.handle({ type: 'save', entry: LIB[0]! });
    expect((await s.handle({ type: 'forYou', entries: LISTING })).hint).toMatch(`save ${MIN_LIBRARY - 1} more papers`);
  });

  it('marks the entry that looks like the saved papers, naming the nearest; follows saves and unsaves at once', async () => {
    const { s } = mk();
    for (const p of LIB) await s.handle({ type: 'save', entry: p });
    const r = await s.handle({ type: 'forYou', entries: LISTING });
    expect(r.librarySize).toBe(3);
    expect(r.hint).toBeNull();
    expect(r.marks.map((m) => m.i)).toEqual([1]);
    expect(r.marks[0]!.nearest?.title).toBe(LIB[0]!.title);
    // The saved paper itself on a listing is not "for you": it is yours.
    const own = await s.handle({ type: 'forYou', entries: [...LISTING, { title: LIB[1]!.title, abstract: LIB[1]!.abstract!, paperId: 'arxiv:2501.00012' }] });
    expect(own.marks.map((m) => m.i)).not.toContain(LISTING.length);
    // Unsave two: below the minimum, no marks.
    await s.handle({ type: 'unsave', paperId: 'arxiv:2501.00011' });
    await s.handle({ type: 'unsave', paperId: 'arxiv:2501.00012' });
    expect((await s.handle({ type: 'forYou', entries: LISTING })).marks).toEqual([]);
    // Save a graph paper and two more: the graph survey now comes first.
    for (const [t, id] of [['Message Passing Graph Neural Networks for Molecular Property Prediction', '2501.00021'], ['Equivariant Graph Neural Networks for Molecules', '2501.00022'], ['Benchmarking Graph Neural Networks on Molecular Graphs', '2501.00023']] as const)
      await s.handle({ type: 'save', entry: paper(t, 'Graph neural networks with message passing predict molecular properties from molecular graphs.', id) });
    const g = await s.handle({ type: 'forYou', entries: LISTING });
    expect(g.marks.map((m) => m.i)).toContain(2);
  });

  it('bad requests are refused with a clear message', () => {
    const v = (request: unknown) => validateRequest({ protocol: PROTOCOL, request });
    expect(() => v({ type: 'forYou', entries: [{ title: '', abstract: null, paperId: null }] })).toThrow(/title must not be empty/);
    expect(() => v({ type: 'forYou', entries: [{ title: 'x', paperId: null, html: '<b>' }] })).toThrow(/unexpected field "html"/);
    expect(() => v({ type: 'forYou', entries: 'all' })).toThrow(/entries must be a list/);
    expect(v({ type: 'forYou', entries: [{ title: 'x' }] })).toEqual({ type: 'forYou', entries: [{ title: 'x', abstract: null, paperId: null }] });
  });
});
