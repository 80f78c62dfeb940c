/**
 * npm run build:rank — writes lib/rank/background.json from test/data/pool-unlabeled.jsonl (3,236 real
 * ML/AI listing papers, ../shared/topics): document frequencies of words and word pairs (in at least 2
 * papers) and the background centroid's strongest terms. Deterministic: the same file gives the same JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { termCounts } from '../lib/rank/text';

const file = process.argv[2] ?? 'test/data/pool-unlabeled.jsonl';
const papers = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; abstract?: string | null });
const counts = papers.map((p) => termCounts(p.title, p.abstract));
const df = new Map<string, number>();
for (const c of counts) for (const k of c.keys()) df.set(k, (df.get(k) ?? 0) + 1);
const N = papers.length;
const idf = (k: string) => Math.log((N + 1) / ((df.get(k) ?? 0) + 1)) + 1;
// Centroid of the papers' unit tf-idf vectors, unit length.
const sum = new Map<string, number>();
for (const c of counts) {
  const v = [...c].map(([k, n]) => [k, (1 + Math.log(n)) * idf(k)] as const);
  const norm = Math.sqrt(v.reduce((s, [, x]) => s + x * x, 0)) || 1;
  for (const [k, x] of v) sum.set(k, (sum.get(k) ?? 0) + x / norm);
}
const norm = Math.sqrt([...sum.values()].reduce((s, x) => s + x * x, 0)) || 1;
const TOP = 2000;
const MIN_DF = 3;
const centroid = [...sum].map(([k, x]) => [k, x / norm] as const).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP);
const kept = [...df].filter(([, n]) => n >= MIN_DF).sort((a, b) => (a[0] < b[0] ? -1 : 1));
const out = {
  source: `${file.split('/').pop()} (${N} papers)`,
  docs: N,
  df: Object.fromEntries(kept),
  centroid: Object.fromEntries(centroid.map(([k, x]) => [k, Math.round(x * 1e5) / 1e5])),
};
writeFileSync('lib/rank/background.json', JSON.stringify(out) + '\n');
console.log(`lib/rank/background.json: ${N} papers, ${kept.length} terms with df ≥ ${MIN_DF}, centroid of ${centroid.length} terms`);
