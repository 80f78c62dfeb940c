/** Options page in Chromium: import a BibTeX file, see "in your library" on a listing, export and find the file. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hfListingHtml } from '../test/pages/hf-listing';
import { axNodes, launchWithExtension, openExtensionPage, rpc, servePage, type Launched } from './harness';

const BIB = `% exported from Zotero
@article{smith2021sparse,
  title = {Sparse Mixture of Low-Rank Experts for Continual Pretraining},
  author = {Smith, Jane and Doe, John},
  year = {2021},
  journal = {arXiv preprint},
  eprint = {2101.00042},
  archivePrefix = {arXiv}
}

@inproceedings{broken,
  author = {Nobody},
  year = 2020
}

@misc{gat,
  title = {Graph Attention Networks},
  author = {Veli{\\v c}kovi{\\'c}, Petar},
  year = 2018
}
`;

describe('options page: import and export', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchWithExtension();
    await servePage(l.context, 'https://huggingface.co/papers/date/2025-04-01', hfListingHtml([
      { id: '2101.00042', title: 'Sparse Mixture of Low-Rank Experts for Continual Pretraining' },
      { id: '2504.00002', title: 'Something Nobody Imported' },
    ]));
  });
  afterAll(async () => {
    await l?.close();
  });

  it('imports a BibTeX file as a collection with a preview, and a listing then shows "in your library"', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    await expect.poll(() => opts.getByTestId('corpus-size').textContent()).toContain('222 papers from 5 listings');
    await opts.locator('input[type=file]').setInputFiles({ name: 'My Zotero.bib', mimeType: 'text/plain', buffer: Buffer.from(BIB) });
    const preview = opts.getByTestId('import-preview');
    await expect.poll(() => preview.textContent()).toContain('BibTeX file My Zotero.bib: 3 entries · 2 read · 1 could not be read · 1 of those read are already in Paper Lens');
    expect(await opts.locator('.errors').textContent()).toContain('line 11: entry "broken" has no title');
    await opts.screenshot({ path: 'artifacts/options-import-preview.png', fullPage: true });
    await opts.getByRole('button', { name: /^Import 2 papers as "My Zotero"/ }).click();
    await expect.poll(() => opts.locator('.notice').textContent()).toContain('Imported 2 papers as "My Zotero" (1 were already known); 1 entry could not be read and was not imported.');
    await expect.poll(() => opts.getByTestId('collections').textContent()).toContain('My Zotero · 2 papers');

    const page = await l.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-04-01');
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'button' && n.name === 'Already known: in your library')).toBe(true);
    await page.screenshot({ path: 'artifacts/hf-in-library.png' });
    await page.close();
    await opts.close();
  });

  it('importing a file with the same name again offers to replace or add to that collection, not a second one', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    await expect.poll(() => opts.getByTestId('collections').textContent()).toContain('My Zotero · 2 papers');
    const again = BIB.replace('Graph Attention Networks', 'Deep Residual Learning for Image Recognition');
    await opts.locator('input[type=file]').setInputFiles({ name: 'My Zotero.bib', mimeType: 'text/plain', buffer: Buffer.from(again) });
    await expect.poll(() => opts.getByTestId('import-preview').textContent()).toContain('You already have a collection named "My Zotero" (2 papers)');
    // Replace is the default: the old "Graph Attention Networks" goes, one collection remains.
    await opts.getByRole('button', { name: 'Import 2 papers, replacing "My Zotero"' }).click();
    await expect.poll(() => opts.locator('.notice').textContent()).toContain('Imported 2 papers replacing the previous "My Zotero"');
    await expect.poll(() => opts.getByTestId('collections').locator('li').allTextContents()).toEqual([expect.stringContaining('My Zotero · 2 papers')]);
    const gat = await rpc<{ hits: Array<{ title: string }> }>(opts, { type: 'search', query: 'Graph Attention Networks', filters: { source: 'imported' } });
    expect(gat.data!.hits.map((h) => h.title)).not.toContain('Graph Attention Networks');
    // Add to it: still one collection, now 3 papers.
    const third = BIB.replace('Graph Attention Networks', 'Neural Machine Translation by Jointly Learning to Align and Translate');
    await opts.locator('input[type=file]').setInputFiles({ name: 'My Zotero.bib', mimeType: 'text/plain', buffer: Buffer.from(third) });
    await opts.getByLabel("Add this file's papers to it").check();
    await opts.getByRole('button', { name: 'Add 2 papers to "My Zotero"' }).click();
    await expect.poll(() => opts.getByTestId('collections').locator('li').allTextContents()).toEqual([expect.stringContaining('My Zotero · 4 papers')]);
    await opts.close();
  });

  it('a big import shows progress and Cancel leaves the library as it was', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    await expect.poll(() => opts.getByTestId('corpus-size').textContent()).toContain('In your library');
    const before = (await rpc<{ library: number; localPapers: number }>(opts, { type: 'stats' })).data!;
    const big = Array.from({ length: 30000 }, (_, i) => `@article{k${i},\n  title = {Synthetic Study Number ${i} of Cancellable Imports},\n  author = {Tester, T.},\n  year = {2020}\n}\n`).join('\n');
    await opts.locator('input[type=file]').setInputFiles({ name: 'big.bib', mimeType: 'text/plain', buffer: Buffer.from(big) });
    await expect.poll(() => opts.getByTestId('import-preview').textContent(), { timeout: 60_000 }).toContain('30000 entries · 30000 read · 0 could not be read');
    await opts.getByRole('button', { name: /^Import 30000 papers as "big"/ }).click();
    await expect.poll(() => opts.getByTestId('import-progress').textContent()).toContain('Importing');
    // Wait until a few batches are in, then cancel.
    await expect.poll(async () => Number(await opts.getByRole('progressbar').getAttribute('value')), { timeout: 60_000 }).toBeGreaterThanOrEqual(3000);
    await opts.screenshot({ path: 'artifacts/options-import-progress.png', fullPage: true });
    await opts.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => opts.locator('.notice').textContent(), { timeout: 60_000 }).toContain('Import cancelled; your library is as it was.');
    const after = (await rpc<{ library: number; localPapers: number }>(opts, { type: 'stats' })).data!;
    expect(after.library).toBe(before.library);
    expect(after.localPapers).toBe(before.localPapers);
    const body = (await opts.locator('body').textContent()) ?? '';
    expect(body).not.toContain('big ·');
    expect(body).not.toContain('unfinished import');
    const found = await rpc<{ hits: unknown[] }>(opts, { type: 'search', query: 'Synthetic Study Number 12 Cancellable', filters: {} });
    expect((found.data!.hits as Array<{ title: string }>).filter((h) => h.title.includes('Synthetic Study'))).toEqual([]);
    await opts.close();
  }, 180_000);

  it('exports saved papers as BibTeX and a JSON backup', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    await opts.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        protocol: 'paper-lens/1',
        request: { type: 'save', entry: { title: 'Sparse Mixture of Low-Rank Experts for Continual Pretraining', arxivId: '2101.00042', url: null } },
      }),
    );
    const [download] = await Promise.all([opts.waitForEvent('download'), opts.getByRole('button', { name: 'BibTeX', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^paper-lens-saved-\d{4}-\d{2}-\d{2}\.bib$/);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain('title = {{Sparse Mixture of Low-Rank Experts for Continual Pretraining}}');
    expect(text).toContain('eprint = {2101.00042}');
    expect(text).toContain('archivePrefix = {arXiv}');
    const [backup] = await Promise.all([opts.waitForEvent('download'), opts.getByRole('button', { name: 'JSON backup' }).click()]);
    const json = JSON.parse(readFileSync((await backup.path())!, 'utf8'));
    expect(json.format).toBe('paper-lens-backup');
    expect(json.saved).toHaveLength(1);
    await opts.close();
  });

  it('a Paper Lens export of saved papers imported again comes back saved, with its tags and note', async () => {
    const opts = await openExtensionPage(l, 'options.html');
    const file = `@misc{lee2024tagged,
  title = {{A Tagged Paper From Another Computer}},
  author = {Lee, Ann},
  eprint = {2409.01234},
  archivePrefix = {arXiv},
  keywords = {to-read, llm},
  note = {compare with our baseline},
  paperlens-saved = {2024-10-01T09:00:00.000Z},
  paperlens-tags = {to-read}
}
`;
    await opts.locator('input[type=file]').setInputFiles({ name: 'paper-lens-saved-2024-10-02.bib', mimeType: 'text/plain', buffer: Buffer.from(file) });
    const box = opts.getByRole('checkbox', { name: /Save these papers too, with their tags and notes/ });
    await expect.poll(() => box.isChecked()).toBe(true);
    await opts.getByRole('button', { name: /^Import 1 papers as/ }).click();
    await expect.poll(() => opts.locator('.notice').textContent()).toContain('all saved with their tags and notes');
    const saved = await rpc<{ hits: Array<{ id: string; saved: { tags: string[]; note: string; savedAt: number } }> }>(opts, { type: 'listSaved' });
    expect(saved.data!.hits.find((h) => h.id === 'arxiv:2409.01234')?.saved).toEqual({ tags: ['to-read'], note: 'compare with our baseline', savedAt: Date.parse('2024-10-01T09:00:00.000Z') });
    await opts.close();
  });
});
