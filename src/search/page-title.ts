import { splitFrontMatter } from '../render/front-matter.js';

/** A page's front matter title and its Markdown body, for the index: the title the page shows. */
export function titleAndBody(source: string): { title?: string; body: string } {
  const split = splitFrontMatter(source);
  return split.frontMatter.title ? { title: split.frontMatter.title, body: split.body } : { body: split.body };
}
