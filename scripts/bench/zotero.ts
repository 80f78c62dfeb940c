/**
 * Zotero (lib/background/zotero.ts) in Node (fake-indexeddb) against the stand-in server: the first sync of
 * a 10,000-item and a 100,000-item Zotero library (target: 10k ≤ 10 s), a sync with nothing changed, one
 * after 50 items changed and 20 deleted, and how long a 500-entry listing waits when it arrives while the
 * first sync runs (beside the same annotate without a sync).
 */
import 'fake-indexeddb/auto';
import { compileSeedDir } from '../../lib/corpus/node';
import { createService } from '../../lib/background/service';
import { startZoteroStandIn, type StandInItem } from '../../test/zotero-standin';
import { synthPapers } from './synth';
import { fmtMs, median, percentile, table } from './util';

function items(n: number, seed: number): StandInItem[] {
  return synthPapers(n, seed, 600).map((p, i) => ({
    itemType: i % 3 ? 'journalArticle' : 'preprint',
    title: p.title,
    creators: [{ firstName: 'Ada', lastName: `Author${i % 997}`, creatorType: 'author' }],
    date: String(2015 + (i % 11)),
    ...(i % 3 ? { DOI: `10.1000/bench.${i}` } : { archiveID: `arXiv:${String(2301 + (i % 12)).padStart(4, '0')}.${String(10000 + i).slice(-5)}` }),
    abstractNote: p.abstract,
    collections: i % 4 ? ['COLLAAAA'] : [],
  }));
}

export async function runZoteroBench(): Promise<string> {
  const corpus = compileSeedDir('seeds');
  const rows: Array<Array<string | number>> = [];
  let extra = '';
  for (const n of [10_000, 100_000]) {
    const z = await startZoteroStandIn({ items: items(n, 7), collections: { COLLAAAA: 'Reading' } });
    const s = createService({ corpus, version: 'bench', dbName: `zbench-${n}-${Date.now()}`, zotero: { bases: [`http://127.0.0.1:${z.port}`], timeoutMs: 60_000, pageSize: 200 } });
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    const listing = synthPapers(500, 99).map((p, i) => ({ title: p.title, arxivId: null, url: `https://example.org/${i}` }));
    const page = (i: number) => ({ url: `https://arxiv.org/list/cs.LG/new?b=${n}-${i}`, site: 'arxiv' as const, label: 'arXiv', date: null });
    // A listing alone (after a warm-up), then listings arriving while the first sync runs.
    await s.handle({ type: 'annotate', page: page(0), entries: listing });
    const alone: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const t = performance.now();
      await s.handle({ type: 'annotate', page: page(i), entries: listing });
      alone.push(performance.now() - t);
    }
    let t0 = performance.now();
    let done = false;
    const first = s.handle({ type: 'zoteroSync' }).then((r) => {
      done = true;
      return r;
    });
    const during: number[] = [];
    for (let i = 10; !done && i < 10_000; i++) {
      const t = performance.now();
      await s.handle({ type: 'annotate', page: page(i), entries: listing });
      during.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 200));
    }
    const st = await first;
    const firstMs = performance.now() - t0;
    t0 = performance.now();
    await s.handle({ type: 'zoteroSync' });
    const unchangedMs = performance.now() - t0;
    const keys = [...z.items.keys()];
    for (let i = 0; i < 50; i++) z.add({ ...z.items.get(keys[i]!)!.data, key: keys[i]!, title: `${z.items.get(keys[i]!)!.data.title} (revised)` });
    for (let i = 100; i < 120; i++) z.remove(keys[i]!);
    t0 = performance.now();
    const after = await s.handle({ type: 'zoteroSync' });
    const changedMs = performance.now() - t0;
    rows.push([n.toLocaleString('en'), `${st.items.toLocaleString('en')} (${st.state})`, fmtMs(firstMs), n === 10_000 ? '≤ 10 s' : '', fmtMs(unchangedMs), `${fmtMs(changedMs)} (${after.items.toLocaleString('en')} left)`, `${fmtMs(median(alone))} / ${fmtMs(percentile(alone, 95))}`, during.length ? `${fmtMs(median(during))} / ${fmtMs(percentile(during, 95))} (${during.length})` : '—']);
    s.close();
    await z.close();
    extra = `ZOTERO ${JSON.stringify({ items: n, firstSyncMs: Math.round(firstMs), unchangedMs: Math.round(unchangedMs), changedMs: Math.round(changedMs) })}`;
  }
  return [
    'Zotero sync in Node (fake-indexeddb; a stand-in Zotero on 127.0.0.1 answering like Zotero 7, pages of 200 items):',
    table(['Zotero items', 'papers after sync', 'first sync', 'target', 'sync, nothing changed', 'sync, 50 changed + 20 deleted', 'annotate 500 alone (median / p95)', 'annotate 500 during the first sync (median / p95, n)'], rows),
    extra,
  ].join('\n');
}
