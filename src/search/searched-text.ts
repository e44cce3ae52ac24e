import { pageText } from './page-text.js';
import { titleAndBody } from './page-title.js';

/** What search reads of a page: its front matter title, its headings and its body as plain text. */
export interface SearchedText {
  title?: string;
  headings: string;
  body: string;
}

/** The searched text of a page's bytes; undefined for a file that is not text (it holds a NUL byte). */
export function searchedText(bytes: Uint8Array): SearchedText | undefined {
  if (bytes.includes(0)) return undefined;
  const { title, body } = titleAndBody(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  const text = pageText(body);
  const found = { headings: text.headings.join('\n'), body: text.body };
  return title ? { title, ...found } : found;
}
