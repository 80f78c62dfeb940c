export * from './types';
export { compileCorpus, parseSeedFile, corpusStats, extractCodeUrls, SeedError } from './compile';
