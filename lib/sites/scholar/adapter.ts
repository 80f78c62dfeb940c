/**
 * Google Scholar: result pages (.gs_r rows with h3.gs_rt titles, possibly truncated with "…" and
 * prefixed with [PDF]/[HTML]/[CITATION]/[B]) and Citations profile pages (tr.gsc_a_tr).
 */
import { normalizeDoi } from '../../match/normalize';
import { absolutize, all, arxivFromHref, hostOf, pathOf, textOf, titleOf, yearFrom } from '../dom';
import type { PaperEntry, SiteAdapter } from '../types';
import { spec } from './spec';

const isPrefix = (e: Element) => /(^|\s)(gs_ctu|gs_ctc|gs_ctg2|gs_ct1|gs_ct2)(\s|$)/.test(e.getAttribute('class') ?? '');

function resultEntries(root: ParentNode, pageUrl: string): PaperEntry[] {
  const out: PaperEntry[] = [];
  const seen = new Set<Element>();
  for (const h3 of all(root, 'h3.gs_rt')) {
    const row = h3.closest('.gs_r') ?? h3.closest('.gs_ri') ?? h3.parentElement;
    if (!row || seen.has(row)) continue;
    seen.add(row);
    const title = titleOf(h3, isPrefix);
    if (!title) continue;
    const link = h3.querySelector('a[href]');
    const href = absolutize(link?.getAttribute('href'), pageUrl);
    const ax = arxivFromHref(href);
    const byline = textOf(row.querySelector('.gs_a'));
    const authors = byline.split(' - ')[0]?.split(',').map((s) => s.replace(/…/g, '').trim()).filter(Boolean) ?? [];
    const cites = /[?&]cites=(\d+)/.exec(row.querySelector('a[href*="cites="]')?.getAttribute('href') ?? '')?.[1];
    const cid = row.getAttribute('data-cid') ?? row.getAttribute('data-did') ?? cites ?? href ?? title;
    out.push({
      element: row,
      anchor: h3,
      title,
      arxivId: ax?.id ?? null,
      arxivVersion: ax?.version ?? null,
      doi: href && /doi\.org\//i.test(href) ? normalizeDoi(href) : null,
      url: ax ? `https://arxiv.org/abs/${ax.id}` : href,
      abstract: null, // Scholar shows a snippet, not the abstract
      authors,
      year: yearFrom(byline.split(' - ')[1] ?? ''),
      key: `scholar:${cid}`,
    });
  }
  return out;
}

function profileEntries(root: ParentNode, pageUrl: string): PaperEntry[] {
  const out: PaperEntry[] = [];
  for (const tr of all(root, 'tr.gsc_a_tr')) {
    const a = tr.querySelector('a.gsc_a_at');
    if (!a) continue;
    const title = titleOf(a);
    if (!title) continue;
    const dataHref = a.getAttribute('data-href') ?? a.getAttribute('href');
    const url = absolutize(dataHref, pageUrl);
    const id = /citation_for_view=([^&]+)/.exec(dataHref ?? '')?.[1] ?? title;
    const gray = all(tr, '.gs_gray').map((g) => textOf(g));
    out.push({
      element: tr,
      anchor: a,
      title,
      arxivId: null,
      arxivVersion: null,
      doi: null,
      url,
      abstract: null,
      authors: (gray[0] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      year: yearFrom(textOf(tr.querySelector('.gsc_a_y')) || (gray[1] ?? '')),
      key: `scholar-profile:${id}`,
    });
  }
  return out;
}

export const scholar: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    return /^scholar\.google\.[a-z.]+$/.test(hostOf(url)) && /^\/(scholar|citations)/.test(pathOf(url));
  },
  reserveSelector(pageUrl) {
    return pathOf(pageUrl).startsWith('/citations') ? null : '.gs_r h3.gs_rt';
  },
  findEntries(root, pageUrl) {
    return pathOf(pageUrl).startsWith('/citations') ? profileEntries(root, pageUrl) : resultEntries(root, pageUrl);
  },
  label(pageUrl) {
    if (pathOf(pageUrl).startsWith('/citations')) return 'Google Scholar profile';
    try {
      const q = new URL(pageUrl).searchParams.get('q');
      return q ? `Google Scholar "${q.slice(0, 40)}"` : 'Google Scholar';
    } catch {
      return 'Google Scholar';
    }
  },
};
