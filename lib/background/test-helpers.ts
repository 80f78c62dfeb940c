/** Shared by the background jobs' tests: a service on a fresh database with a clock the test moves. */
import corpus from 'virtual:paper-lens-corpus';
import type { Broadcast, EntryInfo, PageInfo } from '../messages';
import { createService } from './service';

let n = 0;
export const DAY = 24 * 3600 * 1000;

export const mk = (over: Partial<Parameters<typeof createService>[0]> = {}) => {
  const sent: Broadcast[] = [];
  const clock = { t: Date.UTC(2026, 2, 20, 8) };
  const s = createService({ corpus, version: 'test', dbName: `svc-${Date.now()}-${n++}`, broadcast: (m) => sent.push(m), now: () => clock.t, ...over });
  return { s, sent, clock };
};

let loads = 0;
/** A page of a new page load (each call: a new load token, as a new content script makes). */
export const page = (url = 'https://huggingface.co/papers/date/2025-03-20', load: string | null = `load${String(++loads).padStart(6, '0')}`): PageInfo => ({
  url, site: 'hf', label: 'HF Papers 2025-03-20', date: '2025-03-20', ...(load ? { load } : {}),
});
export const entry = (title: string, arxivId: string | null = null): EntryInfo => ({ title, arxivId, url: null });
export const sorsa = corpus.papers.find((p) => p.title.startsWith('SORSA'))!;
export const gat = corpus.papers.find((p) => p.title === 'Graph Attention Networks')!;
