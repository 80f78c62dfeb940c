/**
 * Checks the seed listings compile (the build does the same through the Vite plugin) and prints the corpus
 * figures. A malformed seed file exits 1 with "file:line: reason".
 */
import { corpusStats, SeedError } from '../lib/corpus/compile';
import { compileSeedDir } from '../lib/corpus/node';

try {
  const s = corpusStats(compileSeedDir(process.argv[2] ?? 'seeds'));
  console.log(`[paper-lens] seeds OK: ${s.entries} entries, ${s.papers} papers, ${s.multiListing} on several listings`);
} catch (e) {
  if (e instanceof SeedError) {
    console.error(`[paper-lens] malformed seed listing: seeds/${e.message}`);
    process.exit(1);
  }
  throw e;
}
