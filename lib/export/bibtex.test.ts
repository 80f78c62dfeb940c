import { describe, expect, it } from 'vitest';
import { readBibtex, readCsv, readCslJson } from './readers';
import { latexToText } from './latex';

/** A Zotero-style export with broken entries among good ones (lines noted). */
const ZOTERO_BIB = `% exported by Zotero
@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and others},
  year = {2017},
  eprint = {1706.03762},
  archivePrefix = {arXiv}
}

@article{{badkey,
  title = {Bad Key Entry},
  year = 2020
}

@article{missingbrace,
  title = {This Entry Is Missing Its Closing Brace,
  author = {Broken, Bob},
  year = 2021
}

@inproceedings{next,
  title = {The Entry After The Broken One},
  year = 2022
}

@article{quote,
  title = "An Unterminated Quote,
  year = 2019
}

@misc{valid2,
  title = {Learning on $\\mathbb{R}^n$ with $\\mathcal{O}(n \\log n)$ Memory},
  author = {Na{\\"\\i}ve, Jos{\\'\\i}},
  howpublished = {\\url{https://arxiv.org/abs/2101.00001v2}},
  year = 2021
}

@string{conf = "Proceedings of Things"}
@inproceedings{withmacro,
  title = {Macros and {C}apitals},
  booktitle = conf # " 2020",
  journal = {arXiv preprint arXiv:2002.00002},
  year = 2020
}

@misc{notitle,
  author = {Nobody, No}
}
`;

describe('BibTeX import', () => {
  it('reads the good entries and reports each broken one at its own line, never importing it; the counts add up', async () => {
    const r = await readBibtex(ZOTERO_BIB);
    expect(r.entries.map((e) => [e.title, e.line])).toEqual([
      ['Attention Is All You Need', 2],
      ['The Entry After The Broken One', 21],
      ['Learning on ℝⁿ with 𝒪(n log n) Memory', 31],
      ['Macros and Capitals', 39],
    ]);
    expect(r.errors.map((e) => e.line)).toEqual([10, 15, 26, 46]);
    expect(r.errors[0]!.reason).toMatch(/malformed key/);
    expect(r.errors[1]!.reason).toMatch(/missingbrace/);
    expect(r.errors[2]!.reason).toMatch(/quote.*unterminated quote in field "title"/);
    expect(r.errors[3]!.reason).toBe('entry "notitle" has no title');
    expect(r.entries.length + r.errors.length).toBe(8);
    // No entry carries another's text.
    expect(r.entries.some((e) => /Missing Its Closing|author =|Unterminated/.test(e.title))).toBe(false);
  });

  it('ids, authors and accents: eprint/archivePrefix, \\url in howpublished, "arXiv preprint", and "others" is not an author', async () => {
    const r = await readBibtex(ZOTERO_BIB);
    const [vaswani, , valid2, macro] = r.entries;
    expect(vaswani).toMatchObject({ arxivId: '1706.03762', authors: ['Ashish Vaswani', 'Noam Shazeer'], year: 2017 });
    expect(valid2).toMatchObject({ arxivId: '2101.00001', authors: ['Jos\u00ed Na\u00efve'], url: 'https://arxiv.org/abs/2101.00001v2' });
    expect(macro).toMatchObject({ arxivId: '2002.00002', year: 2020 });
  });

  it('LaTeX to text: accents on dotless i, escapes, dashes, math', () => {
    expect(latexToText('Na{\\"\\i}ve {\\\'\\i} \\v{c} \\c{c} {\\o}')).toBe('Naïve í č ç ø');
    expect(latexToText('R\\&D 100\\% \\$5 a\\_b --- x -- y')).toBe('R&D 100% $5 a_b — x – y');
    expect(latexToText('$\\alpha$-Nets on $\\mathbb{R}^{d}$: $O(n^2)$ \\emph{fast}')).toBe('α-Nets on ℝᵈ: O(n²) fast');
    expect(latexToText('{BERT}: Pre-training of {D}eep')).toBe('BERT: Pre-training of Deep');
  });
});

describe('CSV and CSL-JSON import', () => {
  it('a row with a broken quote is one error at its line and is not imported; the rows after it are read', () => {
    const csv = [
      'Key,Item Type,Publication Year,Author,Title,Url,Extra',
      'A1,journalArticle,2024,"Doe, Jane; Roe, Rick",First Good Paper,https://example.org/1,arXiv: 2401.01234',
      'A2,journalArticle,2023,"Broken, Bob","A Title With A Broken Quote,https://example.org/2,',
      'A3,journalArticle,2022,"Poe, Pat; et al.","Third Paper, With A Comma",,',
      'A4,journalArticle,2021,Solo,"A Title',
      'Spanning Two Lines",,',
    ].join('\n');
    const r = readCsv(csv);
    expect(r.entries.map((e) => [e.title, e.line])).toEqual([
      ['First Good Paper', 2],
      ['Third Paper, With A Comma', 4],
      ['A Title Spanning Two Lines', 5],
    ]);
    expect(r.errors).toEqual([{ line: 3, reason: 'unterminated quote: this row could not be read' }]);
    expect(r.entries[0]).toMatchObject({ authors: ['Jane Doe', 'Rick Roe'], arxivId: '2401.01234', year: 2024 });
    expect(r.entries[1]!.authors).toEqual(['Pat Poe']);
  });

  it('CSL-JSON (Zotero, citation.js) is read, not refused', () => {
    const r = readCslJson([
      { id: 'a', type: 'article', title: 'The Llama 3 Herd of Models', author: [{ family: 'Grattafiori', given: 'Aaron' }], issued: { 'date-parts': [[2024, 7]] }, DOI: '10.48550/arXiv.2407.21783', URL: 'http://arxiv.org/abs/2407.21783' },
      { id: 'b', type: 'article', title: 'Another', number: 'arXiv:2301.00001', author: [{ literal: 'Some Consortium' }] },
      { id: 'c', type: 'article' },
    ]);
    expect(r.entries.map((e) => [e.title, e.arxivId, e.year, e.authors])).toEqual([
      ['The Llama 3 Herd of Models', '2407.21783', 2024, ['Aaron Grattafiori']],
      ['Another', '2301.00001', null, ['Some Consortium']],
    ]);
    expect(r.errors).toEqual([{ line: 0, reason: 'item 3 ("c") has no title' }]);
    expect(() => readCslJson({ hello: 1 })).toThrow(/neither a Paper Lens backup nor a CSL-JSON/);
  });
});

describe('BibTeX reader on a large file', () => {
  it('names the right line for entries far into the file (line starts found as the reader goes)', async () => {
    const parts: string[] = [];
    const want: Array<[number, string]> = [];
    let line = 1;
    for (let i = 0; i < 4000; i++) {
      const broken = i % 997 === 5;
      const entry = broken ? `@article{k${i},\n  author = {Nobody},\n  year = 2020\n}\n` : `@article{k${i},\n  title = {Paper number ${i} about ${'words '.repeat(i % 7)}things},\n  year = 2020\n}\n`;
      if (broken) want.push([line, `entry "k${i}" has no title`]);
      parts.push(entry);
      line += entry.split('\n').length - 1;
    }
    const text = parts.join('');
    expect(text.length).toBeGreaterThan(200_000);
    const r = await readBibtex(text);
    expect(r.entries.length + r.errors.length).toBe(4000);
    expect(r.errors.map((e) => [e.line, e.reason])).toEqual(want);
    expect(r.entries.find((e) => e.title.startsWith('Paper number 3990 '))!.line).toBe(text.slice(0, text.indexOf('@article{k3990,')).split('\n').length);
  });
});
