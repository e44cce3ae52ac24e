import { Parser } from 'htmlparser2';

/**
 * The top-level elements of a rendered page fragment, each cut from the HTML as it was written (so it
 * stays sanitised and byte-identical); blank text between them is dropped.
 */
export function htmlBlocks(html: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  const parser: Parser = new Parser(
    {
      onopentag() {
        if (depth === 0) start = parser.startIndex;
        depth++;
      },
      onclosetag() {
        depth--;
        if (depth === 0) blocks.push(html.slice(start, parser.endIndex + 1));
      },
      ontext(text) {
        if (depth === 0 && text.trim() !== '') blocks.push(html.slice(parser.startIndex, parser.endIndex + 1));
      },
    },
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return blocks;
}
