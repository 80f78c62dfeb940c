import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSeedDir } from '../corpus/node';
import { corpusMatchIndex } from './corpus-index';
import { abstractsCanDecide, compareTitles, editDistance, features } from './compare';
import { findRepeats, MatchIndex } from './index';
import { normalizeTitle, parseArxivId, titleKey } from './normalize';

interface Case {
  title: string;
  expect: string | null;
  kind: string;
  abstract?: string;
}
const cases: Case[] = readFileSync('test/data/match-dev-cases.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Case);
const corpus = compileSeedDir('seeds');
const index = corpusMatchIndex(corpus);

describe('normalised title keys', () => {
  it.each([
    ['BT$^2$: Backward-compatible Training', 'BT^2: Backward-compatible Training', 'BT²: Backward-compatible Training'],
    ['Efﬁcient Training', 'Efficient training', 'EFFICIENT TRAINING.'],
    ['Fine-tuning LLMs', 'Finetuning LLMs', 'fine tuning llms'],
    ['Title: [PDF] A Study', '[HTML][HTML] A study', '[CITATION][C] a study'],
    ['A Large-Scale Exploration of $\\mu$-Transfer', 'A Large-Scale Exploration of µ-Transfer', 'A Large-Scale Exploration of μ-Transfer'],
    ['Zeroth‑Order Fine‑Tuning', 'Zeroth–Order Fine—Tuning', 'Zeroth-Order Fine-Tuning'],
    ['\\emph{Model Ratatouille}: Recycling', '{\\em Model Ratatouille}: Recycling', 'Model Ratatouille: Recycling'],
    ['Diagonalisation and Normalisation', 'Diagonalization and Normalization', 'diagonalization & normalization'],
    ['Caf&eacute; &amp; R&#233;sum&#xE9;', 'Café & Résumé', 'Cafe and Resume'],
    ['“Quoted” — title', '"Quoted" - title', "quoted title"],
    ['Multi-Task Learning\n  and Semantics', 'Multi-Task  Learning and Semantics', 'Multi Task Learning and Semantics'],
  ])('%s', (...variants: string[]) => {
    const keys = variants.map(titleKey);
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps numbers, versions and parts apart', () => {
    expect(titleKey('Part I')).not.toBe(titleKey('Part II'));
    expect(titleKey('C++ for ML')).not.toBe(titleKey('C for ML'));
    expect(titleKey('YOLOv3')).not.toBe(titleKey('YOLOv4'));
  });

  it('marks Scholar truncation', () => {
    expect(normalizeTitle('Active-Dormant Attention Heads: Mechanistically Demystifying …').truncated).toBe(true);
    expect(normalizeTitle('Graph Attention-based Learning and Resource…').truncated).toBe(true);
    expect(normalizeTitle('Attention Is All You Need').truncated).toBe(false);
  });

  it('parses arXiv ids and versions', () => {
    expect(parseArxivId('arXiv:2407.21783v2')).toEqual({ id: '2407.21783', version: 'v2' });
    expect(parseArxivId('https://arxiv.org/abs/hep-th/9901001v1')).toEqual({ id: 'hep-th/9901001', version: 'v1' });
    expect(parseArxivId('1901.05678')).toEqual({ id: '1901.05678', version: null });
    expect(parseArxivId('1234.5678')).toBeNull(); // month 34
    expect(parseArxivId('not an id')).toBeNull();
  });

  it('property: never throws on arbitrary Unicode, idempotent', () => {
    // Found by the properties below (a prefix that only shows once LaTeX markup is stripped).
    for (const s of ['\\emph{Title:', '\\textbf{[PDF]} Attention', '㈀ￂ']) {
      expect(normalizeTitle(normalizeTitle(s).text).key).toBe(normalizeTitle(s).key);
    }
    expect(titleKey('\\textbf{[PDF]} Attention Is All You Need')).toBe(titleKey('Attention Is All You Need'));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const n = normalizeTitle(s);
        expect(normalizeTitle(n.text).key).toBe(n.key);
        expect(n.key).toMatch(/^[\p{L}\p{N}]*$/u);
      }),
      { numRuns: 2000 },
    );
    // Pieces that interact: prefixes inside markup, compatibility characters that NFKC expands into
    // brackets and letters (U+3200 -> "(ᄀ)"), conjoining jamo, marks, ligatures, truncation.
    const pieces = ['Title:', '[PDF]', '[HTML]', '\\emph{', '}', '$', '&amp;', '...', '…', '.', ' ', '-', "'", '(', ')',
      '&', '+', 'a', 'I', 's', 'é', 'ß', 'ς', 'Σ', '㈀', 'ￂ', 'ᄀ', 'ᅡ', '가', '\u0301', 'ﬁ', 'Ⅴ', '⒮', 'İ'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (a) => {
        const n = normalizeTitle(a.join(''));
        expect(normalizeTitle(n.text).key).toBe(n.key);
      }),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => void normalizeTitle(s)), { numRuns: 2000 });
  });

  it('property: cosmetic variants of a title map to the same key', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,10}$/);
    const cosmetic = (t: string, v: number): string => {
      switch (v) {
        case 0: return t.toUpperCase();
        case 1: return t.toLowerCase();
        case 2: return `Title: ${t}`;
        case 3: return `[PDF] ${t}.`;
        case 4: return t.replace(/ /g, '  \n ');
        case 5: return t.replace(/-/g, '‑');
        case 6: return t.replace(/fi/g, 'ﬁ');
        default: return `  ${t}  `;
      }
    };
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 7 }), (words, v) => {
        const t = words.join(' ');
        expect(titleKey(cosmetic(t, v))).toBe(titleKey(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('matching the dev cases against the bundled corpus', () => {
  it('precision >= 0.995 and recall >= 0.95', () => {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    const wrong: string[] = [];
    for (const c of cases) {
      const m = index.lookup({ title: c.title, abstract: c.abstract ?? null });
      if (m && m.title === c.expect) tp++;
      else if (m) {
        fp++;
        wrong.push(`FP ${c.title} => ${m.title} (${m.reason})`);
      } else if (c.expect) {
        fn++;
        wrong.push(`FN ${c.title}`);
      } else tn++;
    }
    const precision = tp / Math.max(1, tp + fp);
    const recall = tp / Math.max(1, tp + fn);
    const f1 = (2 * precision * recall) / Math.max(1e-9, precision + recall);
    console.log(`[match] dev cases: ${cases.length} · P=${precision.toFixed(3)} R=${recall.toFixed(3)} F1=${f1.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})`);
    expect(wrong).toEqual([]);
    expect(precision).toBeGreaterThanOrEqual(0.995);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('gives a score and a reason; exact and id matches outrank fuzzy', () => {
    const m = index.lookup({ title: 'Orthogonal Adaption for Modular Customization of Diffusion Models' })!;
    expect(m).toMatchObject({ kind: 'fuzzy', title: 'Orthogonal Adaptation for Modular Customization of Diffusion Models' });
    expect(m.score).toBeGreaterThanOrEqual(0.85);
    expect(m.reason).toMatch(/typo/);
    expect(index.lookup({ title: 'graph attention networks' })).toMatchObject({ kind: 'exact' });
  });

  it('precision guards: sequels, numerals, parts, generic short titles', () => {
    const idx = new MatchIndex();
    const known = [
      'Graph Attention Networks',
      'A Disciplined Approach to Neural Network Hyper-Parameters: Part I',
      'Segment Anything in Medical Images',
      'Improved Denoising Diffusion Probabilistic Models v2',
      'Adversarial Classification: Necessary Conditions and Geometric Flows',
    ];
    known.forEach((t, i) => idx.add({ id: `k${i}`, title: t }));
    expect(idx.lookup({ title: 'How Attentive are Graph Attention Networks?' })).toBeNull();
    expect(idx.lookup({ title: 'A Disciplined Approach to Neural Network Hyper-Parameters: Part II' })).toBeNull();
    expect(idx.lookup({ title: 'Segment Anything 2 in Medical Images' })).toBeNull();
    expect(idx.lookup({ title: 'Improved Denoising Diffusion Probabilistic Models v3' })).toBeNull();
    expect(idx.lookup({ title: 'Adversarial Classification' })).toBeNull();
    expect(idx.lookup({ title: 'A Disciplined Aproach to Neural Network Hyper-Parameters: Part I' })).toMatchObject({ id: 'k1', kind: 'fuzzy' });
  });

  it('a supplement, appendix, erratum, reply or comment is a different item; so is another version number', () => {
    const idx = new MatchIndex();
    idx.add({ id: 'llama', title: 'The Llama 3 Herd of Models' });
    idx.add({ id: 'gat', title: 'Graph Attention Networks for Molecular Property Prediction' });
    for (const t of [
      'The Llama 3 Herd of Models: Supplementary material',
      'The Llama 3 Herd of Models - Supplementary Materials',
      'Supplemental Material for The Llama 3 Herd of Models',
      'The Llama 3 Herd of Models: Appendix',
      'Erratum: The Llama 3 Herd of Models',
      'Corrigendum to: The Llama 3 Herd of Models',
      'Reply to: The Llama 3 Herd of Models',
      'Comment on "The Llama 3 Herd of Models"',
      'The Llama 4 Herd of Models',
      'The Llama 3 Herd of Models, Part II',
      'Graph Attention Networks for Molecular Property Prediction: Appendices',
    ]) expect(idx.lookup({ title: t }), t).toBeNull();
    // The paper itself, written differently, still matches.
    expect(idx.lookup({ title: 'The LLaMA 3 herd of models' })).toMatchObject({ id: 'llama' });
    expect(idx.lookup({ title: 'Graph Attention Network for Molecular Property Prediction' })).toMatchObject({ id: 'gat', kind: 'fuzzy' });
  });

  it('version renames: inflections, -ly, plurals, spelling and hyphenation match; a changed content word only with abstracts that agree', () => {
    const idx = new MatchIndex();
    const known = [
      ['a', 'Enhanced Retrieval Augmentation for Long Document Question Answering'],
      ['b', 'High-Efficient Token Merging for Vision Transformers'],
      ['c', 'Learning Part Correspondences for Articulated Shape Assembly'],
      ['d', 'Optimising Sparse Mixtures of Experts with Routing Regularisation'],
      ['e', 'Finding Small Subnetworks That Train Well From Initialization'],
      ['f', 'Scaling Instruction Tuned Language Models to Many Tasks'],
    ] as const;
    for (const [id, title] of known) idx.add({ id, title });
    const same: Array<[string, string]> = [
      ['Enhancing Retrieval Augmentation for Long Document Question Answering', 'a'],
      ['Highly Efficient Token Merging for Vision Transformers', 'b'],
      ['Learning Parts Correspondences for Articulated Shape Assembly', 'c'],
      ['Optimizing Sparse Mixture of Experts with Routing Regularization', 'd'],
      ['Scaling Instruction-Tuning Language Models to Many Tasks', 'f'],
      ['RouteReg: Optimising Sparse Mixtures of Experts with Routing Regularisation', 'd'],
    ];
    for (const [t, id] of same) expect(idx.lookup({ title: t }), t).toMatchObject({ id, kind: 'fuzzy' });
    // A different content word: not the same paper on titles alone…
    expect(idx.lookup({ title: 'Finding Sparse Subnetworks That Train Well From Initialization' })).toBeNull();
    // …but the same paper when both abstracts say so.
    const abs = 'We show that dense randomly initialised networks contain subnetworks that, trained in isolation from the same initialisation, reach the accuracy of the full network in a comparable number of iterations, and we give an algorithm that finds them early in training.';
    const idx2 = new MatchIndex({ getAbstract: (id) => (id === 'e' ? abs : null) });
    idx2.add({ id: 'e', title: known[4][1] });
    expect(idx2.lookup({ title: 'Finding Sparse Subnetworks That Train Well From Initialization', abstract: abs })).toMatchObject({ id: 'e' });
    // Inflections never bridge different words or numbers.
    for (const t of [
      'Enhanced Retrieval Augmentation for Short Document Question Answering',
      'Learning Part Correspondences for Articulated Shape Generation',
      'Scaling Instruction Tuned Language Models to Many Tasks 2',
    ]) expect(idx.lookup({ title: t }), t).toBeNull();
  });

  it('a leading name added to a title with parts of its own, or dropped with its number, is the same paper; a part or a sequel is not', () => {
    const idx = new MatchIndex();
    const known = [
      ['u', 'Up or Down? Adaptive Rounding for Post-Training Quantization'],
      ['w', 'Why only Micro-F1? Class Weighting of Measures for Relation Classification'],
      ['b', 'BT^2: Backward-compatible Training with Basis Transformation'],
      ['r', 'Robust Learning with Progressive Data Expansion Against Spurious Correlation'],
    ] as const;
    for (const [id, title] of known) idx.add({ id, title });
    const same: Array<[string, string]> = [
      ['AdaRound: Up or Down? Adaptive Rounding for Post-Training Quantization', 'u'],
      ['ClassWeight: Why only Micro-F1? Class Weighting of Measures for Relation Classification', 'w'],
      ['Backward-compatible Training with Basis Transformation', 'b'],
      ['PDE 2: Robust Learning with Progressive Data Expansion Against Spurious Correlation', 'r'],
    ];
    for (const [t, id] of same) expect(idx.lookup({ title: t }), t).toMatchObject({ id, kind: 'fuzzy' });
    for (const t of [
      'Part II: Robust Learning with Progressive Data Expansion Against Spurious Correlation',
      'Robust Learning with Progressive Data Expansion Against Spurious Correlation: Part 2',
      'Robust Learning with Progressive Data Expansion Against Spurious Correlation, Stage 2',
      'BT^3: Backward-compatible Training with Basis Transformation',
      'Up or Down? Adaptive Rounding for Post-Training Quantization: Supplementary Material',
      'Left or Right? Adaptive Rounding for Post-Training Quantization',
    ]) expect(idx.lookup({ title: t }), t).toBeNull();
  });

  it('a negation makes another paper: "… Is Not All You Need", "without" for "with"', () => {
    const idx = new MatchIndex();
    idx.add({ id: 'att', title: 'Attention Is All You Need' });
    idx.add({ id: 'noisy', title: 'Learning Robust Representations with Noisy Labels' });
    idx.add({ id: 'pre', title: "Don't Stop Pretraining: Adapt Language Models to Domains and Tasks" });
    for (const t of [
      'Attention Is Not All You Need',
      'Attention Is Not All You Need: Pure Attention Loses Rank Doubly Exponentially with Depth',
      'Learning Robust Representations without Noisy Labels',
      'Stop Pretraining: Adapt Language Models to Domains and Tasks',
    ]) expect(idx.lookup({ title: t }), t).toBeNull();
    // The same paper with its negation kept still matches.
    expect(idx.lookup({ title: 'Attention is all you need.' })).toMatchObject({ id: 'att' });
    expect(idx.lookup({ title: 'Dont Stop Pre-training: Adapting Language Models to Domains and Tasks' })).toMatchObject({ id: 'pre' });
  });

  it('arXiv ids win, and two different ids are never the same paper', () => {
    const idx = new MatchIndex();
    idx.add({ id: 'a', title: 'Some Title About Things', arxivId: '2401.00001' });
    expect(idx.lookup({ title: 'Completely different', arxivId: '2401.00001v3' })).toMatchObject({ id: 'a', kind: 'id', score: 1 });
    expect(idx.lookup({ title: 'Some Title About Things', arxivId: '2401.00002' })).toBeNull();
    expect(idx.lookup({ title: 'Some Title About Things' })).toMatchObject({ id: 'a', kind: 'exact' });
  });
});

describe('the index', () => {
  it('is incremental: an added paper is matchable at once, a removed one is gone', () => {
    const idx = new MatchIndex();
    expect(idx.lookup({ title: 'Sparse Mixture of Adapters for Efficient Tuning' })).toBeNull();
    idx.add({ id: 'x', title: 'Sparse Mixture of Adapters for Efficient Tuning' });
    expect(idx.lookup({ title: 'Sparse Mixture of Adaptors for Efficient Tuning' })?.id).toBe('x');
    idx.add({ id: 'y', title: 'Sparse Mixture of Adapters for Efficient Tuning' });
    idx.remove('x');
    expect(idx.lookup({ title: 'Sparse Mixture of Adapters for Efficient Tuning' })?.id).toBe('y');
    idx.remove('y');
    expect(idx.lookup({ title: 'Sparse Mixture of Adapters for Efficient Tuning' })).toBeNull();
    expect(idx.size).toBe(0);
  });

  it('touches a handful of candidates, not the corpus', () => {
    for (const p of corpus.papers.slice(0, 50)) {
      index.lookup({ title: `${p.title} extra words here` });
      expect(index.lastCandidates).toBeLessThanOrEqual(4);
    }
  });

  it('serialises and loads to the same answers', () => {
    const copy = MatchIndex.deserialize(JSON.parse(JSON.stringify(index.serialize())));
    expect(copy.size).toBe(index.size);
    for (const c of cases) expect(copy.lookup({ title: c.title })?.id ?? null).toBe(index.lookup({ title: c.title })?.id ?? null);
    expect(() => MatchIndex.deserialize({ v: 2 } as never)).toThrow(/unsupported/);
  });

  it('reports repeats within one page', () => {
    const reps = findRepeats([
      { title: 'Graph Attention Networks' },
      { title: 'Something Else Entirely Different' },
      { title: 'graph attention networks.' },
      { title: 'Unrelated', arxivId: '2401.00001' },
      { title: 'Also unrelated title', arxivId: '2401.00001v2' },
    ]);
    expect(reps).toEqual([[2], [], [0], [4], [3]]);
    // A listing where every entry has an arXiv id: the id decides, whatever the titles.
    expect(findRepeats([
      { title: 'Same Title', arxivId: '2401.00001' },
      { title: 'Same Title', arxivId: '2401.00002' },
      { title: 'Another Title', arxivId: '2401.00001v2' },
    ])).toEqual([[2], [], [0]]);
  });

  it('exact repeats only (an imported file): same id, DOI or title; close titles and different arXiv ids stay apart', () => {
    const entries = [
      { title: 'Graph Attention Networks' },
      { title: 'Graph Attention Network' },
      { title: 'graph attention networks.' },
      { title: 'A Paper', doi: '10.1000/ABC' },
      { title: 'The Same Paper Under Another Title', doi: 'https://doi.org/10.1000/abc' },
      { title: 'Same Title', arxivId: '2401.00001' },
      { title: 'Same Title', arxivId: '2401.00002' },
      { title: 'Other', arxivId: '2401.00001v3' },
    ];
    expect(findRepeats(entries, { fuzzy: false })).toEqual([[2], [], [0], [4], [3], [7], [], [5]]);
    // The listing default also joins the close title.
    expect(findRepeats(entries)[1]).toEqual([0, 2]);
  });

  it('edit distance is bounded and correct', () => {
    expect(editDistance('netwroks', 'networks', 2)).toBe(1);
    expect(editDistance('adaption', 'adaptation', 2)).toBe(2);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b, 30);
        expect(d).toBe(editDistance(b, a, 30));
        expect(d <= Math.max(a.length, b.length)).toBe(true);
        expect(d === 0).toBe(a === b);
      }),
    );
  });
});

describe('normalisation of words that are Object.prototype keys', () => {
  it('treats "constructor", "toString", "__proto__" as plain words', () => {
    expect(normalizeTitle('The constructor toString valueOf __proto__ hasOwnProperty').tokens).toEqual(['the', 'constructor', 'tostring', 'valueof', 'proto', 'hasownproperty']);
    expect(normalizeTitle('&constructor; &toString; \\constructor{x} \\c{c}a').key).toBe('andconstructorandtostringxca');
  });
});

describe('the ASCII fast path', () => {
  const slow = (s: string) => {
    let f = s.toLowerCase().replace(/`/g, "'");
    f = f.replace(/&/g, ' and ').replace(/\+\+/g, ' plusplus ').replace(/\+/g, ' plus ');
    f = f.replace(/([a-z0-9])[-'](?=[a-z0-9])/g, '$1');
    return f.match(/[a-z0-9]+/g) ?? [];
  };
  it('tokenises exactly like the general path', async () => {
    const { asciiTokens } = await import('./normalize');
    for (const t of ["Fine-tuning LLMs: a ++ study", "C++ and C+ & `quoted' rock'n'roll", 'a--b - c -d e- f', "x'y' 'z", '++++', '']) expect(asciiTokens(t)).toEqual(slow(t));
    fc.assert(fc.property(fc.stringMatching(/^[ -~]{0,40}$/), (t) => {
      expect(asciiTokens(t)).toEqual(slow(t));
    }), { numRuns: 5000 });
  });
});

describe('serialised index after removals', () => {
  it('compacts removed papers away and stays fully usable (add, remove, lookup) after loading', () => {
    const idx = new MatchIndex();
    for (let i = 0; i < 300; i++) idx.add({ id: `p${i}`, title: `Synthetic Study Number ${i} of Sparse Adapters and Friends`, arxivId: i % 3 ? null : `2401.${String(10000 + i)}` });
    for (let i = 0; i < 300; i += 7) idx.remove(`p${i}`);
    const s = idx.serialize();
    expect(s.ids.length).toBe(idx.size);
    const copy = MatchIndex.deserialize(s);
    expect(copy.size).toBe(idx.size);
    for (let i = 0; i < 300; i++) {
      const t = `Synthetic Study Number ${i} of Sparse Adapters and Friends`;
      expect(copy.lookup({ title: t })?.id ?? null).toBe(i % 7 ? `p${i}` : null);
    }
    expect(copy.lookup({ title: 'x', arxivId: '2401.10003' })?.id).toBe('p3');
    copy.add({ id: 'new', title: 'A Brand New Paper After Loading' });
    copy.remove('p1');
    expect(copy.lookup({ title: 'A Brand New Paper After Loading' })?.id).toBe('new');
    expect(copy.lookup({ title: 'Synthetic Study Number 1 of Sparse Adapters and Friends' })).toBeNull();
    expect(copy.lookup({ title: 'Synthetic Study Nmuber 2 of Sparse Adapters and Friends' })?.id).toBe('p2');
  });
});

describe('bulk tokenisation (TokenTable) agrees with normalizeTitle', () => {
  it('gives the same canonical tokens and key hash on simple titles, and declines the rest', async () => {
    const { isSimpleTitle, strHash, TokenTable } = await import('./tokens');
    const vocab = new Map<string, number>();
    const list: string[] = [];
    const id = (t: string) => vocab.get(t) ?? (vocab.set(t, list.length), list.push(t), list.length - 1);
    const table = new TokenTable(id);
    const check = (t: string) => {
      const out: number[] = [];
      const kh = table.tokenize(t, out);
      expect(kh === null).toBe(!isSimpleTitle(t));
      if (kh === null) return;
      const n = normalizeTitle(t);
      expect(out.map((i) => list[i])).toEqual(n.tokens);
      expect(kh).toBe(strHash(n.key));
    };
    for (const p of corpus.papers) check(p.title);
    for (const c of cases) check(c.title);
    for (const t of ['Optimising Neural Colour Models', "Fine-Tuning a `Rock'n'Roll' Model...", 'a--b - c -d e- f.', 'Title: X', '  spaced   out  ']) check(t);
    expect(isSimpleTitle('Title: A Study')).toBe(false);
    expect(isSimpleTitle('C++ for LLMs')).toBe(false);
    expect(isSimpleTitle('BT$^2$')).toBe(false);
    expect(isSimpleTitle('[PDF] A Study')).toBe(false);
    expect(isSimpleTitle('Rock &amp; Roll')).toBe(false);
    expect(isSimpleTitle('Zürich')).toBe(false);
    fc.assert(fc.property(fc.stringMatching(/^[ -~]{0,60}$/), (t) => {
      check(t);
    }), { numRuns: 5000 });
    fc.assert(fc.property(fc.array(fc.constantFrom('fine', '-', 'tuning', ' ', 'Colour', 'optimise', 'of', 'GPT', '4', "'", 'the', ':', '.'), { maxLength: 14 }), (parts) => {
      check(parts.join(''));
    }), { numRuns: 3000 });
  });

  it('an index built in bulk answers exactly like one built paper by paper, before and after a snapshot', () => {
    const docs = corpus.papers.map((p, i) => ({ id: p.id, title: p.title, arxivId: i % 5 ? null : `2401.${String(10000 + i)}` }));
    const one = new MatchIndex();
    for (const d of docs) one.add(d);
    const bulk = new MatchIndex();
    bulk.addAll(docs);
    const copy = MatchIndex.deserialize(bulk.serialize());
    for (const c of cases) {
      const a = one.lookup({ title: c.title });
      expect(bulk.lookup({ title: c.title })).toEqual(a);
      expect(copy.lookup({ title: c.title })).toEqual(a);
    }
  });

  it('keeps exact keys right through removals, re-adds and key-table growth', () => {
    const idx = new MatchIndex();
    const title = (i: number) => `Paper ${i} on Sparse Mixture Routing`;
    for (let i = 0; i < 5000; i++) idx.add({ id: `a${i}`, title: title(i) });
    idx.add({ id: 'dup', title: 'PAPER 7 ON SPARSE MIXTURE ROUTING.' });
    expect(idx.lookup({ title: title(7) })?.id).toBe('a7');
    idx.remove('a7');
    expect(idx.lookup({ title: title(7) })).toMatchObject({ id: 'dup', kind: 'exact' });
    idx.remove('dup');
    expect(idx.lookup({ title: title(7) })?.kind ?? null).not.toBe('exact');
    for (let i = 0; i < 5000; i += 2) idx.remove(`a${i}`);
    for (let i = 5000; i < 9000; i++) idx.add({ id: `a${i}`, title: title(i) });
    for (const i of [1, 3, 4999, 5000, 8999]) expect(idx.lookup({ title: title(i) })).toMatchObject({ id: `a${i}`, kind: 'exact' });
    expect(idx.lookup({ title: title(4) })?.kind ?? null).not.toBe('exact');
    // Ids: removed ones are gone, re-adding an id replaces the paper, through table growth.
    expect(idx.has('a4')).toBe(false);
    expect(idx.has('a5')).toBe(true);
    const size = idx.size;
    for (let i = 1; i < 9000; i += 2) idx.add({ id: `a${i}`, title: `Renamed ${i} Study of Quiet Routers` });
    expect(idx.size).toBe(size + 1); // a7 had been removed: it comes back
    expect(idx.lookup({ title: 'Renamed 7 Study of Quiet Routers' })).toMatchObject({ id: 'a7', kind: 'exact' });
    expect(idx.lookup({ title: title(7) })?.kind ?? null).not.toBe('exact');
    for (let i = 0; i < 9000; i += 2) idx.add({ id: `a${i}`, title: title(i) });
    expect(idx.size).toBe(9000); // a0..a8999, each once
    expect(idx.has('a4')).toBe(true);
    const copy = MatchIndex.deserialize(idx.serialize());
    expect(copy.size).toBe(idx.size);
    expect(copy.has('a8998') && copy.has('a8999') && !copy.has('a9000')).toBe(true);
  });
});

describe('titles that abstracts cannot decide', () => {
  it('when abstractsCanDecide says no, compareTitles gives the same verdict with any abstracts (agreeing, unrelated, half shared) as without', () => {
    const abs = corpus.papers.map((p) => p.abstract).filter((a) => a.length > 300);
    const pairs: Array<[string, string]> = [];
    for (const c of cases) if (c.expect) pairs.push([c.title, c.expect]);
    // Renamed versions (one content word swapped), subtitles dropped, and unrelated corpus titles.
    corpus.papers.forEach((p, i) => {
      const w = p.title.split(' ');
      if (w.length >= 5) pairs.push([[...w.slice(0, -1), 'Revisited'].join(' '), p.title], [w.slice(0, -2).join(' '), p.title]);
      pairs.push([p.title, corpus.papers[(i * 7 + 3) % corpus.papers.length]!.title]);
    });
    let undecidable = 0;
    let decidable = 0;
    pairs.forEach(([a, b], i) => {
      const [q, c] = [features(a), features(b)];
      if (q.key === c.key) return;
      if (abstractsCanDecide(q, c)) return void decidable++;
      undecidable++;
      const x = abs[i % abs.length]!;
      const y = abs[(i + 1) % abs.length]!;
      const half = x.slice(0, x.length >> 1) + ' ' + y.slice(y.length >> 1);
      const alone = compareTitles(q, c);
      for (const [qa, ca] of [[x, x], [x, y], [x, half], [half, x]]) expect(compareTitles(q, c, { q: qa, c: ca })).toEqual(alone);
    });
    // Both kinds occur (the property is not vacuous).
    expect(undecidable).toBeGreaterThan(200);
    expect(decidable).toBeGreaterThan(100);
  });
});
