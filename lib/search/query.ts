/** Power-user query syntax: t:<topic> saved: y:2024 y:2020-2023 src:<source> "quoted phrases". */
export interface ParsedQuery {
  text: string;
  phrases: string[];
  topic: string | null;
  saved: boolean;
  yearFrom: number | null;
  yearTo: number | null;
  source: 'bundled' | 'seen' | 'imported' | 'saved' | null;
}

export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { text: '', phrases: [], topic: null, saved: false, yearFrom: null, yearTo: null, source: null };
  const rest: string[] = [];
  const re = /"([^"]*)"?|(\S+)/g;
  for (const m of q.matchAll(re)) {
    if (m[1] !== undefined) {
      const p = m[1].trim();
      if (p) {
        out.phrases.push(p.toLowerCase());
        rest.push(p);
      }
      continue;
    }
    const tok = m[2]!;
    let mm: RegExpExecArray | null;
    if ((mm = /^(?:t|topic):(.+)$/i.exec(tok))) out.topic = mm[1]!.toLowerCase();
    else if (/^saved:?$/i.test(tok) || /^is:saved$/i.test(tok)) out.saved = true;
    else if ((mm = /^(?:y|year):(\d{4})(?:(?:-|\.\.)(\d{4}))?$/i.exec(tok))) {
      out.yearFrom = Number(mm[1]);
      out.yearTo = mm[2] ? Number(mm[2]) : Number(mm[1]);
    } else if ((mm = /^(?:src|source):(bundled|corpus|seen|imported|saved)$/i.exec(tok))) {
      const s = mm[1]!.toLowerCase();
      out.source = (s === 'corpus' ? 'bundled' : s) as ParsedQuery['source'];
    } else rest.push(tok);
  }
  out.text = rest.join(' ').trim();
  return out;
}

export const QUERY_HINT = 't:peft  saved:  y:2024  y:2020-2023  src:seen  "exact phrase"';
