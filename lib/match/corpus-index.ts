/** Build a match index over the bundled corpus (and optionally extra papers). */
import type { BundledCorpus } from '../corpus/types';
import { MatchIndex, type MatchDoc } from './index';

export function corpusMatchIndex(corpus: BundledCorpus, extra: Array<MatchDoc & { abstract?: string | null }> = []): MatchIndex {
  const abstracts = new Map<string, string>();
  for (const p of corpus.papers) abstracts.set(p.id, p.abstract);
  for (const e of extra) if (e.abstract) abstracts.set(e.id, e.abstract);
  const idx = new MatchIndex({ getAbstract: (id) => abstracts.get(id) });
  idx.addAll([...corpus.papers.map((p) => ({ id: p.id, title: p.title })), ...extra]);
  return idx;
}
