declare module 'virtual:paper-lens-corpus' {
  import type { BundledCorpus } from './types';
  const corpus: BundledCorpus;
  export default corpus;
}
