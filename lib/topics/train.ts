/**
 * Build-time training: per-topic thresholds on the rule scores, chosen for precision on labeled papers.
 * `npm run train:topics` writes lib/topics/thresholds.json (trained on all labels); evaluation uses
 * cross-validation so no paper is scored by thresholds fitted on it.
 */
import { DEFAULT_THRESHOLD, TOPIC_IDS, classify, scoreTopics, type Thresholds } from './classifier';

export interface Labeled {
  title: string;
  abstract?: string | null;
  topics: string[];
}

const GRID = [1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 12, 14];

export function trainThresholds(data: Labeled[], targetPrecision = 0.9): Thresholds {
  const scored = data.map((d) => ({ d, s: new Map(scoreTopics(d.title, d.abstract).map((x) => [x.id, x.score])) }));
  const out: Thresholds = {};
  for (const id of TOPIC_IDS) {
    let chosen = DEFAULT_THRESHOLD;
    let bestF = -1;
    for (const th of GRID) {
      let tp = 0, fp = 0, fn = 0;
      for (const { d, s } of scored) {
        const pred = (s.get(id) ?? 0) >= th;
        const gold = d.topics.includes(id);
        if (pred && gold) tp++;
        else if (pred) fp++;
        else if (gold) fn++;
      }
      const p = tp / Math.max(1, tp + fp);
      const r = tp / Math.max(1, tp + fn);
      // Precision first: among thresholds meeting the target, the best F0.5; never below the default.
      const f = p >= targetPrecision || tp + fp === 0 ? (1.25 * p * r) / Math.max(1e-9, 0.25 * p + r) : -1;
      if (f > bestF && th >= DEFAULT_THRESHOLD - 0.5) {
        bestF = f;
        chosen = th;
      }
    }
    out[id] = chosen;
  }
  return out;
}

export function microPR(data: Labeled[], predict: (d: Labeled) => string[]): { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number } {
  let tp = 0, fp = 0, fn = 0;
  for (const d of data) {
    const pred = new Set(predict(d));
    for (const t of pred) (d.topics.includes(t) ? tp++ : fp++);
    for (const t of d.topics) if (!pred.has(t)) fn++;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall), tp, fp, fn };
}

/** k-fold cross-validated micro P/R: thresholds trained on k-1 folds, scored on the held-out fold. */
export function crossValidate(data: Labeled[], k = 5, titleOnly = false) {
  const preds: string[][] = new Array(data.length);
  for (let f = 0; f < k; f++) {
    const train = data.filter((_, i) => i % k !== f);
    const th = trainThresholds(train);
    data.forEach((d, i) => {
      if (i % k === f) preds[i] = classify(d.title, titleOnly ? null : d.abstract, th).map((s) => s.id);
    });
  }
  return microPR(data, (d) => preds[data.indexOf(d)]!);
}
