import { describe, expect, it } from 'vitest';
import { normalizeTitle } from './normalize';
import { TitleKeyMemo } from './title-key-memo';

const TITLES = [
  'Attention Is All You Need',
  'Attention is all you need.',
  'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
  'Na\u00efve Bayes &amp; the \\textbf{Curse} of Dimensionality…',
  'Scaling Laws for Neural Language Models...',
  '[PDF] Deep Residual Learning for Image Recognition',
  'Übersetzung neuronaler Netze',
];

describe('TitleKeyMemo', () => {
  it('gives normalizeTitle’s key and truncated flag, first time and remembered', () => {
    const memo = new TitleKeyMemo(4);
    for (let round = 0; round < 3; round++)
      for (const t of TITLES) {
        const n = normalizeTitle(t);
        expect(memo.of(t)).toEqual({ key: n.key, truncated: n.truncated });
      }
  });

  it('stays within its capacity and drops the least recently used title first', () => {
    const memo = new TitleKeyMemo(16);
    memo.of('kept title that is used again and again');
    for (let i = 0; i < 100; i++) {
      memo.of(`title number ${i}`);
      memo.of('kept title that is used again and again');
      expect(memo.size).toBeLessThanOrEqual(16);
    }
    // The title used at every step survived the 100 others; the oldest of them did not, the newest did.
    expect(memo.has('kept title that is used again and again')).toBe(true);
    expect(memo.has('title number 0')).toBe(false);
    expect(memo.has('title number 99')).toBe(true);
  });
});
