import type { EmbedRequest } from './embeds.js';

/** What a render needs beyond the parsed page: how links resolve, labels in the reader's language. */
export interface RenderEnv {
  [key: string]: unknown;
  /** How many levels headings move down: 1 when the page has a title (always, in Feuillet). */
  headingShift?: number;
  /** Resolution of every link of the page, by href as written; prepared before rendering. */
  links?: ReadonlyMap<string, RenderedLink>;
  labels?: RenderLabels;
  /** Content to embed for a directive (calendars, tables); trusted HTML. */
  embed?: (request: EmbedRequest) => string | undefined;
  /** Language of the notes written for directives that fail. */
  lang?: 'fr' | 'en';
}

export type RenderedLink =
  | { state: 'external'; href: string }
  | { state: 'internal'; href: string }
  | { state: 'broken'; href: string; title: string; create?: true };

export interface RenderLabels {
  headingAnchor: string;
}
