/**
 * Power-user query syntax: t:<topic> saved: y:2024 y:2020-2023 src:<source> "quoted phrases", and paper
 * ids (an arXiv id or URL, a DOI or DOI URL) anywhere in the query.
 */
import { normalizeDoi, parseArxivId } from '../match/normalize';

export interface ParsedQuery {
  text: string;
  phrases: string[];
  /** A topic id when `t:` named a known topic (by id or by the label users see), else what was typed. */
  topic: string | null;
  saved: boolean;
  yearFrom: number | null;
  yearTo: number | null;
  source: 'bundled' | 'seen' | 'imported' | 'saved' | 'zotero' | null;
  /** Paper ids the query names: find those papers first. */
  arxivId: string | null;
  doi: string | null;
}

export interface TopicName {
  id: string;
  label: string;
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The topic `t:` names: an id, a label ("t:LLMs", "t:graph learning", t:"Speech & audio"), or the start
 * of exactly one label ("t:graph"). Returns the id and how many of the following words it used.
 */
function resolveTopic(first: string, next: string[], topics: TopicName[]): { id: string; used: number } | null {
  const want = norm(first);
  const byId = topics.find((t) => t.id.toLowerCase() === first.toLowerCase());
  if (byId) return { id: byId.id, used: 0 };
  // The longest run of words that is a whole label.
  for (let k = Math.min(next.length, 4); k >= 0; k--) {
    const phrase = norm([first, ...next.slice(0, k)].join(' '));
    const hit = topics.find((t) => norm(t.label) === phrase);
    if (hit) return { id: hit.id, used: k };
  }
  const starts = topics.filter((t) => norm(t.label).startsWith(want) || norm(t.label).split(' ').includes(want));
  return starts.length === 1 ? { id: starts[0]!.id, used: 0 } : null;
}

export function parseQuery(q: string, topics: TopicName[] = []): ParsedQuery {
  const out: ParsedQuery = { text: '', phrases: [], topic: null, saved: false, yearFrom: null, yearTo: null, source: null, arxivId: null, doi: null };
  const rest: string[] = [];
  const re = /(t|topic):"([^"]*)"?|"([^"]*)"?|(\S+)/gi;
  const parts = [...q.matchAll(re)];
  for (let i = 0; i < parts.length; i++) {
    const m = parts[i]!;
    if (m[2] !== undefined) {
      out.topic = resolveTopic(m[2], [], topics)?.id ?? m[2].toLowerCase();
      continue;
    }
    if (m[3] !== undefined) {
      const p = m[3].trim();
      if (p) {
        out.phrases.push(p.toLowerCase());
        rest.push(p);
      }
      continue;
    }
    const tok = m[4]!;
    let mm: RegExpExecArray | null;
    if ((mm = /^(?:t|topic):(.+)$/i.exec(tok))) {
      const following = parts.slice(i + 1).map((p) => p[4] ?? '').filter((w) => w && !w.includes(':'));
      const hit = resolveTopic(mm[1]!, following, topics);
      out.topic = hit?.id ?? mm[1]!.toLowerCase();
      i += hit?.used ?? 0;
    } else if (/^saved:?$/i.test(tok) || /^is:saved$/i.test(tok)) out.saved = true;
    else if ((mm = /^(?:y|year):(\d{4})(?:(?:-|\.\.)(\d{4}))?$/i.exec(tok))) {
      out.yearFrom = Number(mm[1]);
      out.yearTo = mm[2] ? Number(mm[2]) : Number(mm[1]);
    } else if ((mm = /^(?:src|source):(bundled|corpus|seen|imported|saved)$/i.exec(tok))) {
      const s = mm[1]!.toLowerCase();
      out.source = (s === 'corpus' ? 'bundled' : s) as ParsedQuery['source'];
    } else {
      const doi = /10\.\d{4,9}\//.test(tok) ? normalizeDoi(tok) : null;
      const ax = !doi && (/^(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?$/i.test(tok) || /arxiv\.org\/(?:abs|pdf|html)\//i.test(tok) || /^(?:arxiv:)?[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?$/i.test(tok)) ? parseArxivId(tok)?.id ?? null : null;
      if (doi) out.doi ??= doi;
      else if (ax) out.arxivId ??= ax;
      else rest.push(tok);
    }
  }
  out.text = rest.join(' ').trim();
  return out;
}

export const QUERY_HINT = 't:LLMs  saved:  y:2024  y:2020-2023  src:seen  "exact phrase"  2407.21783';
