import { parseArxivId } from '../match/normalize';

/** arXiv id of an arxiv.org/abs|pdf or huggingface.co/papers link (for the "Save to Paper Lens" menu). */
export function paperIdFromLink(url: string | undefined | null): string | null {
  if (!url) return null;
  const m = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/([^?#]+?)(?:\.pdf)?(?:[?#].*)?$/i.exec(url) ?? /^https?:\/\/huggingface\.co\/papers\/([^/?#]+)/i.exec(url);
  if (!m) return null;
  try {
    return parseArxivId(decodeURIComponent(m[1]!))?.id ?? null;
  } catch {
    return null;
  }
}
