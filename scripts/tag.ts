/**
 * npm run tag -- <file.jsonl>
 * Reads {"title":…, "abstract"?:…} lines and prints {"topics":[ids…]} lines (default taxonomy).
 */
import { createTagger } from '../lib/topics/classifier';
import { readTitleJsonl, str, writeLines } from './cli';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run tag -- <file.jsonl>');
  process.exit(2);
}
const tagger = createTagger();
writeLines(
  readTitleJsonl(file).map((r) =>
    JSON.stringify(r.ok ? { topics: tagger.tag(r.value.title, str(r.value.abstract)).map((t) => t.id) } : { topics: [], error: 'unreadable line' }),
  ),
);
