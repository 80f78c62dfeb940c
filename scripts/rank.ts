/**
 * npm run rank -- --library LIB.jsonl LISTING.jsonl
 * LIB and LISTING lines are {"title", "abstract"?}. Prints one JSON line per LISTING line, in order,
 * {"score": number} (higher = more like the library), through the extension's own ranking code
 * (lib/rank/profile.ts). An empty library gives every entry 0 (and says so on stderr).
 */
import { RankProfile } from '../lib/rank/profile';
import { readTitleJsonl, str, writeLines } from './cli';

const args = process.argv.slice(2);
const li = args.indexOf('--library');
const libFile = li >= 0 ? args[li + 1] : undefined;
const listing = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--library');
if (!libFile || !listing) {
  console.error('usage: npm run rank -- --library LIB.jsonl LISTING.jsonl');
  process.exit(2);
}
const profile = new RankProfile();
readTitleJsonl(libFile).forEach((r, i) => {
  if (r.ok) profile.add({ id: String(i), title: r.value.title, abstract: str(r.value.abstract) });
});
if (profile.size === 0) console.error(`${libFile}: no papers in the library: every score is 0`);
const round = (x: number) => Math.round(x * 1e6) / 1e6;
writeLines(
  readTitleJsonl(listing).map((r) => {
    if (!r.ok) return JSON.stringify({ score: 0, error: 'unreadable line' });
    return JSON.stringify({ score: round(profile.score(r.value.title, str(r.value.abstract)) ?? 0) });
  }),
);
