import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFile, decodeFileInSlices, detectFormat, ImportError, readBibtex, readCsv, readRis } from './readers';
import { citationKeys, escapeBibtex, toBibTeX, toCSV, toRIS, type ExportPaper } from './writers';

const enc = (s: string) => new TextEncoder().encode(s);
const paper = (i: number, over: Partial<ExportPaper> = {}): ExportPaper => ({
  id: `p${i}`, title: `Paper ${i}: On Things`, authors: ['Ada Lovelace', 'Alan Turing'], year: 2020 + (i % 5), arxivId: i % 2 ? `2401.${String(10000 + i)}` : null,
  primaryClass: i % 2 ? 'cs.LG' : null, doi: i % 2 ? null : `10.1000/x${i}`, url: null, abstract: null, topics: [], note: '', tags: [], savedAt: 1, ...over,
});

describe('writers', () => {
  it('BibTeX: arXiv papers as @misc with eprint/archivePrefix/primaryClass; parses back with the same titles, ids, years', () => {
    const papers = [paper(1), paper(2), paper(3, { title: 'Café & 100% $cost$ {braces} under_score #1 ~x^2 \\back' })];
    const bib = toBibTeX(papers);
    expect(bib).toMatch(/@misc\{lovelace2021paper,\n {2}title = \{\{Paper 1: On Things\}\}/);
    expect(bib).toContain('eprint = {2401.10001}');
    expect(bib).toContain('archivePrefix = {arXiv}');
    expect(bib).toContain('primaryClass = {cs.LG}');
    expect(bib).toMatch(/@article\{lovelace2022paper,/);
    const lib = parseBibtex(bib, { english: false, sentenceCase: false, caseProtection: false } as never);
    expect(lib.errors).toEqual([]);
    expect(lib.entries.map((e) => (e.fields as { title: string }).title)).toEqual(papers.map((p) => p.title));
    expect(lib.entries.map((e) => (e.fields as { eprint?: string }).eprint ?? null)).toEqual(papers.map((p) => p.arxivId));
    expect(lib.entries.map((e) => Number((e.fields as { year: string }).year))).toEqual(papers.map((p) => p.year));
  });

  it('keys are unique and stable whatever the export order', () => {
    const ps = [paper(1), paper(3, { title: 'Paper again' }), paper(5, { title: 'Paper third' })].map((p) => ({ ...p, year: 2021 }));
    const a = citationKeys(ps);
    const b = citationKeys([...ps].reverse());
    expect(new Set(a.values()).size).toBe(3);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
  });

  it('escapes BibTeX specials', () => {
    expect(escapeBibtex('a & b % c $ d # e _ f { g } ~ ^ \\')).toBe('a \\& b \\% c \\$ d \\# e \\_ f \\{ g \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  });

  it('property: any title and author Unicode survives export -> import (BibTeX, RIS, CSV)', async () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0 && !/^[\s\\]*$/.test(s));
    await fc.assert(
      fc.asyncProperty(text, text, async (title, author) => {
        const p = paper(1, { title, authors: [author.replace(/\b(and|AND)\b/g, '&').replace(/[,{}]/g, '')].filter((a) => a.trim()) });
        const csv = readCsv(toCSV([p]));
        expect(csv.entries[0]!.title).toBe(title);
        const ris = readRis(toRIS([p]));
        expect(ris.entries[0]!.title).toBe(title);
        const bib = await readBibtex(toBibTeX([p]));
        expect(bib.errors).toEqual([]);
        expect(bib.entries[0]!.title.normalize('NFC')).toBe(title.normalize('NFC'));
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});

describe('readers and bad input', () => {
  it('a truncated BibTeX file: good entries in, the bad one reported with its line', async () => {
    const text = `@misc{a,\n  title = {Graph Attention Networks},\n  eprint = {1710.10903}, archivePrefix = {arXiv}, year = 2018\n}\n\n@article{b,\n  title = {Truncated`;
    const r = await readBibtex(text);
    expect(r.entries.map((e) => [e.title, e.arxivId, e.year, e.line])).toEqual([['Graph Attention Networks', '1710.10903', 2018, 1]]);
    expect(r.errors.length).toBe(1);
    expect(r.errors[0]!.line).toBe(6);
  });

  it('CSV without a title column, binary files, wrong encodings, empty and oversized files', () => {
    expect(() => readCsv('name,year\nx,2020\n')).toThrow(/no "title" column/);
    expect(() => decodeFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]))).toThrow(/binary file/);
    expect(() => decodeFile(new Uint8Array(0))).toThrow(/empty/);
    const latin1 = decodeFile(new Uint8Array([...enc('title\nCaf'), 0xe9, ...enc(' au lait\n')]));
    expect(latin1.text).toContain('Café au lait');
    expect(latin1.warnings[0]).toMatch(/not UTF-8/);
    expect(() => decodeFile(new Uint8Array(50 * 1024 * 1024 + 1))).toThrow(/up to 50 MB/);
    expect(() => detectFormat('notes.txt', 'just some words')).toThrow(ImportError);
    expect(detectFormat('x.txt', '@article{k, title={x}}')).toBe('bibtex');
    expect(detectFormat('x', 'TY  - JOUR\nTI  - x\nER  - ')).toBe('ris');
  });

  it('decoding in slices gives the same text, with characters cut at a slice boundary and Latin-1 files', async () => {
    const pause = () => Promise.resolve();
    const utf8 = enc('\ufefftitle\nVeličković — Schrödinger’s 𝔼 café\n'.repeat(40));
    for (const chunk of [7, 8, 64, 1000]) expect(await decodeFileInSlices(utf8, pause, chunk)).toEqual(decodeFile(utf8));
    const latin1 = new Uint8Array([...enc('title\nCaf'), 0xe9, ...enc(' au lait\n'.repeat(30))]);
    expect(await decodeFileInSlices(latin1, pause, 5)).toEqual(decodeFile(latin1));
    await expect(decodeFileInSlices(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]), pause, 2)).rejects.toThrow(/binary file/);
  });

  it('RIS: records, continuation lines and a truncated record', () => {
    const r = readRis('TY  - JOUR\r\nTI  - First Paper\r\nAU  - Doe, J\r\nPY  - 2019\r\nDO  - 10.1000/ABC\r\nER  - \r\n\r\nTY  - GEN\r\nAU  - No Title\r\nER  - \r\nTY  - GEN\r\nTI  - Cut');
    expect(r.entries.map((e) => [e.title, e.year, e.doi])).toEqual([['First Paper', 2019, '10.1000/abc']]);
    expect(r.errors).toEqual([{ line: 8, reason: 'record has no title (TI/T1)' }, { line: 11, reason: 'the file ends inside this record (truncated: no "ER  -")' }]);
  });

  it('10,000 entries with 100 malformed: a clear per-entry report and the good ones read', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 10_000; i++) parts.push(i % 100 === 7 ? `@article{bad${i},\n  author = {Someone},\n  year = 2020\n}\n` : `@article{k${i},\n  title = {Synthetic Paper Number ${i}},\n  year = 2020\n}\n`);
    const r = await readBibtex(parts.join('\n'));
    expect(r.entries.length).toBe(9_900);
    expect(r.errors.length).toBe(100);
    expect(r.errors[0]).toEqual({ line: 36, reason: 'entry "bad7" has no title' });
  });
});
