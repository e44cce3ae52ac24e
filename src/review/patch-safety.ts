/**
 * Which paths of a patch must never reach `git am`: anything inside `.git/`, climbing out with `..`,
 * absolute, a symbolic link or a submodule, or a name with control characters. Checked on every name
 * the headers give, since a hostile patch can make its `diff --git`, `---`/`+++` and rename lines disagree.
 */
import { BIDI_CONTROL, withBidiShown } from '../wiki/path.js';
import { SUBMODULE_MODE, SYMLINK_MODE, type FileChange, type Patch } from '../mail/patch.js';
import type { Bilingual } from '../user-error.js';

export type UnsafePathReason = 'git-directory' | 'parent-directory' | 'absolute' | 'symlink' | 'submodule' | 'control-characters';

export interface UnsafePath extends Bilingual {
  readonly path: string;
  readonly reason: UnsafePathReason;
}

export function unsafePaths(patch: Patch): UnsafePath[] {
  const found: UnsafePath[] = [];
  const add = (path: string, reason: UnsafePathReason) => {
    if (!found.some((seen) => seen.path === path && seen.reason === reason)) found.push({ path, reason, ...explain(path, reason) });
  };
  for (const file of patch.files) {
    // Each problem once per file, shown on the path as git would write it when that path has it.
    const names = [...new Set([...pathsOf(file), ...file.headerNames])];
    const problems = names.map((name) => ({ name, reasons: nameProblems(name) }));
    for (const reason of new Set(problems.flatMap((problem) => problem.reasons))) {
      add((problems.find((problem) => problem.reasons.includes(reason)) as { name: string }).name, reason);
    }
    const modes = modesOf(file);
    const path = pathsOf(file).at(-1) ?? '';
    if (modes.includes(SYMLINK_MODE)) add(path, 'symlink');
    if (modes.includes(SUBMODULE_MODE)) add(path, 'submodule');
  }
  return found;
}

/** The paths a change reads or writes, old first. */
export function pathsOf(file: FileChange): string[] {
  return 'oldPath' in file ? [file.oldPath, file.newPath] : [file.path];
}

function modesOf(file: FileChange): Array<string | undefined> {
  return file.kind === 'added' || file.kind === 'deleted' ? [file.mode] : [file.oldMode, file.newMode];
}

// C0 and C1 control characters.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function nameProblems(name: string): UnsafePathReason[] {
  const reasons: UnsafePathReason[] = [];
  if (CONTROL.test(name) || BIDI_CONTROL.test(name)) reasons.push('control-characters');
  if (/^[/\\]/.test(name) || /^[A-Za-z]:/.test(name)) reasons.push('absolute');
  const segments = name.split(/[/\\]/);
  if (segments.includes('..')) reasons.push('parent-directory');
  if (segments.some(isGitDirectoryName)) reasons.push('git-directory');
  return reasons;
}

/**
 * `.git` as the file systems git runs on may read it: any case, trailing dots or spaces (Windows),
 * invisible format characters (macOS HFS+ ignores them), the 8.3 short name `git~1`. Git refuses the
 * same names when it checks out (`is_ntfs_dotgit`, `is_hfs_dotgit`).
 */
function isGitDirectoryName(segment: string): boolean {
  const plain = segment.replace(/\p{Cf}/gu, '').toLowerCase().replace(/[. ]+$/, '');
  return plain === '.git' || plain === 'git~1';
}

function explain(path: string, reason: UnsafePathReason): { fr: string; en: string } {
  const shown = JSON.stringify(withBidiShown(path));
  switch (reason) {
    case 'git-directory':
      return { fr: `Le correctif touche le dossier .git : ${shown}`, en: `The patch touches the .git folder: ${shown}` };
    case 'parent-directory':
      return { fr: `Le chemin remonte hors du wiki avec « .. » : ${shown}`, en: `The path climbs out of the wiki with "..": ${shown}` };
    case 'absolute':
      return { fr: `Le chemin est absolu : ${shown}`, en: `The path is absolute: ${shown}` };
    case 'symlink':
      return { fr: `Le correctif crée ou modifie un lien symbolique : ${shown}`, en: `The patch creates or changes a symbolic link: ${shown}` };
    case 'submodule':
      return { fr: `Le correctif crée ou modifie un sous-module git : ${shown}`, en: `The patch creates or changes a git submodule: ${shown}` };
    case 'control-characters':
      return {
        fr: `Le nom de fichier contient des caractères de contrôle ou qui inversent le sens d’affichage : ${shown}`,
        en: `The file name holds control characters or characters that reverse the display order: ${shown}`,
      };
  }
}
