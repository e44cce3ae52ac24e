/**
 * With no settings at all, `feuillet serve REPO --smtp-port N` takes a patch sent with the real
 * `git send-email` to the default list address (NAME@lists.localhost: git send-email refuses a domain
 * without a dot, such as NAME@localhost); a commit that gives the wiki another list address moves the
 * running server's SMTP receiver to it.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { git, makeRepo, writeFiles } from '../helpers/repo.js';
import { startServe } from '../cli/serve-process.js';

const execFileAsync = promisify(execFile);
const available = existsSync(join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-send-email'));
const missing = !available && process.env.CI !== 'true';
const CONTRIBUTOR = { GIT_AUTHOR_NAME: 'Élodie Dupré', GIT_AUTHOR_EMAIL: 'elodie@example.org', GIT_COMMITTER_NAME: 'Élodie Dupré', GIT_COMMITTER_EMAIL: 'elodie@example.org' };
const ISOLATED = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

function sendEmail(dir: string, to: string, port: number) {
  return execFileAsync(
    'git',
    ['send-email', '--quiet', '--confirm=never', '--suppress-cc=all', '--from=Élodie Dupré <elodie@example.org>', `--to=${to}`, '--smtp-server=127.0.0.1', `--smtp-server-port=${port}`, '--8bit-encoding=UTF-8', '-1'],
    { cwd: dir, env: { ...process.env, ...ISOLATED, ...CONTRIBUTOR } },
  );
}

async function reviewPageUntil(url: string, text: string): Promise<string> {
  let page = '';
  for (let i = 0; i < 100 && !page.includes(text); i++) {
    page = await (await fetch(`${url}/-/review/`)).text();
    if (!page.includes(text)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return page;
}

test('git send-email reaches feuillet serve at the default list address, and at the one a later commit sets', { skip: missing && 'needs git send-email (Debian package git-email)' }, async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n' }, 'wiki');
  const server = await startServe([repo.dir, '--smtp-port', '0'], ISOLATED);
  try {
    const output = await server.waitFor(/SMTP sur \/ on 127\.0\.0\.1:\d+/);
    assert.match(output, /Liste wiki@lists\.localhost/);
    const port = Number(/SMTP sur \/ on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const clone = join(repo.dir, '..', 'copie');
    git(join(repo.dir, '..'), ['clone', '--quiet', repo.dir, clone]);
    git(clone, ['config', 'format.subjectPrefix', 'PATCH wiki']);
    writeFiles(clone, { 'une.md': '# Une\n' });
    git(clone, ['add', 'une.md']);
    git(clone, ['commit', '--quiet', '-m', 'Première proposition'], CONTRIBUTOR);
    await sendEmail(clone, 'wiki@lists.localhost', port);
    assert.match(await reviewPageUntil(server.url, 'Première proposition'), /Première proposition/);

    repo.commit('Adresse de la liste', { '.feuillet.yml': 'list_address: wiki@listes.example.org\n' });
    await fetch(`${server.url}/`); // the server reads the new commit
    writeFiles(clone, { 'deux.md': '# Deux\n' });
    git(clone, ['add', 'deux.md']);
    git(clone, ['commit', '--quiet', '-m', 'Seconde proposition'], CONTRIBUTOR);
    await assert.rejects(sendEmail(clone, 'wiki@lists.localhost', port), 'the old address is refused once the wiki has another');
    await sendEmail(clone, 'wiki@listes.example.org', port);
    assert.match(await reviewPageUntil(server.url, 'Seconde proposition'), /Seconde proposition/);
  } finally {
    await server.stop();
    repo.cleanup();
  }
});
