/**
 * Vite plugin: compiles seeds/*.txt into the virtual module `virtual:paper-lens-corpus` at build time.
 * A malformed seed file fails the build with "file:line: reason".
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { compileSeedDir } from './node';
import { corpusStats } from './compile';
import { enrichCorpus } from './enrich';

export const CORPUS_MODULE_ID = 'virtual:paper-lens-corpus';
const RESOLVED_ID = `\0${CORPUS_MODULE_ID}`;

export function corpusPlugin(opts: { seedsDir?: string; log?: boolean } = {}): Plugin {
  const seedsDir = resolve(opts.seedsDir ?? 'seeds');
  return {
    name: 'paper-lens-corpus',
    enforce: 'pre',
    resolveId(id) {
      return id === CORPUS_MODULE_ID ? RESOLVED_ID : null;
    },
    load(id) {
      if (id !== RESOLVED_ID) return null;
      const corpus = enrichCorpus(compileSeedDir(seedsDir));
      if (opts.log) {
        const s = corpusStats(corpus);
        console.log(`[paper-lens] bundled corpus: ${s.entries} entries, ${s.papers} papers, ${s.multiListing} on several listings`);
      }
      // JSON.parse of a string literal is faster to start than an object literal of the same size.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(corpus))});`;
    },
    configureServer(server) {
      server.watcher.add(seedsDir);
    },
  };
}
