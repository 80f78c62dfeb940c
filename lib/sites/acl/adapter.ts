/** ACL Anthology person and event pages: rows with span.d-block > strong > a[href="/<anthology-id>/"]. */
import { absolutize, all, hostOf, textOf, titleOf } from '../dom';
import type { PaperEntry, SiteAdapter } from '../types';
import { spec } from './spec';

export const acl: SiteAdapter = {
  id: spec.id,
  name: spec.label,
  matches(url) {
    return hostOf(url) === 'aclanthology.org';
  },
  findEntries(root, pageUrl) {
    const out: PaperEntry[] = [];
    const seen = new Set<Element>();
    for (const a of all(root, 'span.d-block > strong > a[href]')) {
      const row = a.closest('.d-sm-flex') ?? a.closest('p, div');
      if (!row || seen.has(row)) continue;
      seen.add(row);
      const href = absolutize(a.getAttribute('href'), pageUrl);
      const id = /aclanthology\.org\/([^/]+)\/?$/.exec(href ?? '')?.[1];
      const title = titleOf(a);
      if (!id || !title) continue;
      const authors = all(row, 'span.d-block > a[href*="/people/"], span.d-block > a[href*="/people/"]').map((x) => textOf(x));
      const year = /^[A-Z](\d{2})-|^(\d{4})\./.exec(id);
      out.push({
        element: row,
        anchor: a.closest('strong') ?? a,
        title,
        arxivId: null,
        arxivVersion: null,
        doi: null,
        url: href,
        abstract: null,
        authors,
        year: year ? (year[2] ? Number(year[2]) : 2000 + Number(year[1])) : null,
        key: `acl:${id}`,
      });
    }
    return out;
  },
  label() {
    return 'ACL Anthology';
  },
};
