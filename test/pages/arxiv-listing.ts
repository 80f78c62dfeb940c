/**
 * Our own arXiv /list/<cat>/new-style page: sections for new submissions (with abstracts),
 * cross-lists and replacements, in the 2024+ markup (dl#articles, dt/dd, a[title="Abstract"]).
 */
export interface ArxivItem {
  id: string;
  version?: string;
  title: string;
  abstract?: string;
  authors?: string[];
  crossFrom?: string;
  replaced?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function item(n: number, p: ArxivItem): string {
  const note = p.crossFrom ? ` (cross-list from ${p.crossFrom})` : p.replaced ? ' (replaced)' : '';
  return `
    <dt>
      <a name='item${n}'>[${n}]</a>
      <a href ="/abs/${p.id}" title="Abstract" id="${p.id}">arXiv:${p.id}</a>${note}
      [<a href="/pdf/${p.id}${p.version ?? ''}" title="Download PDF" id="pdf-${p.id}">pdf</a>]
    </dt>
    <dd>
      <div class='meta'>
        <div class='list-title mathjax'><span class='descriptor'>Title:</span>
          ${esc(p.title)}
        </div>
        <div class='list-authors'>${(p.authors ?? ['A. Author']).map((a) => `<a href="/a/${encodeURIComponent(a)}">${esc(a)}</a>`).join(', ')}</div>
        <div class='list-subjects'><span class='descriptor'>Subjects:</span> <span class="primary-subject">Machine Learning (cs.LG)</span></div>
        ${p.abstract ? `<p class='mathjax'>${esc(p.abstract)}</p>` : ''}
      </div>
    </dd>`;
}

export function arxivNewListingHtml(sections: { heading: string; items: ArxivItem[] }[], opts: { dark?: boolean } = {}): string {
  let n = 0;
  const dls = sections
    .map((s) => `<dl id='articles'>\n<h3>${esc(s.heading)}</h3>\n${s.items.map((p) => item(++n, p)).join('\n')}\n</dl>`)
    .join('\n');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Machine Learning (new)</title>
<style>
 body{font-family: "Lucida Grande", Helvetica, Arial, sans-serif; margin: 0 2em; ${opts.dark ? 'background:#111;color:#ddd' : ''}}
 dl#articles dt{margin-top:1em} .list-title{font-size:1.25em;font-weight:bold} .descriptor{display:none}
 dd{margin-left:2em} .list-authors{font-size:0.95em}
</style></head><body>
<div id="content"><div id='dlpage'>
<h1>Machine Learning</h1>
<h2>New submissions for Tue, 11 Mar 2025</h2>
${dls}
</div></div></body></html>`;
}
