/** The background's gate for incoming messages: sender, size, shape. Pure, so it is unit-tested. */
import { approxSize, LIMITS, validateRequest, type Request } from './messages';

export interface SenderInfo {
  id?: string;
  url?: string;
}

export type Gate = { ok: true; request: Request } | { ok: false; error: string };

export function gate(message: unknown, sender: SenderInfo, ownId: string): Gate {
  if (!sender || sender.id !== ownId) return { ok: false, error: 'sender is not this extension' };
  if (approxSize(message, LIMITS.maxMessageBytes) > LIMITS.maxMessageBytes) return { ok: false, error: 'message too large' };
  try {
    return { ok: true, request: validateRequest(message) };
  } catch (e) {
    return { ok: false, error: `invalid message: ${(e as Error).message}` };
  }
}
