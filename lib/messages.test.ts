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
    expect(gate(envelope({ type: 'topics', entries: [{ title: 'T', abstract: null }, { title: 'U', abstract: 'A' }] }), { id: 'me' }, 'me')).toEqual({ ok: true, request: { type: 'topics', entries: [{ title: 'T', abstract: null }, { title: 'U', abstract: 'A' }] } });
    const huge = envelope({ type: 'annotate', page: page(), entries: [entry('x'.repeat(LIMITS.maxMessageBytes))] });
    expect(gate(huge, { id: 'me' }, 'me')).toEqual({ ok: false, error: 'message too large' });
    for (const bad of [
      null, 42, 'ping', { protocol: 'other', request: { type: 'ping' } }, { protocol: PROTOCOL }, { protocol: PROTOCOL, request: { type: 'drop tables' } },
      envelope({ type: 'ping', extra: 1 } as never),
      envelope({ type: 'annotate', page: { ...page(), url: 'javascript:alert(1)' }, entries: [] }),
      envelope({ type: 'annotate', page: { ...page(), load: 'x y' }, entries: [] }),
      envelope({ type: 'annotate', page: page(), entries: [{ title: '' }] } as never),
      envelope({ type: 'annotate', page: page(), entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => entry('t')) }),
      envelope({ type: 'topics', entries: [{ title: '', abstract: null }] }),
      envelope({ type: 'topics', entries: [{ title: 'T', abstract: null, paperId: 'x' }] } as never),
      envelope({ type: 'topics', entries: [{ title: 'T', abstract: 'x'.repeat(LIMITS.maxAbstract + 1) }] }),
      envelope({ type: 'topics', entries: Array.from({ length: LIMITS.maxEntriesPerAnnotate + 1 }, () => ({ title: 't', abstract: null })) }),
      envelope({ type: 'topics' } as never),
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
