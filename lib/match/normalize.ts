/**
 * Title normalisation shared by the corpus compiler (paper ids), the matcher
 * and the site adapters. Pure, total (never throws) and idempotent:
 * normalizeTitle(normalizeTitle(x).text) has the same key as normalizeTitle(x).
 */

const NAMED_ENTITIES = new Map<string, string>(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  hellip: '…', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', eacute: 'é', egrave: 'è',
  uuml: 'ü', ouml: 'ö', auml: 'ä', szlig: 'ß', ccedil: 'ç', aacute: 'á', iacute: 'í',
  oacute: 'ó', uacute: 'ú', ntilde: 'ñ', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ',
  epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ', tau: 'τ', phi: 'φ', omega: 'ω',
  times: '×', minus: '−', plusmn: '±', middot: '·', shy: '',
}));

/** Decode HTML character references (named subset, decimal and hex). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return m;
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES.get(body.toLowerCase());
    return named ?? m;
  });
}

const LATEX_SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ',
  eta: 'η', theta: 'θ', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'γ', Delta: 'δ', Theta: 'θ', Lambda: 'λ', Pi: 'π', Sigma: 'σ', Phi: 'φ', Psi: 'ψ', Omega: 'ω',
  ell: 'l', infty: 'infinity', times: 'x', cdot: ' ', ldots: '…', dots: '…', textendash: '–',
  textemdash: '—', pm: '±', to: '→', rightarrow: '→', leftarrow: '←', sim: '~', approx: '≈',
  leq: '≤', geq: '≥', le: '≤', ge: '≥', neq: '≠', in: '∈', partial: '∂', nabla: '∇', star: '*',
  ast: '*', circ: '∘', prime: "'", '&': '&', '%': '%', '_': '_', '#': '#', '$': '$',
};

/**
 * Turn LaTeX / MathJax markup into plain text: `$^2$` / `^{2}` / `^2` -> `2`,
 * `\mu` -> `μ`, `\emph{X}` -> `X`, `{\em X}` -> `X`, accents dropped.
 */
export function stripLatex(s: string): string {
  if (!/[\\$^_{}]/.test(s)) return s;
  let out = s;
  // Accent macros: \'e, \"{o}, \v{c}, \c{c} ... keep the letter.
  out = out.replace(/\\[`'^"~=.]\s*\{?([a-zA-Z])\}?/g, '$1').replace(/\\[uvHckrb](?:\{([a-zA-Z])\}|\s+([a-zA-Z])\b)/g, '$1$2');
  out = out.replace(/\\(?:ss)\b/g, 'ss');
  // Commands with a braced argument whose text we keep (\emph{..}, \textbf{..}, \mathrm{..}, \mathcal{..}).
  for (let i = 0; i < 4; i++) {
    const before = out;
    out = out.replace(/\\[a-zA-Z]+\*?\s*\{([^{}]*)\}/g, (_m, inner: string) => inner);
    if (out === before) break;
  }
  // Old-style {\em X} / {\bf X}.
  out = out.replace(/\{\\(?:em|bf|it|tt|sc|sf|rm)\s+([^{}]*)\}/g, '$1');
  // Symbols and remaining commands.
  out = out.replace(/\\([a-zA-Z]+|[&%_#$])/g, (_m, name: string) => (Object.hasOwn(LATEX_SYMBOLS, name) ? LATEX_SYMBOLS[name]! : ' '));
  out = out.replace(/\\\\/g, ' ');
  // Super/subscripts: ^{...} ^x _{...} _x -> content.
  out = out.replace(/[\^_]\{([^{}]*)\}/g, '$1').replace(/[\^_]([A-Za-z0-9+\-*])/g, '$1');
  // Math delimiters and leftover braces.
  out = out.replace(/\$/g, '').replace(/[{}]/g, '');
  return out;
}

/** Prefixes that listings glue to titles: Scholar's [PDF]/[HTML]/[CITATION]/[BOOK], arXiv's "Title:". */
const PREFIX_RE = /^\s*(?:(?:\[(?:pdf|html|citation|c|book|b|doc|ps)\]\s*)+|title\s*:\s*)+/i;

export function stripListingPrefixes(s: string): string {
  if (!/^\s*[\[tT]/.test(s)) return s;
  let prev = '';
  let out = s;
  while (out !== prev) {
    prev = out;
    out = out.replace(PREFIX_RE, '');
  }
  return out;
}

/** Collapse whitespace (including line breaks and NBSP) into single spaces. */
const NEEDS_COLLAPSE = /\s\s|[\t\n\r\f\v\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]/;
export function collapseWhitespace(s: string): string {
  if (!NEEDS_COLLAPSE.test(s)) return s.trim();
  return s.replace(/[\s\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+/g, ' ').trim();
}

const TRUNCATION_RE = /\s*(?:…|\.\.\.|\u2026)\s*$/;

// Spelling variants mapped to one canonical (American) form, applied per token.
const SPELLING_EXCEPTIONS = /* @__PURE__ */ new Set([
  'rise', 'raise', 'wise', 'noise', 'precise', 'concise', 'promise', 'premise', 'expertise',
  'exercise', 'advise', 'revise', 'devise', 'supervise', 'compromise', 'comprise', 'enterprise',
  'otherwise', 'likewise', 'surprise', 'franchise', 'disguise', 'improvise', 'merchandise',
  'televise', 'arise', 'praise', 'cruise', 'despise', 'excise', 'incise', 'chemise', 'poise',
  'denoise', 'denoised', 'denoising', 'noised', 'noising', 'raised', 'raising', 'supervised',
  'supervising', 'unsupervised', 'semisupervised', 'selfsupervised', 'weaklysupervised',
  'promised', 'revised', 'devised', 'advised', 'comprised', 'exercised', 'surprised', 'arising',
  'rising', 'precisely', 'wisely', 'noises', 'rises', 'promises', 'premises', 'exercises',
  'compromised', 'comprises', 'surprising', 'surprisingly', 'otherwise',
]);
const WORD_MAP: Record<string, string> = {
  colour: 'color', colours: 'colors', behaviour: 'behavior', behaviours: 'behaviors',
  behavioural: 'behavioral', neighbour: 'neighbor', neighbours: 'neighbors',
  neighbourhood: 'neighborhood', neighbourhoods: 'neighborhoods', favour: 'favor',
  labour: 'labor', centre: 'center', centres: 'centers', metre: 'meter', fibre: 'fiber',
  modelling: 'modeling', modelled: 'modeled', labelling: 'labeling', labelled: 'labeled',
  travelling: 'traveling', signalling: 'signaling', cancelling: 'canceling', tunnelling: 'tunneling',
  channelling: 'channeling', analogue: 'analog', catalogue: 'catalog', dialogue: 'dialog',
  programme: 'program', grey: 'gray', defence: 'defense', licence: 'license', offence: 'offense',
  artefact: 'artifact', artefacts: 'artifacts', aluminium: 'aluminum', aeroplane: 'airplane',
  vs: 'versus', versus: 'versus',
};

const SPELLING_SUFFIX = /(?:is(?:ations?|es?|ed|ing|ers?)|ys(?:es?|ed|ing))$/;

/** Canonicalise one lower-case alphanumeric token (spelling variants). */
export function canonicalToken(t: string): string {
  if (Object.hasOwn(WORD_MAP, t)) return WORD_MAP[t]!;
  if (t.length < 6 || !SPELLING_SUFFIX.test(t) || SPELLING_EXCEPTIONS.has(t)) return t;
  let m = /^(.{3,})isation(s?)$/.exec(t);
  if (m) return `${m[1]}ization${m[2]}`;
  // -ise verbs (normalise, optimise, tokenise, characterise): only after stems that form -ize verbs,
  // so noise, precise, promise, exercise, supervise, expertise stay as they are.
  m = /^(.{4,})is(e|es|ed|ing|er|ers)$/.exec(t);
  if (m && /(?:al|ar|or|im|it|en|on|ic|an|tr|ag|og|at|ot|ur|ol|er|as)$/.test(m[1]!)) return `${m[1]}iz${m[2]}`;
  m = /^(.{2,})ys(e|es|ed|ing)$/.exec(t);
  if (m && /(?:al|ol)$/.test(m[1]!)) return `${m[1]}yz${m[2]}`;
  return t;
}

export interface NormalizedTitle {
  /** Display-ready text: entities decoded, LaTeX stripped, prefixes removed, whitespace collapsed. */
  text: string;
  /** Lower-case canonical tokens (hyphenated words joined, spelling canonicalised). */
  tokens: string[];
  /** The exact-match key: canonical tokens concatenated (spacing and punctuation insensitive). */
  key: string;
  /** The title ended in an ellipsis (Google Scholar truncation). */
  truncated: boolean;
}

/** Unicode folding: NFKC, dashes and quotes unified, diacritics removed, lower-cased. */
export function foldUnicode(s: string): string {
  let out = s.normalize('NFKC');
  out = out
    .replace(/[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]/g, '-')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/\u00b5/g, 'μ');
  out = out.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  out = out.toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  return out;
}

/** Clean a title for display: entities, prefixes, whitespace. LaTeX is kept (the matcher handles it). */
export function cleanDisplayTitle(raw: string): string {
  return collapseWhitespace(stripListingPrefixes(collapseWhitespace(decodeEntities(String(raw ?? '')))));
}

const ASCII_RE = /^[\x20-\x7e]*$/;

const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);

/**
 * Tokens of a printable-ASCII title in one pass (same result as the Unicode path): lower case, '&' ->
 * "and", '++' -> "plusplus", '+' -> "plus", hyphens and apostrophes between letters joined.
 */
export function asciiTokens(s: string): string[] {
  const out: string[] = [];
  let start = -1; // start of the current run of alphanumerics
  let cur = ''; // text of the current token before the current run (after joins)
  const n = s.length;
  const flush = (end: number) => {
    if (start >= 0) cur += s.slice(start, end);
    if (cur) out.push(cur.toLowerCase());
    cur = '';
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) {
      if (start < 0) start = i;
      continue;
    }
    if ((c === 45 || c === 39 || c === 96) && start >= 0 && i + 1 < n && isAlnum(s.charCodeAt(i + 1))) {
      // Join "fine-tuning" -> "finetuning".
      cur += s.slice(start, i);
      start = i + 1;
      i = i; // the next char starts the continuation
      continue;
    }
    flush(i);
    if (c === 38) out.push('and');
    else if (c === 43) {
      if (s.charCodeAt(i + 1) === 43) {
        out.push('plusplus');
        i++;
      } else out.push('plus');
    }
  }
  flush(n);
  return out;
}

export function normalizeTitle(raw: string): NormalizedTitle {
  let s = String(raw ?? '');
  s = decodeEntities(s);
  s = collapseWhitespace(s);
  s = stripListingPrefixes(s);
  const latex = stripLatex(s);
  // A prefix can sit inside markup ("\textbf{[PDF]} …"): strip prefixes again once the markup is gone.
  if (latex !== s) s = stripListingPrefixes(collapseWhitespace(latex));
  let truncated = false;
  if (s.endsWith('…') || s.endsWith('...')) {
    truncated = true;
    s = s.replace(TRUNCATION_RE, '');
  }
  if (s.endsWith('.') || s.endsWith(' ')) s = s.replace(/[.\s]+$/, '');
  const text = s;
  let tokens: string[];
  if (ASCII_RE.test(s)) {
    // Fast path (most titles): no Unicode folding needed.
    tokens = asciiTokens(s);
  } else {
    let f = foldUnicode(s);
    f = f.replace(/&/g, ' and ').replace(/\+\+/g, ' plusplus ').replace(/\+/g, ' plus ');
    // Join hyphenated compounds: fine-tuning -> finetuning, re-weighting -> reweighting.
    f = f.replace(/([\p{L}\p{N}])[-‐'](?=[\p{L}\p{N}])/gu, '$1');
    tokens = f.match(/[\p{L}\p{N}]+/gu) ?? [];
  }
  for (let i = 0; i < tokens.length; i++) tokens[i] = canonicalToken(tokens[i]!);
  return { text, tokens, key: tokens.join(''), truncated };
}

/** Exact-match key of a title (see NormalizedTitle.key). */
export function titleKey(raw: string): string {
  return normalizeTitle(raw).key;
}

const ARXIV_NEW_RE = /(?:^|[^\d.])(\d{4}\.\d{4,5})(v\d+)?(?![\d])/;
const ARXIV_OLD_RE = /((?:[a-z-]+(?:\.[A-Z]{2})?)\/\d{7})(v\d+)?/;

/** Parse an arXiv identifier (new style 2407.21783v2 or old style hep-th/9901001) from text or a URL. */
export function parseArxivId(s: string | null | undefined): { id: string; version: string | null } | null {
  if (!s) return null;
  const str = String(s).replace(/^arxiv:\s*/i, '');
  const m = ARXIV_NEW_RE.exec(str);
  if (m) {
    const [yy, mm] = [Number(m[1]!.slice(0, 2)), Number(m[1]!.slice(2, 4))];
    if (mm >= 1 && mm <= 12 && yy >= 7) return { id: m[1]!, version: m[2] ?? null };
  }
  const o = ARXIV_OLD_RE.exec(str);
  if (o) return { id: o[1]!, version: o[2] ?? null };
  return null;
}

/** Normalise a DOI: lower case, without resolver prefix. */
export function normalizeDoi(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /(10\.\d{4,9}\/[^\s"<>]+)/i.exec(String(s));
  if (!m) return null;
  return m[1]!.replace(/[.,;]+$/, '').toLowerCase();
}

/** 64-bit FNV-1a as 13 base-36 characters: stable across runs, platforms and seed sets. */
export function stableHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
    h2 = (h2 ^ (h2 >>> 13)) >>> 0;
  }
  return (h1.toString(36).padStart(7, '0') + h2.toString(36).padStart(7, '0')).slice(0, 13);
}

/** Stable paper id from a title: the same title always gets the same id. */
export function paperIdForTitle(title: string): string {
  return `p${stableHash(titleKey(title))}`;
}
