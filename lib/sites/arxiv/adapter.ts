/**
 * arXiv: /list/<cat>/new|recent|pastweek (dt/dd pairs in one or more dl#articles, with New /
 * Cross-lists / Replacements sections), /a/<author> listings (same markup), /search/ results
 * (li.arxiv-result) and the /abs/<id> page (one entry). Ids come from a[title="Abstract"] / /abs/ links.
 */
import { parseArxivId } from '../../match/normalize';
import { all, arxivAbsUrl, arxivFromHref, hostOf, pathOf, readPlan, textOf, titleOf, yearFrom } from '../dom';
import type { PaperEntry, ScanPlan, SiteAdapter } from '../types';
import { spec } from './spec';

const isDescriptor = (e: Element) => /(^|\s)descriptor(\s|$)/.test(e.getAttribute('class') ?? '');

/** An entry for an arXiv paper: the id fields, canonical URL and key are derived from the id. */
function arxivEntry(
  element: Element,
  anchor: Element,
  title: string,
  ax: { id: string; version: string | null },
  rest: { abstract: string | null; authors: string[]; year: number | null; doi?: string | null; key?: string; section?: string | null },
): PaperEntry {
  return {
    element,
    anchor,
    title,
    arxivId: ax.id,
    arxivVersion: ax.version,
    url: arxivAbsUrl(ax.id),
    ...rest,
    doi: rest.doi ?? null,
    abstract: rest.abstract && rest.abstract.length >= 40 ? rest.abstract : null,
    key: rest.key ?? `arxiv:${ax.id}`,
  };
}

function nextDd(dt: Element): Element | null {
  let n = dt.nextElementSibling;
  while (n && n.tagName.toUpperCase() !== 'DD' && n.tagName.toUpperCase() !== 'DT') n = n.nextElementSibling;
  return n && n.tagName.toUpperCase() === 'DD' ? n : null;
}

/**
 * The nearest preceding h2/h3 inside the dl, or before the dl. `known` holds the sections of the entries
 * read before: the walk back stops at the previous entry (a list is read in order: each walk is short,
 * not the length of the list).
 */
function sectionOf(dt: Element, known?: Map<Element, string | null>): string | null {
  let n: Element | null = dt;
  while (n) {
    let p = n.previousElementSibling;
    while (p) {
      if (/^H[23]$/i.test(p.tagName)) return textOf(p).replace(/\s*\(showing.*$/i, '');
      if (known?.has(p)) return known.get(p)!;
      p = p.previousElementSibling;
    }
    n = n.parentElement;
    if (n && /^(BODY|HTML)$/i.test(n.tagName)) break;
  }
  return null;
}

function listPlan(root: ParentNode): ScanPlan {
  // The same paper can be listed twice (e.g. replaced and cross-listed): keep both, key by position.
  const seen = new Set<string>();
  const sections = new Map<Element, string | null>();
  let n = 0;
  return {
    elements: all(root, 'dt'),
    entryOf(dt) {
      const absLink = dt.querySelector('a[title="Abstract"]') ?? dt.querySelector('a[href*="/abs/"]');
      if (!absLink) return null;
      const ax = arxivFromHref(absLink.getAttribute('href')) ?? parseArxivId(absLink.getAttribute('id') ?? textOf(absLink));
      if (!ax) return null;
      const dd = nextDd(dt);
      if (!dd) return null;
      const titleEl = dd.querySelector('.list-title');
      if (!titleEl) return null;
      const title = titleOf(titleEl, isDescriptor);
      if (!title) return null;
      const abstractEl = dd.querySelector('p.mathjax, .abstract');
      const abstract = abstractEl ? textOf(abstractEl, isDescriptor) : '';
      const authors = all(dd, '.list-authors a').map((a) => textOf(a)).filter(Boolean);
      const section = sectionOf(dt, sections);
      sections.set(dt, section);
      const key = `arxiv:${ax.id}`;
      const k = seen.has(key) ? `${key}#${n}` : key;
      seen.add(key);
      n++;
      return { ...arxivEntry(dt, titleEl, title, ax, { abstract, authors, year: null, key: k, section }), parts: [dd] };
    },
  };
}

function searchPlan(root: ParentNode): ScanPlan {
  return {
    elements: all(root, 'li.arxiv-result'),
    entryOf(li) {
      const link = li.querySelector('p.list-title a[href*="/abs/"]') ?? li.querySelector('a[href*="/abs/"]');
      const ax = arxivFromHref(link?.getAttribute('href'));
      const titleEl = li.querySelector('p.title');
      if (!ax || !titleEl) return null;
      const title = titleOf(titleEl);
      if (!title) return null;
      const full = li.querySelector('.abstract-full');
      const abstract = full
        ? textOf(full, (e) => e.tagName.toUpperCase() === 'A')
        : textOf(li.querySelector('p.abstract'), (e) => /search-hit/.test(e.getAttribute('class') ?? '') && textOf(e) === 'Abstract');
      const submitted = all(li, 'p.is-size-7').map((p) => textOf(p)).find((t) => /submitted/i.test(t)) ?? '';
      return arxivEntry(li, titleEl, title, ax, {
        abstract: abstract ? abstract.replace(/^Abstract\s*:\s*/i, '') : null,
        authors: all(li, 'p.authors a').map((a) => textOf(a)).filter(Boolean),
        year: yearFrom(submitted.split(';')[0] ?? ''),
      });
    },
  };
}

function absEntry(root: ParentNode, pageUrl: string): PaperEntry[] {
  const h1 = root.querySelector('#abs h1.title, h1.title');
  if (!h1) return [];
  const meta = root.querySelector('meta[name="citation_arxiv_id"]')?.getAttribute('content');
  const fromUrl = arxivFromHref(pathOf(pageUrl));
  const ax = parseArxivId(meta) ?? fromUrl;
  if (!ax) return [];
  let version = fromUrl?.version ?? null;
  if (!version) {
    const dl = textOf(root.querySelector('#abs .dateline, .dateline'));
    const m = /this version,\s*(v\d+)/i.exec(dl);
    version = m ? m[1]! : null;
  }
  const abstract = textOf(root.querySelector('#abs blockquote.abstract, blockquote.abstract'), isDescriptor);
  const doi = root.querySelector('meta[name="citation_doi"]')?.getAttribute('content') ?? null;
  const date = root.querySelector('meta[name="citation_date"]')?.getAttribute('content') ?? '';
  const authors = all(root, 'meta[name="citation_author"]').map((m) => m.getAttribute('content') ?? '').filter(Boolean);
  const entry = root.querySelector('#abs') ?? h1.parentElement ?? h1;
  const ver = { id: ax.id, version };
  return [
    arxivEntry(entry, h1, titleOf(h1, isDescriptor), ver, {
      abstract,
      doi,
      authors: authors.length ? authors : all(root, '#abs .authors a').map((a) => textOf(a)),
      year: yearFrom(date),
    }),
  ];
}

export const arxiv: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    const host = hostOf(url);
    if (host !== 'arxiv.org' && host !== 'www.arxiv.org' && host !== 'export.arxiv.org') return false;
    return /^\/(list|search|abs|a)\//.test(pathOf(url)) || pathOf(url) === '/search';
  },
  reserveSelector(pageUrl) {
    const path = pathOf(pageUrl);
    if (path.startsWith('/search')) return 'li.arxiv-result > p.title';
    if (path.startsWith('/list/') || path.startsWith('/a/')) return 'dl > dd .list-title';
    return null;
  },
  scanPlan(root, pageUrl) {
    const path = pathOf(pageUrl);
    if (path.startsWith('/abs/')) return null;
    return path.startsWith('/search') ? searchPlan(root) : listPlan(root);
  },
  findEntries(root, pageUrl) {
    if (pathOf(pageUrl).startsWith('/abs/')) return absEntry(root, pageUrl);
    return readPlan(arxiv.scanPlan!(root, pageUrl)!);
  },
  label(pageUrl) {
    const path = pathOf(pageUrl);
    let m = /^\/list\/([^/]+)\/([^/?#]+)/.exec(path);
    if (m) return `arXiv ${m[1]} (${m[2]})`;
    m = /^\/a\/([^/?#.]+)/.exec(path);
    if (m) return `arXiv author ${m[1]}`;
    if (path.startsWith('/search')) {
      try {
        const q = new URL(pageUrl).searchParams.get('query');
        return q ? `arXiv search "${q.slice(0, 40)}"` : 'arXiv search';
      } catch {
        return 'arXiv search';
      }
    }
    return 'arXiv abstract page';
  },
  listingDate(root, pageUrl) {
    if (!pathOf(pageUrl).startsWith('/list/')) return null;
    const h3 = all(root, 'dl#articles > h3, #dlpage h3')[0];
    const t = h3 ? textOf(h3) : '';
    const m = /(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* (\d{4})/.exec(t);
    if (!m) return null;
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2]!) + 1;
    return `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  },
};

