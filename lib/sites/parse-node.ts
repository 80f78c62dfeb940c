/** Node-side parsing of saved pages for the detect CLI and tests (linkedom: the same adapter code the content script runs). */
import { parseHTML } from 'linkedom';

export function parsePage(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}
