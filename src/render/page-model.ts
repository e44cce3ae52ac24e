import type Token from 'markdown-it/lib/token.mjs';
import type { PlacedEmbed } from './embeds.js';
import type { FrontMatter, FrontMatterProblem } from './front-matter.js';

export interface Heading {
  /** Level in the Markdown source (1 for `#`). */
  level: number;
  id: string;
  /** The id man.sr.ht gave this heading, when it differs. */
  alias?: string;
  text: string;
}

export interface WrittenLink {
  kind: 'link' | 'image';
  href: string;
  /** 1-based line in the file (front matter included). */
  line: number;
}

/** What parsing a page yields; depends only on the page's bytes, so it is cached by content id. */
export interface ParsedPage {
  frontMatter: FrontMatter;
  problems: FrontMatterProblem[];
  tokens: Token[];
  headings: Heading[];
  /** Every id a link may point at: headings, their aliases, raw `id`/`name` anchors, footnotes. */
  anchors: ReadonlySet<string>;
  links: WrittenLink[];
  /** Raw HTML present: the output must go through the sanitiser. */
  hasHtml: boolean;
  /** `{{agenda …}}` and `{{tableau …}}` directives, to load what they show before rendering. */
  embeds: PlacedEmbed[];
}

export interface TocEntry {
  id: string;
  text: string;
  children: TocEntry[];
}
