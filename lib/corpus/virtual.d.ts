declare module 'virtual:paper-lens-corpus' {
  const corpus: import('./types').BundledCorpus;
  export default corpus;
}
