import { compileSeedDir } from './lib/corpus/node';
import { Segment } from './lib/search/segment';
import { SegmentIndex } from './lib/search/segment-index';
import { tokenize } from './lib/search/text';
const corpus = compileSeedDir('seeds');
const V = { words: [...new Set(corpus.papers.flatMap((p) => p.title.split(/\s+/)).filter((w) => /^[A-Za-z][a-z-]{3,}$/.test(w)))], absWords: [...new Set(corpus.papers.flatMap((p) => p.abstract.split(/\s+/)).filter((w) => /^[a-z]{3,}$/.test(w)))] };
const src = (await import('node:fs')).readFileSync('scripts/bench/scale.ts', 'utf8');
const PAPER_SRC = src.slice(src.indexOf('const PAPER_SRC = `') + 19, src.indexOf('}`;', src.indexOf('const PAPER_SRC')) + 1);
const paper = (0, eval)(PAPER_SRC);
const sizes = [...Array(5).fill(170000), ...Array(7).fill(21000), ...Array(7).fill(2700), ...Array(7).fill(333)];
const ix = new SegmentIndex();
let n = 1; let seq = 1;
let t0 = performance.now();
for (const [k, size] of sizes.entries()) {
  const docs = [];
  for (let i = 0; i < size; i++, n++) { const p = paper(n, V); docs.push({ n, title: p.title, authors: p.authors.join(' ') }); }
  ix.add(seq++, k < 5 ? 3 : k < 12 ? 2 : k < 19 ? 1 : 0, Segment.build(docs));
}
console.log('built', n, 'docs in', Math.round(performance.now() - t0), 'ms; bytes', Math.round(ix.bytes / 2 ** 20), 'MB');
let s = 99; const qs: string[] = [];
for (let k = 0; k < 200; k++) {
  s = (s * 1103515245 + 12345) >>> 0;
  const words = paper(s % n, V).title.split(/\s+/).map((w: string) => w.replace(/[^A-Za-z]/g, '')).filter((w: string) => w.length > 3);
  const q = words.slice(0, 3);
  if (k % 3 === 0 && q[0] && q[0].length > 5) q[0] = q[0].slice(0, 2) + q[0].slice(3);
  if (k % 3 === 1 && q.length) q[q.length - 1] = q[q.length - 1].slice(0, Math.max(3, q[q.length - 1].length - 3));
  qs.push(q.join(' '));
}
for (let rep = 0; rep < 2; rep++) {
  const te: number[] = []; const ts: number[] = [];
  for (const q of qs) {
    const words = [...new Set(tokenize(q))];
    let t = performance.now();
    ix.expand(words, true);
    te.push(performance.now() - t);
    t = performance.now();
    ix.search({ words, prefixLast: true, limit: 20 });
    ts.push(performance.now() - t);
  }
  const p = (a: number[], q: number) => a.sort((x, y) => x - y)[Math.floor(a.length * q)]!.toFixed(1);
  console.log(`expand median ${p(te, 0.5)} p95 ${p(te, 0.95)} | search (incl expand) median ${p(ts, 0.5)} p95 ${p(ts, 0.95)}`);
}
// Which queries are slow, and how many postings they decode
const orig = Segment.prototype.postings;
let decoded = 0;
Segment.prototype.postings = function (t: number, fn: any) { decoded += (this as any).df[t]; return orig.call(this, t, fn); };
const rows: Array<[number, number, string, number]> = [];
for (const q of qs) {
  const words = [...new Set(tokenize(q))];
  decoded = 0;
  const t = performance.now();
  const r = ix.search({ words, prefixLast: true, limit: 20 });
  rows.push([performance.now() - t, decoded, q, ix.expand(words, true).length]);
}
rows.sort((a, b) => b[0] - a[0]);
for (const r of rows.slice(0, 8)) console.log(r[0].toFixed(1), 'ms', r[1], 'postings', r[3], 'expansions', JSON.stringify(r[2]));
console.log('median postings', rows.map((r) => r[1]).sort((a, b) => a - b)[100]);
