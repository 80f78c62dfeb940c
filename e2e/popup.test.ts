/** The popup search in Chromium: type, see results, toggle a star, Enter opens the paper, Saved only. */
import { describe, expect, it } from 'vitest';
import { compileSeedDir } from '../lib/corpus/node';
import { launchWithExtension, openExtensionPage, servePage } from './harness';

const corpus = compileSeedDir('seeds');
const gat = corpus.papers.find((p) => p.title === 'Graph Attention Networks')!;

describe('popup search', () => {
  it('finds, stars, opens and filters', async () => {
    const l = await launchWithExtension();
    await servePage(l.context, /^https:\/\/arxiv\.org\/search\//, '<!doctype html><title>arXiv search</title><p>results</p>');
    const popup = await openExtensionPage(l, 'popup.html');
    await expect.poll(() => popup.getByTestId('counts').textContent()).toContain('222 in the bundled corpus');
    const input = popup.getByRole('searchbox');
    await input.fill('grph atention netwrks'); // typos
    const first = popup.locator('.results li').first();
    await expect.poll(() => first.textContent()).toContain('Graph Attention Networks');
    await first.getByRole('button', { name: /^Save "Graph Attention Networks"/ }).click();
    await expect.poll(() => popup.getByRole('button', { name: 'Unsave "Graph Attention Networks"' }).count()).toBe(1);
    // Tags and a note on the saved paper, from the popup; keys typed in the form stay in the form.
    await first.getByRole('button', { name: 'Tags and note' }).click();
    await first.getByRole('textbox', { name: /^Tags/ }).fill('graphs, attention, graphs');
    await first.getByRole('textbox', { name: 'Note' }).fill('read the appendix\nfirst');
    await first.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => first.getByRole('button', { name: /^Tags and note: graphs, attention — read the appendix/ }).count()).toBe(1);
    await expect.poll(() => first.locator('.note-text').textContent()).toBe('read the appendix\nfirst');
    await popup.screenshot({ path: 'artifacts/popup-search.png' });
    await first.hover(); // the pointer rested on another result while the form was open
    // Enter opens the paper in a new tab (no arXiv id known for this corpus paper: an arXiv title search).
    const [req] = await Promise.all([l.context.waitForEvent('request', (r) => r.url().startsWith('https://arxiv.org/search/')), input.press('Enter')]);
    expect(req.url()).toBe(`https://arxiv.org/search/?query=${encodeURIComponent(gat.title)}&searchtype=title`);
    for (const p of l.context.pages()) if (p.url().includes('arxiv.org') || p.url().startsWith('chrome-error')) await p.close();
    // Saved only.
    await input.fill('networks');
    await popup.getByLabel('Saved only').check();
    await expect.poll(() => popup.locator('.results li').count()).toBe(1);
    // Empty query: the saved list.
    await popup.getByLabel('Saved only').uncheck();
    await input.fill('');
    await expect.poll(() => popup.locator('h2.section').textContent()).toBe('Saved papers (1), newest first');
    await l.close();
  });
});
