import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTagger, TAXONOMY } from './classifier';
import { crossValidate, type Labeled } from './train';

const data = readFileSync('test/data/dev-labels.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labeled);

describe('topic tags', () => {
  it('ships the 25-topic default taxonomy', () => {
    expect(TAXONOMY).toHaveLength(25);
    expect(TAXONOMY.map((t) => t.id)).toContain('peft');
  });

  it('reports cross-validated micro precision/recall on the expert labels', () => {
    const full = crossValidate(data, 5);
    const title = crossValidate(data, 5, true);
    console.log(`[topics] 5-fold CV micro: title+abstract P=${full.precision.toFixed(3)} R=${full.recall.toFixed(3)} · title only P=${title.precision.toFixed(3)} R=${title.recall.toFixed(3)} (issue targets P ≥ 0.85, R ≥ 0.70)`);
    // Regression floor at today's figures; the targets (P 0.85 / R 0.70) are not met yet.
    expect(full.precision).toBeGreaterThanOrEqual(0.8);
    expect(full.recall).toBeGreaterThanOrEqual(0.5);
  });

  it('at most three topics, with the words that triggered them; user topics apply and defaults can be hidden', () => {
    const t = createTagger();
    const tags = t.tag('QLoRA: Efficient Finetuning of Quantized LLMs', null);
    expect(tags.length).toBeLessThanOrEqual(3);
    expect(tags.map((x) => x.id)).toEqual(expect.arrayContaining(['peft', 'quantization']));
    expect(tags.find((x) => x.id === 'peft')!.why).toContain('qlora');
    const custom = createTagger({
      hidden: ['quantization'],
      userTopics: [{ id: 'u-mine', label: 'My lab', color: '#123456', phrases: ['finetuning'], exclude: ['survey'] }],
    });
    const c = custom.tag('QLoRA: Efficient Finetuning of Quantized LLMs', null).map((x) => x.id);
    expect(c[0]).toBe('u-mine');
    expect(c).not.toContain('quantization');
    expect(custom.tag('A survey of finetuning', null).map((x) => x.id)).not.toContain('u-mine');
    expect(t.tag('Block occurrences in the binary expansion', null)).toEqual([]);
  });
});
