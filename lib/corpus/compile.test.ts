import { describe, expect, it } from 'vitest';
import corpus from 'virtual:paper-lens-corpus';
import { compileCorpus, corpusStats, extractCodeUrls, parseSeedFile, SeedError } from './compile';
import { compileSeedDir, readSeedDir } from './node';

const enc = (s: string) => new TextEncoder().encode(s);
const ABS =
  'We study a problem that matters. Our method improves results on several benchmarks by a wide margin while using less compute than prior work, and we release code for everyone.';

function expectSeedError(fn: () => unknown, file: string, line: number, reason: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SeedError);
  const se = err as SeedError;
  expect(se.file).toBe(file);
  expect(se.line).toBe(line);
  expect(se.message).toContain(`${file}:${line}:`);
  expect(se.reason).toMatch(reason);
}

describe('bundled corpus from the real seeds', () => {
  const c = compileSeedDir('seeds');

  it('has 260 entries of 222 papers, 23 of them on several listings (38 repeats)', () => {
    expect(corpusStats(c)).toEqual({ entries: 260, papers: 222, multiListing: 23, repeatedEntries: 38 });
    expect(c.listings.map((l) => l.count)).toEqual([80, 62, 52, 30, 36]);
  });

  it('is what the build bundles (virtual module)', () => {
    expect(corpus.papers.length).toBe(222);
    expect(corpus.entryCount).toBe(260);
  });

  it('never takes page chrome for a paper', () => {
    const chrome = /^(subscribe|new|get trending|byak|mar \d+)/i;
    for (const p of c.papers) expect(p.title).not.toMatch(chrome);
    const titles = c.papers.map((p) => p.title);
    expect(titles).toContain('Graph Attention Networks'); // "SubscribeGraph Attention Networks"
    expect(titles).toContain('Adding Conditional Control to Text-to-Image Diffusion Models');
    expect(titles).toContain('SORSA: Singular Values and Orthonormal Regularized Singular Vectors Adaptation of Large Language Models');
  });

  it('keeps every listing (file, position, date) a paper appeared on', () => {
    expect(c.listings.map((l) => l.date)).toEqual([null, 'Mar 13', 'Mar 14', 'Mar 21', null]);
    const sorsa = c.papers.find((p) => p.title.startsWith('SORSA'))!;
    expect(sorsa.listings[0]).toEqual({ listing: '001_c06ef7874d86d66c', position: 1, date: 'Mar 13' });
    const multi = c.papers.filter((p) => p.listings.length > 1);
    for (const p of multi) {
      const keys = p.listings.map((l) => `${l.listing}#${l.position}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('extracts GitHub code links from abstracts', () => {
    const marvel = c.papers.find((p) => p.title.startsWith('MarvelOVD'))!;
    expect(marvel.codeUrls).toEqual(['https://github.com/wkfdb/MarvelOVD']);
    expect(c.papers.filter((p) => p.codeUrls.length > 0).length).toBeGreaterThan(30);
    expect(extractCodeUrls('code: https://github.com/a-b/c_d. More at github.com/x/y.git')).toEqual([
      'https://github.com/a-b/c_d',
      'https://github.com/x/y',
    ]);
  });

  it('gives stable ids that do not change when a seed file is added', () => {
    const files = readSeedDir('seeds');
    const fewer = compileCorpus(files.slice(0, 3));
    const extra = compileCorpus([
      ...files,
      { name: '005_new.txt', bytes: enc(`Mar 30\nA Brand New Paper About Things\n${ABS}\nGraph Attention Networks\n${ABS}\n`) },
    ]);
    const idOf = (cc: typeof c, t: string) => cc.papers.find((p) => p.title === t)?.id;
    for (const p of fewer.papers) expect(idOf(c, p.title)).toBe(p.id);
    for (const p of c.papers) expect(idOf(extra, p.title)).toBe(p.id);
    expect(extra.papers.length).toBe(223);
    expect(extra.papers.find((p) => p.title === 'Graph Attention Networks')!.listings.at(-1)).toEqual({
      listing: '005_new',
      position: 2,
      date: 'Mar 30',
    });
  });

  it('is deterministic', () => {
    expect(JSON.stringify(compileSeedDir('seeds'))).toBe(JSON.stringify(c));
  });
});

describe('malformed seed files fail with file and line', () => {
  it('empty file', () => {
    expectSeedError(() => parseSeedFile('empty.txt', enc('')), 'empty.txt', 1, /empty/);
    expectSeedError(() => parseSeedFile('blank.txt', enc('\n\n  \n')), 'blank.txt', 1, /empty/);
  });
  it('binary file', () => {
    const bytes = new Uint8Array([...enc('Title One\nabc\n'), 0, 1, 2, 255, 254]);
    expectSeedError(() => parseSeedFile('bin.txt', bytes), 'bin.txt', 3, /binary/);
    const latin1 = new Uint8Array([...enc(`Caf`), 0xe9, ...enc(`\n${ABS}\n`)]);
    expectSeedError(() => parseSeedFile('latin1.txt', latin1), 'latin1.txt', 1, /UTF-8/);
  });
  it('a title with no abstract', () => {
    const text = `new\nSubscribe\nMar 13\nFirst Title\n${ABS}\nSecond Title\nThird Title\n${ABS}\n`;
    expectSeedError(() => parseSeedFile('notabs.txt', enc(text)), 'notabs.txt', 6, /title with no abstract/);
    expectSeedError(() => parseSeedFile('end.txt', enc(`First Title\n${ABS}\n\nDangling Title\n`)), 'end.txt', 4, /title with no abstract/);
  });
  it('an abstract with no title', () => {
    expectSeedError(() => parseSeedFile('abs.txt', enc(`First Title\n${ABS}\n${ABS}\n`)), 'abs.txt', 3, /abstract with no title/);
  });
  it('a truncated last line', () => {
    const cut = `First Title\n${ABS}\nSecond Title\n${ABS.slice(0, 160)}`;
    expectSeedError(() => parseSeedFile('cut.txt', enc(cut)), 'cut.txt', 4, /truncated/);
  });
  it('only page chrome', () => {
    expectSeedError(() => parseSeedFile('chrome.txt', enc('new\n\nSubscribe\n\nMar 13\n')), 'chrome.txt', 5, /no papers/);
  });
  it('fails the whole compile (never a silently smaller corpus)', () => {
    const files = readSeedDir('seeds');
    files.push({ name: '009_bad.txt', bytes: enc('Lonely Title\n') });
    expect(() => compileCorpus(files)).toThrow(/009_bad\.txt:1: a title with no abstract/);
  });
  it('accepts a well-formed file without a final newline', () => {
    const { entries, date } = parseSeedFile('ok.txt', enc(`Get trending papers in your email inbox!\nSubscribeOne\n${ABS}`));
    expect(date).toBeNull();
    expect(entries).toEqual([{ title: 'One', abstract: ABS, position: 1, line: 2 }]);
  });
});
