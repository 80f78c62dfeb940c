import { describe, expect, it } from 'vitest';
import type { Annotation } from '../lib/messages';
import { countPapers, summaryText } from './PageSummary';

const blank: Annotation = { paperId: 'p', match: null, lookAlike: null, saved: null, seenBefore: [], seenCount: 0, corpus: [], libraries: [], repeats: [], topics: [] };
const seenYesterday: Annotation['seenBefore'] = [{ site: 'arxiv', pageUrl: 'https://arxiv.org/list/cs.LG/new', label: 'arXiv cs.LG (new)', date: null, seenAt: 1 }];

describe('the page summary counts papers, not entries', () => {
  it('a paper listed twice counts once, and the summary says an entry was listed again', () => {
    const items = [
      { index: 0, a: { ...blank, paperId: 'a', corpus: [{ listing: 'x', position: 1, date: null }], repeats: [2] }, forYou: false },
      { index: 1, a: { ...blank, paperId: 'b', seenBefore: seenYesterday, seenCount: 1 }, forYou: false },
      { index: 2, a: { ...blank, paperId: 'a', corpus: [{ listing: 'x', position: 1, date: null }], repeats: [0] }, forYou: false },
    ];
    const c = countPapers(items);
    expect(c).toEqual({ total: 2, seen: 1, fresh: 1, saved: 0, corpus: 1, library: 0, forYou: 0, repeats: 1 });
    expect(summaryText(c)).toBe('2 papers · 1 seen · 1 new · 0 saved · 1 in corpus · 1 listed again');
  });

  it('a repeat whose first entry left the page (a client-side re-render) counts as the paper', () => {
    const c = countPapers([{ index: 3, a: { ...blank, saved: { savedAt: 1, note: '', tags: [] }, repeats: [0] }, forYou: true }]);
    expect(c).toMatchObject({ total: 1, fresh: 1, saved: 1, forYou: 1, repeats: 0 });
    expect(summaryText(c)).toBe('1 paper · 0 seen · 1 new · 1 saved · 1 for you');
  });

  it('without repeats, every entry is a paper', () => {
    const items = Array.from({ length: 5 }, (_, i) => ({ index: i, a: { ...blank, paperId: `p${i}` }, forYou: false }));
    expect(summaryText(countPapers(items))).toBe('5 papers · 0 seen · 5 new · 0 saved');
  });
});
