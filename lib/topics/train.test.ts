/** Fitting helpers of the topic model (lib/topics/train.ts): the latent basis from the unlabeled pool, Platt scaling. */
import { describe, expect, it } from 'vitest';
import { fitVocabulary, termCounts, tfidf } from './features';
import { FULL, lsaBasis, platt } from './train';
import { rng } from '../random';

describe('latent basis (truncated SVD of the pool)', () => {
  // Three families of words that co-occur, mixed in various amounts, plus noise words.
  const fam = [
    ['graph', 'node', 'edge', 'message', 'passing'],
    ['reward', 'policy', 'agent', 'episode', 'return'],
    ['pixel', 'image', 'patch', 'segmentation', 'camera'],
  ];
  let s = 5;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const pool = Array.from({ length: 300 }, (_, i) => {
    const words: string[] = [];
    fam.forEach((f, k) => {
      const n = k === i % 3 ? 12 : Math.floor(rnd() * 3);
      for (let j = 0; j < n; j++) words.push(f[Math.floor(rnd() * f.length)]!);
    });
    for (let j = 0; j < 4; j++) words.push(`noise${Math.floor(rnd() * 40)}`);
    return { title: words.slice(0, 3).join(' '), abstract: words.join('. ') };
  });
  const o = { ...FULL, lsa: { k: 3, gamma: 1 } };
  const vocab = fitVocabulary(pool.map((d) => termCounts(d.title, d.abstract, o.titleWeight)), 2);
  const V = vocab.idf.length;
  const rows = pool.map((d) => tfidf(termCounts(d.title, d.abstract, o.titleWeight), vocab));
  const A = (v: Float64Array) => rows.map((r) => r.idx.reduce((x, f, e) => x + r.val[e]! * v[f]!, 0));
  const norm = (x: number[]) => Math.sqrt(x.reduce((a, b) => a + b * b, 0));
  const basis = lsaBasis(pool, o, vocab)!;
  const col = (j: number) => Float64Array.from({ length: V }, (_, f) => basis.P[f * basis.k + j]!);

  it('gives k orthonormal directions, strongest first', () => {
    expect(basis.k).toBe(3);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) {
        const dot = col(a).reduce((x, v, f) => x + v * col(b)[f]!, 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 6);
      }
    const sv = [0, 1, 2].map((j) => norm(A(col(j))));
    for (let j = 1; j < 3; j++) expect(sv[j]!).toBeLessThanOrEqual(sv[j - 1]! + 1e-9);
  });

  it('its first direction is the largest singular vector (power iteration on AᵀA agrees)', () => {
    let v = new Float64Array(V).fill(1);
    for (let it = 0; it < 300; it++) {
      const y = A(v);
      const w = new Float64Array(V);
      rows.forEach((r, i) => r.idx.forEach((f, e) => (w[f]! += r.val[e]! * y[i]!)));
      const n = norm([...w]);
      v = w.map((x) => x / n);
    }
    expect(norm(A(col(0)))).toBeCloseTo(norm(A(v)), 4);
  });

  it('puts words that occur together on the same directions (three families: three directions)', () => {
    const at = (w: string) => Float64Array.from({ length: 3 }, (_, j) => basis.P[vocab.index.get(w)! * basis.k + j]!);
    const cos = (a: Float64Array, b: Float64Array) => a.reduce((x, v, j) => x + v * b[j]!, 0) / (norm([...a]) * norm([...b]));
    expect(cos(at('graph'), at('node'))).toBeGreaterThan(0.8);
    expect(Math.abs(cos(at('graph'), at('reward')))).toBeLessThan(0.5);
  });
});

describe('Platt scaling', () => {
  // Labels drawn from σ(a s + b): the fit recovers a and b.
  const draw = (a: number, b: number, lo: number, hi: number, n = 2000) => {
    const rand = rng(7);
    const s = Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const y = Uint8Array.from(s, (x) => (rand() < 1 / (1 + Math.exp(-(a * x + b))) ? 1 : 0));
    return platt(s, y);
  };

  it('recovers the slope and offset of scores on the scale of a logistic regression', () => {
    const [a, b] = draw(1.5, -2, -8, 8);
    expect(a).toBeCloseTo(1.5, 0);
    expect(b).toBeCloseTo(-2, 0);
  });

  it('converges on wide scores (a full Newton step from a = 1 overshoots; the step is halved)', () => {
    // Scores of a second-stage model span ±40; the undamped fit ran off to a ≈ 1e10.
    const [a, b] = draw(0.25, -1.2, -40, 40);
    expect(a).toBeGreaterThan(0.15);
    expect(a).toBeLessThan(0.4);
    expect(Math.abs(b + 1.2)).toBeLessThan(0.6);
  });
});
