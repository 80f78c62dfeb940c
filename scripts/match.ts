/**
 * npm run match -- <file.jsonl> [--corpus <papers.jsonl>]
 * Reads one entry per line ({"title":…, "arxivId"?:…, "abstract"?:…}) and prints one JSON line per
 * entry: {"match": <corpus title or null>, "id": …, "kind": "id"|"exact"|"fuzzy"|null, "score": …}
 * against the bundled corpus (compiled from seeds/) plus optional extra papers
 * ({"title":…, "id"?:…, "arxivId"?:…, "doi"?:…, "abstract"?:…} per line).
 */
import { compileSeedDir } from '../lib/corpus/node';
import { corpusMatchIndex } from '../lib/match/corpus-index';
import type { MatchDoc } from '../lib/match/index';
import { readTitleJsonl, str, writeLines } from './cli';

const args = process.argv.slice(2);
const ci = args.indexOf('--corpus');
const extraFile = ci >= 0 ? args[ci + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--corpus');
if (!file) {
  console.error('usage: npm run match -- <file.jsonl> [--corpus <papers.jsonl>]');
  process.exit(2);
}
const extra: Array<MatchDoc & { abstract?: string | null }> = extraFile
  ? readTitleJsonl(extraFile).flatMap((r, i) =>
      r.ok ? [{ id: str(r.value.id) ?? `extra-${i}`, title: r.value.title, arxivId: str(r.value.arxivId), doi: str(r.value.doi), abstract: str(r.value.abstract) }] : [],
    )
  : [];
const index = corpusMatchIndex(compileSeedDir('seeds'), extra);
writeLines(
  readTitleJsonl(file).map((r) => {
    if (!r.ok) return JSON.stringify({ match: null, id: null, kind: null, score: 0, error: 'unreadable line' });
    const m = index.lookup({ title: r.value.title, arxivId: str(r.value.arxivId), doi: str(r.value.doi), abstract: str(r.value.abstract) });
    return JSON.stringify(m ? { match: m.title, id: m.id, kind: m.kind === 'doi' ? 'id' : m.kind, score: m.score, reason: m.reason } : { match: null, id: null, kind: null, score: 0 });
  }),
);
