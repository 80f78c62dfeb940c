import { describe, expect, it } from 'vitest';
import { fixture, HAS_FIXTURES } from '../../test/shared';
import { arxivNewListingHtml } from '../../test/pages/arxiv-listing';
import { hfListingHtml } from '../../test/pages/hf-listing';
import { scholarResultsHtml } from '../../test/pages/scholar';
import { parsePage } from './parse-node';
import { CASES } from './cases';
import { ADAPTERS, adapterFor, arxiv, cvf, dblp, generic, huggingface, scholar, type PaperEntry } from './index';
import { matchesPattern } from './spec';
import { CONTENT_MATCHES, DEFAULT_SITES, SITE_IDS, SPECS, siteOfRecorded } from './specs';
import { DEFAULT_SETTINGS } from '../types';

/** Every site's saved pages, in registry order (lib/sites/<site>/cases.ts). */
const REAL = SPECS.flatMap((s) => CASES[s.id].saved);

function detect(html: string, url: string, allowGeneric = false): PaperEntry[] {
  const a = adapterFor(url, { allowGeneric });
  if (!a) throw new Error(`no adapter for ${url}`);
  return a.findEntries(parsePage(html), url);
}

/**
 * The reservation rule (SiteAdapter.reserveSelector) must select exactly the entries' anchors: an
 * anchor it misses gets its row in the flow, an element it selects that is no anchor gets an empty gap.
 */
function expectReservationMatchesAnchors(file: string, url: string, entries: PaperEntry[]): void {
  const a = adapterFor(url)!;
  const sel = a.reserveSelector?.(url);
  if (!sel) return;
  const doc = entries[0]?.anchor.ownerDocument;
  if (!doc) return;
  const selected = new Set(doc.querySelectorAll(sel));
  const anchors = new Set(entries.map((e) => e.anchor));
  expect([...anchors].filter((x) => !selected.has(x)), `${file}: anchors the rule misses`).toEqual([]);
  expect([...selected].filter((x) => !anchors.has(x)).length, `${file}: elements the rule pads that are no anchor`).toBe(0);
}

describe.skipIf(!HAS_FIXTURES)('adapters on the real saved pages (../shared/fixtures)', () => {
  for (const c of REAL) {
    it(`${c.file}: ${c.count} entries, first and last right`, () => {
      const entries = detect(fixture(c.file), c.url);
      expect(entries.length).toBe(c.count);
      const [first, last] = [entries[0]!, entries.at(-1)!];
      expect([first.arxivId, first.title]).toEqual(c.first);
      expect([last.arxivId, last.title]).toEqual(c.last);
      for (const e of entries) {
        expect(e.title.length).toBeGreaterThan(0);
        expect(e.title).not.toMatch(/^(Title:|\[PDF\]|\[CITATION\])/);
        expect(e.title).toBe(e.title.replace(/\s+/g, ' ').trim());
        expect(e.anchor === e.element || e.element.contains(e.anchor) || e.element.nextElementSibling?.contains(e.anchor)).toBe(true);
      }
      expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
      if (c.abstracts) expect(entries.every((e) => (e.abstract ?? '').length > 100)).toBe(true);
      if (c.withArxiv !== undefined) expect(entries.filter((e) => e.arxivId).length).toBe(c.withArxiv);
      if (c.withDoi !== undefined) expect(entries.filter((e) => e.doi).length).toBe(c.withDoi);
      expectReservationMatchesAnchors(c.file, c.url, entries);
    });
  }

  it('dblp: ids from arXiv links, arXiv DOIs and CoRR keys; DOIs; authors; years; the record URL', () => {
    const c = CASES.dblp.saved[0]!;
    const entries = detect(fixture(c.file), c.url);
    const corr = entries.find((e) => e.key === 'dblp:journals/corr/abs-2303-14702')!;
    expect(corr).toMatchObject({ arxivId: '2303.14702', doi: null, year: 2023, url: 'https://dblp.org/rec/journals/corr/abs-2303-14702.html' });
    expect(entries[0]).toMatchObject({ doi: '10.1109/esem56168.2023.10304796', arxivId: null, authors: ['Fabio Calefato', 'Luigi Quaranta', 'Filippo Lanubile', 'Marcos Kalinowski'] });
    // Every CoRR entry is an arXiv paper.
    expect(entries.filter((e) => e.key.startsWith('dblp:journals/corr/')).every((e) => e.arxivId)).toBe(true);
    expect(dblp.label(c.url)).toBe('dblp "calefato"');
  });

  it('CVF: authors, year, the https paper page, and the dd lines hidden with the title', () => {
    const c = CASES.cvf.saved[0]!;
    const e = detect(fixture(c.file), c.url)[0]!;
    expect(e.authors).toEqual(['Hongyang Li', 'David Eigen', 'Samuel Dodge', 'Matthew Zeiler', 'Xiaogang Wang']);
    expect(e.year).toBe(2019);
    expect(e.url).toBe('https://openaccess.thecvf.com/content_CVPR_2019/html/Li_Finding_Task-Relevant_Features_for_Few-Shot_Learning_by_Category_Traversal_CVPR_2019_paper.html');
    expect(e.parts!.map((p) => p.tagName)).toEqual(['DD', 'DD']);
    expect(cvf.label(c.url)).toBe('CVF CVPR 2019');
  });

  it('HF entries are enriched from the embedded DailyPapers JSON', () => {
    const e = detect(fixture(REAL[0]!.file), REAL[0]!.url)[0]!;
    expect(e.abstract).toMatch(/^Modern artificial intelligence \(AI\) systems are powered by foundation models/);
    expect(e.url).toBe('https://huggingface.co/papers/2407.21783');
    expect(e.anchor.tagName).toBe('H3');
    expect(huggingface.listingDate!(parsePage(fixture(REAL[0]!.file)), REAL[0]!.url)).toBe('2024-08-01');
  });

  it('arXiv list: sections, dates, no versions on ids', () => {
    const doc = parsePage(fixture(REAL[1]!.file));
    const entries = arxiv.findEntries(doc, REAL[1]!.url);
    expect(entries[0]!.section).toMatch(/^Mon, 27 Jul 2026/);
    expect(entries.at(-1)!.section).toMatch(/^Fri, 24 Jul 2026/);
    expect(entries[0]!.authors[0]).toBe('Siyuan Huang');
    expect(arxiv.listingDate!(doc, REAL[1]!.url)).toBe('2026-07-27');
    expect(arxiv.label(REAL[1]!.url)).toBe('arXiv cs.CL (recent)');
  });

  it('arXiv abs: version kept separately, abstract without "Abstract:"', () => {
    const [e] = detect(fixture(REAL[3]!.file), REAL[3]!.url);
    expect(e!.arxivVersion).toBe('v2');
    expect(e!.abstract).toMatch(/^World models improve a learning agent/);
  });

  it('arXiv search: full abstract (not the short one), year from "Submitted"', () => {
    const [e] = detect(fixture(REAL[2]!.file), REAL[2]!.url);
    expect(e!.abstract).toMatch(/^In this letter I quantify/);
    expect(e!.abstract).not.toMatch(/More|Less/);
    expect(e!.year).toBe(2025);
  });

  it('Scholar: [CITATION] prefix removed, years read', () => {
    const [e] = detect(fixture(REAL[5]!.file), REAL[5]!.url);
    expect(e!.title).toBe('Unsupervised feature learning and deep learning: A review and new perspectives');
    expect(e!.year).toBe(2012);
    const prof = detect(fixture(REAL[7]!.file), REAL[7]!.url);
    expect(prof[0]!.year).toBe(2005);
    expect(prof[0]!.url).toMatch(/^https:\/\/scholar\.google\.com\/citations\?view_op=view_citation/);
  });

  it('the generic link adapter finds arXiv links on a page of another site', () => {
    const entries = detect(fixture(REAL[0]!.file), 'https://example.org/blog/post', true);
    // Every card links /papers/<id>; relative links resolve against example.org so only absolute HF/arXiv links count.
    expect(entries.every((e) => e.arxivId)).toBe(true);
  });
});

describe('adapters on our own fixtures', () => {
  it('HF weekly page and search page (searchResults JSON)', () => {
    const papers = [
      { id: '2501.00001', title: 'First  Paper\n Title', summary: 'A summary that is long enough to count as an abstract for the entry.' },
      { id: '2501.00002', title: 'Second Paper' },
    ];
    const weekly = detect(hfListingHtml(papers), 'https://huggingface.co/papers/week/2025-W03');
    expectReservationMatchesAnchors('own HF week page', 'https://huggingface.co/papers/week/2025-W03', weekly);
    expect(weekly.map((e) => [e.arxivId, e.title])).toEqual([
      ['2501.00001', 'First Paper Title'],
      ['2501.00002', 'Second Paper'],
    ]);
    expect(weekly[0]!.abstract).toMatch(/^A summary/);
    expect(weekly[1]!.abstract).toBeNull();
    expect(huggingface.label('https://huggingface.co/papers/week/2025-W03')).toBe('HF Papers 2025-W03');
    const search = detect(hfListingHtml(papers, { propsKey: 'searchResults' }), 'https://huggingface.co/papers?q=lora');
    expect(search.length).toBe(2);
    expect(search[0]!.abstract).toMatch(/^A summary/);
    for (const u of ['https://huggingface.co/papers/month/2025-01', 'https://huggingface.co/papers/date/2025-01-02', 'https://huggingface.co/papers/trending', 'https://huggingface.co/papers/2501.00001']) {
      expect(huggingface.matches(u)).toBe(true);
    }
    expect(huggingface.matches('https://huggingface.co/models')).toBe(false);
  });

  it('HF single paper page gives one entry', () => {
    const html = `<html><body><main><section><h1>Attention Is All You Need</h1><div><h2>Abstract</h2><p>The dominant sequence transduction models are based on complex recurrent or convolutional neural networks.</p></div></section>
      <article><h3><a href="/papers/2501.00009">Related paper</a></h3></article></main></body></html>`;
    const entries = detect(html, 'https://huggingface.co/papers/1706.03762');
    expect(entries.length).toBe(1);
    expect(entries[0]).toMatchObject({ title: 'Attention Is All You Need', arxivId: '1706.03762' });
    expect(entries[0]!.abstract).toMatch(/^The dominant/);
  });

  it('arXiv /new with cross-lists and replacements, abstracts and LaTeX titles', () => {
    const html = arxivNewListingHtml([
      { heading: 'New submissions (showing 2 of 2 entries)', items: [
        { id: '2503.01001', title: 'BT$^2$: Backward-compatible Training', abstract: 'We study backward compatible training with a basis transformation and show strong gains on retrieval benchmarks.' },
        { id: '2503.01002', title: 'Plain Title' },
      ] },
      { heading: 'Cross submissions (showing 1 of 1 entries)', items: [{ id: '2503.00500', title: 'A Cross-listed Paper', crossFrom: 'stat.ML' }] },
      { heading: 'Replacement submissions (showing 1 of 1 entries)', items: [{ id: '2301.00001', version: 'v3', title: 'An Old Paper, Revised', replaced: true }] },
    ]);
    const entries = detect(html, 'https://arxiv.org/list/cs.LG/new');
    expectReservationMatchesAnchors('own arXiv /new page', 'https://arxiv.org/list/cs.LG/new', entries);
    expect(entries.map((e) => e.arxivId)).toEqual(['2503.01001', '2503.01002', '2503.00500', '2301.00001']);
    expect(entries[0]!.title).toBe('BT$^2$: Backward-compatible Training');
    expect(entries[0]!.abstract).toMatch(/^We study/);
    expect(entries.map((e) => e.section?.split(' (')[0])).toEqual(['New submissions', 'New submissions', 'Cross submissions', 'Replacement submissions']);
    // /a/<author> listings share the markup.
    expect(detect(html, 'https://arxiv.org/a/doe_j_1').length).toBe(4);
  });

  it('arXiv list of 3,000 entries: the read walks the page a bounded number of steps per entry (it walked back to the section heading for each)', () => {
    const items = Array.from({ length: 3000 }, (_, k) => ({ id: `2503.${String(10000 + k)}`, title: `Paper ${k}` }));
    const html = arxivNewListingHtml([{ heading: 'New submissions', items: items.slice(0, 2000) }, { heading: 'Cross submissions', items: items.slice(2000) }]);
    const doc = parsePage(html);
    // Count sibling steps (linkedom's Element.prototype getter).
    let proto: object | null = doc.body;
    let owner: object | null = null;
    while (proto && !owner) {
      proto = Object.getPrototypeOf(proto);
      if (proto && Object.getOwnPropertyDescriptor(proto, 'previousElementSibling')) owner = proto;
    }
    const desc = Object.getOwnPropertyDescriptor(owner!, 'previousElementSibling')!;
    let steps = 0;
    Object.defineProperty(owner!, 'previousElementSibling', { ...desc, get(this: Element) { steps++; return desc.get!.call(this); } });
    try {
      const entries = arxiv.findEntries(doc, 'https://arxiv.org/list/cs.LG/pastweek?show=2000');
      expect(entries).toHaveLength(3000);
      expect(entries[1999]!.section).toBe('New submissions');
      expect(entries[2999]!.section).toBe('Cross submissions');
    } finally {
      Object.defineProperty(owner!, 'previousElementSibling', desc);
    }
    expect(steps).toBeLessThan(3000 * 10);
  });

  it('Scholar truncation and prefixes', () => {
    const html = scholarResultsHtml([
      { title: 'Active-Dormant Attention Heads: Mechanistically Demystifying Extreme-Token …', href: 'https://arxiv.org/abs/2410.13835v2', prefix: 'PDF', byline: 'T Guo, D Pai - arXiv preprint arXiv:2410.13835, 2024 - arxiv.org', cid: 'abc' },
      { title: 'Discrete Key-Value Bottleneck', href: 'https://proceedings.mlr.press/v202/trauble23a.html', prefix: 'HTML', byline: 'F Träuble… - ICML, 2023', cid: 'def' },
      { title: 'A Book', prefix: 'BOOK', byline: 'X Y - 1999', cid: 'ghi' },
    ]);
    const entries = detect(html, 'https://scholar.google.com/scholar?q=attention');
    expectReservationMatchesAnchors('own Scholar page', 'https://scholar.google.com/scholar?q=attention', entries);
    expect(entries.map((e) => e.title)).toEqual([
      'Active-Dormant Attention Heads: Mechanistically Demystifying Extreme-Token …',
      'Discrete Key-Value Bottleneck',
      'A Book',
    ]);
    expect(entries[0]).toMatchObject({ arxivId: '2410.13835', arxivVersion: 'v2', url: 'https://arxiv.org/abs/2410.13835', year: 2024 });
    expect(entries.map((e) => e.key)).toEqual(['scholar:abc', 'scholar:def', 'scholar:ghi']);
    expect(scholar.matches('https://scholar.google.de/scholar?q=x')).toBe(true);
    expect(scholar.matches('https://www.google.com/search?q=x')).toBe(false);
  });

  it('generic: arXiv and HF links, one entry per paper, title from link text when it looks like one', () => {
    const html = `<html><body><p>See <a href="https://arxiv.org/abs/2106.09685v2">LoRA: Low-Rank Adaptation of Large Language Models</a>
      and <a href="https://arxiv.org/pdf/2305.14314">arXiv:2305.14314</a>, <a href="https://huggingface.co/papers/2402.17764">paper</a>,
      again <a href="https://arxiv.org/abs/2106.09685">here</a>, and <a href="https://example.com/x">not a paper</a>.</p></body></html>`;
    const entries = detect(html, 'https://github.com/someone/repo', true);
    expect(entries.map((e) => [e.arxivId, e.title])).toEqual([
      ['2106.09685', 'LoRA: Low-Rank Adaptation of Large Language Models'],
      ['2305.14314', '2305.14314'],
      ['2402.17764', '2402.17764'],
    ]);
    expect(adapterFor('https://github.com/someone/repo')).toBeNull();
    expect(generic.findEntries(parsePage('<p>nothing</p>'), 'https://x.org/')).toEqual([]);
  });

  it('empty, broken and hostile markup: no throw, text only, nothing executed', () => {
    const g = globalThis as unknown as { __pwned?: number };
    g.__pwned = 0;
    const hostile = `<article><h3><a href="/papers/2501.00001"><img src=x onerror="globalThis.__pwned=1">Evil &lt;script&gt;alert(1)&lt;/script&gt; Title<script>globalThis.__pwned=2</script></a></h3></article>
      <article><h3><a href="/papers/not-an-id">Broken</a></h3></article><article><h3>no link</h3></article><article><h3><a href="/papers/2501.00002">`;
    const entries = detect(hostile, 'https://huggingface.co/papers');
    expect(entries.map((e) => e.title)).toEqual(['Evil <script>alert(1)</script> Title', 'Broken']);
    expect(g.__pwned).toBe(0);
    for (const url of ['https://huggingface.co/papers', 'https://arxiv.org/list/cs.LG/new', 'https://arxiv.org/search/?query=x', 'https://arxiv.org/abs/2101.00001', 'https://scholar.google.com/scholar?q=x', 'https://scholar.google.com/citations?user=x']) {
      expect(detect('', url)).toEqual([]);
      expect(detect('<dl id="articles"><dt><a title="Abstract" href="/abs/2101.00001"></a></dt><dd><div class="list-title"></div></dd>', url)).toEqual([]);
      expect(() => detect('<<<>>>&&&<article><h3><a href="/papers/', url)).not.toThrow();
    }
  });

  it('5,000 entries', () => {
    const papers = Array.from({ length: 5000 }, (_, i) => ({ id: `2501.${String(10000 + i)}`, title: `Paper number ${i}` }));
    const entries = detect(hfListingHtml(papers), 'https://huggingface.co/papers');
    expect(entries.length).toBe(5000);
    expect(entries.at(-1)!.title).toBe('Paper number 4999');
  });
});

describe('paper links (context menu)', () => {
  it('reads arXiv ids from abs, pdf and HF paper links', async () => {
    const { paperIdFromLink } = await import('./links');
    expect(paperIdFromLink('https://arxiv.org/abs/2106.09685v2')).toBe('2106.09685');
    expect(paperIdFromLink('https://arxiv.org/pdf/2106.09685v1.pdf')).toBe('2106.09685');
    expect(paperIdFromLink('https://huggingface.co/papers/2402.17764')).toBe('2402.17764');
    expect(paperIdFromLink('https://arxiv.org/abs/hep-th/9901001')).toBe('hep-th/9901001');
    expect(paperIdFromLink('https://example.com/abs/2106.09685')).toBeNull();
    expect(paperIdFromLink('https://arxiv.org/abs/%E0%A4%A')).toBeNull();
  });
});

describe('HF redesign without <article> cards', () => {
  it('finds entries from headings that link papers', () => {
    const html = `<main><ul>
      <li class="card"><div><h3 class="x"><a href="/papers/2501.00001">First Paper In A List</a></h3><p>by someone</p></div></li>
      <li class="card"><div><h3><a href="https://huggingface.co/papers/2501.00002">Second Paper</a></h3></div></li>
    </ul><div><h2><a href="/papers/2501.00003">Third In A Div</a></h2></div><h3><a href="/models/x">Not a paper</a></h3></main>`;
    const entries = detect(html, 'https://huggingface.co/papers/trending');
    expect(entries.map((e) => [e.arxivId, e.title, e.element.tagName, e.anchor.tagName])).toEqual([
      ['2501.00001', 'First Paper In A List', 'LI', 'H3'],
      ['2501.00002', 'Second Paper', 'LI', 'H3'],
      ['2501.00003', 'Third In A Div', 'DIV', 'H2'],
    ]);
  });
});

describe('the site registry (lib/sites/specs.ts, one folder per site)', () => {
  it('one adapter per spec, with its id and label, in the same order; ACL has its own id', () => {
    expect(ADAPTERS.map((a) => [a.id, a.name])).toEqual(SPECS.map((s) => [s.id, s.label]));
    expect(new Set(SITE_IDS).size).toBe(SITE_IDS.length);
    for (const id of SITE_IDS) expect(id).toMatch(/^[a-z]{2,10}$/);
    expect(adapterFor('https://aclanthology.org/people/x/')!.id).toBe('acl');
  });

  it("settings keys and defaults come from the specs", () => {
    expect(Object.keys(DEFAULT_SETTINGS.sites).sort()).toEqual([...SITE_IDS].sort());
    expect(DEFAULT_SETTINGS.sites).toEqual(DEFAULT_SITES);
  });

  for (const s of SPECS) {
    it(`${s.id}: its match patterns and its adapter both take the pages it handles; pages without papers give no entries`, () => {
      const cases = CASES[s.id];
      expect(cases.handles.length).toBeGreaterThan(0);
      for (const url of [...cases.handles, ...cases.saved.map((c) => c.url)]) {
        expect(s.matches.some((p) => matchesPattern(p, url)), `${url}: no match pattern of ${s.id}`).toBe(true);
        expect(adapterFor(url)?.id, url).toBe(s.id);
      }
      for (const c of cases.noEntries ?? []) expect(detect(c.html, c.url), c.url).toEqual([]);
    });
  }

  it('the content script runs on the sites and nowhere else (the generic adapter is opt-in)', () => {
    expect(CONTENT_MATCHES).toEqual(SPECS.flatMap((s) => [...s.matches]));
    for (const url of ['https://github.com/x/y', 'https://dblp.org/', 'https://example.org/papers']) expect(CONTENT_MATCHES.some((p) => matchesPattern(p, url)), url).toBe(false);
  });

  it('match patterns: host, path and query as the browsers read them', () => {
    expect(matchesPattern('https://huggingface.co/papers*', 'https://huggingface.co/papers?q=x')).toBe(true);
    expect(matchesPattern('https://huggingface.co/papers*', 'https://huggingface.co/models')).toBe(false);
    expect(matchesPattern('https://*.example.org/*', 'https://a.b.example.org/x')).toBe(true);
    expect(matchesPattern('https://example.org/*', 'http://example.org/x')).toBe(false);
    expect(() => matchesPattern('example.org', 'https://example.org/')).toThrow();
  });

  it("visits recorded as 'generic' on a page of a registered site belong to that site (ACL Anthology before it had an id)", () => {
    expect(siteOfRecorded('generic', 'https://aclanthology.org/people/x/')).toBe('acl');
    expect(siteOfRecorded('generic', 'https://github.com/x/y')).toBe('generic');
    expect(siteOfRecorded('arxiv', 'https://arxiv.org/list/cs.LG/new')).toBe('arxiv');
  });
});

describe('dblp and CVF on our own pages', () => {
  it('dblp person page: arXiv from a DataCite DOI and from an arxiv.org link; a title with its own "?" keeps it', () => {
    const html = `<ul class="publ-list">
      <li class="entry informal" id="journals/corr/abs-2401-01234"><nav class="publ"><ul><li class="drop-down"><div class="head"><a href="https://doi.org/10.48550/arXiv.2401.01234">ee</a></div></li></ul></nav>
        <cite class="data"><span itemprop="author"><a><span itemprop="name">Ann Lee</span></a></span>:<br><span class="title" itemprop="name">Do Small Models Dream?</span> <span itemprop="datePublished">2024</span></cite></li>
      <li class="entry inproceedings" id="conf/nips/LeeX23"><nav class="publ"><ul><li class="drop-down"><div class="head"><a href="https://doi.org/10.5555/3666122.3666123">ee</a></div><div class="body"><ul><li class="ee"><a href="https://arxiv.org/abs/2305.00001v2">arXiv</a></li></ul></div></li></ul></nav>
        <cite class="data"><span itemprop="author"><a><span itemprop="name">Ann Lee</span></a></span>:<br><span class="title" itemprop="name">Sparse Adapters for Everyone.</span> <a><span itemprop="isPartOf"><span itemprop="name">NeurIPS</span></span> <span itemprop="datePublished">2023</span></a></cite></li>
    </ul>`;
    const entries = detect(html, 'https://dblp.org/pid/12/3456.html');
    expect(entries.map((e) => [e.arxivId, e.doi, e.title, e.year])).toEqual([
      ['2401.01234', null, 'Do Small Models Dream?', 2024],
      ['2305.00001', '10.5555/3666122.3666123', 'Sparse Adapters for Everyone', 2023],
    ]);
    expect(entries[1]!.arxivVersion).toBe('v2');
    expect(dblp.label('https://dblp.org/db/conf/nips/neurips2023.html')).toBe('dblp neurips2023');
  });

  it('CVF conference page: the arXiv link in the dd lines', () => {
    const html = `<div id="content"><dl>
      <dt class="ptitle"><br><a href="/content/CVPR2024/html/Doe_Fast_Things_CVPR_2024_paper.html">Fast Things</a></dt>
      <dd><form class="authsearch"><input type="hidden" name="query" value="Jane Doe"><a href="#">Jane Doe</a></form></dd>
      <dd>[<a href="/content/CVPR2024/papers/Doe_Fast_Things_CVPR_2024_paper.pdf">pdf</a>] [<a href="http://arxiv.org/abs/2403.01234">arXiv</a>]
        <div class="link2">[<a class="fakelink">bibtex</a>]<div class="bibref">@InProceedings{Doe_2024_CVPR, title = {Fast Things}, year = {2024}}</div></div></dd>
      <dt class="ptitle"><br><a href="/content/CVPR2024/html/Roe_Slow_Things_CVPR_2024_paper.html">Slow Things</a></dt>
      <dd>[<a href="/content/CVPR2024/papers/Roe_Slow_Things_CVPR_2024_paper.pdf">pdf</a>]</dd>
    </dl></div>`;
    const entries = detect(html, 'https://openaccess.thecvf.com/CVPR2024?day=all');
    expect(entries.map((e) => [e.arxivId, e.title, e.year, e.authors])).toEqual([
      ['2403.01234', 'Fast Things', 2024, ['Jane Doe']],
      [null, 'Slow Things', 2024, []],
    ]);
    expect(entries[0]!.url).toBe('https://openaccess.thecvf.com/content/CVPR2024/html/Doe_Fast_Things_CVPR_2024_paper.html');
  });
});
