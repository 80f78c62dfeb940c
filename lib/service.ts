/**
 * Request handling for the background. Pure of browser globals so it can be unit-tested;
 * entrypoints/background.ts wires it to runtime messages.
 */
import type { BundledCorpus } from './corpus/types';
import { PROTOCOL, type Request, type Responses } from './messages';

export interface ServiceOptions {
  corpus: BundledCorpus;
  version: string;
}

export interface CallContext {
  tabId: number | null;
}

export interface Service {
  handle<R extends Request>(req: R, ctx?: CallContext): Promise<Responses[R['type']]>;
}

export function createService(opts: ServiceOptions): Service {
  const { corpus } = opts;
  async function handle(req: Request): Promise<unknown> {
    switch (req.type) {
      case 'ping':
        return { pong: true, protocol: PROTOCOL, version: opts.version, corpusSize: corpus.papers.length };
      case 'stats':
        return {
          corpusPapers: corpus.papers.length,
          corpusEntries: corpus.entryCount,
          corpusListings: corpus.listings.length,
          localPapers: 0,
          saved: 0,
          sightings: 0,
          imports: 0,
          historyEnabled: true,
        };
      default:
        throw new Error(`${req.type} is not available yet`);
    }
  }
  return { handle: handle as Service['handle'] };
}
