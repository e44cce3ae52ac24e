import { Parser } from 'htmlparser2';

/**
 * The top-level elements of a rendered page fragment, each cut from the HTML as it was written (so it
 * stays sanitised); blank text between them is dropped. Element ids are taken out: two versions of a page
 * shown side by side would otherwise repeat them. (The renderer writes every attribute in double quotes
 * and escapes quotes in text, so ` id="…"` occurs only inside tags.)
 */
export function htmlBlocks(html: string): string[] {
  return blocksOf(html).map((block) => block.replace(/ id="[^"]*"/g, ''));
}

function blocksOf(html: string): string[] {
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
