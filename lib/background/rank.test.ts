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

describe('learned tags', () => {
  it('a tag on 5 saved papers is suggested to entries that look like them, never to a paper that has it; fewer papers, no suggestion', async () => {
    const { s } = mk();
    const peft = [
      ...LIB,
      paper('Adapter Layers for Parameter-Efficient Transfer of Language Models', 'Small adapter layers inserted into a frozen language model give parameter-efficient fine-tuning close to full fine-tuning.', '2501.00014'),
      paper('Prefix Tuning: Optimizing Continuous Prompts for Generation', 'A parameter-efficient alternative to fine-tuning that keeps language model parameters frozen and learns a small continuous prefix.', '2501.00015'),
    ];
    const other = [
      paper('Message Passing Graph Neural Networks for Molecular Property Prediction', 'Graph neural networks with message passing predict molecular properties from molecular graphs.', '2501.00021'),
      paper('Equivariant Graph Neural Networks for Molecules', 'Equivariant message passing on molecular graphs predicts energies and forces.', '2501.00022'),
    ];
    for (const p of [...peft, ...other]) await s.handle({ type: 'save', entry: p });
    for (const p of peft.slice(0, 4)) await s.handle({ type: 'setNote', paperId: `arxiv:${p.arxivId}`, note: '', tags: ['peft'] });
    expect((await s.handle({ type: 'forYou', entries: LISTING })).tags).toEqual([]);
    await s.handle({ type: 'setNote', paperId: `arxiv:${peft[4]!.arxivId}`, note: 'the prefix one', tags: ['peft', 'generation'] });
    const r = await s.handle({ type: 'forYou', entries: [...LISTING, { title: peft[0]!.title, abstract: peft[0]!.abstract!, paperId: `arxiv:${peft[0]!.arxivId}` }] });
    expect(r.tags).toEqual([{ i: 1, tags: ['peft'] }]);
    // An unsave below five papers: the tag is no longer learned.
    await s.handle({ type: 'unsave', paperId: `arxiv:${peft[1]!.arxivId}` });
    expect((await s.handle({ type: 'forYou', entries: LISTING })).tags).toEqual([]);
  });
});

describe('popup order "for you"', () => {
  it('orders the best matches by how much they look like the saved papers', async () => {
    const { s } = mk();
    for (const p of LIB) await s.handle({ type: 'save', entry: p });
    await s.handle({ type: 'save', entry: paper('Tuning Weather Models for Regional Forecasts', 'We tune numerical weather models on station data.', '2501.00031') });
    await s.handle({ type: 'unsave', paperId: 'arxiv:2501.00031' });
    await s.handle({ type: 'save', entry: paper('Tuning Weather Models for Regional Forecasts', 'We tune numerical weather models on station data.', '2501.00031') });
    const best = await s.handle({ type: 'search', query: 'tuning', filters: { savedOnly: true }, limit: 10 });
    const mine = await s.handle({ type: 'search', query: 'tuning', filters: { savedOnly: true }, limit: 10, sort: 'forYou' });
    expect(mine.total).toBe(best.total);
    expect(new Set(mine.hits.map((h) => h.id))).toEqual(new Set(best.hits.map((h) => h.id)));
    expect(mine.hits.at(-1)!.title).toBe('Tuning Weather Models for Regional Forecasts');
    expect(mine.hits[0]!.saved).toMatchObject({ note: '', tags: [] });
  });
});
