import type { Bilingual } from '../render/embeds.js';
import type { LinkResolution } from './links.js';
import { isMarkdown, type WikiPath } from './path.js';
import type { Revision } from './revision.js';
import type { Wiki } from './wiki.js';

export type ProblemKind = 'front-matter' | 'broken-link' | 'broken-anchor' | 'leaves-wiki' | 'guessed-link' | 'unrenderable' | 'embed-invalid' | 'embed-missing';

export interface Problem {
  path: WikiPath;
  line: number;
  kind: ProblemKind;
  /** What the page says (the link as written, the YAML error). */
  detail: string;
  /** For links taken to mean another target: where they now point. */
  suggestion?: string;
  note?: string;
  /** Why an embed directive is wrong, in both languages. */
  reason?: Bilingual;
}

function linkProblem(resolution: LinkResolution): { kind: ProblemKind; suggestion?: string; note?: string } | undefined {
  if (resolution.kind === 'broken') {
    if (resolution.reason === 'anchor') return { kind: 'broken-anchor' };
    if (resolution.reason === 'leaves-root') return { kind: 'leaves-wiki' };
    return { kind: 'broken-link' };
  }
  if (resolution.kind === 'internal' && resolution.note) return { kind: 'guessed-link', suggestion: resolution.href, note: resolution.note.kind };
  if (resolution.kind === 'internal' && resolution.target.kind === 'repository') return { kind: 'leaves-wiki', suggestion: resolution.href };
  return undefined;
}

/** Links as the author wrote them: the parser stores `é` percent-encoded. */
function asWritten(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}

/** Everything a maintainer should fix, page by page, in path and line order: the facts behind `feuillet check`. */
export async function checkWiki(wiki: Wiki, revision: Revision): Promise<Problem[]> {
  const problems: Problem[] = [];
  const now = new Date();
  const pages = [...revision.files.values()].filter((f) => isMarkdown(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of pages) {
    const parsed = await wiki.parse(file);
    if (typeof parsed === 'string') {
      problems.push({ path: file.path, line: 1, kind: 'unrenderable', detail: parsed });
      continue;
    }
    for (const p of parsed.problems) problems.push({ path: file.path, line: p.line, kind: 'front-matter', detail: p.message });
    const resolutions = await wiki.resolveLinks(revision, file.path, parsed.links);
    for (const link of parsed.links) {
      const resolution = resolutions.get(link.href);
      const problem = resolution && linkProblem(resolution);
      if (problem) problems.push({ path: file.path, line: link.line, detail: asWritten(link.href), ...problem });
    }
    for (const placed of parsed.embeds) {
      if ('error' in placed) problems.push({ path: file.path, line: placed.line, kind: 'embed-invalid', detail: placed.source, reason: placed.error });
      // What the page would show: nothing when the calendar, folder or table is missing or unreadable.
      else if ((await wiki.data.embed(revision, file.path, placed.request, 'fr', now)) === undefined) {
        problems.push({ path: file.path, line: placed.line, kind: 'embed-missing', detail: placed.source });
      }
    }
  }
  return problems.sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
}
