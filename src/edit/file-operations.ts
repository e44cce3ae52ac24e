/**
 * The writer's file operations, each one commit on the published branch with the writer as author:
 * create a page, rename or move a page (updating the links to it), delete a page, upload an attachment,
 * restore an older version of a page. Inputs are checked here, where they enter the domain; routes only
 * read forms and pick views.
 */
import { stringify } from 'yaml';
import type { Identity } from '../git/index.js';
import { WikiHistory } from '../wiki/history.js';
import { isMarkdown, type WikiPath } from '../wiki/path.js';
import type { Revision } from '../wiki/revision.js';
import type { Wiki } from '../wiki/wiki.js';
import { checkAttachment } from './attachment-check.js';
import { linkUpdatesForMove, type LinkUpdates } from './move-links.js';
import { collisionRefusal, collisionWith, fileNameFromTitle, parsePagePath, parseWrittenPath } from './page-name.js';
import { isRefusal, refusal, type Refusal } from '../user-error.js';
import { commitToWiki, type Committed, type FileEdit } from './wiki-commit.js';

const MAX_TITLE = 300;
const MAX_MESSAGE = 5000;

/** A commit message written by the writer, or the default; one line at least, no NUL. */
function messageOr(written: string | undefined, fallback: string): string {
  const message = (written ?? '').replace(/\r\n?/g, '\n').replace(/\0/g, '').trim().slice(0, MAX_MESSAGE);
  return message === '' ? fallback : message;
}

function missingPage(path: string): Refusal {
  return refusal(`La page « ${path} » n’existe pas (ou plus).`, `The page “${path}” does not exist (any more).`);
}

// ---- Create ----

export interface CreateRequest {
  folder: string;
  title: string;
  /** A file name chosen by the writer (a red link gives one); derived from the title when empty. */
  name?: string;
}

/** Where a new page would go, checked against the wiki as it is (the create form shows it). */
export function newPagePath(revision: Revision, request: CreateRequest): WikiPath | Refusal {
  const title = request.title.trim();
  if (title === '') return refusal('Donnez un titre à la page.', 'Give the page a title.');
  if (title.length > MAX_TITLE || /[\r\n\0]/.test(title)) return refusal('Ce titre est trop long ou contient un saut de ligne.', 'This title is too long or holds a line break.');
  const folder = parseWrittenPath(request.folder, 'folder');
  if (isRefusal(folder)) return folder;
  let name = request.name?.trim() ?? '';
  if (name === '') {
    const derived = fileNameFromTitle(title);
    if (derived === undefined) return refusal('Ce titre ne contient ni lettre ni chiffre : impossible d’en tirer un nom de fichier.', 'This title has no letter or digit: no file name can be made from it.');
    name = derived;
  }
  if (name.includes('/')) return refusal('Le nom du fichier ne peut pas contenir « / » : choisissez le dossier à part.', 'The file name cannot contain “/”: choose the folder separately.');
  const path = parsePagePath(folder === '' ? name : `${folder}/${name}`);
  if (isRefusal(path)) return path;
  const existing = collisionWith(revision, path);
  return existing === undefined ? path : collisionRefusal(existing);
}

/** The first text of a new page: its title in front matter, and an empty line to write after. */
export function newPageText(title: string): string {
  return `---\n${stringify({ title: title.trim() }, { lineWidth: 0 })}---\n\n`;
}

export async function createPage(wiki: Wiki, author: Identity, request: CreateRequest): Promise<(Committed & { path: WikiPath }) | Refusal> {
  let path: WikiPath | undefined;
  const done = await commitToWiki(wiki, author, async (head) => {
    const planned = newPagePath(head, request);
    if (isRefusal(planned)) return planned;
    path = planned;
    return { changes: [{ path: planned, content: Buffer.from(newPageText(request.title)) }], message: `Nouvelle page : ${request.title.trim()}` };
  });
  return isRefusal(done) || path === undefined ? (done as Refusal) : { ...done, path };
}

// ---- Rename or move ----

export interface MoveRequest {
  from: WikiPath;
  /** The new path as written (`.md` added when missing). */
  to: string;
  /** Rewrite the links of the pages that link to it (the moved page's own links always follow it). */
  updateLinks: boolean;
  message?: string;
}

export type Moved = Committed & { to: WikiPath; updates: LinkUpdates };

export function movedPath(revision: Revision, from: WikiPath, written: string): WikiPath | Refusal {
  if (!revision.files.has(from) || !isMarkdown(from)) return missingPage(from);
  const to = parsePagePath(written);
  if (isRefusal(to)) return to;
  if (to === from) return refusal('Le nouveau chemin est celui de la page : rien à changer.', 'The new path is the page’s own: nothing to change.');
  const existing = collisionWith(revision, to, from);
  return existing === undefined ? to : collisionRefusal(existing);
}

export async function movePage(wiki: Wiki, author: Identity, request: MoveRequest): Promise<Moved | Refusal> {
  let result: { to: WikiPath; updates: LinkUpdates } | undefined;
  const done = await commitToWiki(wiki, author, async (head) => {
    const to = movedPath(head, request.from, request.to);
    if (isRefusal(to)) return to;
    const file = head.files.get(request.from);
    if (!file) return missingPage(request.from);
    const all = await linkUpdatesForMove(wiki, head, { from: request.from, to });
    const updates = request.updateLinks ? all : { pages: all.pages.filter((p) => p.path === to), leftOver: all.leftOver.filter((p) => p.path === to) };
    const own = updates.pages.find((p) => p.path === to);
    const changes: FileEdit[] = [
      { delete: request.from },
      { path: to, content: own ? Buffer.from(own.content) : await wiki.source.read(file) },
      ...updates.pages.filter((p) => p.path !== to).map((p) => ({ path: p.path, content: Buffer.from(p.content) })),
    ];
    result = { to, updates };
    const linked = updates.pages.filter((p) => p.path !== to).length;
    const fallback = `Renomme ${request.from} en ${to}${linked > 0 ? ` (liens mis à jour dans ${linked} page${linked > 1 ? 's' : ''})` : ''}`;
    return { changes, message: messageOr(request.message, fallback) };
  });
  return isRefusal(done) || !result ? (done as Refusal) : { ...done, ...result };
}

// ---- Delete ----

export async function deletePage(wiki: Wiki, author: Identity, request: { path: WikiPath; message?: string }): Promise<Committed | Refusal> {
  return commitToWiki(wiki, author, async (head) => {
    if (!head.files.has(request.path)) return missingPage(request.path);
    return { changes: [{ delete: request.path }], message: messageOr(request.message, `Supprime ${request.path}`) };
  });
}

// ---- Upload ----

export interface UploadRequest {
  folder: string;
  /** The name the browser gave (any path part is dropped, as some browsers send one). */
  name: string;
  content: Buffer;
  /** Replace a file of exactly that name. */
  replace: boolean;
  /** The deployment's limit (`edit.max_upload_bytes`). */
  maxBytes: number;
  message?: string;
}

/** A size as people read it: `2.5 Mio` / `2.5 MiB`, `12 Kio` / `12 KiB`. */
export function sizeText(bytes: number, lang: 'fr' | 'en'): string {
  const mib = bytes / 2 ** 20;
  return mib >= 1 ? `${Math.round(mib * 10) / 10} ${lang === 'fr' ? 'Mio' : 'MiB'}` : `${Math.ceil(bytes / 1024)} ${lang === 'fr' ? 'Kio' : 'KiB'}`;
}

export function tooLarge(size: number, limit: number): Refusal {
  return refusal(`Ce fichier pèse ${sizeText(size, 'fr')} : la limite est de ${sizeText(limit, 'fr')}.`, `This file weighs ${sizeText(size, 'en')}: the limit is ${sizeText(limit, 'en')}.`);
}

/** Where an upload goes, or why it may not: the name, the size and the content are all checked. */
export async function uploadPath(revision: Revision, request: Omit<UploadRequest, 'message'>): Promise<WikiPath | Refusal> {
  if (request.content.length > request.maxBytes) return tooLarge(request.content.length, request.maxBytes);
  const folder = parseWrittenPath(request.folder, 'folder');
  if (isRefusal(folder)) return folder;
  const name = request.name.normalize('NFC').split(/[/\\]/).pop()?.trim().replace(/\s+/g, '-') ?? '';
  if (name === '') return refusal('Choisissez un fichier à déposer.', 'Choose a file to upload.');
  const path = parseWrittenPath(folder === '' ? name : `${folder}/${name}`, 'file');
  if (isRefusal(path)) return path;
  if (isMarkdown(path)) return refusal('Les pages Markdown se créent avec « Nouvelle page », pas en dépôt de fichier.', 'Markdown pages are made with “New page”, not uploaded.');
  const checked = await checkAttachment(name, request.content);
  if (checked !== 'accepted') return checked;
  const existing = collisionWith(revision, path);
  if (existing !== undefined && !(request.replace && existing === path)) {
    return existing === path
      ? refusal(`Un fichier « ${path} » existe déjà : cochez « Remplacer » pour en déposer une nouvelle version.`, `A file “${path}” already exists: tick “Replace” to upload a new version.`)
      : collisionRefusal(existing);
  }
  return path;
}

export async function uploadFile(wiki: Wiki, author: Identity, request: UploadRequest): Promise<(Committed & { path: WikiPath }) | Refusal> {
  let path: WikiPath | undefined;
  const done = await commitToWiki(wiki, author, async (head) => {
    const planned = await uploadPath(head, request);
    if (isRefusal(planned)) return planned;
    path = planned;
    const replaced = head.files.has(planned);
    return { changes: [{ path: planned, content: request.content }], message: messageOr(request.message, `${replaced ? 'Remplace' : 'Dépose'} ${planned}`) };
  });
  return isRefusal(done) || path === undefined ? (done as Refusal) : { ...done, path };
}

// ---- Restore ----

export interface RestorePlan {
  /** The page's current path. */
  path: WikiPath;
  /** Its path at that commit (it may have been renamed since). */
  pathThen: WikiPath;
  commit: { id: string; authorName: string; date: string; subject: string };
  content: Buffer;
}

/** The version of the page now at `path` (or at `path` then) as it was after `commit`. */
export async function versionToRestore(wiki: Wiki, commit: string, path: WikiPath): Promise<RestorePlan | Refusal> {
  const history = WikiHistory.of(wiki);
  if (!history) return refusal('Ce wiki n’a pas d’historique git.', 'This wiki has no git history.');
  const notFound = refusal('Cette version de la page est introuvable dans l’historique du wiki.', 'This version of the page is not in the wiki’s history.');
  let found;
  try {
    found = await history.pageAt(commit, path);
    if (!found) {
      // Renamed since: the history of the page says what it was called then.
      for (let page = 1; page <= 20 && !found; page++) {
        const versions = await history.pageHistory(path, page, 100);
        const version = versions.items.find((v) => v.commit.id.startsWith(commit));
        if (version?.change.path) found = await history.pageAt(version.commit.id, version.change.path);
        if (!versions.hasMore) break;
      }
    }
  } catch {
    return notFound;
  }
  if (!found || !isMarkdown(found.file.path)) return notFound;
  const c = found.commit;
  return { path, pathThen: found.file.path, commit: { id: c.id, authorName: c.authorName, date: c.authorDate, subject: c.subject }, content: await wiki.source.read(found.file) };
}

export async function restoreVersion(wiki: Wiki, author: Identity, request: { commit: string; path: WikiPath; message?: string }): Promise<Committed | Refusal> {
  const plan = await versionToRestore(wiki, request.commit, request.path);
  if (isRefusal(plan)) return plan;
  return commitToWiki(wiki, author, async (head) => {
    const current = head.files.get(request.path);
    if (current && (await wiki.source.read(current)).equals(plan.content)) {
      return refusal('La page a déjà exactement ce contenu : rien à restaurer.', 'The page already has exactly this content: nothing to restore.');
    }
    if (!current && collisionWith(head, request.path) !== undefined) return collisionRefusal(collisionWith(head, request.path) as WikiPath);
    const fallback = `Restaure ${request.path} à la version ${plan.commit.id.slice(0, 10)} (${plan.commit.subject})`;
    return { changes: [{ path: request.path, content: plan.content }], message: messageOr(request.message, fallback) };
  });
}
