/**
 * npm run match -- <file.jsonl> [--corpus <papers.jsonl>]
 * Reads one entry per line ({"title":…, "arxivId"?:…, "abstract"?:…}) and prints one JSON line per
 * entry: {"match": <corpus title or null>, "id": …, "kind": "id"|"exact"|"fuzzy"|null, "score": …}
 * against the bundled corpus (compiled from seeds/) plus optional extra papers
 * ({"title":…, "id"?:…, "arxivId"?:…, "doi"?:…, "abstract"?:…} per line).
 */
import { readFileSync } from 'node:fs';
import { compileSeedDir } from '../lib/corpus/node';
import { corpusMatchIndex } from '../lib/match/corpus-index';
import type { MatchDoc } from '../lib/match/index';

function readJsonl(file: string): Array<Record<string, unknown>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    process.exit(2);
  }
  return text.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      const v = JSON.parse(line) as unknown;
      if (!v || typeof v !== 'object' || typeof (v as { title?: unknown }).title !== 'string') throw new Error('no "title" string');
      return [v as Record<string, unknown>];
    } catch (e) {
      console.error(`${file}:${i + 1}: skipped: ${(e as Error).message}`);
      return [{ __bad: true }];
    }
  });
}

const args = process.argv.slice(2);
const ci = args.indexOf('--corpus');
const extraFile = ci >= 0 ? args[ci + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--corpus');
if (!file) {
  console.error('usage: npm run match -- <file.jsonl> [--corpus <papers.jsonl>]');
  process.exit(2);
}
const extra: Array<MatchDoc & { abstract?: string | null }> = extraFile
  ? readJsonl(extraFile)
      .filter((r) => !r.__bad)
      .map((r, i) => ({
        id: typeof r.id === 'string' ? r.id : `extra-${i}`,
        title: String(r.title),
        arxivId: typeof r.arxivId === 'string' ? r.arxivId : null,
        doi: typeof r.doi === 'string' ? r.doi : null,
        abstract: typeof r.abstract === 'string' ? r.abstract : null,
      }))
  : [];
const index = corpusMatchIndex(compileSeedDir('seeds'), extra);
const out: string[] = [];
for (const r of readJsonl(file)) {
  if (r.__bad) {
    out.push(JSON.stringify({ match: null, id: null, kind: null, score: 0, error: 'unreadable line' }));
    continue;
  }
  const m = index.lookup({
    title: String(r.title),
    arxivId: typeof r.arxivId === 'string' ? r.arxivId : null,
    doi: typeof r.doi === 'string' ? r.doi : null,
    abstract: typeof r.abstract === 'string' ? r.abstract : null,
  });
  out.push(JSON.stringify(m ? { match: m.title, id: m.id, kind: m.kind === 'doi' ? 'id' : m.kind, score: m.score, reason: m.reason } : { match: null, id: null, kind: null, score: 0 }));
}
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
