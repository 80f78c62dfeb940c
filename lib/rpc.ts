/** Client side of lib/messages.ts: send a typed request to the background and unwrap the reply. */
import { browser } from 'wxt/browser';
import { envelope, type Reply, type Request, type RequestType, type Responses } from './messages';

export class RpcError extends Error {
  override name = 'RpcError';
}

export async function send<R extends Request>(request: R): Promise<Responses[R['type']]> {
  const reply = (await browser.runtime.sendMessage(envelope(request))) as Reply<RequestType> | undefined;
  if (!reply) throw new RpcError('Paper Lens background did not answer');
  if (!reply.ok) throw new RpcError(reply.error);
  return reply.data as Responses[R['type']];
}
