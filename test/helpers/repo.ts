import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Camille Test',
  GIT_AUTHOR_EMAIL: 'camille@example.org',
  GIT_COMMITTER_NAME: 'Camille Test',
  GIT_COMMITTER_EMAIL: 'camille@example.org',
};

export function git(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...IDENTITY, ...env }, encoding: 'utf8' });
}

/**
 * Runs git as a user would against a served wiki, never prompting (a missing password makes it fail at
 * once). Asynchronously, since the server answering it runs in this very process; failures are answers.
 */
export function gitAsUser(cwd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  const child = spawn('git', ['-c', 'credential.helper=', ...args], {
    cwd,
    env: { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '' },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ok: code === 0, out })));
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A real git repository in a temporary folder (of `under`), with `files` in a first commit on branch main. */
export function makeRepo(files: Record<string, string | Buffer>, name = 'wiki', under = tmpdir()): { dir: string; commit(message: string, files?: Record<string, string | Buffer>): string; cleanup(): void } {
  const parent = mkdtempSync(join(under, 'feuillet-test-'));
  const dir = join(parent, name);
  mkdirSync(dir);
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  writeFiles(dir, files);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '--allow-empty', '-m', 'Premier commit']);
  return {
    dir,
    commit(message, more = {}) {
      writeFiles(dir, more);
      git(dir, ['add', '--all']);
      git(dir, ['commit', '--quiet', '--allow-empty', '-m', message]);
      return git(dir, ['rev-parse', 'HEAD']).trim();
    },
    cleanup: () => rmSync(parent, { recursive: true, force: true }),
  };
}
