/** Client side of lib/messages.ts: send a typed request to the background and unwrap the reply. */
import { browser } from 'wxt/browser';
import { envelope, type Reply, type Request, type RequestType, type Responses } from './messages';
import { decodeReply } from './wire';

export class RpcError extends Error {
  override name = 'RpcError';
  /** The message never got an answer (the background was stopped or restarting), rather than an error from it. */
  readonly transport: boolean;
  constructor(message: string, transport = false) {
    super(message);
    this.transport = transport;
  }
}

/** Pause before the one retry of a request whose background went away (it restarts on the next message). */
export const RETRY_MS = 150;

/**
 * Send a request. When the background goes away before answering (an MV3 worker stopped at that moment:
 * Chrome says "the message channel closed before a response was received"), it is sent once more (every
 * request is safe to repeat: saving twice saves once); if that fails too, the error says so plainly.
 */
export async function send<R extends Request>(request: R): Promise<Responses[R['type']]> {
  let reply: Reply<RequestType> | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      reply = (await browser.runtime.sendMessage(envelope(request))) as Reply<RequestType> | undefined;
      if (reply) break;
    } catch (e) {
      if (attempt > 0) throw new RpcError(`Paper Lens could not reach its background (${(e as Error).message.slice(0, 120)})`, true);
    }
    if (attempt > 0) throw new RpcError('Paper Lens background did not answer', true);
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
  if (!reply.ok) throw new RpcError(reply.error);
  return decodeReply(request, reply.data);
}
