/**
 * "For you" (lib/rank): quality on labeled papers (lib/rank/eval.ts) beside a plain tf-idf centroid,
 * and speed: 500 listing entries with abstracts scored against a 10,000-paper library, and the profile
 * updated after a save and an unsave.
 */
import { readFileSync } from 'node:fs';
import { evaluateRanking, type LabeledPaper } from '../../lib/rank/eval';
import { RankProfile } from '../../lib/rank/profile';
import { synthPapers } from './synth';
import { fmtMs, median, percentile, table } from './util';

export async function runRankBench(): Promise<string> {
  const labeled = readFileSync('test/data/train-labels.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LabeledPaper);
  const q = evaluateRanking(labeled);
  const f = (x: number) => x.toFixed(3);

  const library = synthPapers(10_000, 3);
  const listing = synthPapers(500, 4);
  const profile = new RankProfile();
  let t = performance.now();
  library.forEach((p, i) => profile.add({ id: `p${i}`, title: p.title, abstract: p.abstract }));
  const buildMs = performance.now() - t;
  const scoreRuns: number[] = [];
  for (let r = 0; r < 20; r++) {
    t = performance.now();
    for (const e of listing) profile.score(e.title, e.abstract);
    scoreRuns.push(performance.now() - t);
  }
  const updates: number[] = [];
  for (let r = 0; r < 50; r++) {
    t = performance.now();
    profile.add({ id: 'new', title: listing[r]!.title, abstract: listing[r]!.abstract });
    profile.score(listing[0]!.title, listing[0]!.abstract);
    profile.remove('new');
    updates.push(performance.now() - t);
  }
  return [
    `Quality: mean ROC AUC over ${q.cases} cases (test/data/train-labels.jsonl halves; library = one half's papers of topic T, listing = the other half, relevant = carries T):`,
    table(['listing entries', 'Paper Lens (tf-idf, background subtracted)', 'plain tf-idf centroid', 'target'], [
      ['with abstracts', f(q.withAbstracts.ours), f(q.withAbstracts.centroid), '≥ 0.90'],
      ['titles only', f(q.titlesOnly.ours), f(q.titlesOnly.centroid), '(works; better with abstracts)'],
    ]),
    'Speed (synthetic papers with 1,000-character abstracts):',
    table(['what', 'time', 'target'], [
      ['profile of a 10,000-paper library, built once', fmtMs(buildMs), '—'],
      ['500 entries scored, median / p95 of 20', `${fmtMs(median(scoreRuns))} / ${fmtMs(percentile(scoreRuns, 95))}`, '≤ 30 ms'],
      ['a save or unsave: profile updated and rescored, median', fmtMs(median(updates)), '≤ 1 s'],
    ]),
    `RANK ${JSON.stringify({ cases: q.cases, auc: q.withAbstracts.ours, aucCentroid: q.withAbstracts.centroid, aucTitles: q.titlesOnly.ours, aucTitlesCentroid: q.titlesOnly.centroid, score500Ms: median(scoreRuns) })}`,
  ].join('\n');
}
