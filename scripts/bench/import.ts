/**
 * npm run bench -- import [--entries N] [--no-baseline]: a Zotero-style BibTeX export of 100,000 entries
 * (≈ 26 MB, 1 % broken) imported through the options page in Chromium, as a user does it: time from
 * choosing the file to the preview, from clicking Import to "Imported", and the options page's long tasks
 * (freezes) over the whole run, beside the previous release (BASELINE, built into .bench/baseline).
 */
import { launchWithExtension, openExtensionPage, rpc, type Launched } from '../../e2e/harness';
import { BASELINE, buildBaseline } from './scale';
import { fmtMs, table } from './util';
import { rng } from '../../lib/random';

/** Deterministic pseudo-random numbers (mulberry32). */

const WORDS = (
  'learning neural networks attention transformer graph diffusion sparse efficient robust adaptive optimal stochastic ' +
  'gradient descent representation language model vision retrieval reinforcement policy reward contrastive self supervised ' +
  'pretraining finetuning quantization pruning distillation inference scaling laws benchmark evaluation dataset generation ' +
  'reasoning planning agents memory recurrent convolutional kernel bayesian variational causal fairness privacy federated ' +
  'multimodal speech audio video segmentation detection tracking estimation theory bounds convergence analysis'
).split(' ');
const NAMES = 'Smith Müller García Chen Wang Li Zhang Kumar Novák Østergaard Dubois Rossi Tanaka Kim Nguyen Silva Cohen Ivanov Brown Schmidt'.split(' ');
const GIVEN = 'Jane John Ana Wei Li Ravi Jiří Søren Claire Marco Yuki Min Linh João Sara Olga Tom Eva'.split(' ');

/** A Zotero-style export: @article/@inproceedings/@misc with keys, authors, DOI or arXiv eprint, URLs, some broken. */
export function zoteroBib(n: number, seed = 7): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = ['% Exported from Zotero (synthetic benchmark library)\n'];
  for (let i = 0; i < n; i++) {
    const words = Array.from({ length: 5 + Math.floor(r() * 7) }, () => pick(WORDS));
    const title = `${words.join(' ').replace(/^./, (c) => c.toUpperCase())} ${i}`;
    const authors = Array.from({ length: 1 + Math.floor(r() * 4) }, () => `${pick(NAMES).replace('ü', '{\\"u}').replace('á', "{\\'a}")}, ${pick(GIVEN)}`).join(' and ');
    const year = 1995 + Math.floor(r() * 31);
    const key = `${pick(NAMES).toLowerCase().replace(/[^a-z]/g, '')}${year}${words[0]}${i}`;
    const kind = r();
    const broken = r() < 0.01;
    const fields = [
      broken ? null : `  title = {${title}}`,
      `  author = {${authors}}`,
      `  year = {${year}}`,
      kind < 0.4 ? `  journal = {Journal of ${pick(WORDS)} ${pick(WORDS)}}` : kind < 0.7 ? `  booktitle = {Proceedings of the ${pick(WORDS)} conference}` : `  howpublished = {arXiv}`,
      kind < 0.5 ? `  doi = {10.${1000 + Math.floor(r() * 9000)}/${key}}` : null,
      kind >= 0.7 ? `  eprint = {${15 + (i % 11)}${String(1 + (i % 12)).padStart(2, '0')}.${String(10000 + (i % 90000)).slice(-5)}}` : null,
      kind >= 0.7 ? '  archivePrefix = {arXiv}' : null,
      `  url = {https://example.org/papers/${key}}`,
      r() < 0.3 ? `  keywords = {${pick(WORDS)}, ${pick(WORDS)}}` : null,
    ].filter(Boolean);
    out.push(`@${kind < 0.4 ? 'article' : kind < 0.7 ? 'inproceedings' : 'misc'}{${key},\n${fields.join(',\n')}\n}\n`);
  }
  return out.join('\n');
}

interface ImportFigures {
  previewMs: number;
  importMs: number;
  freezesOver100: number;
  freezesOver200: number;
  longestFreezeMs: number;
  imported: number;
  notice: string;
}

/** Choose the file on the options page, wait for the preview, click Import, wait for "Imported". */
async function measure(l: Launched, name: string, text: string): Promise<ImportFigures> {
  const opts = await openExtensionPage(l, 'options.html');
  await opts.waitForSelector('input[type=file]');
  await opts.evaluate(() => {
    const w = window as unknown as { __b: { long: Array<[number, number]>; change?: number; preview?: number; click?: number; done?: number } };
    w.__b = { long: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__b.long.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: false });
    document.addEventListener('change', () => (w.__b.change ??= performance.now()), true);
    document.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('.preview button')) w.__b.click ??= performance.now();
    }, true);
    const poll = setInterval(() => {
      if (!w.__b.preview && document.querySelector('[data-testid=import-preview] button')) w.__b.preview = performance.now();
      if (w.__b.click && /Imported \d/.test(document.querySelector('.notice')?.textContent ?? '')) {
        w.__b.done = performance.now();
        clearInterval(poll);
      }
    }, 20);
  });
  await opts.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await opts.waitForFunction(() => (window as unknown as { __b: { preview?: number } }).__b.preview, null, { timeout: 600_000, polling: 250 });
  await opts.locator('[data-testid=import-preview] button').first().click();
  await opts.waitForFunction(() => (window as unknown as { __b: { done?: number } }).__b.done, null, { timeout: 1_800_000, polling: 500 });
  const b = (await opts.evaluate(() => (window as unknown as { __b: unknown }).__b)) as { long: Array<[number, number]>; change: number; preview: number; click: number; done: number };
  const notice = (await opts.locator('.notice').textContent()) ?? '';
  if (process.env.BENCH_DEBUG) console.log(await l.context.serviceWorkers().at(-1)!.evaluate(() => (globalThis as unknown as { __paperLens: { service: { timings(): unknown } } }).__paperLens.service.timings()));
  const st = await rpc<{ localPapers: number }>(opts, { type: 'stats' });
  await opts.close();
  if (process.env.BENCH_DEBUG) console.log('long tasks (ms after choosing the file, duration):', b.long.filter(([x]) => x >= b.change - 1).map(([x, d]) => `${Math.round(x - b.change)}:${Math.round(d)}`).join(' '), `preview at ${Math.round(b.preview - b.change)}, import clicked at ${Math.round(b.click - b.change)}`);
  // Long tasks before the file was chosen are the harness handing the file to the page (setInputFiles).
  const d = b.long.filter(([start]) => start >= b.change - 1).map(([, x]) => x);
  return {
    previewMs: b.preview - b.change,
    importMs: b.done - b.click,
    freezesOver100: d.filter((x) => x > 100).length,
    freezesOver200: d.filter((x) => x > 200).length,
    longestFreezeMs: d.length ? Math.max(...d) : 0,
    imported: st.data?.localPapers ?? 0,
    notice: notice.slice(0, 200),
  };
}

export async function runImportBench(argv = process.argv.slice(2)): Promise<string> {
  const at = argv.indexOf('--entries');
  const n = at >= 0 ? Number(argv[at + 1]) : 100_000;
  const text = zoteroBib(n);
  const mb = Buffer.byteLength(text) / 2 ** 20;
  console.log(`[import] ${n.toLocaleString('en')} entries, ${mb.toFixed(1)} MB`);
  const rows: Array<Array<string | number>> = [];
  const fmt = (label: string, f: ImportFigures) => [label, fmtMs(f.previewMs), fmtMs(f.importMs), `${f.freezesOver100} (> 200 ms: ${f.freezesOver200})`, fmtMs(f.longestFreezeMs), f.imported.toLocaleString('en')];
  const runs: Array<[string, string | undefined]> = [['Paper Lens', undefined]];
  if (!argv.includes('--no-baseline')) {
    const base = buildBaseline();
    if (base) runs.push([`previous release (${BASELINE})`, base]);
    else rows.push([`previous release (${BASELINE})`, '—', '—', '—', '—', 'could not be built here']);
  }
  let last: ImportFigures | null = null;
  for (const [label, extDir] of runs) {
    const l = await launchWithExtension(undefined, extDir ? { extDir } : {});
    try {
      const f = await measure(l, 'My Library.bib', text);
      console.log(`[import] ${label}: ${JSON.stringify(f)}`);
      rows.push(fmt(label, f));
      if (!extDir) last = f;
    } catch (e) {
      rows.push([label, '—', '—', '—', '—', `failed: ${(e as Error).message.slice(0, 80)}`]);
    } finally {
      await l.close();
    }
  }
  return [
    `Import — a Zotero-style BibTeX file of ${n.toLocaleString('en')} entries (${mb.toFixed(1)} MB, 1 % without a title), chosen on the options page in Chromium; freezes are the page's long tasks from choosing the file to "Imported":`,
    table(['build', 'file → preview', 'Import → done', 'freezes > 100 ms', 'longest', 'papers stored after'], rows),
    'Targets at 100,000 entries: preview ≤ 5 s, import ≤ 30 s, no freeze over 100 ms.',
    `IMPORT ${JSON.stringify(last)}`,
  ].join('\n');
}
