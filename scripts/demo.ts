/**
 * npm run demo: launches Debian Chromium with the built extension, serves a Hugging Face Papers-style
 * listing (papers from the seed corpus mixed with new ones) under its real URL, and writes
 * artifacts/demo.png. Headless unless a display is available; with a display the window stays open
 * until you press Ctrl+C.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { compileSeedDir } from '../lib/corpus/node';
import { hfListingHtml, type DemoPaper } from '../test/pages/hf-listing';

const EXT = resolve('.output/chrome-mv3');
const headless = !process.env.DISPLAY || process.env.CI === 'true' || process.argv.includes('--headless');
const corpus = compileSeedDir('seeds');
const fromCorpus: DemoPaper[] = corpus.papers
  .filter((p) => p.listings.length > 1)
  .slice(0, 5)
  .map((p, i) => ({ id: `2403.0${1000 + i}`, title: p.title, summary: p.abstract }));
const fresh: DemoPaper[] = [
  { id: '2501.00001', title: 'Sparse Mixture-of-Adapters for Parameter-Efficient Fine-Tuning of Large Language Models' },
  { id: '2501.00002', title: 'Quantized Diffusion Transformers at 4 Bits' },
  { id: '2501.00003', title: 'Graph Neural Networks for Weather Forecasting on Irregular Meshes' },
  { id: '2501.00004', title: 'A Theory of Model Merging via Linear Mode Connectivity' },
];
const papers = [...fromCorpus.slice(0, 2), ...fresh.slice(0, 2), fromCorpus[2]!, ...fresh.slice(2), ...fromCorpus.slice(3)];
papers.push({ ...papers[0]! }); // the same paper twice on one page (same arXiv id: a different id is a different paper)

const profile = mkdtempSync(join(tmpdir(), 'paper-lens-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless,
  viewport: { width: 1280, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
});
await context.route(/^https?:\/\//, (r) => r.abort('internetdisconnected'));
await context.route('https://huggingface.co/**', (r) => r.fulfill({ contentType: 'text/html', body: hfListingHtml(papers) }));
const page = await context.newPage();
await page.goto('https://huggingface.co/papers/date/2025-03-13');
await page.waitForTimeout(2000);
mkdirSync('artifacts', { recursive: true });
await page.screenshot({ path: 'artifacts/demo.png', fullPage: true });
console.log(`[paper-lens] demo screenshot: ${resolve('artifacts/demo.png')}`);
if (headless) {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
} else {
  console.log('[paper-lens] Chromium is open with Paper Lens loaded. Press Ctrl+C to quit.');
  process.on('SIGINT', async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  });
}
