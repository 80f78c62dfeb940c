/** Zotero items as papers, and the client against the stand-in (which answers like Zotero's server). */
import { afterEach, describe, expect, it } from 'vitest';
import { startZoteroStandIn, type StandIn } from '../../test/zotero-standin';
import { ZoteroClient, ZoteroError } from './client';
import { connectorItem, itemToPaper } from './items';

const item = (data: Record<string, unknown>, key = 'ABCD2345', version = 7) => ({ key, version, data: { key, version, ...data } });

describe('Zotero items', () => {
  it('reads title, authors, year, DOI, arXiv id (URL, extra, archiveID, arXiv DOI), collections and tags', () => {
    const p = itemToPaper(item({ itemType: 'preprint', title: '  Attention  Is All You Need ', creators: [{ firstName: 'Ashish', lastName: 'Vaswani', creatorType: 'author' }, { name: 'Google Brain', creatorType: 'author' }], date: 'June 12, 2017', url: 'https://arxiv.org/abs/1706.03762v7', collections: ['COLL0001', 'bad'], tags: [{ tag: 'transformers' }, { tag: '' }] }));
    expect(p).toEqual({ paper: expect.objectContaining({ key: 'ABCD2345', version: 7, title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Google Brain'], year: 2017, arxivId: '1706.03762', doi: null, collections: ['COLL0001'], tags: ['transformers'] }) });
    const id = (data: Record<string, unknown>) => ('paper' in itemToPaper(item({ itemType: 'journalArticle', title: 'T', ...data })) ? (itemToPaper(item({ itemType: 'journalArticle', title: 'T', ...data })) as { paper: { arxivId: string | null; doi: string | null } }).paper : null);
    expect(id({ extra: 'Citation Key: x\narXiv: 2401.01234' })?.arxivId).toBe('2401.01234');
    expect(id({ archiveID: 'arXiv:2312.00752' })?.arxivId).toBe('2312.00752');
    expect(id({ DOI: '10.48550/arXiv.2305.18290' })).toMatchObject({ arxivId: '2305.18290', doi: '10.48550/arxiv.2305.18290' });
    expect(id({ DOI: 'https://doi.org/10.1038/NATURE14539' })).toMatchObject({ arxivId: null, doi: '10.1038/nature14539' });
    expect(id({ extra: 'DOI: 10.1145/3292500.3330701' })?.doi).toBe('10.1145/3292500.3330701');
    // A number that only looks like an arXiv id elsewhere in `extra` is not one.
    expect(id({ extra: 'PMID: 2401.01234' })?.arxivId).toBeNull();
  });

  it('notes, attachments, trashed items, items without a title and malformed items are not papers', () => {
    expect(itemToPaper(item({ itemType: 'note', note: '<p>x</p>' }))).toEqual({ skip: 'not-a-paper' });
    expect(itemToPaper(item({ itemType: 'attachment', title: 'Full Text PDF' }))).toEqual({ skip: 'not-a-paper' });
    expect(itemToPaper(item({ itemType: 'journalArticle', title: 'Gone', deleted: true }))).toEqual({ skip: 'not-a-paper' });
    expect(itemToPaper(item({ itemType: 'journalArticle', title: '   ' }))).toEqual({ skip: 'no-title' });
    for (const bad of [null, 42, 'x', {}, { key: 'short', version: 1, data: {} }, { key: 'ABCD2345', version: -1, data: { itemType: 'book', title: 'x' } }, { key: 'ABCD2345', version: 1, data: 'x' }]) expect(itemToPaper(bad)).toEqual({ skip: 'invalid' });
  });

  it('a paper for the connector: an arXiv preprint with its id, or an article with its DOI', () => {
    const pre = connectorItem({ title: 'A Preprint', authors: ['Ada Lovelace', 'Plato'], year: 2024, arxivId: '2401.01234', doi: null, url: null, abstract: 'An abstract.' });
    expect(pre).toMatchObject({ itemType: 'preprint', title: 'A Preprint', archiveID: 'arXiv:2401.01234', repository: 'arXiv', url: 'https://arxiv.org/abs/2401.01234', DOI: '10.48550/arXiv.2401.01234', date: '2024', abstractNote: 'An abstract.' });
    expect(pre.creators).toEqual([{ firstName: 'Ada', lastName: 'Lovelace', creatorType: 'author' }, { name: 'Plato', creatorType: 'author' }]);
    expect(connectorItem({ title: 'An Article', authors: [], year: null, arxivId: null, doi: '10.1000/x', url: 'https://doi.org/10.1000/x', abstract: null })).toMatchObject({ itemType: 'journalArticle', DOI: '10.1000/x' });
  });
});

describe('Zotero client against the stand-in', () => {
  let z: StandIn | null = null;
  afterEach(async () => {
    await z?.close().catch(() => undefined);
    z = null;
  });
  /** Requests as a browser sends them: a Mozilla User-Agent and an Origin. */
  const browserFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131', Origin: 'chrome-extension://abcdefghijklmnop' } });
  const client = (extra: Partial<ConstructorParameters<typeof ZoteroClient>[0]> = {}) => new ZoteroClient({ bases: [`http://127.0.0.1:${z!.port}`], fetch: browserFetch, timeoutMs: 3000, ...extra });

  it('the stand-in drops a browser request without the header, as Zotero does; the client sends it and is answered', async () => {
    z = await startZoteroStandIn({ items: [{ title: 'One Paper', url: 'https://arxiv.org/abs/2401.00001' }] });
    await expect(browserFetch(`http://127.0.0.1:${z.port}/api/`)).rejects.toThrow();
    expect(z.log.at(-1)).toMatchObject({ path: '/api/', dropped: true });
    await client().check();
    expect(z.log.at(-1)).toMatchObject({ path: '/api/', dropped: false });
    expect(z.log.at(-1)!.headers['zotero-allowed-request']).toBe('1');
    const { versions, libraryVersion } = await client().versions();
    expect([...versions.values()]).toEqual([1]);
    expect(libraryVersion).toBe(1);
  });

  it('pages through items since a version; a Zotero that ignores limit is read in one page', async () => {
    z = await startZoteroStandIn({ items: Array.from({ length: 25 }, (_, i) => ({ title: `Paper ${i}` })) });
    const pages: number[] = [];
    expect(await client({ pageSize: 10 }).itemsSince(0, async (p) => void pages.push(p.length))).toBe(25);
    expect(pages).toEqual([10, 10, 5]);
    z.add({ title: 'Paper 25' });
    const since: string[] = [];
    await client({ pageSize: 10 }).itemsSince(25, async (p) => void since.push(...p.map((x) => x.title)));
    expect(since).toEqual(['Paper 25']);
    expect(z.log.at(-1)!.path).toContain('since=25');
  });

  it('says which failure it is: local API off (naming the setting), not running, 500, not JSON, too large, quit mid-answer, no answer', async () => {
    z = await startZoteroStandIn({ localApi: false, items: [{ title: 'x' }] });
    const kind = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof ZoteroError ? `${e.kind}: ${e.message}` : `other: ${String(e)}`));
    expect(await kind(client().check())).toMatch(/^disabled: .*Settings → Advanced.*"Allow other applications on this computer to communicate with Zotero"/);
    z.localApi = true;
    z.fault = '500';
    expect(await kind(client().versions())).toMatch(/^error: Zotero answered 500/);
    z.fault = 'garbage';
    expect(await kind(client().versions())).toMatch(/^error: Zotero answered with something that is not JSON/);
    z.fault = 'huge';
    const t0 = Date.now();
    expect(await kind(client({ maxBytes: 8 * 1024 * 1024 }).versions())).toMatch(/^error: Zotero sent more than 8 MB/);
    expect(Date.now() - t0).toBeLessThan(3000);
    z.fault = 'hang';
    expect(await kind(client({ timeoutMs: 300 }).versions())).toMatch(/^error: Zotero did not answer within/);
    z.fault = 'quit-mid-page';
    expect(await kind(client().itemsSince(0, async () => undefined))).toMatch(/^not-running: Zotero stopped answering in the middle of a sync/);
    expect(await kind(client().check())).toMatch(/^not-running: Zotero is not running/);
  });

  it('saves an item through the connector (201), and says why when it cannot', async () => {
    z = await startZoteroStandIn();
    await client().saveItem(connectorItem({ title: 'Saved From A Listing', authors: ['A B'], year: 2025, arxivId: '2501.00001', doi: null, url: null, abstract: null }), 'https://arxiv.org/list/cs.LG/new');
    expect(z.log.at(-1)!.headers['x-zotero-connector-api-version']).toBe('3');
    expect([...z.items.values()].map((i) => [i.data.itemType, i.data.title, i.data.archiveID])).toEqual([['preprint', 'Saved From A Listing', 'arXiv:2501.00001']]);
    await z.close();
    await expect(client().saveItem({ title: 'x' }, null)).rejects.toMatchObject({ kind: 'not-running' });
  });
});
