/**
 * What import readers report, kept apart from the readers themselves so the background (which only
 * restores backups) does not bundle the BibTeX and CSV parsers.
 */
export interface ReadIssue {
  line: number;
  reason: string;
}

export class ImportError extends Error {
  override name = 'ImportError';
}
