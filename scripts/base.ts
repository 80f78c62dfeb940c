import { chromium } from 'playwright-core';
import { hfListingHtml } from '../test/pages/hf-listing';
import { BADGE_CSS } from '../components/badgeStyles';
import { synthPapers } from './bench/synth';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const papers = synthPapers(1000, 1010).map((p, i) => ({ id: `2510.${10000 + i}`, title: p.title }));
const html = hfListingHtml(papers).replace('<head>', `<head><script>window.__lt=[];new PerformanceObserver((l)=>{for(const e of l.getEntries())window.__lt.push(Math.round(e.duration))}).observe({type:'longtask',buffered:true});</script>`);
await ctx.route('https://huggingface.co/**', (r) => r.fulfill({ contentType: 'text/html', body: html }));
const p = await ctx.newPage();
await p.goto('https://huggingface.co/papers/date/2025-06-01');
for (const variant of ['badgecss', 'badgecss-noall', 'badgecss+getcomputed']) {
  await p.reload();
  await p.waitForTimeout(1000);
  const css = variant.includes('noall') ? BADGE_CSS.replace(':host { all: initial; }', '') : BADGE_CSS;
  const lt = await p.evaluate(`(async () => {
    const sheet = new CSSStyleSheet(); sheet.replaceSync(${JSON.stringify(css)});
    window.__lt = [];
    const arts = [...document.querySelectorAll('article')];
    let i = 0;
    await new Promise((res) => { const step = () => { const t0 = performance.now(); while (i < arts.length && performance.now() - t0 < 12) {
      const host = document.createElement('paper-lens-row'); host.style.display = 'block';
      const root = host.attachShadow({ mode: 'closed' });
      root.adoptedStyleSheets = [sheet];
      const div = document.createElement('div'); div.className = 'row'; div.innerHTML = '<button class="star" aria-pressed="false">☆ save</button><span class="seen"><button>in corpus</button></span><button class=chip><span class=dot></span>PEFT</button>'; root.appendChild(div);
      arts[i++].querySelector('h3').after(host);
      if ('${variant}'.includes('getcomputed') && i % 50 === 0) getComputedStyle(arts[0]).color;
      } if (i < arts.length) setTimeout(step, 0); else res(); }; step(); });
    await new Promise((r) => setTimeout(r, 500));
    return window.__lt;
  })()`);
  console.log(variant, JSON.stringify(lt));
}
await b.close();
