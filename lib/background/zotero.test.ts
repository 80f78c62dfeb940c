/** Zotero job through the service: sync from the stand-in, "in Zotero" on listings, deletions, save too, bad input. */
import corpus from 'virtual:paper-lens-corpus';
import { afterEach, describe, expect, it } from 'vitest';
import { startZoteroStandIn, type StandIn } from '../../test/zotero-standin';
import { createService } from './service';

let k = 0;
let z: StandIn | null = null;
afterEach(async () => {
  await z?.close().catch(() => undefined);
  z = null;
});
const svc = (port: number, permitted = true) => createService({ corpus, version: 't', dbName: `zot-${Date.now()}-${k++}`, zotero: { bases: [`http://127.0.0.1:${port}`], timeoutMs: 3000 }, zoteroPermitted: async () => permitted });
const page = { url: 'https://arxiv.org/list/cs.LG/new', site: 'arxiv' as const, label: 'arXiv cs.LG', date: null };
const LIB = [
  { title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', url: 'https://arxiv.org/abs/2305.18290', collections: ['COLLAAAA'] },
  { title: 'A Paper Known By Its DOI Only', DOI: '10.1000/known.1', collections: ['COLLBBBB'] },
  { itemType: 'preprint', title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', extra: 'arXiv: 2312.00752' },
  { itemType: 'note', title: 'a note' },
  { title: '' },
];

describe('Zotero sync', () => {
  it('off by default; turned on, a sync makes its papers "in Zotero" on listings (id, DOI, exact title), with their collections', async () => {
    z = await startZoteroStandIn({ items: LIB, collections: { COLLAAAA: 'RLHF', COLLBBBB: 'To read' } });
    const s = svc(z.port);
    expect(await s.handle({ type: 'zoteroStatus' })).toMatchObject({ enabled: false, state: 'off' });
    await s.handle({ type: 'zoteroSync' });
    expect(z.log.length).toBe(0); // off: nothing asked
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    const st = await s.handle({ type: 'zoteroSync' });
    expect(st).toMatchObject({ enabled: true, state: 'connected', items: 3, noTitle: 1 });
    const ann = await s.handle({ type: 'annotate', page, entries: [
      { title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', arxivId: '2305.18290', url: null },
      { title: 'Some Other Title Entirely', arxivId: null, doi: '10.1000/known.1', url: null },
      { title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces', arxivId: null, url: null },
      { title: 'Mamba: Linear-Time Sequence Modelling with Selective State Spaces and More', arxivId: null, url: null },
      { title: 'A Paper Nobody Has', arxivId: '2501.09999', url: null },
    ] });
    expect(ann.annotations.map((a) => a.zotero)).toEqual([{ collections: ['RLHF'] }, { collections: ['To read'] }, { collections: [] }, null, null]);
    expect(ann.annotations[0]!.libraries).toEqual([]);
    const hits = await s.handle({ type: 'search', query: 'mamba', filters: { source: 'zotero' } });
    expect(hits.hits.map((h) => h.title)).toEqual(['Mamba: Linear-Time Sequence Modeling with Selective State Spaces']);
    s.close();
  });

  it('an item added in Zotero shows after the next sync, a deleted one is gone; later syncs ask only what changed', async () => {
    z = await startZoteroStandIn({ items: LIB.slice(0, 2) });
    const s = svc(z.port);
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    await s.handle({ type: 'zoteroSync' });
    const probe = async () => (await s.handle({ type: 'annotate', page, entries: [{ title: 'Added Later In Zotero', arxivId: '2502.00002', url: null }, { title: 'x', arxivId: '2305.18290', url: null }] })).annotations.map((a) => !!a.zotero);
    expect(await probe()).toEqual([false, true]);
    const key = [...z.items.entries()].find(([, v]) => v.data.url?.includes('2305.18290'))![0];
    z.add({ title: 'Added Later In Zotero', url: 'https://arxiv.org/abs/2502.00002' });
    z.remove(key);
    const before = z.log.length;
    expect(await s.handle({ type: 'zoteroSync' })).toMatchObject({ state: 'connected', items: 2 });
    expect(z.log.slice(before).map((l) => l.path).find((p) => p.includes('format=json'))).toContain('since=2');
    expect(await probe()).toEqual([true, false]);
    // Seen on a listing meanwhile, the deleted paper stays as a seen paper; only the Zotero mark went.
    const paper = await s.handle({ type: 'getPaper', paperId: 'arxiv:2305.18290' });
    expect(paper.paper?.origins).toEqual(['seen']);
    s.close();
  });

  it('Zotero not running, local API off, garbage, 500, quitting mid-sync: a clear status, nothing stored lost, listings still answered', async () => {
    z = await startZoteroStandIn({ items: LIB.slice(0, 3) });
    const s = svc(z.port);
    await s.handle({ type: 'save', entry: { title: 'Saved In Paper Lens', arxivId: '2503.00001', url: null } });
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true, zoteroSaveToo: false } });
    await s.handle({ type: 'zoteroSync' });
    const state = async () => {
      const a = await s.handle({ type: 'annotate', page, entries: [{ title: 'x', arxivId: '2305.18290', url: null }, { title: 'Saved In Paper Lens', arxivId: '2503.00001', url: null }] });
      return a.annotations.map((x) => [!!x.zotero, !!x.saved]);
    };
    expect(await state()).toEqual([[true, false], [false, true]]);
    for (const [fault, want] of [['garbage', /not JSON/], ['500', /answered 500/], ['huge', /more than 32 MB/], ['quit-mid-page', /stopped answering|not running/]] as const) {
      z.fault = fault;
      z.add({ title: `Added During ${fault}` });
      const st = await s.handle({ type: 'zoteroSync' });
      expect(st.state === 'error' || st.state === 'not-running').toBe(true);
      expect(st.message).toMatch(want);
      expect(await state()).toEqual([[true, false], [false, true]]);
      if (fault === 'quit-mid-page') break;
      z.fault = null;
    }
    expect(await s.handle({ type: 'zoteroSync' })).toMatchObject({ state: 'not-running', message: expect.stringMatching(/Zotero is not running/) });
    expect(await state()).toEqual([[true, false], [false, true]]);
    // Zotero back, with its local API switched off.
    z = await startZoteroStandIn({ port: z.port, localApi: false });
    expect(await s.handle({ type: 'zoteroSync' })).toMatchObject({ state: 'disabled', message: expect.stringMatching(/Allow other applications on this computer to communicate with Zotero/) });
    expect(await state()).toEqual([[true, false], [false, true]]);
    s.close();
  });

  it('saving also creates the paper in Zotero (it is "in Zotero" after the sync); a failure keeps the Paper Lens save and says why', async () => {
    z = await startZoteroStandIn();
    const s = svc(z.port);
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    await s.handle({ type: 'zoteroSync' });
    const r = await s.handle({ type: 'save', entry: { title: 'A Preprint Saved From arXiv', arxivId: '2504.00004', url: 'https://arxiv.org/abs/2504.00004', authors: ['Ada Lovelace'] }, page });
    expect(r.zotero).toEqual({ added: true });
    expect([...z.items.values()].map((i) => [i.data.itemType, i.data.archiveID])).toEqual([['preprint', 'arXiv:2504.00004']]);
    await s.handle({ type: 'zoteroSync' });
    const a = await s.handle({ type: 'annotate', page, entries: [{ title: 'A Preprint Saved From arXiv', arxivId: '2504.00004', url: null }] });
    expect(a.annotations[0]).toMatchObject({ zotero: { collections: [] }, saved: { note: '' } });
    // Saved again elsewhere: already in Zotero, not sent twice.
    await s.handle({ type: 'unsave', paperId: 'arxiv:2504.00004' });
    expect((await s.handle({ type: 'save', entry: { title: 'A Preprint Saved From arXiv', arxivId: '2504.00004', url: null } })).zotero).toBeUndefined();
    expect(z.saved).toHaveLength(1);
    await z.close();
    const failed = await s.handle({ type: 'save', entry: { title: 'Saved While Zotero Is Closed', arxivId: '2504.00005', url: null } });
    expect(failed.zotero).toEqual({ added: false, error: expect.stringMatching(/Zotero is not running/) });
    expect((await s.handle({ type: 'getPaper', paperId: 'arxiv:2504.00005' })).saved).not.toBeNull();
    s.close();
  });

  it('a listing starts a sync at most once a minute while Zotero is on', async () => {
    z = await startZoteroStandIn({ items: LIB.slice(0, 1) });
    let now = 1_000_000;
    const s = createService({ corpus, version: 't', dbName: `zot-${Date.now()}-${k++}`, now: () => now, zotero: { bases: [`http://127.0.0.1:${z.port}`], timeoutMs: 3000 } });
    const visit = () => s.handle({ type: 'annotate', page, entries: [{ title: 'x', arxivId: '2305.18290', url: null }] });
    await visit();
    expect(z.log.length).toBe(0); // off
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    await s.handle({ type: 'zoteroSync' });
    const syncs = () => z!.log.filter((l) => l.path.includes('format=versions')).length;
    const n0 = syncs();
    now += 30_000;
    await visit();
    await new Promise((r) => setTimeout(r, 100));
    expect(syncs()).toBe(n0);
    now += 31_000;
    await visit();
    await expect.poll(syncs).toBe(n0 + 1);
    expect((await visit()).annotations[0]!.zotero).toEqual({ collections: [] });
    s.close();
  });

  it('turning Zotero off takes its papers out of the library (saved ones stay saved); without the permission it says so', async () => {
    z = await startZoteroStandIn({ items: LIB.slice(0, 2) });
    const s = svc(z.port);
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    await s.handle({ type: 'zoteroSync' });
    await s.handle({ type: 'save', entry: { title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', arxivId: '2305.18290', url: null } });
    await s.handle({ type: 'updateSettings', patch: { zoteroEnabled: false } });
    expect(await s.handle({ type: 'zoteroStatus' })).toMatchObject({ enabled: false, state: 'off', items: 0 });
    const a = await s.handle({ type: 'annotate', page, entries: [{ title: 'x', arxivId: '2305.18290', url: null }, { title: 'y', doi: '10.1000/known.1', arxivId: null, url: null }] });
    expect(a.annotations.map((x) => [x.zotero, !!x.saved])).toEqual([[null, true], [null, false]]);
    s.close();
    const denied = svc(z.port, false);
    await denied.handle({ type: 'updateSettings', patch: { zoteroEnabled: true } });
    expect(await denied.handle({ type: 'zoteroSync' })).toMatchObject({ state: 'error', message: expect.stringMatching(/not allowed to reach Zotero/) });
    denied.close();
  });
});
