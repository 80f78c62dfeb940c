/**
 * npm run tag -- <file.jsonl>
 * Reads {"title":…, "abstract"?:…} lines and prints {"topics":[ids…]} lines (default taxonomy).
 */
import { readFileSync } from 'node:fs';
import { createTagger } from '../lib/topics/classifier';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run tag -- <file.jsonl>');
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (e) {
  console.error(`cannot read ${file}: ${(e as Error).message}`);
  process.exit(2);
}
const tagger = createTagger();
const out: string[] = [];
text.split(/\r?\n/).forEach((line, i) => {
  if (!line.trim()) return;
  try {
    const r = JSON.parse(line) as { title?: unknown; abstract?: unknown };
    if (typeof r.title !== 'string') throw new Error('no "title" string');
    out.push(JSON.stringify({ topics: tagger.tag(r.title, typeof r.abstract === 'string' ? r.abstract : null).map((t) => t.id) }));
  } catch (e) {
    console.error(`${file}:${i + 1}: ${(e as Error).message}`);
    out.push(JSON.stringify({ topics: [], error: 'unreadable line' }));
  }
});
process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
