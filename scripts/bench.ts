/**
 * npm run bench: speed and memory figures, printed side by side with the peer libraries.
 * Sections: tag, rank ("for you": quality and speed), zotero (sync against a stand-in Zotero), search (MiniSearch, FlexSearch), library, match (Fuse.js, linear scan), browser (Chromium),
 * import (Chromium, a 100k-entry BibTeX file through the options page), scale (Chromium, a library of a million papers: takes the longest; --papers N).
 * Run only some: npm run bench -- search tag
 */
import { runMatchBench } from './bench/match';
import { runScaleBench } from './bench/scale';
import { runImportBench } from './bench/import';
import { runBrowserBench } from './bench/browser';
import { runLibraryBench, runSearchBench, runTagBench } from './bench/other';
import { runRankBench } from './bench/rank';
import { runZoteroBench } from './bench/zotero';

const args = process.argv.slice(2);
const only = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--') && /^[\d,]+$/.test(a)));
const sections: Array<[string, () => Promise<string>]> = [
  ['tag', () => runTagBench()],
  ['rank', () => runRankBench()],
  ['zotero', () => runZoteroBench()],
  ['search', () => runSearchBench()],
  ['library', () => runLibraryBench()],
  ['match', () => runMatchBench()],
  ['browser', () => runBrowserBench()],
  ['import', () => runImportBench()],
  ['scale', () => runScaleBench()],
];
if (!(globalThis as { gc?: unknown }).gc) console.warn('(run with node --expose-gc for accurate memory figures; npm run bench does)');
for (const [name, run] of sections) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  console.log(await run());
}
