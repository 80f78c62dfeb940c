/**
 * Quality of "for you" on labeled papers (test/data/train-labels.jsonl, 760 real papers labeled with
 * topics): the papers are split in two halves (fixed seed); for each topic T with at least 5 papers in
 * one half, the library is that half's papers carrying T, the listing is the other half, and an entry
 * is relevant when it carries T. Reported: the mean ROC AUC over those cases, both ways round, with the
 * listing's abstracts and from its titles alone; beside a plain tf-idf centroid (the same vectors, no
 * background).
 */
import { rng } from '../random';
import { RankProfile } from './profile';

export interface LabeledPaper {
  title: string;
  abstract?: string | null;
  topics: string[];
}

/** ROC AUC of `scores` for the relevant ones (ties count half). */
export function rocAuc(scores: number[], relevant: boolean[]): number {
  const idx = scores.map((s, i) => [s, relevant[i]!] as const).sort((a, b) => a[0] - b[0]);
  let nPos = 0;
  let sumRanks = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j]![0] === idx[i]![0]) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (idx[k]![1]) {
      nPos++;
      sumRanks += avgRank;
    }
    i = j;
  }
  const nNeg = idx.length - nPos;
  return nPos && nNeg ? (sumRanks - (nPos * (nPos + 1)) / 2) / (nPos * nNeg) : NaN;
}

function halves<T>(xs: T[], seed: number): [T[], T[]] {
  const rand = rng(seed);
  const order = xs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const h = Math.floor(xs.length / 2);
  return [order.slice(0, h).map((i) => xs[i]!), order.slice(h).map((i) => xs[i]!)];
}

export interface RankEval {
  cases: number;
  withAbstracts: { ours: number; centroid: number };
  titlesOnly: { ours: number; centroid: number };
}

export function evaluateRanking(papers: LabeledPaper[], seed = 11, minLibrary = 5): RankEval {
  const [a, b] = halves(papers, seed);
  const acc = { ours: [] as number[], centroid: [] as number[], oursT: [] as number[], centroidT: [] as number[] };
  for (const [libHalf, listHalf] of [[a, b], [b, a]] as const) {
    for (const topic of [...new Set(libHalf.flatMap((p) => p.topics))].sort()) {
      const lib = libHalf.filter((p) => p.topics.includes(topic));
      if (lib.length < minLibrary) continue;
      const relevant = listHalf.map((p) => p.topics.includes(topic));
      if (!relevant.some(Boolean) || relevant.every(Boolean)) continue;
      const ours = new RankProfile();
      // The plain centroid: the same vectors, nothing taken away.
      const plain = new RankProfile({ backgroundWeight: 0 });
      lib.forEach((p, i) => {
        ours.add({ id: String(i), title: p.title, abstract: p.abstract });
        plain.add({ id: String(i), title: p.title, abstract: p.abstract });
      });
      const auc = (prof: RankProfile, titleOnly: boolean) => rocAuc(listHalf.map((p) => prof.score(p.title, titleOnly ? null : p.abstract)!), relevant);
      acc.ours.push(auc(ours, false));
      acc.centroid.push(auc(plain, false));
      acc.oursT.push(auc(ours, true));
      acc.centroidT.push(auc(plain, true));
    }
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  return {
    cases: acc.ours.length,
    withAbstracts: { ours: mean(acc.ours), centroid: mean(acc.centroid) },
    titlesOnly: { ours: mean(acc.oursT), centroid: mean(acc.centroidT) },
  };
}
