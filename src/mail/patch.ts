/**
 * The body of a `git format-patch` mail taken apart: commit message, trailers, diffstat, diff, and the
 * files the diff touches. Pure and for reading (review pages, routing, safety); applying goes through
 * `git am` on the raw message, which keeps what this parse does not need (carriage returns inside
 * lines, binary data). Hand-written because the JavaScript diff parsers do not read git's extended
 * headers (renames, modes, quoted paths, binary patches) — the rules are git's `apply.c`/`mailinfo.c`.
 */
import { splitTrailers, parseTrailerLine, type Person, type Trailer } from './trailers.js';

interface FileChangeCommon {
  /** `GIT binary patch` or `Binary files … differ`: no line counts. */
  readonly binary: boolean;
  readonly additions: number;
  readonly deletions: number;
  /**
   * Every file name the header gives, as written (`a/`/`b/` prefixes included, quoting undone), from
   * the `diff --git` line, `---`/`+++` lines and `rename`/`copy` lines: what `unsafePaths` checks, since
   * a hostile patch can make them disagree.
   */
  readonly headerNames: readonly string[];
}

/** What a diff does to one file. Modes are git's octal strings (`100644`, `100755`, `120000` for a symlink). */
export type FileChange = AddedFile | DeletedFile | ModifiedFile | MovedFile;

export interface AddedFile extends FileChangeCommon {
  readonly kind: 'added';
  readonly path: string;
  readonly mode: string | undefined;
}

export interface DeletedFile extends FileChangeCommon {
  readonly kind: 'deleted';
  readonly path: string;
  readonly mode: string | undefined;
}

export interface ModifiedFile extends FileChangeCommon {
  readonly kind: 'modified';
  readonly path: string;
  readonly oldMode: string | undefined;
  readonly newMode: string | undefined;
}

export interface MovedFile extends FileChangeCommon {
  readonly kind: 'renamed' | 'copied';
  readonly oldPath: string;
  readonly newPath: string;
  /** `similarity index 97%`. */
  readonly similarity: number | undefined;
  readonly oldMode: string | undefined;
  readonly newMode: string | undefined;
}

export interface Patch {
  /** An in-body `From:` line (git send-email writes it when the sender is not the author): the author. */
  readonly inBodyFrom: Person | undefined;
  /** An in-body `Subject:` line, which replaces the mail's subject as the commit title. */
  readonly inBodySubject: string | undefined;
  /** The commit message below the title, without its trailers. */
  readonly message: string;
  readonly trailers: readonly Trailer[];
  /** The `git diff --stat` summary between `---` and the diff. */
  readonly diffstat: string;
  /** The diff itself, from the first file header to the end of the last hunk (signature left out). */
  readonly diff: string;
  readonly files: readonly FileChange[];
  /** `base-commit:` written by `git format-patch --base`. */
  readonly baseCommit: string | undefined;
  /** `change-id:` written by b4: the same change across versions. */
  readonly changeId: string | undefined;
}

export const SYMLINK_MODE = '120000';
export const SUBMODULE_MODE = '160000';

/** Splits a body at the patch break; `files` is empty when the body holds no diff. */
export function parsePatch(body: string): Patch {
  const lines = body.split('\n').map((line) => line.replace(/\r$/, ''));
  const { from, subject, start } = inBodyHeaders(lines);
  const patchBreak = findPatchBreak(lines, start);
  // Without a patch break (an empty commit), the mail's signature `-- ` would end up in the message.
  const signature = patchBreak === lines.length ? lines.lastIndexOf('-- ') : -1;
  const messageLines = lines.slice(start, signature >= start ? signature : patchBreak);
  while (messageLines.length > 0 && (messageLines[0] as string).trim() === '') messageLines.shift();
  const { text, trailers } = splitTrailers(messageLines);
  const diffStart = findDiffStart(lines, patchBreak);
  const parsed = diffStart < lines.length ? parseDiff(lines, diffStart) : { files: [], end: diffStart };
  const after = lines.slice(parsed.end);
  return {
    inBodyFrom: from,
    inBodySubject: subject,
    message: text.join('\n'),
    trailers,
    diffstat: lines[patchBreak] === '---' ? lines.slice(patchBreak + 1, diffStart).join('\n').trim() : '',
    diff: lines.slice(diffStart, parsed.end).join('\n'),
    files: parsed.files,
    baseCommit: footer(after, /^base-commit: ([0-9a-f]{7,64})$/),
    changeId: footer(after, /^change-id: (\S{1,200})$/),
  };
}

/** `From:`, `Subject:`, `Date:` lines opening the body, as `git am` reads them. */
function inBodyHeaders(lines: readonly string[]): { from: Person | undefined; subject: string | undefined; start: number } {
  let at = 0;
  while (at < lines.length && (lines[at] as string).trim() === '') at++;
  let from: Person | undefined;
  let subject: string | undefined;
  const first = at;
  for (; at < lines.length; at++) {
    const match = /^(From|Subject|Date):\s*(.*)$/.exec(lines[at] as string);
    if (!match) break;
    if (match[1] === 'From') from = parseTrailerLine(`Signed-off-by: ${match[2]}`)?.person;
    if (match[1] === 'Subject') subject = match[2];
  }
  // In-body headers count only when a blank line closes them.
  if (at === first || (lines[at] ?? '').trim() !== '') return { from: undefined, subject: undefined, start: first };
  return { from, subject, start: at };
}

/** git mailinfo's patch break: a `---` line, `--- name`, `diff -…` or `Index: …`. */
function findPatchBreak(lines: readonly string[], start: number): number {
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^---\s*$/.test(line) || /^--- \S/.test(line) || line.startsWith('diff -') || line.startsWith('Index: ')) return i;
  }
  return lines.length;
}

function findDiffStart(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('diff --git ') || (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ '))) return i;
  }
  return lines.length;
}

interface FileBuilder {
  /** Opened by a `diff --git` line (rather than by a traditional `---`/`+++` pair). */
  git: boolean;
  names: string[];
  gitLine: { old: string; new: string } | undefined;
  minus: string | undefined;
  plus: string | undefined;
  renameFrom: string | undefined;
  renameTo: string | undefined;
  copy: boolean;
  oldMode: string | undefined;
  newMode: string | undefined;
  newFileMode: string | undefined;
  deletedFileMode: string | undefined;
  indexMode: string | undefined;
  similarity: number | undefined;
  binary: boolean;
  additions: number;
  deletions: number;
}

function newFile(git: boolean): FileBuilder {
  return {
    git,
    names: [],
    gitLine: undefined,
    minus: undefined,
    plus: undefined,
    renameFrom: undefined,
    renameTo: undefined,
    copy: false,
    oldMode: undefined,
    newMode: undefined,
    newFileMode: undefined,
    deletedFileMode: undefined,
    indexMode: undefined,
    similarity: undefined,
    binary: false,
    additions: 0,
    deletions: 0,
  };
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/** Reads file headers and hunks from `start`; stops at the first line that belongs to neither. */
function parseDiff(lines: readonly string[], start: number): { files: FileChange[]; end: number } {
  const files: FileChange[] = [];
  let file: FileBuilder | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  let inBinary = false;
  let end = start;
  const finish = () => {
    if (file) files.push(buildChange(file));
    file = undefined;
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (oldLeft > 0 || newLeft > 0) {
      const mark = line[0];
      if (mark === '+') {
        newLeft--;
        (file as FileBuilder).additions++;
      } else if (mark === '-') {
        oldLeft--;
        (file as FileBuilder).deletions++;
      } else if (mark === ' ' || line === '') {
        // An empty line is a context line whose space a mail client trimmed.
        oldLeft--;
        newLeft--;
      } else if (mark !== '\\') break;
      end = i + 1;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      finish();
      file = newFile(true);
      inBinary = false;
      file.gitLine = gitLineNames(line.slice('diff --git '.length));
      if (file.gitLine) file.names.push(file.gitLine.old, file.gitLine.new);
      end = i + 1;
      continue;
    }
    if (line.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && (!file || !file.git || file.minus !== undefined)) {
      // A traditional unified diff (no `diff --git` line) starts a file here.
      finish();
      file = newFile(false);
      inBinary = false;
    }
    if (!file) break;
    if (line.startsWith('\\') && !inBinary) {
      end = i + 1;
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
      inBinary = false;
      end = i + 1;
      continue;
    }
    if (inBinary) {
      if (line === '' || /^(literal|delta) \d+$/.test(line) || /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]+$/.test(line)) {
        end = i + 1;
        continue;
      }
      break;
    }
    if (!readHeaderLine(file, line)) break;
    if (line === 'GIT binary patch') inBinary = true;
    end = i + 1;
  }
  finish();
  return { files, end };
}

/** One extended header line into the file being built; false when the line is no header. */
function readHeaderLine(file: FileBuilder, line: string): boolean {
  const field = (prefix: string) => (line.startsWith(prefix) ? line.slice(prefix.length) : undefined);
  let value: string | undefined;
  if ((value = field('--- ')) !== undefined) file.minus = unquoteName(value);
  else if ((value = field('+++ ')) !== undefined) file.plus = unquoteName(value);
  else if ((value = field('old mode ')) !== undefined) file.oldMode = value.trim();
  else if ((value = field('new mode ')) !== undefined) file.newMode = value.trim();
  else if ((value = field('new file mode ')) !== undefined) file.newFileMode = value.trim();
  else if ((value = field('deleted file mode ')) !== undefined) file.deletedFileMode = value.trim();
  else if ((value = field('similarity index ')) !== undefined) file.similarity = Number.parseInt(value, 10);
  else if ((value = field('dissimilarity index ')) !== undefined) file.similarity = 100 - Number.parseInt(value, 10);
  else if ((value = field('rename from ') ?? field('copy from ')) !== undefined) {
    file.renameFrom = unquoteName(value);
    file.copy = line.startsWith('copy');
  } else if ((value = field('rename to ') ?? field('copy to ')) !== undefined) file.renameTo = unquoteName(value);
  else if ((value = field('index ')) !== undefined) file.indexMode = /^[0-9a-f]+\.\.[0-9a-f]+ ([0-7]{6})$/.exec(value.trim())?.[1];
  else if (line.startsWith('Binary files ') || line === 'GIT binary patch') file.binary = true;
  // Lines `diff -u` and svn put between files of a traditional diff.
  else if (!file.git && (/^diff /.test(line) || line.startsWith('Index: ') || /^={10,}$/.test(line))) return true;
  else return false;
  for (const name of [file.minus, file.plus, file.renameFrom, file.renameTo]) {
    if (name !== undefined && name !== '/dev/null' && !file.names.includes(name)) file.names.push(name);
  }
  return true;
}

function buildChange(file: FileBuilder): FileChange {
  const common: FileChangeCommon = {
    binary: file.binary,
    additions: file.additions,
    deletions: file.deletions,
    headerNames: file.names,
  };
  const oldName = file.minus === '/dev/null' ? undefined : stripPrefix(file.minus ?? file.gitLine?.old);
  const newName = file.plus === '/dev/null' ? undefined : stripPrefix(file.plus ?? file.gitLine?.new);
  const oldMode = file.oldMode ?? file.indexMode;
  const newMode = file.newMode ?? file.indexMode;
  if (file.renameFrom !== undefined && file.renameTo !== undefined) {
    const kind = file.copy ? 'copied' : 'renamed';
    return { ...common, kind, oldPath: file.renameFrom, newPath: file.renameTo, similarity: file.similarity, oldMode, newMode };
  }
  if (file.newFileMode !== undefined || (file.minus === '/dev/null' && newName !== undefined)) {
    return { ...common, kind: 'added', path: newName ?? oldName ?? '', mode: file.newFileMode ?? file.indexMode };
  }
  if (file.deletedFileMode !== undefined || (file.plus === '/dev/null' && oldName !== undefined)) {
    return { ...common, kind: 'deleted', path: oldName ?? newName ?? '', mode: file.deletedFileMode ?? file.indexMode };
  }
  return { ...common, kind: 'modified', path: newName ?? oldName ?? '', oldMode, newMode };
}

/** `a/x` → `x`, as `git apply -p1` reads names from `diff --git` and `---`/`+++` lines. */
function stripPrefix(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const slash = name.indexOf('/');
  return slash === -1 ? name : name.slice(slash + 1);
}

/**
 * The two names of a `diff --git` line. Unquoted names may hold spaces, so when both are unquoted the
 * line is read as git does: the two names are equal (`a/x b/x`) unless the rename lines say otherwise.
 */
function gitLineNames(rest: string): { old: string; new: string } | undefined {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest);
    if (!first) return undefined;
    const second = rest.slice(first.end).trimStart();
    return { old: first.value, new: second.startsWith('"') ? (readQuoted(second)?.value ?? second) : second };
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond !== -1) {
    const second = readQuoted(rest.slice(quotedSecond + 1));
    if (second) return { old: rest.slice(0, quotedSecond), new: second.value };
  }
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const old = rest.slice(0, half);
    const next = rest.slice(half + 1);
    if (rest[half] === ' ' && old.slice(old.indexOf('/') + 1) === next.slice(next.indexOf('/') + 1)) return { old, new: next };
  }
  const split = rest.indexOf(' b/');
  return split === -1 ? undefined : { old: rest.slice(0, split), new: rest.slice(split + 1) };
}

/** A name on a `---`/`+++`/`rename` line: quoted, or up to a tab (git adds one after names with spaces). */
function unquoteName(value: string): string {
  if (value.startsWith('"')) return readQuoted(value)?.value ?? value;
  const tab = value.indexOf('\t');
  return tab === -1 ? value : value.slice(0, tab);
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A C-style quoted name as git writes it (`"pages/\303\251t\303\251.md"`), bytes decoded as UTF-8. */
function readQuoted(text: string): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 1; i < text.length; i++) {
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    if (char === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
    if (char !== '\\') {
      bytes.push(...encoder.encode(char));
      i += char.length - 1;
      continue;
    }
    const next = text[i + 1] ?? '';
    const octal = /^[0-3][0-7]{2}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else if (next in ESCAPES) {
      bytes.push(ESCAPES[next] as number);
      i += 1;
    } else return undefined;
  }
  return undefined;
}

function footer(lines: readonly string[], pattern: RegExp): string | undefined {
  for (const line of lines) {
    if (/^-- ?$/.test(line)) return undefined;
    const match = pattern.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
