/**
 * Zotero in Chromium: a stand-in for Zotero desktop (test/zotero-standin.ts, answering like Zotero's
 * server, dropping browser-like requests without Zotero's header) listens on 127.0.0.1:23119 in this
 * process. Turn Zotero on in the options → a listing shows "in Zotero" on exactly the papers in the
 * stand-in's library; an item added → shown after a sync; the server stopped → "Zotero not running",
 * and the listing still works.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZOTERO_ORIGINS } from '../lib/zotero/origins';
import { hfListingHtml } from '../test/pages/hf-listing';
import { startZoteroStandIn, type StandIn } from '../test/zotero-standin';
import { axNodes, clickAx, EXT_DIR, launchWithExtension, openExtensionPage, servePage, type Launched } from './harness';

const URL_ = 'https://huggingface.co/papers/date/2025-05-02';
const PAPERS = [
  { id: '2305.18290', title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model' },
  { id: '2505.00001', title: 'A Listing Paper Nobody Keeps' },
  { id: '2505.00002', title: 'Known To Zotero By Its Title Alone' },
  { id: '2505.00003', title: 'Added To Zotero During The Test' },
];

describe('Zotero desktop (stand-in) in Chromium', () => {
  let l: Launched;
  let z: StandIn;
  let extDir = '';
  it('the built extension asks for Zotero\'s two addresses only when Zotero is turned on (optional, never at install)', () => {
    const m = JSON.parse(readFileSync(join(EXT_DIR, 'manifest.json'), 'utf8')) as { host_permissions?: string[]; optional_host_permissions?: string[] };
    expect(m.optional_host_permissions).toEqual(expect.arrayContaining(ZOTERO_ORIGINS));
    expect((m.host_permissions ?? []).filter((h) => /23119/.test(h))).toEqual([]);
  });
  beforeAll(async () => {
    // The browser's permission prompt cannot be answered from a test (it is not part of the page):
    // the same build, with the two Zotero addresses already granted, stands for a user who clicked
    // "Allow". The options page still asks (permissions.request) and gets its answer at once.
    extDir = mkdtempSync(join(tmpdir(), 'paper-lens-zotero-ext-'));
    cpSync(EXT_DIR, extDir, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
    manifest.host_permissions = [...(manifest.host_permissions ?? []), ...ZOTERO_ORIGINS];
    writeFileSync(join(extDir, 'manifest.json'), JSON.stringify(manifest));
    z = await startZoteroStandIn({
      port: 23119,
      items: [
        { itemType: 'preprint', title: 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', archiveID: 'arXiv:2305.18290', collections: ['COLLAAAA'] },
        { itemType: 'journalArticle', title: 'Known To Zotero By Its Title Alone', DOI: '10.1000/zotero.1' },
        { itemType: 'note', title: 'not a paper' },
        { itemType: 'journalArticle', title: '' },
      ],
      collections: { COLLAAAA: 'Alignment' },
    });
    l = await launchWithExtension(undefined, { extDir });
    // The harness refuses every request leaving the machine; Zotero on this computer is let through.
    await l.context.route(/^http:\/\/(127\.0\.0\.1|localhost):23119\//, (route) => route.continue());
    await servePage(l.context, URL_, hfListingHtml(PAPERS, { date: '2025-05-02T00:00:00.000Z' }));
  });
  afterAll(async () => {
    await l?.close();
    await z?.close().catch(() => undefined);
    if (extDir) rmSync(extDir, { recursive: true, force: true });
  });

  const zoteroRows = async (page: import('playwright-core').Page) => (await axNodes(page)).filter((n) => n.role === 'button' && /^Already known: .*in Zotero/.test(n.name)).length;

  it('turned on in the options, a listing shows "in Zotero" on exactly its papers; added items after a sync; Zotero gone → "not running"', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    const status = opts.getByTestId('zotero-status');
    await expect.poll(() => status.textContent()).toContain('Off');
    await opts.getByRole('checkbox', { name: /Zotero/ }).first().click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Connected: 2 papers from Zotero (1 item without a title left out)');
    // Every request reached Zotero with its header, as a browser request (Zotero would have dropped it otherwise).
    expect(z.log.length).toBeGreaterThan(2);
    expect(z.log.every((r) => !r.dropped && r.headers['zotero-allowed-request'] === '1')).toBe(true);
    await opts.screenshot({ path: 'artifacts/options-zotero.png', fullPage: true });

    const page = await l.context.newPage();
    await page.goto(URL_);
    await expect.poll(() => zoteroRows(page), { timeout: 20_000 }).toBe(2);
    const names = (await axNodes(page)).filter((n) => n.role === 'button' && /^Already known/.test(n.name)).map((n) => n.name);
    expect(names.filter((n) => n.includes('in Zotero'))).toHaveLength(2);
    await clickAx(page, (n) => n.role === 'button' && n.name.startsWith('Already known: in Zotero'));
    // The popover names the item's Zotero collection.
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'StaticText' && n.name === 'Alignment')).toBe(true);
    await page.screenshot({ path: 'artifacts/hf-in-zotero.png' });

    z.add({ itemType: 'preprint', title: 'Added To Zotero During The Test', url: 'https://arxiv.org/abs/2505.00003' });
    await opts.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Connected: 3 papers from Zotero');
    await page.reload();
    await expect.poll(() => zoteroRows(page), { timeout: 20_000 }).toBe(3);

    await z.close();
    await opts.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Zotero is not running');
    await page.reload();
    // The listing still gets its rows (and what was synced stays).
    await expect.poll(() => zoteroRows(page), { timeout: 20_000 }).toBe(3);
    await page.close();
    await opts.close();
  });
});
