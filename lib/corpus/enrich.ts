/** Build-time enrichment of the compiled corpus: topic tags computed once, so the extension never tags corpus papers at run time. */
import { classify } from '../topics/classifier';
import type { BundledCorpus } from './types';

export function enrichCorpus(corpus: BundledCorpus): BundledCorpus {
  return {
    ...corpus,
    papers: corpus.papers.map((p) => ({ ...p, topicTags: classify(p.title, p.abstract).map((t) => ({ id: t.id, score: Math.round(t.score * 10) / 10, why: t.why })) })),
  };
}
