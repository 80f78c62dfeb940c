import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileVocabulary, fitVocabulary, termCounts, tfidf, tfidfColumns } from './features';
import shipped from './model.json';
import { partFromJson, type ModelJson } from './model';

const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; abstract?: string | null });

describe('topic features', () => {
  it('words and pairs: lower case, accents stripped, no one-letter words, no pair across a sentence end', () => {
    const c = termCounts('Naïve Bayes: a Café study', 'It works. Really well', 2);
    expect(c.get('naive bayes')).toBe(2);
    expect(c.get('cafe study')).toBe(2);
    expect(c.has('bayes cafe')).toBe(false); // ':' ends the pair ('a' is not a word)
    expect(c.has('works really')).toBe(false);
    expect(c.get('really well')).toBe(1);
    expect(c.has('a')).toBe(false);
  });

  it('run-time scoring (word hashes, no strings) gives exactly the training features on every labeled and pool paper', () => {
    const papers = ['test/data/dev-labels.jsonl', 'test/data/train-labels.jsonl', 'test/data/pool-unlabeled.jsonl'].flatMap(read);
    const m = shipped as unknown as ModelJson;
    for (const [part, withAbstract] of [[partFromJson(m.full), true], [partFromJson(m.title), false]] as const) {
      const cv = compileVocabulary(part.vocab);
      const counts = new Float64Array(part.vocab.idf.length);
      let compared = 0;
      for (const p of papers) {
        const ab = withAbstract ? p.abstract : null;
        const want = tfidf(termCounts(p.title, ab, part.titleWeight), part.vocab);
        const got = tfidfColumns(cv, part.vocab.idf, p.title, ab, part.titleWeight, counts);
        expect(got.cols).toEqual(want.idx);
        expect(got.vals).toEqual(want.val);
        compared++;
      }
      expect(compared).toBe(papers.length);
      expect(counts.every((x) => x === 0)).toBe(true);
    }
  });

  it('non-ASCII text takes the normalising path and agrees with it', () => {
    const docs = ['Über-robust naïve façade models', 'ÉCOLE Straße résumé models', 'plain ascii models'].map((t) => termCounts(t, null, 1));
    const vocab = fitVocabulary(docs, 1);
    const cv = compileVocabulary(vocab);
    const counts = new Float64Array(vocab.idf.length);
    for (const t of ['Über-robust naïve façade models', 'ÉCOLE Straße résumé — models', 'PLAIN ASCII MODELS; robust']) {
      const want = tfidf(termCounts(t, null, 1), vocab);
      const got = tfidfColumns(cv, vocab.idf, t, null, 1, counts);
      expect(got.cols).toEqual(want.idx);
      expect(got.vals).toEqual(want.val);
      expect(got.cols.length).toBeGreaterThan(0);
    }
  });
});
