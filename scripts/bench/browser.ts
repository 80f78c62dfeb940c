/**
 * In-browser benchmarks (Debian Chromium + the built extension): badges on a 1,000-entry HF-style page
 * (long tasks over 50 ms), time from entries present to badges painted on a 50-entry page, and popup
 * first render with a 10k-paper library; listings of 1,000 and 3,000 entries beside a control (listings.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hfListingHtml } from '../../test/pages/hf-listing';
import { launchWithExtension, openExtensionPage, rpc, servePage, type Launched } from '../../e2e/harness';
import { fmtMs, median, table } from './util';
import { synthPapers } from './synth';
import { runListingsBench } from './listings';

const PROBE = `<script>
window.__t = { longtasks: [], start: performance.now() };
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__t.longtasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
document.addEventListener('DOMContentLoaded', () => { window.__t.entries = performance.now(); });
// Poll (a 1 ms check every 16 ms) rather than observe every mutation: the probe must not add work of its own
// to the tasks it measures (a subtree MutationObserver running querySelectorAll did, ~50 ms per bulk insert).
// Rows are counted as they are inserted; the page summary is added once every row of the batch is rendered.
const rows = document.getElementsByTagName('paper-lens-row'); // live: reading its length costs next to nothing
const done = document.getElementsByTagName('paper-lens-summary');
const poll = setInterval(() => {
  if (!window.__t.first && rows.length) window.__t.first = performance.now();
  if (rows.length >= window.__want && done.length && !window.__t.all) { clearInterval(poll); window.__t.all = performance.now(); requestAnimationFrame(() => requestAnimationFrame(() => { window.__t.painted = performance.now(); })); }
}, 16);
</script>`;

/** CPU time the hypervisor took from this VM (steal) and all CPU time so far, from /proc/stat (Linux). */
function cpuTimes(): { steal: number; total: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { steal: f[7] ?? 0, total: f.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}
const stealShare = (a: ReturnType<typeof cpuTimes>, b: ReturnType<typeof cpuTimes>) => (a && b && b.total > a.total ? (100 * (b.steal - a.steal)) / (b.total - a.total) : NaN);

interface Probe {
  entries: number;
  painted: number;
  longtasks: Array<[number, number]>;
}

/**
 * Load `html` at `url` in a new tab, wait for the probe's `painted`, and split its long tasks (> 50 ms) at
 * DOMContentLoaded: the content script only adds one style rule before it, so earlier ones are the page's
 * own parsing.
 */
async function measureLoad(l: Launched, url: string, html: string): Promise<{ t: Probe; after: number[]; before: number }> {
  await servePage(l.context, url, html);
  const p = await l.context.newPage();
  await p.goto(url);
  await p.waitForFunction(() => (window as unknown as { __t: { painted?: number } }).__t.painted, null, { timeout: 60_000 });
  const t = (await p.evaluate(() => (window as unknown as { __t: unknown }).__t)) as Probe;
  await p.close();
  const long = t.longtasks.filter(([, d]) => d > 50);
  return { t, after: long.filter(([start]) => start >= t.entries - 1).map(([, d]) => d), before: long.filter(([start]) => start < t.entries - 1).length };
}

function page(n: number, seed: number): string {
  const papers = synthPapers(n, seed).map((p, i) => ({ id: `25${String(seed).padStart(2, '0')}.${String(10000 + i)}`, title: p.title }));
  return hfListingHtml(papers).replace('<head>', `<head><script>window.__want=${n}</script>${PROBE}`);
}

export async function runBrowserBench(): Promise<string> {
  if (!existsSync('.output/chrome-mv3/manifest.json')) return 'Browser benchmarks skipped: run "npm run build" first.';
  // BENCH_ONLY=listings: only the long-listings part.
  if (process.env.BENCH_ONLY === 'listings') return runListingsBench();
  const out: string[] = [];
  let l = await launchWithExtension();
  try {
    const rows: Array<Array<string | number>> = [];
    let stealNote = '';
    // A long task is a rare event (one frame that takes a little longer, e.g. when other work competes for
    // the 2 cores): the 1,000-entry page is loaded 20 times (BENCH_LOADS to change), every one is counted.
    const loads = Number(process.env.BENCH_LOADS) || 20;
    for (const [n, runs] of [[50, 5], [1000, loads]] as const) {
      const toBadges: number[] = [];
      let worstLong = 0;
      let longCount = 0;
      let pageLong = 0;
      let loadsWithLong = 0;
      const steal: Array<{ share: number; long: boolean }> = [];
      for (let r = 0; r < runs; r++) {
        const cpu0 = cpuTimes();
        const url = `https://huggingface.co/papers/date/2025-06-${String(r + 1).padStart(2, '0')}`;
        const { t, after: ours, before } = await measureLoad(l, url, page(n, 10 + r + n));
        const share = stealShare(cpu0, cpuTimes());
        toBadges.push(t.painted - t.entries);
        if (process.env.BENCH_DEBUG) console.log(n, JSON.stringify(t));
        pageLong += before;
        worstLong = Math.max(worstLong, ...ours, 0);
        longCount += ours.length;
        if (ours.length) loadsWithLong++;
        if (n === 1000 && Number.isFinite(share)) steal.push({ share, long: ours.length > 0 });
        await new Promise((res) => setTimeout(res, 1500)); // let the worker finish recording this page
      }
      if (steal.length) {
        const pct = (xs: number[]) => (xs.length ? `${median(xs).toFixed(1)} % (max ${Math.max(...xs).toFixed(1)} %)` : '—');
        stealNote = `CPU time taken by the hypervisor (steal, /proc/stat) during the 1,000-entry loads: median ${pct(steal.map((x) => x.share))}; in the loads with a long task: ${pct(steal.filter((x) => x.long).map((x) => x.share))}.`;
      }
      rows.push([`${n} entries`, fmtMs(median(toBadges)), `${longCount} in ${runs} loads (${loadsWithLong} loads with any)`, longCount ? fmtMs(worstLong) : '—', `${pageLong}`]);
    }
    out.push('Badges in Chromium (HF-style page; the content script reads entries after DOMContentLoaded):');
    out.push(table(['page', 'entries present → badges painted (median)', 'long tasks > 50 ms after DOMContentLoaded', 'longest', "page's own (before)"], rows));
    out.push('Target: no long task over 50 ms on a 1,000-entry page.');
    if (stealNote) out.push(stealNote);

    // Control, for scale: the same 1,000-entry page (titles padded the same way) on a host Paper Lens does
    // not run on, whose own script changes one element per frame for 2 s (each change re-lays out the grid).
    let controlLong = 0;
    let controlLoads = 0;
    for (let r = 0; r < 10; r++) {
      const url = `https://control.invalid/list-${r}`;
      const html = page(1000, 70 + r).replace(
        '</head>',
        `<style>article h3{padding-bottom:27px}</style><script>document.addEventListener('DOMContentLoaded',()=>{const cards=document.querySelectorAll('article .body');let k=0;const t0=performance.now();const tick=()=>{const s=document.createElement('span');s.textContent='·';cards[(k++*37)%cards.length].appendChild(s);if(performance.now()-t0<2000)requestAnimationFrame(()=>setTimeout(tick,0));else window.__t.painted=performance.now();};tick();});</script></head>`,
      );
      const n = (await measureLoad(l, url, html)).after.length;
      controlLong += n;
      if (n) controlLoads++;
    }
    out.push(`Control (no extension; the page itself changes one element per frame for 2 s): ${controlLong} long tasks in 10 loads (${controlLoads} loads with any).`);

    // Popup first render with a 10k library, in a fresh profile: the badge loads above recorded their
    // 1,000-entry pages in the history, which would make the library larger than stated.
    await l.close();
    l = await launchWithExtension();
    const ext = await openExtensionPage(l, 'options.html');
    const papers = synthPapers(10_000, 99);
    for (let i = 0; i < papers.length; i += 500) {
      const r = await rpc(ext, { type: 'importBatch', collection: { id: 'bench', name: 'bench', format: 'csv' }, entries: papers.slice(i, i + 500).map((p) => ({ title: p.title, arxivId: null, url: null, year: p.year })) });
      if (!r.ok) throw new Error(r.error);
    }
    for (let i = 0; i < 200; i++) await rpc(ext, { type: 'save', entry: { title: papers[i]!.title, arxivId: null, url: null } });
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const popup = await l.context.newPage();
      await popup.goto(`chrome-extension://${l.extensionId}/popup.html`);
      // Time from the popup's navigation start to the saved list in the DOM (page clock, no harness overhead).
      const h = await popup.waitForFunction(() => (document.querySelector('.results li') ? performance.now() : 0), null, { polling: 'raf' });
      times.push((await h.jsonValue()) as number);
      await popup.close();
    }
    out.push('');
    out.push(`Popup first render (navigation start → saved list in the DOM) with a 10,000-paper library, 200 saved: median ${fmtMs(median(times))} over 5 opens.`);

    // Cold start: stop the service worker, then time the first annotate (worker restart, DB load, indexes).
    const cold: number[] = [];
    const paths: string[] = [];
    for (let k = 0; k < 5; k++) {
      // A worker is stopped after ~30 s idle; by then the cold-start snapshot (written after 5 s without changes) is current.
      await new Promise((r) => setTimeout(r, 6500));
      const cdp = await l.context.newCDPSession(ext);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      const r = await rpc(ext, { type: 'annotate', page: { url: `https://huggingface.co/papers?cold=${k}`, site: 'hf', label: 'HF Papers', date: null }, entries: papers.slice(k * 30, k * 30 + 30).map((p) => ({ title: p.title, arxivId: null, url: null })) });
      if (!r.ok) throw new Error(r.error);
      cold.push(Date.now() - t0);
      const w = l.context.serviceWorkers().at(-1);
      const tm = (await w?.evaluate(() => (globalThis as unknown as { __paperLens: { service: { timings(): Record<string, number> } } }).__paperLens.service.timings()).catch(() => null)) ?? null;
      paths.push(tm ? `${tm.snapshot ? 'snapshot' : 'full load'} (worker script ${Math.round(tm.boot!)} ms, load ${Math.round(tm.load!)} ms, index ${Math.round(tm.index!)} ms, annotate ${Math.round(tm.annotate!)} ms, answered ${Math.round(tm.answeredAt!)} ms after the worker started)` : '?');
    }
    out.push(`Cold start in Chromium: stopped service worker → first annotate of 30 entries answered, with a 10,000-paper library: median ${fmtMs(median(cold))} (min ${fmtMs(Math.min(...cold))}) over 5 (target well under 300 ms). Paths: ${paths.join('; ')}.`);
  } finally {
    await l.close();
  }
  out.push('');
  out.push(await runListingsBench());
  const size = statSync('.output/chrome-mv3/content-scripts/listing.js').size;
  out.push(`Content-script bundle: ${(size / 1024).toFixed(1)} KB minified (target ≤ 64 KB; 60 KB before dblp, CVF, "for you" and the tags editor).`);
  return out.join('\n');
}
