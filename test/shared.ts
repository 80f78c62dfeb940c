/** Access to the real saved pages in ../shared/fixtures. Tests that need them skip, saying so, when absent. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SHARED_FIXTURES = resolve(__dirname, '../../shared/fixtures');
export const HAS_FIXTURES = existsSync(SHARED_FIXTURES);
export const SKIP_REASON = `../shared/fixtures not found at ${SHARED_FIXTURES}: tests on real saved pages are skipped`;

if (!HAS_FIXTURES) console.warn(`[paper-lens] ${SKIP_REASON}`);

export function fixture(rel: string): string {
  return readFileSync(resolve(SHARED_FIXTURES, rel), 'utf8');
}
