/**
 * CVF open access (openaccess.thecvf.com): conference and workshop pages list papers as dt.ptitle
 * (the title linking /content…/html/<Name>_paper.html) followed by dd elements with the authors and the
 * pdf / supp / arXiv / bibtex links. CVPR 2019's all-days page has 1,294 of them. The index of
 * conferences and the paper pages have no dt.ptitle: no entries there.
 */
import { absolutize, all, arxivFromHref, hostOf, pathOf, readPlan, textOf, titleOf, yearFrom } from '../dom';
import type { PaperEntry, ScanPlan, SiteAdapter } from '../types';
import { spec } from './spec';

/** The dd elements after a dt, up to the next dt. */
function ddsOf(dt: Element): Element[] {
  const out: Element[] = [];
  for (let n = dt.nextElementSibling; n && n.tagName.toUpperCase() !== 'DT'; n = n.nextElementSibling) if (n.tagName.toUpperCase() === 'DD') out.push(n);
  return out;
}

function plan(root: ParentNode, pageUrl: string): ScanPlan {
  const seen = new Set<string>();
  return {
    elements: all(root, 'dt.ptitle'),
    entryOf(dt) {
      const a = dt.querySelector('a[href]');
      // Pages saved from the http:// days link http://openaccess.thecvf.com: the site is https now.
      const href = absolutize(a?.getAttribute('href'), pageUrl)?.replace(/^http:\/\/openaccess\.thecvf\.com\//, 'https://openaccess.thecvf.com/') ?? null;
      const title = titleOf(a ?? dt);
      if (!title) return null;
      const dds = ddsOf(dt);
      let ax: { id: string; version: string | null } | null = null;
      let bib = '';
      for (const dd of dds) {
        for (const l of all(dd, 'a[href*="arxiv.org/"]')) ax ??= arxivFromHref(l.getAttribute('href'));
        bib ||= textOf(dd.querySelector('.bibref'));
      }
      const authors = dds.length ? all(dds[0]!, 'form.authsearch input[name="query"]').map((i) => (i.getAttribute('value') ?? '').trim()).filter(Boolean) : [];
      const name = /\/([^/]+)_paper\.html$/.exec(href ?? '')?.[1];
      const key = `cvf:${name ?? title}`;
      if (seen.has(key)) return null;
      seen.add(key);
      const year = /\byear\s*=\s*\{?(\d{4})/.exec(bib)?.[1] ?? /_(\d{4})_/.exec(href ?? '')?.[1];
      return {
        element: dt,
        anchor: dt,
        title,
        arxivId: ax?.id ?? null,
        arxivVersion: ax?.version ?? null,
        doi: null,
        url: href,
        abstract: null,
        authors,
        year: year ? Number(year) : yearFrom(pathOf(pageUrl)),
        key,
        parts: dds,
      };
    },
  };
}

export const cvf: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    return hostOf(url) === 'openaccess.thecvf.com';
  },
  reserveSelector() {
    return 'dl > dt.ptitle';
  },
  findEntries(root, pageUrl) {
    return readPlan(plan(root, pageUrl));
  },
  scanPlan(root, pageUrl) {
    return plan(root, pageUrl);
  },
  label(pageUrl) {
    // /CVPR2019?day=all, /ICCV2023, /WACV2024_workshops/…: the conference and year.
    const m = /^\/([A-Z]+)(\d{4})/.exec(pathOf(pageUrl));
    return m ? `CVF ${m[1]} ${m[2]}` : 'CVF open access';
  },
};
