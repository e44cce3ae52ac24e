/**
 * The words of a Markdown page that search looks at: its headings and its body as plain text.
 *
 * Written by hand rather than taken from markdown-it's token stream because indexing must read every page
 * of a large wiki at start: markdown-it needs ~1 ms a page with Feuillet's plugins (11 s for 10,000 pages),
 * this line scanner ~0.02 ms. Search only needs the words and readable snippets, not the structure, so
 * the approximations below (no nested constructs, no reference resolution) cost nothing a reader sees.
 */

export interface PageText {
  headings: string[];
  body: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_OPENER = /^ {0,3}#{1,6}(?=[ \t]|$)/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$/;
// Inline syntax that would show in snippets; the tokenizer ignores the rest of the punctuation.
// Bounded and bracket-free runs keep these linear on hostile text (`[a](` repeated, no closing parenthesis).
const IMAGE_OR_LINK = /!?\[([^[\]]{0,500})\](?:\([^()\s]{0,2000}(?:\s+"[^"]{0,300}")?\)|\[[^[\]]{0,200}\])/g;
const AUTOLINK = /<((?:https?|mailto|ftp):[^>\s]*)>/gi;
const HTML_TAG = /<\/?[a-zA-Z][^<>]{0,2000}>|<!--[\s\S]{0,20000}?-->/g;
const EMPHASIS_MARK = /[*`~]/;
const EMPHASIS = /\*+|~~|`+/g;
const ENTITY = /&(?:amp|lt|gt|quot|#39|nbsp);/g;
const LINE_START = /^[ \t]*(?:>[ \t]?)*(?:[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+)?/;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };
// Control characters would collide with the markers snippets use to show matches.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One line of Markdown as the words a reader sees; each rewrite runs only when its marker is there. */
export function inlineText(line: string): string {
  let text = CONTROL.test(line) ? line.replace(CONTROL, ' ') : line;
  if (text.includes('<')) text = text.replace(AUTOLINK, '$1').replace(HTML_TAG, ' ');
  if (EMPHASIS_MARK.test(text)) text = text.replace(EMPHASIS, '');
  if (text.includes('&')) text = text.replace(ENTITY, (entity) => ENTITIES[entity] ?? entity);
  return text.trim();
}

/** An ATX heading's text without its optional closing run of `#` (done by hand: the regex is quadratic on long runs of spaces). */
function headingContent(rest: string): string {
  const text = rest.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length) return text;
  if (end === 0) return '';
  return text[end - 1] === ' ' || text[end - 1] === '\t' ? text.slice(0, end).trimEnd() : text;
}

/** Headings and plain text of a Markdown body (front matter already removed). */
export function pageText(markdown: string): PageText {
  const headings: string[] = [];
  const body: string[] = [];
  let fence: string | undefined;
  let previousWasText = false;
  for (const raw of markdown.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      else body.push(CONTROL.test(line) ? line.replace(CONTROL, ' ') : line);
      continue;
    }
    const first = line.trimStart()[0];
    if (first === undefined) {
      previousWasText = false;
      continue;
    }
    if (first === '`' || first === '~') {
      const opener = FENCE.exec(line);
      if (opener?.[1]) {
        fence = opener[1];
        previousWasText = false;
        continue;
      }
    }
    if (first === '#') {
      const atx = ATX_OPENER.exec(line);
      if (atx) {
        const text = inlineText(headingContent(line.slice(atx[0].length))).replace(IMAGE_OR_LINK, '$1');
        if (text) headings.push(text);
        previousWasText = false;
        continue;
      }
    }
    if (first === '=' || first === '-' || first === '*' || first === '_' || first === '|' || first === ':' || first === '[') {
      if (previousWasText && SETEXT_UNDERLINE.test(line)) {
        const heading = body.pop();
        if (heading) headings.push(heading);
        previousWasText = false;
        continue;
      }
      if (THEMATIC_BREAK.test(line) || TABLE_DELIMITER.test(line) || LINK_DEFINITION.test(line)) {
        previousWasText = false;
        continue;
      }
    }
    const text = inlineText(line.replace(LINE_START, '').replaceAll('|', ' '));
    if (text) body.push(text);
    previousWasText = text !== '';
  }
  // Link texts may run over several lines: links are unwrapped once the paragraph lines are joined.
  const text = body.join('\n');
  return { headings, body: text.includes('](') || text.includes('][') ? text.replace(IMAGE_OR_LINK, '$1') : text };
}
