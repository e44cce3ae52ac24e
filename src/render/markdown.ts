import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import taskLists from 'markdown-it-task-lists';
import { collectPlugin, type CollectParseEnv } from './collect.js';
import { embedsPlugin, type EmbedsParseEnv } from './embeds.js';
import { splitFrontMatter } from './front-matter.js';
import { headingIdsPlugin, type HeadingsParseEnv } from './heading-ids.js';
import { highlight } from './highlight.js';
import { linkRewritePlugin } from './link-rewrite.js';
import type { ParsedPage } from './page-model.js';
import type { RenderEnv } from './render-env.js';
import { sanitize } from './sanitize.js';
import { wikilinksPlugin } from './wikilinks.js';

/** Part of every cache key: bump it whenever the same Markdown would render differently. */
export const RENDERER_VERSION = 3;

function createMarkdown(): MarkdownIt {
  const md: MarkdownIt = new MarkdownIt({
    html: true,
    linkify: true,
    typographer: false,
    highlight(code: string, language: string): string {
      const html = highlight(code, language);
      if (!html) return '';
      const name = md.utils.escapeHtml(language.trim().split(/\s+/)[0] ?? '');
      return `<pre><code class="hljs language-${name}">${html}</code></pre>\n`;
    },
  });
  md.use(footnote);
  md.use(taskLists, { enabled: false, label: true });
  md.use(wikilinksPlugin);
  md.use(embedsPlugin);
  md.use(headingIdsPlugin);
  md.use(collectPlugin);
  md.use(linkRewritePlugin);
  return md;
}

const md = createMarkdown();

export interface ParseOptions {
  /** Read GitHub/Gollum `[[Page Name]]` links. */
  wikiLinks?: boolean;
}

/** Parses a page's source (front matter + Markdown) once; the result depends only on the bytes and options. */
export function parsePage(source: string, options: ParseOptions = {}): ParsedPage {
  const split = splitFrontMatter(source);
  const env: HeadingsParseEnv & CollectParseEnv & EmbedsParseEnv & { bodyLineOffset: number; wikiLinks?: boolean } = {
    bodyLineOffset: split.bodyLineOffset,
    wikiLinks: options.wikiLinks ?? false,
  };
  const tokens = md.parse(split.body, env);
  return {
    frontMatter: split.frontMatter,
    problems: split.problems,
    tokens,
    headings: env.headings ?? [],
    anchors: env.anchors ?? new Set(),
    links: env.links ?? [],
    hasHtml: env.hasHtml ?? false,
    embeds: env.embeds ?? [],
  };
}

/** Renders a parsed page to an HTML fragment, with its links as the wiki resolved them. */
export function renderPage(parsed: ParsedPage, env: RenderEnv): string {
  const html = md.renderer.render(parsed.tokens, md.options, { headingShift: 1, ...env });
  return parsed.hasHtml ? sanitize(html) : html;
}

/** Renders a short Markdown text (a commit message, a cover letter) the same way, without a page around it. */
export function renderFragment(source: string): string {
  return renderPage(parsePage(source), { headingShift: 2 });
}
