/** Synthetic but realistic paper titles (and abstracts) for benchmarks: deterministic (seeded). */
import { compileSeedDir } from '../../lib/corpus/node';
import { rng } from '../../lib/random';

export { rng };

const METHODS = ['Flash', 'Sparse', 'Neural', 'Deep', 'Graph', 'Meta', 'Hyper', 'Quant', 'Lo', 'Mix', 'Diff', 'Trans', 'Auto', 'Self', 'Multi', 'Omni', 'Mega', 'Tiny', 'Fast', 'Turbo'];
const SUFFIX = ['Net', 'Former', 'GPT', 'BERT', 'Diff', 'LoRA', 'Mixer', 'Flow', 'Gen', 'Fusion', 'Prompt', 'Agent', 'Bench', 'Tune', 'Merge', 'Quant', 'Prune', 'KV', 'Seg', 'Det'];

export interface SynthPaper {
  id: string;
  title: string;
  abstract: string;
  year: number;
  authors: string[];
}

/**
 * n papers; titles built from the seed corpus vocabulary with common title templates; abstracts of
 * 60 words, or of about `abstractChars` characters when given.
 */
export function synthPapers(n: number, seed = 42, abstractChars?: number): SynthPaper[] {
  const corpus = compileSeedDir('seeds');
  const titleWords = [...new Set(corpus.papers.flatMap((p) => p.title.split(/\s+/)).filter((w) => /^[A-Za-z][a-z-]{3,}$/.test(w)))];
  const absWords = [...new Set(corpus.papers.flatMap((p) => p.abstract.split(/\s+/)).filter((w) => /^[a-z]{3,}$/.test(w)))];
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  // Real title vocabularies are Zipfian with a long tail of rare words and names: mix frequent title
  // words, abstract words (Zipf-ranked) and made-up method names and terms.
  const syll = ['ka', 'lo', 'ri', 'ne', 'zu', 'ta', 'mi', 'so', 'ver', 'gan', 'dex', 'tron', 'lix', 'mor', 'pha', 'qu', 'vi', 'ber', 'sa', 'nu'];
  const coin = () => Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(syll)).join('');
  const rare = Array.from({ length: Math.max(2000, Math.floor(n / 4)) }, coin);
  const zipf = (a: string[]) => a[Math.floor(a.length * Math.pow(r(), 2.5))]!;
  const word = () => {
    const x = r();
    if (x < 0.55) return zipf(titleWords);
    if (x < 0.85) return zipf(absWords);
    return pick(rare);
  };
  const phrase = (k: number) => Array.from({ length: k }, word).join(' ');
  const out: SynthPaper[] = [];
  for (let i = 0; i < n; i++) {
    const t = r();
    const name = `${r() < 0.5 ? pick(METHODS) : coin()[0]!.toUpperCase() + coin()}${pick(SUFFIX)}${r() < 0.3 ? `-${Math.floor(r() * 9) + 1}` : ''}`;
    let title: string;
    if (t < 0.35) title = `${name}: ${phrase(3 + Math.floor(r() * 4))} for ${phrase(2 + Math.floor(r() * 2))}`;
    else if (t < 0.6) title = `${phrase(2 + Math.floor(r() * 3))} with ${phrase(2 + Math.floor(r() * 3))}`;
    else if (t < 0.8) title = `On the ${phrase(2)} of ${phrase(2 + Math.floor(r() * 3))}`;
    else title = `${phrase(4 + Math.floor(r() * 6))}`;
    const words: string[] = [];
    for (let len = 0; abstractChars ? len < abstractChars : words.length < 60; ) {
      const w = pick(absWords);
      words.push(w);
      len += w.length + 1;
    }
    const abstract = words.join(' ') + '.';
    out.push({ id: `s${i}`, title, abstract, year: 2015 + Math.floor(r() * 11), authors: [`${pick(titleWords)} ${coin()}`] });
  }
  return out;
}
