/**
 * Any other page (blogs, GitHub READMEs, social sites): links to arxiv.org/abs|pdf/<id> and
 * huggingface.co/papers/<id> become entries, one per paper (its first link). The title is the link
 * text when it looks like a title, else the id. Off by default; the user opts in per site.
 */
import { parseArxivId } from '../match/normalize';
import { absolutize, all, arxivFromHref, hostOf, titleOf } from './dom';
import type { PaperEntry, SiteAdapter } from './types';

const MAX_LINKS = 20_000;

function looksLikeTitle(text: string, id: string): boolean {
  if (text.length < 12 || text.length > 300) return false;
  if (text.includes(id) || /^(https?:|www\.|arxiv\b|\[?pdf\]?$|paper$|link$|here$|abs$)/i.test(text)) return false;
  if (/^(arxiv|hf|hugging ?face)( ?paper)?:?\s*\d/i.test(text)) return false;
  const words = text.split(/\s+/).filter((w) => /[\p{L}]{2,}/u.test(w));
  return words.length >= 2;
}

export const generic: SiteAdapter = {
  id: 'generic',
  name: 'Paper links',
  matches(url) {
    return /^https?:/.test(url);
  },
  findEntries(root, pageUrl) {
    const byId = new Map<string, PaperEntry>();
    const links = all(root, 'a[href*="arxiv.org/"], a[href*="huggingface.co/papers/"], a[href^="/papers/"]');
    for (const a of links.slice(0, MAX_LINKS)) {
      const href = absolutize(a.getAttribute('href'), pageUrl);
      if (!href) continue;
      const host = hostOf(href);
      let ax: { id: string; version: string | null } | null = null;
      if (host === 'arxiv.org' || host === 'www.arxiv.org' || host === 'export.arxiv.org') ax = arxivFromHref(href);
      else if (host === 'huggingface.co') {
        const m = /^https:\/\/huggingface\.co\/papers\/([^/?#]+)\/?(?:[?#].*)?$/.exec(href);
        ax = m ? parseArxivId(m[1]!) : null;
      }
      if (!ax) continue;
      const text = titleOf(a);
      const existing = byId.get(ax.id);
      if (existing) {
        // A later link with a real title beats an earlier bare-id link.
        if (existing.title === ax.id && looksLikeTitle(text, ax.id)) {
          byId.set(ax.id, { ...existing, element: a, anchor: a, title: text });
        }
        continue;
      }
      byId.set(ax.id, {
        element: a,
        anchor: a,
        title: looksLikeTitle(text, ax.id) ? text : ax.id,
        arxivId: ax.id,
        arxivVersion: ax.version,
        doi: null,
        url: `https://arxiv.org/abs/${ax.id}`,
        abstract: null,
        authors: [],
        year: null,
        key: `link:${ax.id}`,
      });
    }
    // Page order.
    const entries = [...byId.values()];
    const order = new Map(links.map((l, i) => [l, i] as const));
    return entries.sort((x, y) => (order.get(x.element) ?? 0) - (order.get(y.element) ?? 0));
  },
  label(pageUrl) {
    return hostOf(pageUrl) || 'web page';
  },
};

