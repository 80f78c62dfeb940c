import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRanking, rocAuc, type LabeledPaper } from './eval';
import { RankProfile } from './profile';
import { termCounts, words } from './text';

const labeled = readFileSync('test/data/train-labels.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LabeledPaper);

const LIB = [
  { id: 'a', title: 'Low-Rank Adapters for Parameter-Efficient Fine-Tuning of Language Models', abstract: 'We fine-tune large language models with low-rank adapters inserted into attention layers, training under one percent of the parameters while matching full fine-tuning.' },
  { id: 'b', title: 'Quantized Low-Rank Adaptation at Four Bits', abstract: 'Adapters on a four-bit quantized base model: parameter-efficient fine-tuning of a 65B language model on one GPU.' },
  { id: 'c', title: 'Prompt Tuning Scales With Model Size', abstract: 'Soft prompts learned by backpropagation condition frozen language models; parameter-efficient tuning closes the gap to fine-tuning as models grow.' },
];

describe('"for you" ranking', () => {
  it('quality on the labeled papers: mean ROC AUC ≥ 0.94 with abstracts and ≥ 0.89 from titles (reached 0.963 / 0.911), above the plain centroid', () => {
    const q = evaluateRanking(labeled);
    console.log(`[rank] ${q.cases} cases · with abstracts ${q.withAbstracts.ours.toFixed(3)} (plain centroid ${q.withAbstracts.centroid.toFixed(3)}) · titles only ${q.titlesOnly.ours.toFixed(3)} (${q.titlesOnly.centroid.toFixed(3)})`);
    expect(q.cases).toBeGreaterThanOrEqual(40);
    expect(q.withAbstracts.ours).toBeGreaterThanOrEqual(0.943);
    expect(q.titlesOnly.ours).toBeGreaterThanOrEqual(0.891);
    expect(q.withAbstracts.ours).toBeGreaterThan(q.withAbstracts.centroid);
    expect(q.titlesOnly.ours).toBeGreaterThan(q.titlesOnly.centroid);
  });

  it('an empty library scores nothing; papers like the library rank above others, with and without abstracts', () => {
    const p = new RankProfile();
    expect(p.score('Anything at all', null)).toBeNull();
    LIB.forEach((x) => p.add(x));
    const near = p.score('Sparse Low-Rank Adapters for Efficient Fine-Tuning', 'We fine-tune language models with sparse low-rank adapters, training few parameters.')!;
    const far = p.score('Galaxy Rotation Curves Without Dark Matter', 'We fit rotation curves of spiral galaxies with a modified gravity model.')!;
    expect(near).toBeGreaterThan(far);
    expect(p.score('Low-Rank Adapters for Language Models', null)!).toBeGreaterThan(p.score('Bird Song Recognition in the Wild', null)!);
  });

  it('adding then removing a paper gives the scores of a profile that never had it (nothing accumulates)', () => {
    const p = new RankProfile();
    LIB.slice(0, 2).forEach((x) => p.add(x));
    const q = 'Adapters for Fine-Tuning Language Models';
    const before = p.score(q, null)!;
    p.add(LIB[2]!);
    expect(p.score(q, null)).not.toBeCloseTo(before, 10);
    p.remove('c');
    expect(p.score(q, null)).toBeCloseTo(before, 12);
    p.remove('a');
    p.remove('b');
    expect(p.size).toBe(0);
    expect(p.score(q, null)).toBeNull();
    p.add(LIB[0]!);
    const fresh = new RankProfile();
    fresh.add(LIB[0]!);
    expect(p.score(q, null)).toBeCloseTo(fresh.score(q, null)!, 12);
  });

  it('names the nearest library paper, never the entry itself', () => {
    const p = new RankProfile();
    LIB.forEach((x) => p.add(x));
    const v = p.vector('Four-Bit Quantized Adapters for Fine-Tuning', null);
    expect(p.nearest(v)?.id).toBe('b');
    expect(p.nearest(p.vector(LIB[1]!.title, LIB[1]!.abstract), 'b')?.id).not.toBe('b');
    expect(p.nearest(p.vector('Galaxy Rotation Curves', null))).toBeNull();
  });

  it('words: stop words and sentence punctuation break pairs; plurals fold', () => {
    expect(words('Models of the World. Large models')).toEqual(['model', null, 'world', null, 'large', 'model']);
    expect([...termCounts('Diffusion Models', null).keys()]).toEqual(['diffusion', 'diffusion model', 'model']);
  });

  it('ROC AUC: perfect, reversed, ties', () => {
    expect(rocAuc([3, 2, 1], [true, false, false])).toBe(1);
    expect(rocAuc([1, 2, 3], [true, false, false])).toBe(0);
    expect(rocAuc([1, 1], [true, false])).toBe(0.5);
  });

  it('npm run rank: one {"score"} line per listing line, in order; an empty library gives 0; a broken line says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rank-'));
    writeFileSync(join(dir, 'lib.jsonl'), LIB.map((x) => JSON.stringify({ title: x.title, abstract: x.abstract })).join('\n'));
    writeFileSync(join(dir, 'empty.jsonl'), '');
    writeFileSync(join(dir, 'list.jsonl'), [JSON.stringify({ title: 'Galaxy Rotation Curves' }), 'not json', JSON.stringify({ title: 'Low-Rank Adapters for Fine-Tuning Language Models' })].join('\n'));
    const run = (lib: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/rank.ts', '--library', join(dir, lib), join(dir, 'list.jsonl')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { score: number; error?: string });
    const out = run('lib.jsonl');
    expect(out).toHaveLength(3);
    expect(out[1]).toEqual({ score: 0, error: 'unreadable line' });
    expect(out[2]!.score).toBeGreaterThan(out[0]!.score);
    expect(run('empty.jsonl').map((x) => x.score)).toEqual([0, 0, 0]);
  }, 30_000);
});
