/**
 * npm run bench: speed and memory figures, printed side by side with the peer libraries.
 * Sections: matching (Fuse.js, linear scan), … Pass section names to run only some: npm run bench -- match
 */
import { runMatchBench } from './bench/match';

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sections: Array<[string, () => Promise<string>]> = [['match', () => runMatchBench()]];
if (!(globalThis as { gc?: unknown }).gc) console.warn('(run with node --expose-gc for accurate memory figures; npm run bench does)');
for (const [name, run] of sections) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  console.log(await run());
}
