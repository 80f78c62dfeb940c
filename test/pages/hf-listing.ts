/**
 * Our own small HF-Papers-style listing pages (same hooks as the real site: <article> cards with
 * h3 > a[href^="/papers/"], and the DailyPapers JSON in data-props). Used by the demo and by tests.
 */
export interface DemoPaper {
  id: string;
  title: string;
  summary?: string;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function hfListingHtml(papers: DemoPaper[], opts: { date?: string; dark?: boolean; propsKey?: 'dailyPapers' | 'searchResults' } = {}): string {
  const props = {
    [opts.propsKey ?? 'dailyPapers']: papers.map((p) => ({ paper: { id: p.id, title: p.title, summary: p.summary ?? '' }, title: p.title })),
    date: opts.date ?? '2025-03-13T00:00:00.000Z',
  };
  const cards = papers
    .map(
      (p, i) => `
      <article class="relative flex flex-col overflow-hidden rounded-xl border">
        <a href="/papers/${esc(p.id)}" class="thumb"><div class="thumb-img">${i + 1}</div></a>
        <div class="body">
          <h3><a href="/papers/${esc(p.id)}" class="line-clamp-3 cursor-pointer text-balance">${esc(p.title)}</a></h3>
          <div class="meta">Submitted by AK · ${(i * 7) % 40 + 3} upvotes</div>
        </div>
      </article>`,
    )
    .join('\n');
  return `<!doctype html>
<html class="${opts.dark ? 'dark' : ''}"><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: ${opts.dark ? '#0b0f19' : '#f9fafb'}; color: ${opts.dark ? '#e5e7eb' : '#111827'}; }
  header { padding: 14px 24px; border-bottom: 1px solid #e5e7eb; font-weight: 600; }
  main { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 16px; padding: 24px; }
  article { background: ${opts.dark ? '#111827' : '#fff'}; border: 1px solid ${opts.dark ? '#1f2937' : '#e5e7eb'}; border-radius: 12px; }
  .thumb-img { height: 90px; background: linear-gradient(135deg,#fde68a,#fca5a5); display:flex; align-items:center; justify-content:center; font-size: 28px; color:#0003; }
  .body { padding: 10px 14px 14px; }
  h3 { font-size: 16px; margin: 0 0 6px; line-height: 1.3; }
  h3 a { color: inherit; text-decoration: none; }
  .meta { font-size: 12px; color: #6b7280; }
</style></head>
<body><header>Daily Papers · by AK and the research community</header>
<section><div data-target="DailyPapers" data-props="${esc(JSON.stringify(props))}"></div></section>
<main>${cards}</main></body></html>`;
}
