import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { RpcError, send } from './rpc';

const CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

describe('send', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends a request once more when the background went away before answering (a stopped worker)', async () => {
    const spy = vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValueOnce(new Error(CLOSED)).mockResolvedValueOnce({ ok: true, data: { paperId: 'p1', savedAt: 5 } } as never);
    await expect(send({ type: 'save', entry: { title: 'T', arxivId: null, url: null } })).resolves.toEqual({ paperId: 'p1', savedAt: 5 });
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it("says plainly that the background could not be reached, not the browser's own words, when it fails twice", async () => {
    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error(CLOSED));
    const err = await send({ type: 'unsave', paperId: 'p1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).transport).toBe(true);
  });

  it('an error from the background is passed on as it is, without a retry', async () => {
    const spy = vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error: 'invalid message: paperId is not a paper id' } as never);
    const err = await send({ type: 'unsave', paperId: 'p1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ message: 'invalid message: paperId is not a paper id', transport: false });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
