import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';

/** How a `[[Page Name]]` link is written into a token's href, to be resolved by page name, not by path. */
export const WIKILINK_PREFIX = '[[';

export function wikilinkHref(target: string): string {
  return `${WIKILINK_PREFIX}${target}]]`;
}

/** The page name of a wikilink href, or undefined for an ordinary link. */
export function wikilinkTarget(href: string): string | undefined {
  return href.startsWith(WIKILINK_PREFIX) && href.endsWith(']]') ? href.slice(2, -2) : undefined;
}

const IMAGE = /\.(png|jpe?g|gif|svg|webp|avif)$/i;

/**
 * A target Gollum and GitHub wikis link to as it is, not as a page name: an address with a scheme
 * their sanitiser lets through in links (`http`, `https`, `ftp`, `irc`, `apt`, and `mailto`), or `//host`.
 */
const EXTERNAL = /^(?:(?:https?|ftp|irc|apt):\/\/|\/\/|mailto:)/i;

/**
 * GitHub/Gollum wiki links, read when the parse environment asks for them (`wikiLinks: true`):
 * `[[Page Name]]`, `[[Text|Page-Name]]`, `[[Text|https://…]]` (an ordinary link), and path-first images
 * `[[images/x.png|alt text]]`.
 */
export function wikilinksPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'feuillet_wikilinks', (state: StateInline, silent: boolean) => {
    if (!(state.env as { wikiLinks?: boolean }).wikiLinks) return false;
    const start = state.pos;
    if (state.src.charCodeAt(start) !== 0x5b || state.src.charCodeAt(start + 1) !== 0x5b) return false;
    const end = state.src.indexOf(']]', start + 2);
    if (end < 0) return false;
    const inner = state.src.slice(start + 2, end);
    if (inner.trim() === '' || inner.includes('[') || inner.includes('\n')) return false;
    const bar = inner.indexOf('|');
    const first = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const second = bar < 0 ? undefined : inner.slice(bar + 1).trim();
    const target = second ?? first;
    const external = !IMAGE.test(first) && EXTERNAL.test(target) ? state.md.normalizeLink(target) : undefined;
    if (external !== undefined && !state.md.validateLink(external)) return false;
    if (!silent) {
      if (IMAGE.test(first)) {
        const image = state.push('image', 'img', 0);
        image.attrs = [['src', first], ['alt', '']];
        image.children = [];
        image.content = (second ?? '').replace(/^alt=/, '');
        const text = new state.Token('text', '', 0);
        text.content = image.content;
        image.children.push(text);
      } else {
        const open = state.push('link_open', 'a', 1);
        open.attrs = [['href', external ?? wikilinkHref(target)]];
        open.markup = 'wikilink';
        const text = state.push('text', '', 0);
        text.content = first;
        state.push('link_close', 'a', -1);
      }
    }
    state.pos = end + 2;
    return true;
  });
}
