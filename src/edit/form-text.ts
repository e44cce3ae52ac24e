/**
 * The text of the editor's textarea as the file to commit. Browsers send a textarea's lines ended by
 * CRLF whatever the file had: the file keeps its own line ends (LF unless it was written with CRLF),
 * and ends with a line end as git and editors expect. Text that cannot be a page is refused with the
 * reason, in French and English.
 */
export type FormText = { readonly kind: 'text'; readonly content: Buffer } | { readonly kind: 'refused'; readonly reason: 'not-text' | 'too-large'; readonly fr: string; readonly en: string };

export function fileFromForm(submitted: string, original: Buffer | undefined, maxBytes: number): FormText {
  if (submitted.includes('\u0000')) {
    return { kind: 'refused', reason: 'not-text', fr: 'Le texte contient un caractère nul : ce n’est pas du texte.', en: 'The text holds a NUL character: it is not text.' };
  }
  const crlf = original !== undefined && usesCrlf(original);
  let text = submitted.replace(/\r\n?/g, '\n');
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  if (crlf) text = text.replace(/\n/g, '\r\n');
  const content = Buffer.from(text, 'utf8');
  if (content.length > maxBytes) {
    const limit = `${Math.floor(maxBytes / 1024)} Kio`;
    return { kind: 'refused', reason: 'too-large', fr: `Le texte dépasse la taille maximale d’une page (${limit}).`, en: `The text is over the largest size of a page (${limit.replace('Kio', 'KiB')}).` };
  }
  return { kind: 'text', content };
}

/** Whether most line ends of a file are CRLF. */
function usesCrlf(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  const all = text.split('\n').length - 1;
  const crlf = text.split('\r\n').length - 1;
  return all > 0 && crlf * 2 > all;
}

/** The file's text as the textarea shows it (LF line ends; the browser shows them alike). */
export function formFromFile(content: Buffer): string {
  return content.toString('utf8').replace(/\r\n/g, '\n');
}
