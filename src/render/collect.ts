import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import { Parser } from 'htmlparser2';
import type { WrittenLink } from './page-model.js';

export interface CollectParseEnv {
  links?: WrittenLink[];
  anchors?: Set<string>;
  hasHtml?: boolean;
}

/** Ids and names declared by raw HTML (`<a id="…">`), read with a real HTML parser. */
function rawHtmlAnchors(html: string, into: Set<string>, links: WrittenLink[], line: number): void {
  const parser = new Parser({
    onattribute(name, value) {
      if (name === 'id' || name === 'name') into.add(value);
    },
    onopentag(name, attributes) {
      if (name === 'a' && attributes.href !== undefined) links.push({ kind: 'link', href: attributes.href, line });
      if (name === 'img' && attributes.src !== undefined) links.push({ kind: 'image', href: attributes.src, line });
    },
  });
  parser.end(html);
}

/**
 * Gathers, while parsing, what other parts need without rendering: every link with its line (for `check`
 * and for resolving links before rendering), anchors declared in raw HTML and footnotes, and whether the
 * page holds raw HTML at all (only then does the output need the sanitiser).
 */
export function collectPlugin(md: MarkdownIt): void {
  md.core.ruler.push('feuillet_collect', (state: StateCore) => {
    const env = state.env as CollectParseEnv & { bodyLineOffset?: number };
    const offset = env.bodyLineOffset ?? 0;
    const links: WrittenLink[] = [];
    const anchors = (env.anchors ??= new Set());
    let hasHtml = false;
    let footnotes = 0;
    const visit = (tokens: Token[], line: number) => {
      // Inline tokens carry no line: count the line breaks met so far inside their paragraph.
      let breaks = 0;
      for (const token of tokens) {
        if (token.type === 'softbreak' || token.type === 'hardbreak') breaks++;
        const here = token.map ? token.map[0] + 1 + offset : line + breaks;
        if (token.type === 'link_open') links.push({ kind: 'link', href: String(token.attrGet('href') ?? ''), line: here });
        else if (token.type === 'image') links.push({ kind: 'image', href: String(token.attrGet('src') ?? ''), line: here });
        else if (token.type === 'html_block' || token.type === 'html_inline') {
          hasHtml = true;
          rawHtmlAnchors(token.content, anchors, links, here);
        } else if (token.type === 'footnote_ref') footnotes++;
        if (token.children) visit(token.children, here);
      }
    };
    visit(state.tokens, 1 + offset);
    for (let i = 1; i <= footnotes; i++) {
      anchors.add(`fn${i}`);
      anchors.add(`fnref${i}`);
    }
    env.links = links;
    env.hasHtml = hasHtml;
  });
}
