/** DOM helpers shared by the site adapters. Read-only; work in browsers and in linkedom. */
import { collapseWhitespace, parseArxivId, stripListingPrefixes } from '../match/normalize';
import type { PaperEntry, ScanPlan } from './types';

/** Every entry of a scan plan, read at once (findEntries; the observer reads long plans in slices). */
export function readPlan(plan: ScanPlan): PaperEntry[] {
  const out: PaperEntry[] = [];
  for (const el of plan.elements) {
    const e = plan.entryOf(el);
    if (e) out.push(e);
  }
  return out;
}

const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON', 'MJX-ASSISTIVE-MML']);

/**
 * Visible text of an element: script/style skipped; MathJax v2 rendered spans replaced by their TeX
 * source ($...$); MathJax v3 containers by their assistive MathML text.
 */
export function textOf(el: Node | null | undefined, skip?: (el: Element) => boolean): string {
  if (!el) return '';
  let out = '';
  const walk = (n: Node): void => {
    if (n.nodeType === 3) {
      out += n.nodeValue ?? '';
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 11 && n.nodeType !== 9) return;
    if (n.nodeType === 1) {
      const e = n as Element;
      const tag = e.tagName.toUpperCase();
      if (tag === 'SCRIPT') {
        const type = e.getAttribute('type') ?? '';
        if (type.startsWith('math/tex')) out += ` $${e.textContent ?? ''}$ `;
        return;
      }
      if (SKIP_TAGS.has(tag)) return;
      if (skip?.(e)) return;
      const cls = e.getAttribute('class') ?? '';
      if (/(^|\s)(MathJax|MathJax_Preview|MathJax_Display|MJX_Assistive_MathML)(\s|$)/.test(cls)) return;
      if (tag === 'MJX-CONTAINER') {
        const mml = e.querySelector('mjx-assistive-mml');
        out += ` ${mml?.textContent ?? ''} `;
        return;
      }
      if (tag === 'BR') out += ' ';
    }
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(el);
  return collapseWhitespace(out);
}

/**
 * An entry's title as the page shows it, without the prefixes listings glue to it ([PDF], "Title:"). Text
 * read from the DOM has its character references decoded already (the background's title key decodes any
 * a page shows literally), so the content script carries no entity table.
 */
export function titleOf(el: Element | null | undefined, skip?: (el: Element) => boolean): string {
  return collapseWhitespace(stripListingPrefixes(textOf(el, skip)));
}

export function absolutize(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  if (/^\s*javascript:/i.test(href)) return null;
  try {
    const u = new URL(href, base);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
    return u.href;
  } catch {
    return null;
  }
}

/** arXiv id and version from an arxiv.org/abs|pdf URL or path. */
export function arxivFromHref(href: string | null | undefined): { id: string; version: string | null } | null {
  if (!href) return null;
  const m = /(?:^|arxiv\.org)\/(?:abs|pdf|html|format)\/([^?#\s]+?)(?:\.pdf)?(?:[?#].*)?$/i.exec(href);
  if (!m) return null;
  return parseArxivId(m[1]!);
}

export function yearFrom(text: string): number | null {
  const m = /\b(19[5-9]\d|20\d\d)\b(?!.*\b(19[5-9]\d|20\d\d)\b)/.exec(text);
  return m ? Number(m[1]) : null;
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** querySelectorAll that never throws (broken markup, odd documents). */
export function all(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    return [];
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
