/**
 * npm run bench: speed and memory figures, printed side by side with the peer libraries.
 * Sections: tag, search (MiniSearch, FlexSearch), library, match (Fuse.js, linear scan), browser (Chromium).
 * Run only some: npm run bench -- search tag
 */
import { runMatchBench } from './bench/match';
import { runBrowserBench } from './bench/browser';
import { runLibraryBench, runSearchBench, runTagBench } from './bench/other';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sections: Array<[string, () => Promise<string>]> = [
  ['tag', () => runTagBench()],
  ['search', () => runSearchBench()],
  ['library', () => runLibraryBench()],
  ['match', () => runMatchBench()],
  ['browser', () => runBrowserBench()],
];
if (!(globalThis as { gc?: unknown }).gc) console.warn('(run with node --expose-gc for accurate memory figures; npm run bench does)');
for (const [name, run] of sections) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  console.log(await run());
}
