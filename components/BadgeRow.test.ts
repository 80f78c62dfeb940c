import { describe, expect, it } from 'vitest';
import type { Annotation } from '../lib/messages';
import { seenSummary } from './BadgeRow';

const blank: Annotation = { paperId: 'p', match: null, lookAlike: null, saved: null, seenBefore: [], seenCount: 0, corpus: [], libraries: [], repeats: [], topics: [] };

describe('seenSummary (the text of the seen badge)', () => {
  it('is null for a paper nothing knows', () => {
    expect(seenSummary(blank)).toBeNull();
  });

  it('puts the repeat on this page first, so a long corpus text cut by the ellipsis does not hide it', () => {
    const a: Annotation = {
      ...blank,
      corpus: [
        { listing: 'a', position: 3, date: 'Mar 13' },
        { listing: 'b', position: 7, date: 'Mar 14' },
        { listing: 'c', position: 1, date: 'Mar 15' },
      ],
      repeats: [11],
    };
    const text = seenSummary(a)!;
    expect(text.startsWith('also #12 on this page')).toBe(true);
    expect(text).toContain('in corpus · 3 listings (Mar 13, Mar 14, Mar 15)');
  });

  it('names an earlier sighting with its count', () => {
    const now = Date.UTC(2026, 11, 7, 12);
    const a: Annotation = { ...blank, seenBefore: [{ site: 'arxiv', pageUrl: 'https://arxiv.org/list/cs.LG/new', label: 'arXiv cs.LG (new)', date: null, seenAt: now - 24 * 3600e3 }], seenCount: 3 };
    expect(seenSummary(a, now)).toBe('seen 1 day ago on arXiv cs.LG (new) +2');
  });
});
