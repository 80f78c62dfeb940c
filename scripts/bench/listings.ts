/**
 * Listings of thousands of entries, in Chromium, beside a control: the same page served where the
 * extension does not run. Pages are built from the real arXiv /list and HF-card markup of the saved pages
 * in ../shared/fixtures (their entry blocks repeated with fresh ids and titles); without ../shared, from our
 * own pages with the same markup (test/pages). Per load: all rows drawn (after DOMContentLoaded), main-thread
 * busy time (CDP TaskDuration), long tasks, the longest wait of a 10 ms page timer, and click latency (Event
 * Timing: input to next paint) for clicks made while the rows are being drawn.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { arxivNewListingHtml } from '../../test/pages/arxiv-listing';
import { hfListingHtml } from '../../test/pages/hf-listing';
import { launchWithExtension, servePage, type Launched } from '../../e2e/harness';
import { synthPapers } from './synth';
import { fmtMs, median, table } from './util';

const FIXTURES = resolve('../shared/fixtures');
const ARXIV_FIXTURE = `${FIXTURES}/arxiv/arxiv_list_cs.CL_recent_2026-07-28.html`;
const HF_FIXTURE = `${FIXTURES}/huggingface/hf_papers_2024-08-01_ssr.html`;
const CVF_FIXTURE = `${FIXTURES}/cvf/cvf_openaccess_CVPR2019_2019-06.html`;

/** The real CVF CVPR 2019 page as saved (1,294 papers), its own scripts and stylesheets dropped. */
function cvfPage(): { html: string; real: boolean } {
  return { html: offline(readFileSync(CVF_FIXTURE, 'utf8')), real: true };
}

const PROBE = `<script>
window.__L = { long: [], events: [], maxGap: 0, start: performance.now() };
new PerformanceObserver((l) => { for (const e of l.getEntries()) __L.long.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'click' || e.name === 'pointerdown') __L.events.push([e.name, e.startTime, e.duration, e.processingStart - e.startTime]); }).observe({ type: 'event', durationThreshold: 16, buffered: true });
document.addEventListener('DOMContentLoaded', () => { __L.dcl = performance.now(); });
__L.loaf = { frames: 0, total: 0, script: 0, style: 0, render: 0 };
try { new PerformanceObserver((l) => { for (const e of l.getEntries()) { if (!__L.dcl || __L.all) continue; const f = __L.loaf; f.frames++; f.total += e.duration; f.script += e.scripts.reduce((a, s) => a + s.duration, 0); f.style += e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0; f.render += e.renderStart ? e.startTime + e.duration - e.renderStart : 0; } }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
let last = performance.now();
const timer = setInterval(() => { const now = performance.now(); if (__L.dcl && !__L.stop) __L.maxGap = Math.max(__L.maxGap, now - last); last = now; }, 10);
const rows = document.getElementsByTagName('paper-lens-row');
const done = document.getElementsByTagName('paper-lens-summary');
const poll = setInterval(() => { if (!__L.all && rows.length >= window.__want && done.length) { __L.all = performance.now(); clearInterval(poll); } }, 16);
// A spot to click that is nothing (no link, no text): fixed in the bottom-right corner.
document.addEventListener('DOMContentLoaded', () => { const d = document.createElement('div'); d.id = '__click'; d.style.cssText = 'position:fixed;right:0;bottom:0;width:24px;height:24px;z-index:2147483647'; document.documentElement.appendChild(d); });
</script>`;

/** Fresh arXiv-style ids and titles for entry k. */
function fresh(n: number, seed: number): Array<{ id: string; title: string }> {
  // A valid month (the adapters skip ids that cannot be arXiv's) and a range of numbers per seed.
  const month = String(1 + (seed % 12)).padStart(2, '0');
  return synthPapers(n, seed).map((p, k) => ({ id: `26${month}.${String(10000 + ((seed * 3001 + k) % 89999))}`, title: p.title }));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Scripts, stylesheets and images from the network are dropped: the page must not wait on them. */
const offline = (html: string) => html.replace(/<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/gi, '').replace(/<link\b[^>]*rel="?stylesheet"?[^>]*>/gi, '').replace(/\ssrc="https?:[^"]*"/gi, ' src="data:,"');

/** arXiv /list markup: the fixture's dt/dd pairs repeated with fresh ids and titles. */
function arxivPage(n: number, seed: number): { html: string; real: boolean } {
  const papers = fresh(n, seed);
  if (existsSync(ARXIV_FIXTURE)) {
    const src = readFileSync(ARXIV_FIXTURE, 'utf8');
    const blocks = [...src.matchAll(/<dt>[\s\S]*?<\/dd>/g)].map((m) => m[0]);
    const first = src.indexOf(blocks[0]!);
    const last = src.lastIndexOf(blocks[blocks.length - 1]!) + blocks[blocks.length - 1]!.length;
    const body = papers
      .map((p, k) => {
        const b = blocks[k % blocks.length]!;
        const oldId = /id="(\d{4}\.\d{4,5})"/.exec(b)![1]!;
        return b
          .split(oldId).join(p.id)
          .replace(/(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>\s*)[\s\S]*?(\s*<\/div>)/, (_, a: string, z: string) => `${a}${esc(p.title)}${z}`)
          .replace(/name='item\d+'>\[\d+\]/, `name='item${k + 1}'>[${k + 1}]`);
      })
      .join('\n');
    return { html: offline(src.slice(0, first) + body + src.slice(last)), real: true };
  }
  return { html: arxivNewListingHtml([{ heading: 'New submissions', items: papers }]), real: false };
}

/** HF Papers markup: the fixture's article cards repeated, and its DailyPapers props listing the same papers. */
function hfPage(n: number, seed: number): { html: string; real: boolean } {
  const papers = fresh(n, seed);
  if (existsSync(HF_FIXTURE)) {
    const src = readFileSync(HF_FIXTURE, 'utf8');
    const cards = [...src.matchAll(/<article\b[\s\S]*?<\/article>/g)].map((m) => m[0]);
    const first = src.indexOf(cards[0]!);
    const last = src.lastIndexOf(cards[cards.length - 1]!) + cards[cards.length - 1]!.length;
    const body = papers
      .map((p, k) => {
        const c = cards[k % cards.length]!;
        const oldId = /href="\/papers\/(\d{4}\.\d{4,5})"/.exec(c)![1]!;
        return c.split(oldId).join(p.id).replace(/(<h3[^>]*><a [^>]*>)[\s\S]*?(<\/a><\/h3>)/, (_, a: string, z: string) => `${a}${esc(p.title)}${z}`);
      })
      .join('\n');
    let html = src.slice(0, first) + body + src.slice(last);
    // The page's JSON (data-props of DailyPapers) lists the same papers.
    html = html.replace(/(data-target="DailyPapers" data-props=")([^"]*)(")/, (_, a: string, props: string, z: string) => {
      const json = JSON.parse(props.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as { dailyPapers: Array<{ paper: { id: string; title: string }; title: string }> };
      const items = json.dailyPapers;
      json.dailyPapers = papers.map((p, k) => {
        const it = structuredClone(items[k % items.length]!);
        it.paper = { ...it.paper, id: p.id, title: p.title };
        it.title = p.title;
        return it;
      });
      return a + esc(JSON.stringify(json)) + z;
    });
    return { html: offline(html), real: true };
  }
  return { html: hfListingHtml(papers), real: false };
}

interface Load {
  allMs: number | null;
  busyMs: number;
  long: number[];
  maxGapMs: number;
  clicks: number[];
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** One load: open, click every 250 ms in an empty margin while rows are drawn, wait for the rows (or `windowMs`). */
async function load(l: Launched, url: string, html: string, n: number, windowMs: number, control: boolean): Promise<Load> {
  const exact = new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await servePage(l.context, exact, html.replace(/<head[^>]*>/i, (h) => `${h}<script>window.__want=${n}</script>${PROBE}`));
  const page = await l.context.newPage();
  if (process.env.BENCH_DEBUG) page.on('console', (m) => console.log('[page]', m.text())).on('pageerror', (e) => console.log('[page error]', e.message));
  await page.setViewportSize({ width: 1280, height: 900 });
  const cdp = await l.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = await taskSeconds(cdp);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  const started = Date.now();
  const until = async () => (control ? Date.now() - started >= windowMs : !!(await page.evaluate(() => (window as unknown as { __L: { all?: number } }).__L.all)));
  while (!(await until())) {
    if (Date.now() - started > 120_000) break;
    await page.mouse.click(1268, 888).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 500));
  const t1 = await taskSeconds(cdp);
  const L = (await page.evaluate(() => {
    const w = window as unknown as { __L: { stop?: boolean } };
    w.__L.stop = true;
    return w.__L;
  })) as { long: Array<[number, number]>; events: Array<[string, number, number, number]>; maxGap: number; dcl: number; all?: number; loaf: Record<string, number> };
  if (process.env.BENCH_DEBUG) console.log(url, control ? 'control' : 'extension', 'all', L.all ? Math.round(L.all - L.dcl) : null, 'long animation frames (>50 ms) while drawing:', JSON.stringify(Object.fromEntries(Object.entries(L.loaf).map(([k, v]) => [k, Math.round(v)]))), 'long tasks', L.long.filter(([st]) => st >= L.dcl - 1).map(([st, d]) => `${Math.round(st - L.dcl)}+${Math.round(d)}`).join(' '));
  await cdp.detach();
  await page.close();
  return {
    allMs: L.all ? L.all - L.dcl : null,
    busyMs: (t1 - t0) * 1000,
    long: L.long.filter(([s]) => s >= L.dcl - 1).map(([, d]) => d),
    maxGapMs: L.maxGap,
    clicks: L.events.filter((e) => e[0] === 'click').map((e) => e[2]),
  };
}

export async function runListingsBench(): Promise<string> {
  const rows: Array<Array<string | number>> = [];
  const loads = Number(process.env.BENCH_LISTING_LOADS) || 3;
  let real = true;
  const figures: Record<string, unknown> = {};
  const l = await launchWithExtension();
  try {
    const sites: Array<[string, (n: number, seed: number) => { html: string; real: boolean }, string, number[] | null]> = [
      ['arXiv /list', arxivPage, 'https://arxiv.org/list/cs.CL/pastweek?show=2000&k=', null],
      ['HF cards', hfPage, 'https://huggingface.co/papers/month/2025-0', null],
    ];
    // The real CVPR 2019 page (1,294 papers on one page), at its real URL.
    if (existsSync(CVF_FIXTURE)) sites.push(['CVF CVPR 2019 (saved page)', cvfPage, 'https://openaccess.thecvf.com/CVPR2019?day=all&k=', [1294]]);
    for (const [site, make, host, fixed] of sites) {
      if (process.env.BENCH_SITE && !site.toLowerCase().includes(process.env.BENCH_SITE)) continue;
      for (const n of fixed ?? (process.env.BENCH_SIZES ?? '1000,3000').split(',').map(Number)) {
        const ext: Load[] = [];
        const ctl: Load[] = [];
        for (let r = 0; r < loads; r++) {
          const seed = n / 1000 + 10 * r + (site === 'HF cards' ? 50 : 0);
          const pg = make(n, seed);
          real &&= pg.real;
          const a = await load(l, `${host}${seed}`, pg.html, n, 0, false);
          ext.push(a);
          // The control watches the same page for as long as the extension took to draw every row.
          ctl.push(await load(l, `https://control.invalid/${site === 'HF cards' ? 'papers' : 'list'}/${seed}`, pg.html, n, Math.max(2000, a.allMs ?? 5000), true));
          await new Promise((res) => setTimeout(res, 1500));
        }
        const med = (xs: Load[], f: (x: Load) => number) => median(xs.map(f));
        const clicks = (xs: Load[]) => median(xs.flatMap((x) => x.clicks));
        const longs = (xs: Load[]) => xs.flatMap((x) => x.long);
        const fmtLong = (xs: Load[]) => {
          const ls = longs(xs);
          return ls.length ? `${ls.length} (max ${fmtMs(Math.max(...ls))})` : '0';
        };
        const allMissing = ext.some((x) => x.allMs === null);
        rows.push([
          `${site}, ${n.toLocaleString('en')}`,
          allMissing ? 'not all drawn' : fmtMs(med(ext, (x) => x.allMs!)),
          `${fmtMs(med(ext, (x) => x.busyMs))} / ${fmtMs(med(ctl, (x) => x.busyMs))}`,
          `${fmtLong(ext)} / ${fmtLong(ctl)}`,
          `${fmtMs(med(ext, (x) => x.maxGapMs))} / ${fmtMs(med(ctl, (x) => x.maxGapMs))}`,
          `${fmtMs(clicks(ext))} / ${fmtMs(clicks(ctl))}`,
        ]);
        figures[`${site.startsWith('HF') ? 'hf' : site.startsWith('CVF') ? 'cvf' : 'arxiv'}${n}`] = {
          allMs: allMissing ? null : Math.round(med(ext, (x) => x.allMs!)),
          busyMs: Math.round(med(ext, (x) => x.busyMs)),
          controlBusyMs: Math.round(med(ctl, (x) => x.busyMs)),
          longOver50: longs(ext).length,
          controlLongOver50: longs(ctl).length,
          clickMs: Math.round(clicks(ext)),
          controlClickMs: Math.round(clicks(ctl)),
        };
      }
    }
  } finally {
    await l.close();
  }
  return [
    `Long listings in Chromium, ${loads} loads each, with the extension / control (the same page where the extension does not run), built from ${real ? "the real arXiv /list and HF-card markup of ../shared/fixtures" : 'our own pages with the sites\' markup (../shared absent)'}; clicks every 250 ms while rows are drawn:`,
    table(['page, entries', 'all rows after DOMContentLoaded', 'main thread busy', 'long tasks > 50 ms (all loads)', '10 ms timer, longest wait', 'click → next paint (median)'], rows),
    'Targets: all rows ≤ 3 s for 3,000 arXiv entries and ≤ 6 s for 3,000 HF cards, linear in entries; no long task over 50 ms caused by the extension; click latency within 20 ms of the control. The CVF page: the long-task goal of the 1,000-entry HF page.',
    `LISTINGS ${JSON.stringify(figures)}`,
  ].join('\n');
}
