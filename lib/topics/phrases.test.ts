import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './phrases';

const m = (phrases: string[]) => new PhraseMatcher(phrases.map((p) => ({ phrases: p, w: 1 })));
const rulesOf = (pm: PhraseMatcher, text: string) => [...pm.match(text).rules].sort();

describe('phrase matcher', () => {
  it('matches words, prefixes, alternatives and optional words across hyphens and punctuation', () => {
    const pm = m(['low rank adapt*', 'quantiz*|ternary', 'neural? network weights', '4|8 bit|bits']);
    expect(rulesOf(pm, 'Low-Rank Adaptation of LLMs')).toEqual([0]);
    expect(rulesOf(pm, 'low rank adapter')).toEqual([0]);
    expect(rulesOf(pm, 'low rank')).toEqual([]);
    expect(rulesOf(pm, 'QUANTIZED and ternary nets')).toEqual([1]);
    expect(rulesOf(pm, 'quant models')).toEqual([]);
    expect(rulesOf(pm, 'network weights')).toEqual([2]);
    expect(rulesOf(pm, 'neural network weights')).toEqual([2]);
    expect(rulesOf(pm, '4-bit and 8 bits')).toEqual([3]);
    expect(rulesOf(pm, '48 bit')).toEqual([]);
  });

  it('counts repeats (once per position), keeps the first matching text, and is reusable', () => {
    const pm = new PhraseMatcher([{ phrases: 'prun*; pruning', w: 2 }, { phrases: 'lottery ticket*', w: 1 }]);
    const hits = pm.newHits();
    pm.match('Pruning. We prune; pruned nets; the Lottery-Tickets', hits);
    expect(hits.rules).toEqual([0, 1]);
    expect(hits.count[0]).toBe(3);
    expect(hits.text[0]).toBe('pruning');
    expect(hits.text[1]).toBe('lottery-tickets');
    pm.match('nothing here', hits);
    expect(hits.rules).toEqual([]);
    expect(hits.count[0]).toBe(0);
  });

  it('treats non-ASCII letters as word boundaries and survives long texts', () => {
    const pm = m(['transfer']);
    expect(rulesOf(pm, 'μ-Transfer')).toEqual([0]);
    const long = 'word '.repeat(20_000) + 'transfer';
    expect(pm.match(long).count[0]).toBe(1);
  });

  it('rejects malformed phrases with a clear message', () => {
    expect(() => m(['lo*'])).not.toThrow();
    expect(() => m(['low-rank'])).toThrow(/a–z\/0–9/);
    expect(() => m(['a||b'])).toThrow(/empty alternative/);
  });
});
