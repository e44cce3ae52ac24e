import type { Heading, TocEntry } from './page-model.js';

/** Nests headings by level; a heading that skips levels nests under the nearest shallower one. */
export function buildToc(headings: readonly Heading[]): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: { level: number; children: TocEntry[] }[] = [{ level: 0, children: root }];
  for (const heading of headings) {
    while ((stack[stack.length - 1]?.level ?? 0) >= heading.level) stack.pop();
    const entry: TocEntry = { id: heading.id, text: heading.text, children: [] };
    (stack[stack.length - 1]?.children ?? root).push(entry);
    stack.push({ level: heading.level, children: entry.children });
  }
  return root;
}
