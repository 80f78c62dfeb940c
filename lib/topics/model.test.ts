import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTagger, TAXONOMY, TOPIC_IDS } from './classifier';
import shipped from './model.json';
import { decide, fromBase64, hasMlContext, partFromJson, toBase64, type ModelJson } from './model';
import { buildModelJson, type Labeled } from './train';

const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labeled);
const FILES = ['test/data/dev-labels.jsonl', 'test/data/train-labels.jsonl'];
const data = FILES.flatMap(read);
const pool = read('test/data/pool-unlabeled.jsonl');

describe('learned topic model', () => {
  it('ships the 25-topic default taxonomy and weights that fit it', () => {
    expect(TAXONOMY).toHaveLength(25);
    expect(TAXONOMY.map((t) => t.id)).toContain('peft');
    const m = shipped as unknown as ModelJson;
    expect(() => partFromJson(m.full)).not.toThrow();
    expect(() => partFromJson({ ...m.title, th: m.title.th.slice(1) })).toThrow(/do not fit/);
    expect(() => partFromJson({ ...m.full, th1: m.full.th.slice(1) })).toThrow(/do not fit/);
    const w = fromBase64(m.full.w);
    expect(() => partFromJson({ ...m.full, w: toBase64(w.subarray(0, w.length - TOPIC_IDS.length)) })).toThrow(/do not fit/);
    expect(() => partFromJson({ ...m.full, w: toBase64(Uint8Array.from(w, (x, i) => (i === 7 ? 0x80 : x))) })).toThrow(/not quantised/);
    expect(() => partFromJson({ ...m.full, w: `${m.full.w.slice(0, -4)}*AAA` })).toThrow(/damaged/);
    expect(fromBase64(toBase64(Uint8Array.of(1, 2, 250, 7)))).toEqual(Uint8Array.of(1, 2, 250, 7));
  });

  it('npm run train:topics is reproducible: refitting on the labeled files gives the shipped weights', () => {
    const m = shipped as unknown as ModelJson;
    const again = buildModelJson(data, pool, m.trainedOn);
    expect(again.version).toBe(m.version);
    expect(JSON.parse(JSON.stringify(again))).toEqual(m);
  }, 300_000);

  it('at most three topics, with the words behind them; user topics apply on top and hidden topics stay hidden', () => {
    const t = createTagger();
    const title = 'QLoRA: Efficient Finetuning of Quantized LLMs';
    const abstract = 'We present QLoRA, an efficient finetuning approach that reduces memory usage enough to finetune a 65B parameter model on a single 48GB GPU while preserving full 16-bit finetuning task performance. QLoRA backpropagates gradients through a frozen, 4-bit quantized pretrained language model into Low Rank Adapters (LoRA). Our best model family, which we name Guanaco, outperforms all previous openly released models on the Vicuna benchmark, reaching 99.3% of the performance level of ChatGPT while only requiring 24 hours of finetuning on a single GPU. QLoRA introduces a number of innovations to save memory without sacrificing performance: (a) 4-bit NormalFloat (NF4), a new data type that is information theoretically optimal for normally distributed weights (b) double quantization to reduce the average memory footprint by quantizing the quantization constants, and (c) paged optimizers to manage memory spikes.';
    const tags = t.tag(title, abstract);
    expect(tags.length).toBeLessThanOrEqual(3);
    expect(tags.map((x) => x.id)).toEqual(expect.arrayContaining(['llm', 'quantization']));
    const lora = t.tag('LoRA: Low-Rank Adaptation of Large Language Models', 'We propose Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights and injects trainable rank decomposition matrices into each layer of the Transformer architecture, greatly reducing the number of trainable parameters for downstream tasks. Compared to GPT-3 175B fine-tuned with Adam, LoRA can reduce the number of trainable parameters by 10,000 times and the GPU memory requirement by 3 times.');
    const why = lora.find((x) => x.id === 'peft')!.why;
    expect(why.length).toBeGreaterThan(0);
    expect(why.some((w) => /lora|adapter|finetun/.test(w))).toBe(true);
    for (const x of [...tags, ...lora]) for (const w of x.why) expect(['of', 'the', 'a', 'and', 'we', 'to', 'in', 'for']).not.toContain(w);
    expect(t.tag(title, null).map((x) => x.id)).toContain('llm');

    const custom = createTagger({
      hidden: ['quantization'],
      userTopics: [{ id: 'u-mine', label: 'My lab', color: '#123456', phrases: ['finetuning'], exclude: ['survey'] }],
    });
    const c = custom.tag(title, abstract).map((x) => x.id);
    expect(c[0]).toBe('u-mine');
    expect(c).not.toContain('quantization');
    expect(custom.tag('A survey of finetuning', null).map((x) => x.id)).not.toContain('u-mine');
  });

  it('two cuts: a paper that clears no threshold gets its likeliest topic if that one clears its lower cut', () => {
    const T = TOPIC_IDS.length;
    const th = new Float64Array(T).fill(1);
    const th1 = new Float64Array(T).fill(0);
    th1[3] = 0.5; // topic 3's probability rises faster: a smaller score gap between its two cuts
    const s = new Float64Array(T).fill(-5);
    const [title, abstract] = ['A method', 'We train a neural network on images.'];
    s[2] = 0.6; // (0.6 − 1) / 1 = −0.4 of the way between its cuts
    s[3] = 0.7; // higher score, but (0.7 − 1) / 0.5 = −0.6: less probable than topic 2
    expect(decide(s, { th }, title, abstract, 3)).toEqual([]);
    expect(decide(s, { th, th1 }, title, abstract, 3)).toEqual([2]);
    s[2] = -0.1; // below its lower cut, and now less probable than topic 3
    expect(decide(s, { th, th1 }, title, abstract, 3)).toEqual([3]);
    s[3] = 0.4; // the likeliest clears nothing: no topic
    expect(decide(s, { th, th1 }, title, abstract, 3)).toEqual([]);
    s[3] = 0.7;
    s[7] = 1.5;
    s[9] = 1.2; // some topics clear their thresholds: only they are shown, most confident first
    expect(decide(s, { th, th1 }, title, abstract, 3)).toEqual([7, 9]);
    expect(decide(s, { th, th1 }, 'A method', 'We measure the band gap of a crystal.', 3)).toEqual([]);
    // A cut pair that gives nothing (th1 = th) keeps the single-cut rule.
    expect(decide(Float64Array.from(s, (x, t) => (t === 7 || t === 9 ? -5 : x)), { th, th1: th }, title, abstract, 3)).toEqual([]);
  });

  it('knows machine learning by its methods too, not only by the words learning and training', () => {
    // Abstracts of ML papers that never say "learning": bandits, variational inference, SGD, matrix completion.
    for (const [title, abstract] of [
      ['Tracking the best arm when the best arm moves', 'We study multi-armed bandits whose reward means change over time and give an algorithm whose dynamic regret matches the lower bound up to log factors.'],
      ['An excess risk bound for amortised posteriors', 'We bound the excess risk of variational inference with an amortised encoder and show the bound is tight for Gaussian models.'],
      ['Last-iterate rates for heavy-ball momentum', 'We prove almost sure convergence rates for stochastic gradient descent with heavy-ball momentum on smooth nonconvex objectives.'],
      ['Completing low-rank matrices from few entries', 'We analyse matrix completion with a spectral initialisation and show exact recovery from a near-optimal number of samples.'],
    ] as const) expect(hasMlContext(title, abstract), title).toBe(true);
    // …and still not by words other fields use: control, physics, statistics.
    for (const [title, abstract] of [
      ['Safety verification of stochastic hybrid systems', 'We verify safety of stochastic hybrid systems from data with a scenario approach and give confidence bounds for Markov decision processes of power grids.'],
      ['Gradient flows of the Navier-Stokes system in thin porous media', 'We prove sharp pressure estimates for the Navier-Stokes system in thin porous domains, uniform in the thickness.'],
    ] as const) expect(hasMlContext(title, abstract), title).toBe(false);
    // Bare titles (Scholar, dblp) of psychology and audiology: their attention and speech are not ML's.
    expect(hasMlContext('Attention mechanisms in visual search', null)).toBe(false);
    expect(hasMlContext('Speech recognition in noise by hearing-impaired listeners', null)).toBe(false);
  });

  it('gives papers outside machine learning no topic', () => {
    const t = createTagger();
    expect(t.tag('Block occurrences in the binary expansion', null)).toEqual([]);
    expect(t.tag('Youth music and politics in post-war Sierra Leone', null)).toEqual([]);
    expect(t.tag('Stability of quantum chaos against weak non-unitarity', null)).toEqual([]);
    expect(t.tag('The Theory of Normality for Dynamically Generated Cantor Series Expansions', null)).toEqual([]);
    expect(t.tag('A reaction-diffusion model of pattern formation', 'We study a reaction-diffusion model of pattern formation in chemical media and prove existence of stationary solutions.')).toEqual([]);
    expect(t.tag('Superconductivity in twisted bilayer graphene near the magic angle', 'We report transport measurements on twisted bilayer graphene and observe superconducting domes flanking a correlated insulator at half filling.')).toEqual([]);
    // With an ML abstract, physical diffusion is not the generative kind.
    const tags = t.tag('Learning reaction-diffusion dynamics with neural operators', 'We train neural operators to learn solutions of reaction-diffusion equations and advection-diffusion PDEs.').map((x) => x.id);
    expect(tags).toContain('science');
    expect(tags).not.toContain('diffusion');
  });
});
