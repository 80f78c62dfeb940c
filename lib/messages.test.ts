/** The message gate: sender, size and shape of every request. */
import { describe, expect, it } from 'vitest';
import { entry, page } from './background/test-helpers';
import { gate } from './guard';
import { envelope, LIMITS, PROTOCOL } from './messages';

describe('message gate', () => {
  const ok = envelope({ type: 'ping' });
  it('accepts this extension, rejects others, oversized and malformed messages', () => {
    expect(gate(ok, { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'ping' } });
    expect(gate(ok, { id: 'other' }, 'me')).toEqual({ ok: false, error: 'sender is not this extension' });
    expect(gate(ok, {}, 'me').ok).toBe(false);
    expect(gate(envelope({ type: 'shown', pageUrl: 'https://huggingface.co/papers' }), { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'shown', pageUrl: 'https://huggingface.co/papers' } });
    const withLoad = gate(envelope({ type: 'annotate', page: page('https://arxiv.org/list/cs.LG/new', 'abcdef123456'), entries: [] }), { id: 'me' }, 'me');
    expect(withLoad).toMatchObject({ ok: true, request: { page: { load: 'abcdef123456' } } });
    expect(gate(envelope({ type: 'updateSettings', patch: { historyYears: 2 } }), { id: 'me' }, 'me')).toMatchObject({ ok: true, request: { patch: { historyYears: 2 } } });
    const saves = gate(envelope({ type: 'importBatch', collection: { id: 'c', name: 'c', format: 'csv' }, entries: [entry('a'), entry('b')], saves: [{ savedAt: 5, tags: [' x ', 'x', ''], note: 'n' }, null] }), { id: 'me' }, 'me');
    expect(saves).toMatchObject({ ok: true, request: { saves: [{ savedAt: 5, tags: ['x'], note: 'n' }, null] } });
    const det = (title: string, abstract: string | null, more: object = {}) => ({ title, abstract, arxivId: null, doi: null, url: null, paperId: null, topics: true, lookAlike: false, ...more });
    const details = [det('T', null), det('U', 'A', { arxivId: '2501.00001', paperId: 'arxiv:2501.00001', lookAlike: true, authors: ['A. B.'] })];
    const pg = page();
    expect(gate(envelope({ type: 'details', page: pg, entries: details }), { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'details', page: pg, entries: details.map((d) => ({ arxivVersion: null, year: null, ...d })) } });
    const lean = gate(envelope({ type: 'annotate', page: page(), entries: [{ ...entry('x'), abstract: undefined, abstractLen: 900 }] }), { id: 'me' }, 'me');
    expect(lean).toMatchObject({ ok: true, request: { entries: [{ abstract: null, abstractLen: 900 }] } });
    const huge = envelope({ type: 'annotate', page: page(), entries: [entry('x'.repeat(LIMITS.maxMessageBytes))] });
    expect(gate(huge, { id: 'me' }, 'me')).toEqual({ ok: false, error: 'message too large' });
    for (const bad of [
      null, 42, 'ping', { protocol: 'other', request: { type: 'ping' } }, { protocol: PROTOCOL }, { protocol: PROTOCOL, request: { type: 'drop tables' } },
      envelope({ type: 'ping', extra: 1 } as never),
      envelope({ type: 'annotate', page: { ...page(), url: 'javascript:alert(1)' }, entries: [] }),
      envelope({ type: 'annotate', page: { ...page(), load: 'x y' }, entries: [] }),
      envelope({ type: 'annotate', page: page(), entries: [{ title: '' }] } as never),
      envelope({ type: 'annotate', page: page(), entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => entry('t')) }),
      envelope({ type: 'annotate', page: page(), entries: [{ ...entry('x'), abstract: 'A', abstractLen: 1 }] }),
      envelope({ type: 'annotate', page: page(), entries: [{ ...entry('x'), abstractLen: 0 }] }),
      envelope({ type: 'annotate', page: page(), entries: [{ ...entry('x'), abstractLen: LIMITS.maxAbstract + 1 }] }),
      envelope({ type: 'details', page: page(), entries: [det('', null)] }),
      envelope({ type: 'details', page: page(), entries: [det('T', null, { paperId: '../x' })] }),
      envelope({ type: 'details', page: page(), entries: [det('T', null, { arxivId: 'not-an-id' })] }),
      envelope({ type: 'details', page: page(), entries: [det('T', null, { topics: 'yes' })] }),
      envelope({ type: 'details', page: page(), entries: [{ title: 'T', abstract: null }] } as never),
      envelope({ type: 'details', page: page(), entries: [det('T', null, { extra: 1 })] }),
      envelope({ type: 'details', page: page(), entries: [det('T', 'x'.repeat(LIMITS.maxAbstract + 1))] }),
      envelope({ type: 'details', page: page(), entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => det('t', null)) }),
      envelope({ type: 'details', entries: [det('T', null)] } as never),
      envelope({ type: 'details', page: page() } as never),
      envelope({ type: 'shown', pageUrl: 'javascript:alert(1)' }),
      envelope({ type: 'shown', pageUrl: 'https://huggingface.co/papers', extra: true } as never),
      envelope({ type: 'shown' } as never),
      envelope({ type: 'save', entry: { title: 'x', arxivId: 'not-an-id' } } as never),
      envelope({ type: 'unsave', paperId: '../../etc' } as never),
      envelope({ type: 'setNote', paperId: 'p1', note: 'x'.repeat(LIMITS.maxNote + 1) }),
      envelope({ type: 'search', query: 'q', limit: 10_000 }),
      envelope({ type: 'updateSettings', patch: { historyYears: 0 } } as never),
      envelope({ type: 'updateSettings', patch: { historyYears: 'forever' } } as never),
      // Saves of an import: one per entry, each a time or null, tags and a note within the limits.
      envelope({ type: 'importBatch', collection: { id: 'c', name: 'c', format: 'csv' }, entries: [entry('t')], saves: [] }),
      envelope({ type: 'importBatch', collection: { id: 'c', name: 'c', format: 'csv' }, entries: [entry('t')], saves: [{ savedAt: 'today', tags: [], note: '' }] } as never),
      envelope({ type: 'importBatch', collection: { id: 'c', name: 'c', format: 'csv' }, entries: [entry('t')], saves: [{ savedAt: null, tags: ['x'.repeat(LIMITS.maxTagLength + 1)], note: '' }] }),
      envelope({ type: 'importBatch', collection: { id: 'c', name: 'c', format: 'csv' }, entries: [entry('t')], saves: [{ savedAt: null, tags: [], note: '', extra: 1 }] } as never),
    ]) {
      const g = gate(bad, { id: 'me' }, 'me');
      expect(g.ok, JSON.stringify(bad)?.slice(0, 80)).toBe(false);
    }
  });
});
