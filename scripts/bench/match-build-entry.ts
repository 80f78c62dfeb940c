/**
 * Child process of the matching benchmark: the 1M-paper index build measured on the production-style
 * bundle of lib/match (esbuild, minified) in a fresh process, with titles as deserialised flat strings.
 * Prints one JSON line: { ms, mb }.
 */
import { compileSeedDir } from '../../lib/corpus/node';
import { MatchIndex } from '../../lib/match/index';
import { synthPapers } from './synth';

const n = Number(process.argv[2] ?? 1_000_000);
const corpus = compileSeedDir('seeds');
const titles: string[] = JSON.parse(JSON.stringify([...corpus.papers.map((p) => p.title), ...synthPapers(n - corpus.papers.length, n).map((s) => s.title)]));
const docs = titles.map((title, i) => ({ id: String(i), title }));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
gc?.();
const mem = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const m0 = mem();
const t0 = performance.now();
const idx = new MatchIndex();
idx.addAll(docs);
const ms = performance.now() - t0;
gc?.();
gc?.();
const mb = (mem() - m0) / 1048576;
if (idx.size !== n) throw new Error(`indexed ${idx.size} of ${n}`);
console.log(JSON.stringify({ ms, mb }));
