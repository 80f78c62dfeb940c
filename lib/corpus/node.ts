/** Node-only helpers (build scripts, CLIs, tests): read seed files from a directory. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCorpus, type SeedFile } from './compile';
import type { BundledCorpus } from './types';

export function readSeedDir(dir: string): SeedFile[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  if (names.length === 0) throw new Error(`${dir}: no seed listings (*.txt) found`);
  return names.map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

export function compileSeedDir(dir: string): BundledCorpus {
  return compileCorpus(readSeedDir(dir));
}
