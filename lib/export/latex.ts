/**
 * LaTeX in BibTeX fields → readable Unicode text: accents ({\"a}, \'{e}, {\'\i} → í), escaped specials
 * (\& \% \$ \_ \#), dashes, font commands (\emph{x} → x), and math ($O(n \log n)$ → O(n log n),
 * $\mathbb{R}^n$ → ℝⁿ, \alpha → α). Braces that only protect capitals are dropped. Unknown commands keep
 * their argument's text; nothing is ever turned into markup.
 */

const ACCENTS: Record<string, string> = {
  '`': '\u0300', "'": '\u0301', '^': '\u0302', '~': '\u0303', '=': '\u0304', u: '\u0306', '.': '\u0307', '"': '\u0308',
  r: '\u030a', H: '\u030b', v: '\u030c', c: '\u0327', k: '\u0328', b: '\u0331', d: '\u0323',
};

const SYMBOLS: Record<string, string> = {
  // text
  ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  dag: '†', ddag: '‡', S: '§', P: '¶', copyright: '©', pounds: '£', textregistered: '®', texttrademark: '™',
  ldots: '…', dots: '…', textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”',
  textasciitilde: '~', textasciicircum: '^', textbackslash: '\\', textunderscore: '_', textbar: '|', textless: '<', textgreater: '>',
  // Greek
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ',
  varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  // math
  times: '×', cdot: '·', pm: '±', mp: '∓', div: '÷', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈',
  sim: '∼', simeq: '≃', equiv: '≡', propto: '∝', infty: '∞', partial: '∂', nabla: '∇', sum: 'Σ', prod: 'Π', int: '∫',
  in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', supset: '⊃', cup: '∪', cap: '∩', emptyset: '∅', forall: '∀', exists: '∃',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔', mapsto: '↦',
  ell: 'ℓ', hbar: 'ℏ', star: '⋆', circ: '∘', bullet: '•', langle: '⟨', rangle: '⟩', lvert: '|', rvert: '|', mid: '|',
  log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', max: 'max', min: 'min', arg: 'arg', sup: 'sup', inf: 'inf', lim: 'lim', det: 'det',
  // spacing
  quad: ' ', qquad: ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', ' ': ' ',
  // escaped specials
  '&': '&', '%': '%', $: '$', _: '_', '#': '#', '{': '{', '}': '}',
};

/** Commands whose braced argument is kept as text. */
const KEEP_ARG = new Set(['emph', 'textbf', 'textit', 'texttt', 'textsc', 'textsf', 'textrm', 'textup', 'textmd', 'textnormal', 'text', 'mathrm', 'mathit', 'mathbf', 'mathsf', 'mathtt', 'mbox', 'hbox', 'url', 'href', 'operatorname', 'boldsymbol', 'bm', 'em', 'bf', 'it', 'tt', 'sc', 'sf', 'rm', 'underline', 'uppercase', 'MakeUppercase', 'textsuperscript', 'textsubscript', 'ensuremath', 'NoCaseChange', 'protect']);

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const alphabet = (upper: string, lower: string): Record<string, string> => {
  const u = [...upper];
  const l = [...lower];
  const out: Record<string, string> = {};
  for (let i = 0; i < 26; i++) {
    out[LETTERS[i]!] = u[i]!;
    out[LETTERS[26 + i]!] = l[i]!;
  }
  return out;
};
const BB = alphabet('𝔸𝔹ℂ𝔻𝔼𝔽𝔾ℍ𝕀𝕁𝕂𝕃𝕄ℕ𝕆ℙℚℝ𝕊𝕋𝕌𝕍𝕎𝕏𝕐ℤ', '𝕒𝕓𝕔𝕕𝕖𝕗𝕘𝕙𝕚𝕛𝕜𝕝𝕞𝕟𝕠𝕡𝕢𝕣𝕤𝕥𝕦𝕧𝕨𝕩𝕪𝕫');
const CAL = alphabet('𝒜ℬ𝒞𝒟ℰℱ𝒢ℋℐ𝒥𝒦ℒℳ𝒩𝒪𝒫𝒬ℛ𝒮𝒯𝒰𝒱𝒲𝒳𝒴𝒵', '𝒶𝒷𝒸𝒹ℯ𝒻ℊ𝒽𝒾𝒿𝓀𝓁𝓂𝓃ℴ𝓅𝓆𝓇𝓈𝓉𝓊𝓋𝓌𝓍𝓎𝓏');
const FRAK = alphabet('𝔄𝔅ℭ𝔇𝔈𝔉𝔊ℌℑ𝔍𝔎𝔏𝔐𝔑𝔒𝔓𝔔ℜ𝔖𝔗𝔘𝔙𝔚𝔛𝔜ℨ', '𝔞𝔟𝔠𝔡𝔢𝔣𝔤𝔥𝔦𝔧𝔨𝔩𝔪𝔫𝔬𝔭𝔮𝔯𝔰𝔱𝔲𝔳𝔴𝔵𝔶𝔷');
const ALPHABETS: Record<string, Record<string, string>> = { mathbb: BB, mathds: BB, mathcal: CAL, mathscr: CAL, mathfrak: FRAK };

const SUP: Record<string, string> = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹', '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', T: 'ᵀ', k: 'ᵏ', d: 'ᵈ', m: 'ᵐ', t: 'ᵗ', '*': '*', '′': '′' };
const SUB: Record<string, string> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉', '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', n: 'ₙ', t: 'ₜ', p: 'ₚ', m: 'ₘ', x: 'ₓ' };

/** Script text: every character mapped, or written out with ^ / _ when one cannot be. */
function script(text: string, table: Record<string, string>, mark: '^' | '_'): string {
  const chars = [...text];
  if (chars.length && chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${text}` : `${mark}(${text})`;
}

/** TeX's punctuation ligatures, longest first. */
const LIGATURES: Array<[string, string]> = [['---', '—'], ['--', '–'], ['``', '“'], ["''", '”']];

/** Convert one field's LaTeX to text. */
export function latexToText(input: string): string {
  if (!/[\\{}$~^_-]/.test(input)) return input.replace(/\s+/g, ' ').trim();
  let i = 0;
  const s = input;

  /** The next group ({…}) or single token as raw text, advancing i. */
  const argument = (): string => {
    while (s[i] === ' ') i++;
    if (s[i] === '{') {
      let depth = 0;
      const start = i + 1;
      for (; i < s.length; i++) {
        if (s[i] === '\\') {
          i++;
          continue;
        }
        if (s[i] === '{') depth++;
        else if (s[i] === '}' && --depth === 0) break;
      }
      const inner = s.slice(start, i);
      i++;
      return inner;
    }
    if (s[i] === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(s.slice(i));
      i += m ? m[0].length : 1;
      return m ? m[0] : '';
    }
    return s[i++] ?? '';
  };

  let out = '';
  let inMath = false;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(s.slice(i));
      if (!m) {
        i++;
        continue;
      }
      const name = m[1]!;
      i += m[0].length;
      if (name.length === 1 && ACCENTS[name] !== undefined && !/[A-Za-z]/.test(name)) {
        // \'e, \'{e}, \'\i
        let base = latexToText(argument());
        if (base === 'ı') base = 'i';
        if (base === 'ȷ') base = 'j';
        out += (base.slice(0, 1) + ACCENTS[name] + base.slice(1)).normalize('NFC');
        continue;
      }
      if (/^[A-Za-z]$/.test(name) && ACCENTS[name] !== undefined && (s[i] === '{' || s[i] === ' ')) {
        // \v{c}, \c{c}, \u{a}, \H{o}, \k{a}, \r{a}, \d{a}, \b{a}
        let base = latexToText(argument());
        if (base === 'ı') base = 'i';
        out += (base.slice(0, 1) + ACCENTS[name] + base.slice(1)).normalize('NFC');
        continue;
      }
      if (ALPHABETS[name]) {
        const inner = latexToText(argument());
        out += [...inner].map((c) => ALPHABETS[name]![c] ?? c).join('');
        continue;
      }
      if (name === 'frac') {
        const a = latexToText(argument());
        const b = latexToText(argument());
        out += `${a}/${b}`;
        continue;
      }
      if (name === 'sqrt') {
        out += `√${latexToText(argument())}`;
        continue;
      }
      if (KEEP_ARG.has(name)) {
        if (name === 'href') argument(); // \href{url}{text}: the text
        while (s[i] === ' ') i++;
        if (s[i] === '{') out += latexToText(argument());
        continue;
      }
      if (Object.hasOwn(SYMBOLS, name)) {
        const sym = SYMBOLS[name]!;
        // Function names (\log n) keep a space after them.
        out += /^[a-z]{2,}$/.test(sym) ? `${sym} ` : sym;
        if (/^[A-Za-z]+$/.test(name) && s[i] === ' ' && !/^[a-z]{2,}$/.test(sym)) i++;
        continue;
      }
      // An unknown command: its argument's text, if any.
      while (s[i] === ' ') i++;
      if (s[i] === '{') out += latexToText(argument());
      continue;
    }
    if (ch === '$') {
      inMath = !inMath;
      i++;
      continue;
    }
    if (ch === '^' || ch === '_') {
      i++;
      const arg = latexToText(argument());
      out += script(arg, ch === '^' ? SUP : SUB, ch);
      continue;
    }
    if (ch === '{' || ch === '}') {
      i++;
      continue;
    }
    if (ch === '~' && !inMath) {
      out += ' ';
      i++;
      continue;
    }
    const lig = ch === '-' || ch === '`' || ch === "'" ? LIGATURES.find(([src]) => s.startsWith(src, i)) : undefined;
    if (lig) {
      out += lig[1];
      i += lig[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim();
}
