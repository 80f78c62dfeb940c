/** The library survives a stopped service worker and a browser restart (same profile). */
import { describe, expect, it } from 'vitest';
import { launchWithExtension, openExtensionPage, rpc } from './harness';

describe('saved papers are permanent', () => {
  it('survive a stopped service worker and a browser restart', async () => {
    const l = await launchWithExtension();
    const page = await openExtensionPage(l, 'popup.html');
    const first = await rpc<{ paperId: string }>(page, { type: 'save', entry: { title: 'Before The Worker Stopped', arxivId: '2505.00001', url: null } });
    expect(first.ok).toBe(true);
    // Stop the MV3 service worker; the next message restarts it cold.
    const cdp = await l.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    const second = await rpc<{ paperId: string }>(page, { type: 'save', entry: { title: 'After The Worker Restarted', arxivId: '2505.00002', url: null } });
    expect(second).toMatchObject({ ok: true, data: { paperId: 'arxiv:2505.00002' } });
    const listed = await rpc<{ total: number }>(page, { type: 'listSaved' });
    expect(listed.data!.total).toBe(2);
    await l.close({ keepProfile: true });

    const again = await launchWithExtension(l.userDataDir);
    const p2 = await openExtensionPage(again, 'popup.html');
    const after = await rpc<{ hits: Array<{ id: string }> }>(p2, { type: 'listSaved' });
    expect(after.data!.hits.map((h) => h.id).sort()).toEqual(['arxiv:2505.00001', 'arxiv:2505.00002']);
    await expect.poll(() => p2.getByTestId('results').textContent()).toContain('After The Worker Restarted');
    await again.close();
  });
});
