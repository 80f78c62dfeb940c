import { defineContentScript } from 'wxt/utils/define-content-script';
import { CONTENT_MATCHES } from '../../lib/sites/hosts';
import { send } from '../../lib/rpc';

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    if (ctx.isInvalid) return;
    await send({ type: 'ping' });
  },
});
