import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTagger, TAXONOMY, TOPIC_IDS } from './classifier';
import shipped from './model.json';
import { fromBase64, partFromJson, toBase64, type ModelJson } from './model';
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
    expect(tags.map((x) => x.id)).toEqual(expect.arrayContaining(['peft', 'quantization']));
    const why = tags.find((x) => x.id === 'peft')!.why;
    expect(why.length).toBeGreaterThan(0);
    expect(why.some((w) => /lora|adapter|finetun/.test(w))).toBe(true);
    for (const x of tags) for (const w of x.why) expect(['of', 'the', 'a', 'and', 'we', 'to', 'in', 'for']).not.toContain(w);
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
