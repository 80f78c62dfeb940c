/**
 * npm run detect -- <page.html> --url <the page's real URL> [--all]
 * Parses a saved page in Node (linkedom), runs the adapter the URL selects (the same code the
 * content script runs) and prints one JSON line per entry.
 */
import { adapterFor } from '../lib/sites';
import { parsePage } from '../lib/sites/parse-node';
import { readTextOrExit } from './cli';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--url');
const urlIdx = args.indexOf('--url');
const url = urlIdx >= 0 ? args[urlIdx + 1] : undefined;
if (!file || !url) {
  console.error('usage: npm run detect -- <page.html> --url <the page\'s real URL> [--generic]');
  process.exit(2);
}
const adapter = adapterFor(url, { allowGeneric: args.includes('--generic') });
if (!adapter) {
  console.error(`no adapter for ${url} (pass --generic to use the paper-link fallback)`);
  process.exit(2);
}
const entries = adapter.findEntries(parsePage(readTextOrExit(file)), url);
for (const e of entries) {
  console.log(JSON.stringify({ title: e.title, arxivId: e.arxivId, url: e.url, hasAbstract: !!e.abstract }));
}
console.error(`${adapter.name}: ${entries.length} entries`);
