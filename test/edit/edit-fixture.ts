/**
 * A served wiki with its review desk and accounts (the review tests' world), and what a person does in
 * the editor without JavaScript: open it (the form's hidden fields as sent), post it back.
 */
import type { Role } from '../../src/auth/roles.js';
import { type ReviewServer, type ReviewWorld, reviewWorld, run, serveWorld } from '../review/desk-fixture.js';

export const PAGES = {
  'index.md': '# Accueil\n\nBienvenue.\n',
  'guide.md': '---\ntitle: Guide\n---\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième paragraphe.\n',
  'docs/outils.md': '# Outils\n\nUne liste.\n',
};

export interface EditWorld {
  readonly world: ReviewWorld;
  readonly server: ReviewServer;
  /** The published branch's head. */
  head(): string;
  /** `git log` of the branch: one line per commit, `author <email>|subject`. */
  log(): string[];
  person(role: Role, email?: string, name?: string): Promise<Browser>;
  close(): Promise<void>;
}

export interface EditorForm {
  readonly status: number;
  readonly csrf: string;
  readonly base: string;
  readonly text: string;
  readonly message: string;
  readonly document: Document;
}

export interface Browser {
  readonly cookie: string;
  readonly csrf: string;
  open(path: string): Promise<EditorForm>;
  /** Posts the editor's form; `fields` overrides what the opened form held. */
  save(path: string, fields: Record<string, string>): Promise<Response>;
}

export async function editWorld(files: Record<string, string> = PAGES, options: { bare?: boolean } = {}): Promise<EditWorld> {
  const world = await reviewWorld(files, options);
  const server = await serveWorld(world);
  return {
    world,
    server,
    head: () => run(world.repo, ['rev-parse', 'main']).trim(),
    log: () => run(world.repo, ['log', '--format=%an <%ae>|%s', 'main']).trim().split('\n'),
    async person(role, email = `${role}@example.org`, name = `Personne ${role}`) {
      const { cookie, csrf } = await server.signIn(email, role, name);
      return {
        cookie,
        csrf,
        open: (path) => openEditor(server, path, cookie),
        save: (path, fields) => server.post(`/-/edit/${path}`, { _csrf: csrf, action: 'save', ...fields }, cookie),
      };
    },
    async close() {
      await server.close();
      await world.cleanup();
    },
  };
}

export async function openEditor(server: ReviewServer, path: string, cookie?: string): Promise<EditorForm> {
  const { response, document } = await server.page(`/-/edit/${path}`, cookie);
  const value = (selector: string) => document.querySelector(selector)?.getAttribute('value') ?? '';
  return {
    status: response.status,
    csrf: value('form.editor input[name="_csrf"]'),
    base: value('form.editor input[name="base"]'),
    text: textareaValue(document, '#editor-text'),
    message: value('#editor-message'),
    document,
  };
}

/**
 * What a browser shows in a textarea: its text with the line end that follows `<textarea>` dropped and
 * character references decoded (linkedom keeps them as written in RCDATA).
 */
export function textareaValue(document: Document, selector: string): string {
  const text = document.querySelector(selector)?.textContent ?? '';
  return text
    .replace(/^\n/, '')
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
}
