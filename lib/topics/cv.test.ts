/** The topic model's cross-validated figures (its own file so that it runs beside the refit test). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossValidate, MODEL_OPTIONS, type Labeled } from './train';

const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labeled);
const data = ['test/data/dev-labels.jsonl', 'test/data/train-labels.jsonl'].flatMap(read);
const pool = read('test/data/pool-unlabeled.jsonl');

/**
 * What the shipped configuration reaches in nested 5-fold cross-validation over all 871 labeled papers
 * (`npm run train:topics` prints the 10-fold figures of README). The guard fails if a change drops
 * any of them by more than 0.02.
 */
const REACHED = { full: { p: 0.897, r: 0.708 }, title: { p: 0.882, r: 0.482 } };

describe('learned topic model, cross-validated', () => {
  it('guards the cross-validated figures it reaches (nested, with abstracts and from titles alone)', () => {
    const r = crossValidate(data, pool, MODEL_OPTIONS, 5);
    const f = (x: { precision: number; recall: number }) => `P ${x.precision.toFixed(3)} / R ${x.recall.toFixed(3)}`;
    console.log(`[topics] nested 5-fold CV on ${data.length} papers: with abstracts ${f(r.full)}, titles only ${f(r.title)}`);
    expect(r.full.precision).toBeGreaterThanOrEqual(REACHED.full.p - 0.02);
    expect(r.full.recall).toBeGreaterThanOrEqual(REACHED.full.r - 0.02);
    expect(r.title.precision).toBeGreaterThanOrEqual(REACHED.title.p - 0.02);
    expect(r.title.recall).toBeGreaterThanOrEqual(REACHED.title.r - 0.02);
  }, 900_000);
});
