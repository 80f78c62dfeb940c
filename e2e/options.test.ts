/** Options page in Chromium: import a BibTeX file, see "in your library" on a listing, export and find the file. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hfListingHtml } from '../test/pages/hf-listing';
import { axNodes, launchWithExtension, openExtensionPage, servePage, type Launched } from './harness';

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
    await expect.poll(() => preview.textContent()).toContain('2 papers read from My Zotero.bib (bibtex) · 1 already known · 1 could not be read');
    expect(await opts.locator('.errors').textContent()).toContain('line 11: entry "broken" has no title');
    await opts.screenshot({ path: 'artifacts/options-import-preview.png', fullPage: true });
    await opts.getByRole('button', { name: /^Import 2 papers as "My Zotero"/ }).click();
    await expect.poll(() => opts.locator('.notice').textContent()).toContain('Imported 2 papers as "My Zotero" (1 were already known); 1 entries could not be read.');
    await expect.poll(() => opts.locator('li', { hasText: 'My Zotero' }).first().textContent()).toContain('2 papers');

    const page = await l.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-04-01');
    await expect.poll(async () => (await axNodes(page)).some((n) => n.role === 'button' && n.name === 'Already known: in your library')).toBe(true);
    await page.screenshot({ path: 'artifacts/hf-in-library.png' });
    await page.close();
    await opts.close();
  });

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
});
