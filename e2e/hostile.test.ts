/** A hostile page: text, not execution; no way to read badge state; no runaway CPU when the list re-renders in a loop. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileListingHtml } from '../test/pages/hostile';
import { axNodes, launchWithExtension, servePage, type Launched } from './harness';

describe('hostile page', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchWithExtension();
    await servePage(l.context, 'https://huggingface.co/papers/date/2025-05-01', hostileListingHtml());
  });
  afterAll(async () => {
    await l?.close();
  });

  it('shows markup in titles as text, and the page cannot read badge state', async () => {
    const page = await l.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-05-01');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('paper-lens-row').length)).toBe(3);
    await expect.poll(async () => (await axNodes(page)).some((n) => n.name.startsWith('Already known: in corpus'))).toBe(true);
    // The escaped markup stayed text; the only handler that ran is the page's own <img> (before our script), once.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const markupRuns = await page.evaluate(() => (window as unknown as { __pwnedMarkup?: number }).__pwnedMarkup ?? 0);
    expect(markupRuns).toBeLessThanOrEqual(1);
    // Closed shadow roots: no shadowRoot, no text, no attributes that say saved/seen.
    const seen = await page.evaluate(() => (window as unknown as { __readBadges(): Array<{ shadow: unknown; text: string; attrs: string[] }> }).__readBadges());
    expect(seen.length).toBe(4);
    for (const b of seen) {
      expect(b.shadow).toBeNull();
      expect(b.text).toBe('');
      expect(b.attrs.filter((a) => a !== 'style')).toEqual([]);
    }
    // The page cannot talk to the extension.
    const probe = await page.evaluate(() => (window as unknown as { __probe: { runtime: unknown } }).__probe.runtime);
    expect(probe === undefined || probe === false || probe === 'undefined').toBe(true);
    await page.close();
  });

  it('a page that re-renders its list every 50 ms causes no runaway CPU and no duplicate rows', async () => {
    const page = await l.context.newPage();
    await page.goto('https://huggingface.co/papers/date/2025-05-01');
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('paper-lens-row').length)).toBe(3);
    const cdp = await l.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> }).metrics.find((m) => m.name === 'TaskDuration')!.value;
    await page.evaluate(() => (window as unknown as { __startLoop(ms: number): void }).__startLoop(50));
    const t0 = await metric();
    const w0 = Date.now();
    await page.waitForTimeout(3000);
    const busy = (await metric()) - t0;
    const wall = (Date.now() - w0) / 1000;
    await page.evaluate(() => (window as unknown as { __stopLoop(): void }).__stopLoop());
    // The page itself re-renders 20 times a second; the renderer must stay mostly idle.
    expect(busy / wall).toBeLessThan(0.8);
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('article')].map((a) => a.querySelectorAll('paper-lens-row').length).join(','))).toBe('1,1,1');
    await cdp.detach();
    await page.close();
  });
});
