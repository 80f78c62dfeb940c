/** Search, tagging and library cold-start benchmarks. */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import { compileSeedDir } from '../../lib/corpus/node';
import { PaperSearch, type SearchDoc } from '../../lib/search/index';
import { createService, localIdFor } from '../../lib/background/service';
import { normalizeTitle } from '../../lib/match/normalize';
import type { PendingPage } from '../../lib/background/history';
import { createTagger } from '../../lib/topics/classifier';
import { ruleScores } from '../../lib/topics/rulescore';
import { rng, synthPapers } from './synth';
import { fmtMs, heapMB, median, percentile, table, timeEach } from './util';

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

/** Real papers with abstracts: the unlabeled pool (test/data/pool-unlabeled.jsonl), 1,000 at a time. */
function poolPapers(): Array<{ title: string; abstract: string }> {
  return readFileSync('test/data/pool-unlabeled.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { title: string; abstract?: string | null })
    .filter((p): p is { title: string; abstract: string } => !!p.abstract);
}

export async function runTagBench(): Promise<string> {
  const pool = poolPapers();
  const batches = [0, 1, 2, 3].map((b) => pool.slice(b * 1000, b * 1000 + 1000)).filter((b) => b.length === 1000);
  const chars = Math.round(pool.reduce((s, p) => s + p.abstract.length, 0) / pool.length);
  const tagger = createTagger();
  const time = (f: (p: { title: string; abstract: string }) => unknown, papers: Array<{ title: string; abstract: string }>) => {
    const t0 = performance.now();
    for (const p of papers) f(p);
    return performance.now() - t0;
  };
  // The first 1,000 after a start pay for the JIT and for decoding the weights; the background tags each
  // paper once and keeps running, so the next thousands are the steady state.
  const first = time((p) => tagger.tag(p.title, p.abstract), batches[0]!);
  const rounds = (f: (p: { title: string; abstract: string }) => unknown) => median([1, 2, 3].flatMap(() => batches.map((b) => time(f, b))));
  const next = rounds((p) => tagger.tag(p.title, p.abstract));
  const titleOnly = time((p) => tagger.tag(p.title, null), batches[1]!);
  // Today's rules: the phrase-rule scoring the previous classifier decided on (now one feature group of the model).
  time((p) => ruleScores(p.title, p.abstract), batches[0]!);
  const rules = rounds((p) => ruleScores(p.title, p.abstract));
  return [
    `Topic tagging — 1,000 real papers with abstracts (unlabeled pool, mean abstract ${chars.toLocaleString('en')} characters), once running (median of ${batches.length * 3} runs of 1,000):`,
    table(['classifier', 'first 1,000 after a start', '1,000 once running', 'titles only'], [
      ['learned model (lib/topics/model.json)', fmtMs(first), fmtMs(next), fmtMs(titleOnly)],
      ['phrase rules alone (the previous classifier)', '', fmtMs(rules), ''],
    ]),
    'Target: ≤ 50 ms per 1,000 with abstracts once running.',
  ].join('\n');
}

/** Sizes from `--sizes 10000,100000` on the command line, else the defaults. */
function sizesArg(defaults: number[]): number[] {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--sizes');
  if (at < 0) return defaults;
  const sizes = (argv[at + 1] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length ? sizes : defaults;
}

/**
 * The library in Node (fake-indexeddb): filled through the history write a listing visit runs (pages of
 * 1,000 papers, five per transaction), then a restarted service (cold start) answers annotates.
 */
export async function runLibraryBench(sizes = sizesArg([10_000, 100_000, 300_000])): Promise<string> {
  const corpus = compileSeedDir('seeds');
  const rows: Array<Array<string | number>> = [];
  const json: Array<Record<string, number>> = [];
  for (const n of sizes) {
    const dbName = `bench-${n}-${Date.now()}`;
    const papers = synthPapers(n, 21);
    const seed = createService({ corpus, version: 'bench', dbName });
    await seed.ready();
    const { ctx, history } = seed.internals;
    const t0 = performance.now();
    for (let i = 0; i < papers.length; i += 5000) {
      const pages: PendingPage[] = [];
      for (let j = i; j < Math.min(papers.length, i + 5000); j += 1000) {
        const at = Date.now() - (papers.length - j) * 60_000;
        const url = `https://arxiv.org/list/cs.LG/new?skip=${j}`;
        const items = papers.slice(j, j + 1000).map((p) => {
          const id = localIdFor({ title: p.title });
          return { id, n: null, paper: { id, title: p.title, key: normalizeTitle(p.title).key, abstract: p.abstract, authors: p.authors, year: p.year, topics: ctx.tagger.tag(p.title, p.abstract).map((t) => t.id) } };
        });
        pages.push({ pageUrl: url, visit: { v: ++ctx.last.v, url, site: 'arxiv' as const, label: 'arXiv cs.LG (new)', date: null, startedAt: at, lastAt: at, loads: [] }, at, items, newVisit: true });
      }
      await ctx.write(() => history.write(pages));
    }
    const fillS = (performance.now() - t0) / 1000;
    await seed.flush();
    seed.close();
    const heapBefore = heapMB();
    // Cold start: a fresh service (as a restarted worker) answering its first annotate.
    const t1 = performance.now();
    const cold = createService({ corpus, version: 'bench', dbName });
    await cold.handle({ type: 'annotate', page: { url: 'https://huggingface.co/papers', site: 'hf', label: 'HF Papers', date: null }, entries: papers.slice(0, 30).map((p) => ({ title: p.title, arxivId: null, url: null })) });
    const coldMs = performance.now() - t1;
    const lat = [];
    for (let k = 0; k < 20; k++) {
      const url = `https://huggingface.co/papers?k=${k}`;
      const t = performance.now();
      await cold.handle({ type: 'annotate', page: { url, site: 'hf', label: 'HF Papers', date: null }, entries: papers.slice(k * 50, k * 50 + 50).map((p) => ({ title: p.title, arxivId: null, url: null })) });
      lat.push(performance.now() - t);
      await cold.handle({ type: 'shown', pageUrl: url });
    }
    const heap = heapMB() - heapBefore;
    rows.push([n.toLocaleString('en'), `${fillS.toFixed(0)} s`, fmtMs(coldMs), fmtMs(median(lat)), fmtMs(percentile(lat, 95)), `${heap.toFixed(0)} MB`]);
    json.push({ papers: n, coldStartMs: Math.round(coldMs), annotate50MedianMs: Math.round(median(lat) * 10) / 10, annotate50P95Ms: Math.round(percentile(lat, 95) * 10) / 10, serviceHeapMB: Math.round(heap) });
    cold.close();
  }
  return [
    "Library in Node (fake-indexeddb; Chromium's IndexedDB differs: see `npm run bench -- scale`) — cold start (restarted service: open, load, first annotate of 30 entries); then annotates of 50 entries, each page's history written after it:",
    table(['local papers', 'fill', 'cold start + first annotate', 'annotate 50 median', 'annotate 50 p95', "restarted service's heap"], rows),
    'Previous release (v2 store, whole-library snapshot), same bench: cold start 53 ms / 630 ms / 7.1 s at 10k / 100k / 300k; annotate-50 p95 0.58 s / 1.48 s / 8.7 s; ≈ 3.8 GB heap at 300k.',
    `LIBRARY ${JSON.stringify(json)}`,
  ].join('\n');
}
