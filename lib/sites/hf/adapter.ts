/**
 * Hugging Face Papers: daily / weekly / monthly listings, trending, search and the single paper page.
 * Cards are <article>s with h3 > a[href^="/papers/"]; the page also embeds its data as JSON in
 * [data-target="DailyPapers"][data-props] (dailyPapers / searchResults …), used to enrich entries
 * (abstract, authors) — the DOM alone decides which entries exist.
 */
import { parseArxivId } from '../../match/normalize';
import { all, hostOf, pathOf, readPlan, textOf, titleOf } from '../dom';
import type { PaperEntry, SiteAdapter } from '../types';
import { spec } from './spec';

interface HfPaperData {
  id: string;
  title?: string;
  summary?: string;
  authors?: string[];
  publishedAt?: string;
}

const PAPER_PATH_RE = /^\/papers\/([^/?#]+)\/?$/;
const propsCache = new WeakMap<Element, { raw: string; papers: Map<string, HfPaperData> }>();

function collectPapers(node: unknown, out: Map<string, HfPaperData>, depth = 0): void {
  if (depth > 8 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const x of node) collectPapers(x, out, depth + 1);
    return;
  }
  const o = node as Record<string, unknown>;
  const candidate = (o.paper && typeof o.paper === 'object' ? o.paper : o) as Record<string, unknown>;
  if (typeof candidate.id === 'string' && typeof candidate.title === 'string' && parseArxivId(candidate.id)) {
    const authors = Array.isArray(candidate.authors)
      ? (candidate.authors as Array<Record<string, unknown>>).map((a) => (typeof a?.name === 'string' ? a.name : '')).filter(Boolean)
      : undefined;
    if (!out.has(candidate.id)) {
      out.set(candidate.id, {
        id: candidate.id,
        title: candidate.title,
        summary: typeof candidate.summary === 'string' ? candidate.summary : undefined,
        authors,
        publishedAt: typeof candidate.publishedAt === 'string' ? candidate.publishedAt : undefined,
      });
    }
  }
  for (const k of ['dailyPapers', 'searchResults', 'papers', 'paper', 'results', 'items']) {
    if (k in o && k !== 'paper') collectPapers(o[k], out, depth + 1);
  }
}

/** Paper data embedded in the page's data-props JSON, by arXiv id. */
export function embeddedPapers(root: ParentNode): Map<string, HfPaperData> {
  const merged = new Map<string, HfPaperData>();
  for (const el of all(root, '[data-props]')) {
    const raw = el.getAttribute('data-props') ?? '';
    if (raw.length < 20 || raw.length > 5_000_000 || !raw.includes('title')) continue;
    let cached = propsCache.get(el);
    if (!cached || cached.raw !== raw) {
      const papers = new Map<string, HfPaperData>();
      try {
        collectPapers(JSON.parse(raw), papers);
      } catch {
        /* not JSON: ignore */
      }
      cached = { raw, papers };
      propsCache.set(el, cached);
    }
    for (const [k, v] of cached.papers) if (!merged.has(k)) merged.set(k, v);
  }
  return merged;
}

function paperIdFromHref(href: string | null): string | null {
  if (!href) return null;
  let path = href;
  if (/^https?:/i.test(href)) {
    if (hostOf(href) !== 'huggingface.co') return null;
    path = pathOf(href);
  }
  const m = PAPER_PATH_RE.exec(path.split(/[?#]/)[0]!);
  if (!m) return null;
  return decodeURIComponent(m[1]!);
}

/** The paper id when the path is a single paper's page (not a listing). */
function singlePaperId(path: string): string | null {
  return isListingPath(path) ? null : paperIdFromHref(path);
}

function isListingPath(path: string): boolean {
  return path === '/papers' || path === '/papers/' || /^\/papers\/(date|week|month|trending)(\/|$)/.test(path);
}

function summaryText(s: string | undefined): string | null {
  if (!s) return null;
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length >= 40 ? t : null;
}

/**
 * The card's first link to a paper inside an h3 (else h2, else h4): the same element as
 * querySelector('h3 a[href*="/papers/"]'), without matching that selector's ancestor chain to the
 * document root for every link (a third of the scan of a 1,000-card page).
 */
function paperLink(card: Element): Element | null {
  for (const tag of ['h3', 'h2', 'h4']) {
    const headings = card.getElementsByTagName(tag);
    for (let i = 0; i < headings.length; i++) {
      const links = headings[i]!.getElementsByTagName('a');
      for (let j = 0; j < links.length; j++) if (links[j]!.getAttribute('href')?.includes('/papers/')) return links[j]!;
    }
  }
  return null;
}

function entryFromCard(article: Element, data: Map<string, HfPaperData>): PaperEntry | null {
  const link = paperLink(article);
  if (!link) return null;
  const id = paperIdFromHref(link.getAttribute('href'));
  if (!id) return null;
  const title = titleOf(link);
  if (!title) return null;
  const ax = parseArxivId(id);
  const d = data.get(id);
  const heading = link.closest('h3, h2') ?? link;
  return {
    element: article,
    anchor: heading,
    title,
    arxivId: ax && ax.id === id.replace(/v\d+$/, '') ? ax.id : null,
    arxivVersion: null,
    doi: null,
    url: `https://huggingface.co/papers/${encodeURIComponent(id)}`,
    abstract: summaryText(d?.summary),
    authors: d?.authors ?? [],
    year: d?.publishedAt ? Number(d.publishedAt.slice(0, 4)) || null : null,
    key: `hf:${id}`,
  };
}

function singlePaper(root: ParentNode, id: string, data: Map<string, HfPaperData>): PaperEntry | null {
  const h1 = all(root, 'main h1, h1').find((h) => textOf(h).length > 0);
  if (!h1) return null;
  const d = data.get(id);
  let abstract = summaryText(d?.summary);
  if (!abstract) {
    const h2 = all(root, 'h2').find((h) => /^abstract$/i.test(textOf(h)));
    const p = h2?.parentElement?.querySelector('p');
    abstract = summaryText(textOf(p));
  }
  const ax = parseArxivId(id);
  return {
    element: h1.parentElement ?? h1,
    anchor: h1,
    title: titleOf(h1),
    arxivId: ax?.id ?? null,
    arxivVersion: null,
    doi: null,
    url: `https://huggingface.co/papers/${encodeURIComponent(id)}`,
    abstract,
    authors: d?.authors ?? [],
    year: d?.publishedAt ? Number(d.publishedAt.slice(0, 4)) || null : null,
    key: `hf:${id}`,
  };
}

export const huggingface: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    const path = pathOf(url);
    return hostOf(url) === 'huggingface.co' && (isListingPath(path) || PAPER_PATH_RE.test(path));
  },
  reserveSelector(pageUrl) {
    // Listing cards: the <article>'s heading that links the paper (entryFromCard's anchor).
    return isListingPath(pathOf(pageUrl)) ? 'article h3:has(a[href*="/papers/"])' : null;
  },
  scanPlan(root, pageUrl) {
    const path = pathOf(pageUrl);
    if (singlePaperId(path)) return null;
    let data: Map<string, HfPaperData> | null = null;
    return {
      elements: all(root, 'article'),
      entryOf: (article) => entryFromCard(article, (data ??= embeddedPapers(root))),
    };
  },
  findEntries(root, pageUrl) {
    const path = pathOf(pageUrl);
    const single = singlePaperId(path);
    if (single) {
      const e = singlePaper(root, single, embeddedPapers(root));
      return e ? [e] : [];
    }
    const out = readPlan(huggingface.scanPlan!(root, pageUrl)!);
    if (out.length > 0) return out;
    const data = embeddedPapers(root);
    // A redesign without <article> cards: any heading that links a paper is an entry; its card is the
    // nearest list item, or the heading's parent.
    const keys = new Set<string>();
    for (const link of all(root, 'h2 a[href*="/papers/"], h3 a[href*="/papers/"], h4 a[href*="/papers/"]')) {
      const heading = link.closest('h2, h3, h4')!;
      const card = heading.closest('li') ?? heading.parentElement ?? heading;
      const e = entryFromCard(card, data);
      if (e && !keys.has(e.key)) {
        keys.add(e.key);
        out.push({ ...e, anchor: heading });
      }
    }
    return out;
  },
  label(pageUrl) {
    const path = pathOf(pageUrl);
    const m = /^\/papers\/(date|week|month)\/([^/]+)/.exec(path);
    if (m) return `HF Papers ${m[2]}`;
    if (/^\/papers\/trending/.test(path)) return 'HF Papers trending';
    try {
      const q = new URL(pageUrl).searchParams.get('q');
      if (q) return `HF Papers search "${q.slice(0, 40)}"`;
      const date = new URL(pageUrl).searchParams.get('date');
      if (date) return `HF Papers ${date}`;
    } catch {
      /* ignore */
    }
    return PAPER_PATH_RE.test(path) ? 'HF paper page' : 'HF Papers';
  },
  listingDate(root, pageUrl) {
    const path = pathOf(pageUrl);
    const m = /^\/papers\/date\/(\d{4}-\d{2}-\d{2})/.exec(path);
    if (m) return m[1]!;
    try {
      const d = new URL(pageUrl).searchParams.get('date');
      if (d && /^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
    } catch {
      /* ignore */
    }
    for (const el of all(root, '[data-target="DailyPapers"][data-props]')) {
      const m2 = /"date":"(\d{4}-\d{2}-\d{2})/.exec(el.getAttribute('data-props') ?? '');
      if (m2) return m2[1]!;
    }
    const wm = /^\/papers\/(week|month)\/([^/]+)/.exec(path);
    return wm ? wm[2]! : null;
  },
};
