/** npm run train:topics — trains the per-topic thresholds on all labeled papers and writes lib/topics/thresholds.json. */
import { readFileSync, writeFileSync } from 'node:fs';
import { crossValidate, trainThresholds, type Labeled } from '../lib/topics/train';

const file = process.argv[2] ?? 'test/data/dev-labels.jsonl';
const data = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labeled);
const th = trainThresholds(data);
writeFileSync('lib/topics/thresholds.json', JSON.stringify({ trainedOn: file.split('/').pop(), papers: data.length, thresholds: th }, null, 2) + '\n');
const cv = crossValidate(data, 5);
const cvT = crossValidate(data, 5, true);
console.log(`trained on ${data.length} papers; 5-fold CV micro P=${cv.precision.toFixed(3)} R=${cv.recall.toFixed(3)} (title+abstract), P=${cvT.precision.toFixed(3)} R=${cvT.recall.toFixed(3)} (title only)`);
