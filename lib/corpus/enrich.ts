/** Build-time enrichment of the compiled corpus (topics are added by the Topic tags issue). */
import type { BundledCorpus } from './types';

export function enrichCorpus(corpus: BundledCorpus): BundledCorpus {
  return corpus;
}
