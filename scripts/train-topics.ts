/**
 * npm run train:topics [-- --no-cv]
 * Fits the topic model (lib/topics/train.ts) on all labeled papers (test/data/dev-labels.jsonl and
 * train-labels.jsonl, with the unlabeled pool for the title model) and writes lib/topics/model.json;
 * then prints nested 10-fold cross-validated micro precision / recall, overall and per topic, with
 * abstracts and from titles alone, beside a plain tf-idf + logistic-regression baseline.
 * Deterministic: the same data gives the same weights and figures on every machine.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { TAXONOMY } from '../lib/topics/taxonomy';
import { BASELINE, buildModelJson, crossValidate, MODEL_OPTIONS, type CvResult, type Labeled } from '../lib/topics/train';

const read = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labeled);
const FILES = ['test/data/dev-labels.jsonl', 'test/data/train-labels.jsonl'];
const data = FILES.flatMap(read);
const pool = read('test/data/pool-unlabeled.jsonl');

let t0 = performance.now();
const out = buildModelJson(data, pool, `${FILES.map((f) => f.split('/').pop()).join(' + ')} (${data.length} papers); pool-unlabeled.jsonl (${pool.length}) labeled by the title + abstract model for the title model`);
writeFileSync('lib/topics/model.json', JSON.stringify(out) + '\n');
console.log(`fitted on ${data.length} labeled papers in ${((performance.now() - t0) / 1000).toFixed(1)} s → lib/topics/model.json (version ${out.version}; vocabulary ${out.full.terms.split("\n").length} terms with abstracts, ${out.title.terms.split("\n").length} titles only)`);

if (!process.argv.includes('--no-cv')) {
  t0 = performance.now();
  const ours = crossValidate(data, pool, MODEL_OPTIONS, 10);
  const base = crossValidate(data, [], { full: BASELINE, title: { ...BASELINE, titleOnly: true }, selfTrain: false, distil: false }, 10);
  const f = (r: { precision: number; recall: number }) => `P ${r.precision.toFixed(3)} / R ${r.recall.toFixed(3)}`;
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\nNested 10-fold cross-validation over all ${data.length} labeled papers (micro, ≤ 3 topics per paper; ${((performance.now() - t0) / 1000).toFixed(0)} s):`);
  console.log(`  ${pad('', 44)}${pad('with abstracts', 22)}titles only`);
  console.log(`  ${pad('Paper Lens model', 44)}${pad(f(ours.full), 22)}${f(ours.title)}`);
  console.log(`  ${pad('baseline: tf-idf + logistic regression', 44)}${pad(f(base.full), 22)}${f(base.title)}`);
  console.log(`  ${pad('targets', 44)}${pad('P ≥ 0.900 / R ≥ 0.850', 22)}P ≥ 0.880 / R ≥ 0.700`);
  console.log(`\nPer topic (Paper Lens model):\n  ${pad('topic', 28)}${pad('papers', 8)}${pad('with abstracts', 22)}titles only`);
  const row = (r: CvResult['perTopic'][string]) => f(r);
  for (const t of TAXONOMY) console.log(`  ${pad(t.label, 28)}${pad(String(ours.full.perTopic[t.id]!.papers), 8)}${pad(row(ours.full.perTopic[t.id]!), 22)}${row(ours.title.perTopic[t.id]!)}`);
  console.log(`\nTOPICS ${JSON.stringify({ papers: data.length, full: { p: +ours.full.precision.toFixed(3), r: +ours.full.recall.toFixed(3) }, title: { p: +ours.title.precision.toFixed(3), r: +ours.title.recall.toFixed(3) }, baseline: { full: { p: +base.full.precision.toFixed(3), r: +base.full.recall.toFixed(3) }, title: { p: +base.title.precision.toFixed(3), r: +base.title.recall.toFixed(3) } } })}`);
}
