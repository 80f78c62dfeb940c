/** Our own Google Scholar result page: truncated titles, [PDF]/[HTML]/[CITATION] prefixes, an arXiv link. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface ScholarItem {
  title: string;
  href?: string;
  prefix?: 'PDF' | 'HTML' | 'CITATION' | 'BOOK';
  byline: string;
  cid: string;
}

export function scholarResultsHtml(items: ScholarItem[]): string {
  const rows = items
    .map((it) => {
      const pre = it.prefix ? `<span class="gs_ctc"><span class="gs_ct1">[${it.prefix}]</span><span class="gs_ct2">[${it.prefix[0]}]</span></span> ` : '';
      const t = it.href ? `<a href="${esc(it.href)}" id="${it.cid}">${esc(it.title)}</a>` : esc(it.title);
      return `<div class="gs_r gs_or gs_scl" data-cid="${it.cid}" data-rp="0"><div class="gs_ri"><h3 class="gs_rt">${pre}${t}</h3>
<div class="gs_a">${esc(it.byline)}</div><div class="gs_rs">Snippet text …</div>
<div class="gs_fl"><a href="/scholar?cites=${it.cid.length}123">Cited by 12</a></div></div></div>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Google Scholar</title></head><body><div id="gs_res_ccl_mid">${rows}</div></body></html>`;
}
