import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_MATCHES } from '../lib/sites/specs';
import { EXT_DIR, launchWithExtension, openExtensionPage, rpc, type Launched } from './harness';

describe('the built manifests agree with the site registry (lib/sites/specs.ts)', () => {
  for (const dir of [EXT_DIR, EXT_DIR.replace(/chrome-mv3$/, 'firefox-mv2')]) {
    it.skipIf(!existsSync(`${dir}/manifest.json`))(`${dir.split('/').pop()}: the content script runs on exactly the registered sites' patterns, and no host is granted up front`, () => {
      const m = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as { content_scripts: Array<{ matches: string[] }>; host_permissions?: string[]; permissions: string[] };
      expect(m.content_scripts.flatMap((c) => c.matches).sort()).toEqual([...CONTENT_MATCHES].sort());
      expect(m.host_permissions ?? []).toEqual([]);
      expect(m.permissions.filter((p) => p.includes('://') || p === '<all_urls>')).toEqual([]);
    });
  }
});

describe('the built Chrome MV3 extension in Debian Chromium', () => {
  let l: Launched;
  beforeAll(async () => {
    l = await launchWithExtension();
  });
  afterAll(async () => {
    await l?.close();
  });

  it('registers its service worker', () => {
    expect(l.extensionId).toMatch(/^[a-p]{32}$/);
    expect(l.worker.url()).toBe(`chrome-extension://${l.extensionId}/background.js`);
  });

  it('answers a ping over the typed protocol with the bundled corpus size', async () => {
    const page = await openExtensionPage(l, 'popup.html');
    const reply = await rpc<{ pong: boolean; corpusSize: number; protocol: string }>(page, { type: 'ping' });
    expect(reply).toMatchObject({ ok: true, data: { pong: true, corpusSize: 222, protocol: 'paper-lens/1' } });
    const bad = await rpc(page, { type: 'no-such-thing' });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/unknown request type/);
    await page.close();
  });

  it('opens the popup page and shows the corpus', async () => {
    const page = await openExtensionPage(l, 'popup.html');
    await expect.poll(() => page.getByTestId('counts').textContent()).toContain('222 in the bundled corpus');
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/popup.png' });
    await page.close();
  });

  it('opens the options page', async () => {
    const page = await openExtensionPage(l, 'options.html');
    await expect.poll(() => page.getByTestId('corpus-size').textContent()).toContain('222 papers from 5 listings');
    await page.close();
  });
});
