import type { FrontMatterProblem } from '../render/front-matter.js';
import type { ParsedPage, WrittenLink } from '../render/page-model.js';
import type { Unrenderable } from '../wiki/wiki.js';

/**
 * What other pages and the build plan need to know about a page without its tokens: its title (navigation,
 * breadcrumbs, listings), its anchors (links with a `#fragment`), its links and front matter problems
 * (`check`). They depend on the page's bytes only, so they are kept in the build manifest by blob id.
 */
export type PageFacts =
  | {
      kind: 'page';
      title?: string;
      description?: string;
      lang?: string;
      toc?: boolean;
      anchors: string[];
      links: WrittenLink[];
      problems: FrontMatterProblem[];
      /** The page embeds calendars or tables (`{{agenda}}`, `{{tableau}}`): it shows other files, and the date. */
      embeds: boolean;
    }
  | { kind: 'unrenderable'; reason: Unrenderable };

export function factsOf(parsed: ParsedPage | Unrenderable): PageFacts {
  if (typeof parsed === 'string') return { kind: 'unrenderable', reason: parsed };
  const fm = parsed.frontMatter;
  const facts: PageFacts = { kind: 'page', anchors: [...parsed.anchors], links: parsed.links, problems: parsed.problems, embeds: parsed.embeds.length > 0 };
  if (fm.title !== undefined) facts.title = fm.title;
  if (fm.description !== undefined) facts.description = fm.description;
  if (fm.lang !== undefined) facts.lang = fm.lang;
  if (fm.toc !== undefined) facts.toc = fm.toc;
  return facts;
}

/** The parse result `check` reads (problems and links), rebuilt from the facts: no tokens, nothing to render. */
export function parsedFromFacts(facts: PageFacts): ParsedPage | Unrenderable {
  if (facts.kind === 'unrenderable') return facts.reason;
  const frontMatter: ParsedPage['frontMatter'] = { data: {} };
  if (facts.title !== undefined) frontMatter.title = facts.title;
  if (facts.description !== undefined) frontMatter.description = facts.description;
  if (facts.lang !== undefined) frontMatter.lang = facts.lang;
  if (facts.toc !== undefined) frontMatter.toc = facts.toc;
  return { frontMatter, problems: facts.problems, tokens: [], headings: [], anchors: new Set(facts.anchors), links: facts.links, hasHtml: false, embeds: [] };
}
