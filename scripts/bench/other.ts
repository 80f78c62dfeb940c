/** Search, tagging and library cold-start benchmarks. */
import 'fake-indexeddb/auto';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { compileSeedDir } from '../../lib/corpus/node';
import { PaperSearch, type SearchDoc } from '../../lib/search/index';
import { createService } from '../../lib/background/service';
import { createTagger } from '../../lib/topics/classifier';
import { rng, synthPapers } from './synth';
import { fmtMs, median, percentile, table, timeEach } from './util';

function queriesFor(docs: SearchDoc[], n: number): string[] {
  const r = rng(3);
  return Array.from({ length: n }, () => {
    const words = docs[Math.floor(r() * docs.length)]!.title.split(/\s+/).filter((w) => w.length > 3);
    const q = words.slice(0, 3);
    if (q[0] && q[0].length > 4) q[0] = q[0].slice(0, 2) + q[0].slice(3); // one typo
    return q.join(' ');
  });
}

export async function runSearchBench(sizes = [10_000, 100_000]): Promise<string> {
  const rows: Array<Array<string | number>> = [];
  for (const n of sizes) {
    const docs: SearchDoc[] = synthPapers(n, 11).map((p) => ({ id: p.id, title: p.title, abstract: p.abstract, authors: p.authors.join(' '), topics: [], year: p.year, sources: ['seen'], savedAt: null }));
    const qs = queriesFor(docs, 200);
    let t0 = performance.now();
    const pl = new PaperSearch();
    pl.addAll(docs);
    const plBuild = performance.now() - t0;
    pl.search('warm up', {}, { limit: 20, offset: 0 });
    const plLat = timeEach(qs, (q) => pl.search(q, {}, { limit: 20, offset: 0 }));
    t0 = performance.now();
    const ms = new MiniSearch({ fields: ['title', 'abstract', 'authors'], searchOptions: { boost: { title: 4 }, prefix: true, fuzzy: 0.2 } });
    ms.addAll(docs);
    const msBuild = performance.now() - t0;
    const msLat = timeEach(qs, (q) => ms.search(q).slice(0, 20));
    t0 = performance.now();
    const fx = new FlexSearch.Document({ document: { id: 'id', index: ['title', 'abstract', 'authors'] }, tokenize: 'forward' } as never);
    for (const d of docs) fx.add(d as never);
    const fxBuild = performance.now() - t0;
    const fxLat = timeEach(qs, (q) => fx.search(q, { limit: 20 } as never));
    const snapshot = pl.toJSON();
    const t1 = performance.now();
    const loaded = PaperSearch.fromJSON(snapshot);
    const plLoad = performance.now() - t1;
    const firstQuery = timeEach(qs.slice(0, 1), (q) => loaded.search(q, {}, { limit: 20, offset: 0 }))[0]!;
    rows.push([`${n.toLocaleString('en')} · Paper Lens (own engine: BM25, prefix + one typo, filters)`, `${fmtMs(plBuild)} (snapshot → index ${fmtMs(plLoad)}, first query ${fmtMs(firstQuery)})`, fmtMs(median(plLat)), fmtMs(percentile(plLat, 95))]);
    rows.push([`${n.toLocaleString('en')} · MiniSearch (prefix + fuzzy 0.2)`, fmtMs(msBuild), fmtMs(median(msLat)), fmtMs(percentile(msLat, 95))]);
    rows.push([`${n.toLocaleString('en')} · FlexSearch (forward, no typo tolerance)`, fmtMs(fxBuild), fmtMs(median(fxLat)), fmtMs(percentile(fxLat, 95))]);
  }
  return ['Search — 200 queries of 3 title words, one with a typo:', table(['papers · engine', 'index build', 'query median', 'query p95'], rows), 'Target: p95 ≤ 10 ms at 100k.'].join('\n');
}

/** Mean abstract length of the labeled papers (test/data/dev-labels.jsonl). */
const ABSTRACT_CHARS = 1400;

export async function runTagBench(): Promise<string> {
  const tagger = createTagger();
  const time = (papers: ReturnType<typeof synthPapers>, withAbstract: boolean) => {
    const t0 = performance.now();
    for (const p of papers) tagger.tag(p.title, withAbstract ? p.abstract : null);
    return performance.now() - t0;
  };
  // The first 1,000 after a start pay for the JIT and for filling the word memo; the background
  // tags each paper once and keeps running, so the next thousands are the steady state.
  const first = time(synthPapers(1000, 5, ABSTRACT_CHARS), true);
  const next = [6, 7, 8].map((seed) => time(synthPapers(1000, seed, ABSTRACT_CHARS), true)).sort((a, b) => a - b)[1]!;
  const titleOnly = time(synthPapers(1000, 9), false);
  return `Topic tagging — 1,000 papers with abstracts of ${ABSTRACT_CHARS.toLocaleString('en')} characters (the labeled papers' mean): ${fmtMs(first)} the first thousand after a start, ${fmtMs(next)} the next ones (median of 3); titles only ${fmtMs(titleOnly)} (target: well under 50 ms).`;
}

export async function runLibraryBench(sizes = [10_000, 100_000]): Promise<string> {
  const corpus = compileSeedDir('seeds');
  const rows: Array<Array<string | number>> = [];
  for (const n of sizes) {
    const dbName = `bench-${n}-${Date.now()}`;
    const papers = synthPapers(n, 21);
    const seed = createService({ corpus, version: 'bench', dbName });
    // Fill the library: papers seen on listings, in batches of 1,000 (one transaction each).
    for (let i = 0; i < papers.length; i += 1000) {
      await seed.handle({ type: 'annotate', page: { url: `https://arxiv.org/list/cs.LG/new?skip=${i}`, site: 'arxiv', label: 'arXiv cs.LG (new)', date: null }, entries: papers.slice(i, i + 1000).map((p) => ({ title: p.title, arxivId: null, url: null, abstract: p.abstract })) });
    }
    await seed.flush(); // as a running worker does 5 s after the last change: the cold-start snapshot is written
    seed.close();
    // Cold start: a fresh service (as a restarted worker) answering its first annotate.
    const t0 = performance.now();
    const cold = createService({ corpus, version: 'bench', dbName });
    await cold.handle({ type: 'annotate', page: { url: 'https://huggingface.co/papers', site: 'hf', label: 'HF Papers', date: null }, entries: papers.slice(0, 30).map((p) => ({ title: p.title, arxivId: null, url: null })) });
    const coldMs = performance.now() - t0;
    const lat = [];
    for (let k = 0; k < 20; k++) {
      const t = performance.now();
      await cold.handle({ type: 'annotate', page: { url: `https://huggingface.co/papers?k=${k}`, site: 'hf', label: 'HF Papers', date: null }, entries: papers.slice(k * 50, k * 50 + 50).map((p) => ({ title: p.title, arxivId: null, url: null })) });
      lat.push(performance.now() - t);
    }
    rows.push([n.toLocaleString('en'), fmtMs(coldMs), fmtMs(median(lat)), fmtMs(percentile(lat, 95))]);
    cold.close();
  }
  return ['Library — cold start (restarted worker: open DB, load, build indexes) + first annotate of 30 entries; then annotate of 50 entries (fake-indexeddb in Node; Chromium\'s IndexedDB differs):', table(['local papers', 'cold start + first annotate', 'annotate 50 median', 'annotate 50 p95'], rows), 'Target: cold start answering the first annotate with 10k local papers well under 300 ms.'].join('\n');
}
