/** Helpers shared by the command-line entries (detect, match, tag). */
import { readFileSync } from 'node:fs';

/** Read a text file or exit 2 with a clear message. */
export function readTextOrExit(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    process.exit(2);
  }
}

export type JsonlRow = { ok: true; value: Record<string, unknown> & { title: string } } | { ok: false };

/** Read JSON lines that must each have a "title" string; a bad line is reported (file:line) and kept as { ok: false }. */
export function readTitleJsonl(file: string): JsonlRow[] {
  return readTextOrExit(file)
    .split(/\r?\n/)
    .flatMap((line, i): JsonlRow[] => {
      if (!line.trim()) return [];
      try {
        const v = JSON.parse(line) as unknown;
        if (!v || typeof v !== 'object' || typeof (v as { title?: unknown }).title !== 'string') throw new Error('no "title" string');
        return [{ ok: true, value: v as Record<string, unknown> & { title: string } }];
      } catch (e) {
        console.error(`${file}:${i + 1}: skipped: ${(e as Error).message}`);
        return [{ ok: false }];
      }
    });
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function writeLines(lines: string[]): void {
  process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''));
}
