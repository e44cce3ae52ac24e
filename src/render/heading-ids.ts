import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import { headingSlug, SlugRegistry, sourcehutSlug } from './slug.js';
import type { Heading } from './page-model.js';
import type { RenderEnv } from './render-env.js';

export interface HeadingsParseEnv {
  headings?: Heading[];
  anchors?: Set<string>;
}

function plainText(children: Token[] | null): string {
  return (children ?? [])
    .filter((t) => t.type === 'text' || t.type === 'code_inline' || t.type === 'image')
    .map((t) => t.content)
    .join('');
}

/**
 * Gives every heading a readable, unique id, remembers the id man.sr.ht would have given it (an alias
 * anchor, so old links land), and renders headings one level down (the page title is the only h1) with a
 * link to themselves.
 */
export function headingIdsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('inline', 'feuillet_heading_ids', (state: StateCore) => {
    const env = state.env as HeadingsParseEnv;
    const registry = new SlugRegistry();
    const headings: Heading[] = [];
    const aliases: [Heading, string][] = [];
    for (let i = 0; i < state.tokens.length; i++) {
      const token = state.tokens[i];
      const inline = state.tokens[i + 1];
      if (token?.type !== 'heading_open' || !inline) continue;
      const text = plainText(inline.children).trim();
      const id = registry.unique(headingSlug(text) || 'section');
      const alias = sourcehutSlug(md.renderer.renderInline(inline.children ?? [], md.options, {}));
      token.attrSet('id', id);
      const heading: Heading = { level: Number(token.tag.slice(1)), id, text };
      if (alias) aliases.push([heading, alias]);
      token.meta = { heading };
      headings.push(heading);
    }
    // Aliases come second, so that one never takes an id a heading has; a repeated alias is dropped.
    for (const [heading, alias] of aliases) {
      if (registry.has(alias)) continue;
      registry.reserve(alias);
      heading.alias = alias;
    }
    env.headings = headings;
    env.anchors ??= new Set();
    for (const h of headings) {
      env.anchors.add(h.id);
      if (h.alias) env.anchors.add(h.alias);
    }
  });

  md.renderer.rules.heading_open = (tokens, idx, _options, renderEnv) => {
    const env = (renderEnv ?? {}) as RenderEnv;
    const token = tokens[idx];
    const heading = token?.meta?.heading as Heading | undefined;
    if (!token || !heading) return '';
    const level = Math.min(6, heading.level + (env.headingShift ?? 1));
    const alias = heading.alias ? `<span class="alias-anchor" id="${md.utils.escapeHtml(heading.alias)}"></span>` : '';
    return `<h${level} id="${md.utils.escapeHtml(heading.id)}">${alias}`;
  };
  md.renderer.rules.heading_close = (tokens, idx, _options, renderEnv) => {
    const env = (renderEnv ?? {}) as RenderEnv;
    const open = tokens[idx - 2];
    const heading = open?.meta?.heading as Heading | undefined;
    if (!heading) return '';
    const level = Math.min(6, heading.level + (env.headingShift ?? 1));
    const label = `${env.labels?.headingAnchor ?? 'Lien vers cette section'} : ${heading.text}`;
    return ` <a class="heading-anchor" href="#${md.utils.escapeHtml(encodeURIComponent(heading.id))}" aria-label="${md.utils.escapeHtml(label)}">#</a></h${level}>\n`;
  };
}
