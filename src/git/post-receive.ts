/**
 * After Feuillet moves the published branch itself (a web save, a file operation, an apply), the
 * repository's own `post-receive` hook runs as it does after a `git push`, with `OLD NEW REF` on its
 * standard input: one hook keeps a static site (or a mirror, a notification) current whichever way a
 * change arrives. It runs beside the request, never holding it up; a failure is told on stderr, since
 * the change itself is made.
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { GitRepository } from './repository.js';
import { runGit } from './run.js';

/** Hooks still running: a command that exits waits for them (see `hooksDone`). */
const running = new Set<Promise<void>>();

export async function runPostReceive(repo: GitRepository, ref: string, from: string, to: string): Promise<void> {
  // `--git-path` honours core.hooksPath as git itself does.
  const { stdout } = await runGit(['rev-parse', '--git-path', 'hooks/post-receive'], { cwd: repo.gitDir });
  const written = stdout.toString('utf8').trim();
  const hook = isAbsolute(written) ? written : join(repo.gitDir, written);
  try {
    await access(hook, constants.X_OK);
  } catch {
    return; // no hook, or not executable: git would skip it too
  }
  const done = new Promise<void>((resolve) => {
    // As git runs it: in the repository's git folder for a bare one, at the top of the work tree otherwise.
    const child = spawn(hook, [], { cwd: repo.bare ? repo.gitDir : repo.dir, env: { ...process.env, GIT_DIR: repo.gitDir }, stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString('utf8')).slice(-2000)));
    child.stdin.on('error', () => undefined); // a hook that does not read its input
    child.stdin.end(`${from} ${to} ${ref}\n`);
    child.once('error', (error) => {
      console.error(`Crochet post-receive impossible à lancer : ${error.message} / post-receive hook could not start: ${error.message}`);
      resolve();
    });
    child.once('close', (code) => {
      if (code !== 0) console.error(`Le crochet post-receive a échoué (${code}) / the post-receive hook failed (${code})${errors ? `:\n${errors.trim()}` : ''}`);
      resolve();
    });
  });
  running.add(done);
  void done.finally(() => running.delete(done));
}

/** Resolves once every hook started by this process has ended. */
export async function hooksDone(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
