/**
 * dblp: search results (/search?q=…), person pages (/pid/…) and proceedings or journal tables of
 * contents (/db/conf/…, /db/journals/…) share one markup: publications are li.entry elements whose id is
 * the dblp key, with cite.data holding the authors (span[itemprop=author]), the title (span.title) and
 * the venue and year; nav.publ links the electronic edition (DOI) and, for CoRR entries, arXiv. Lists of
 * people, venues and the home page have no li.entry: no entries there.
 */
import { normalizeDoi, parseArxivId } from '../../match/normalize';
import { absolutize, all, arxivFromHref, hostOf, pathOf, readPlan, textOf, titleOf, yearFrom } from '../dom';
import type { PaperEntry, ScanPlan, SiteAdapter } from '../types';
import { spec } from './spec';

/** dblp's CoRR keys name the arXiv id: journals/corr/abs-2303-14702 → 2303.14702. */
function arxivFromKey(key: string): { id: string; version: string | null } | null {
  const m = /^journals\/corr\/abs-(\d{4})-(\d{4,5})$/.exec(key);
  return m ? parseArxivId(`${m[1]}.${m[2]}`) : null;
}

function entryOf(li: Element, pageUrl: string, seen: Set<string>): PaperEntry | null {
  const cite = li.querySelector('cite.data, cite');
  const titleEl = cite?.querySelector('span.title');
  if (!cite || !titleEl) return null;
  // dblp ends every title with a period; a title ending in "?" or "!" keeps its own.
  const title = titleOf(titleEl).replace(/\.$/, '');
  if (!title) return null;
  const dblpKey = li.getAttribute('id') ?? '';
  const links = all(li, 'nav.publ a[href]').map((a) => absolutize(a.getAttribute('href'), pageUrl)).filter((h): h is string => !!h);
  let ax: { id: string; version: string | null } | null = null;
  let doi: string | null = null;
  for (const h of links) {
    const host = hostOf(h);
    if (!ax && (host === 'arxiv.org' || host === 'www.arxiv.org')) ax = arxivFromHref(h);
    if (!doi && (host === 'doi.org' || host === 'dx.doi.org')) doi = normalizeDoi(decodeURIComponent(pathOf(h).slice(1)));
  }
  // A DataCite DOI of arXiv (10.48550/arXiv.2303.14702) names the preprint.
  if (!ax && doi) {
    const m = /^10\.48550\/arxiv\.(.+)$/i.exec(doi);
    if (m) ax = parseArxivId(m[1]!);
  }
  ax ??= arxivFromKey(dblpKey);
  if (ax && doi && /^10\.48550\//.test(doi)) doi = null;
  const key = `dblp:${dblpKey || title}`;
  if (seen.has(key)) return null;
  seen.add(key);
  const year = Number(textOf(cite.querySelector('[itemprop="datePublished"]'))) || yearFrom(textOf(cite));
  return {
    element: li,
    anchor: cite,
    title,
    arxivId: ax?.id ?? null,
    arxivVersion: ax?.version ?? null,
    doi,
    url: dblpKey ? `https://dblp.org/rec/${dblpKey}.html` : links[0] ?? null,
    abstract: null,
    authors: all(cite, '[itemprop="author"] [itemprop="name"]').map((a) => textOf(a)).filter(Boolean),
    year: year || null,
    key,
  };
}

function plan(root: ParentNode, pageUrl: string): ScanPlan {
  const seen = new Set<string>();
  return { elements: all(root, 'li.entry'), entryOf: (li) => entryOf(li, pageUrl, seen) };
}

export const dblp: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    const host = hostOf(url);
    if (host !== 'dblp.org' && host !== 'dblp.uni-trier.de') return false;
    return /^\/(search|pid\/|db\/)/.test(pathOf(url));
  },
  findEntries(root, pageUrl) {
    return readPlan(plan(root, pageUrl));
  },
  scanPlan(root, pageUrl) {
    return plan(root, pageUrl);
  },
  label(pageUrl) {
    const path = pathOf(pageUrl);
    if (path.startsWith('/search')) {
      try {
        const q = new URL(pageUrl).searchParams.get('q');
        return q ? `dblp "${q.slice(0, 40)}"` : 'dblp search';
      } catch {
        return 'dblp search';
      }
    }
    if (path.startsWith('/pid/')) return 'dblp person page';
    const m = /^\/db\/(?:conf|journals)\/[^/]+\/([^/.]+)/.exec(path);
    return m ? `dblp ${m[1]}` : 'dblp';
  },
};
