/**
 * Past one machine (issue 16): two `feuillet serve` processes, each with its own data folder, share one
 * PostgreSQL database and one bare repository, behind nginx balancing round robin. Everything is real:
 * the PostgreSQL server, the processes, nginx, HTTP and SMTP over loopback.
 *
 * Checked: a session opened on one instance holds on the other; a save on one shows on the other at the
 * next request; twenty writers at once across both lose nothing; an apply clicked on both runs once; the
 * same mail delivered to both lands once; restarting the instances one by one fails no request and loses
 * no mail.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createAccount } from '../../src/auth/accounts.js';
import { authContext, OPERATOR, type AuthContext } from '../../src/auth/context.js';
import type { Role } from '../../src/auth/roles.js';
import { startSession } from '../../src/auth/sessions.js';
import { listChanges } from '../../src/review/changes.js';
import { SESSION_COOKIE } from '../../src/server/middleware/viewer.js';
import type { Database } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/open.js';
import { startServe, type ServeProcess } from '../cli/serve-process.js';
import { skipNginx, startNginx, type TestNginx } from '../helpers/nginx.js';
import { freePort } from '../helpers/ports.js';
import { TEST_SCRYPT_COST } from '../helpers/server.js';
import { WebClient } from '../helpers/web-client.js';
import { skipPostgres, startPostgres, type TestPostgres } from '../store/postgres-server.js';

const NAME = 'mission';
const LIST = `${NAME}@lists.localhost`;
const GIT_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
const PASSWORD = 'un mot de passe assez long';

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...GIT_ENV, GIT_AUTHOR_NAME: 'Élodie Dupré', GIT_AUTHOR_EMAIL: 'elodie@example.org', GIT_COMMITTER_NAME: 'Élodie Dupré', GIT_COMMITTER_EMAIL: 'elodie@example.org' },
  });
}

interface Instance {
  name: string;
  port: number;
  dataDir: string;
  process: ServeProcess;
  smtp: number;
}

/** A patch mail for the list, as git format-patch writes it, with its own Message-ID. */
function patchMail(work: string, file: string, subject: string): string {
  writeFileSync(join(work, file), `# ${subject}\n`);
  git(work, ['add', file]);
  git(work, ['commit', '--quiet', '-m', subject]);
  const mail = git(work, ['format-patch', '--stdout', `--subject-prefix=PATCH ${NAME}`, '--thread=shallow', '-1']);
  git(work, ['reset', '--quiet', '--hard', 'HEAD~1']);
  return mail.replace(/^From [0-9a-f]{40} .*\n/, '');
}

async function send(port: number, raw: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'elodie@example.org', to: [LIST] }, raw });
  } finally {
    transport.close();
  }
}

describe('two instances on one PostgreSQL database behind nginx', { skip: skipPostgres || skipNginx, timeout: 600_000 }, () => {
  let postgres: TestPostgres;
  let db: Database;
  let auth: AuthContext;
  let nginx: TestNginx;
  let parent: string;
  let repo: string;
  let work: string;
  let config: string;
  const instances: Instance[] = [];

  async function start(name: string, port: number, dataDir: string): Promise<Instance> {
    const process = await startServe([repo, '--config', config, '--data', dataDir, '--port', String(port), '--smtp-port', '0'], GIT_ENV);
    const output = await process.waitFor(/SMTP sur \/ on 127\.0\.0\.1:\d+/);
    const smtp = Number(/SMTP sur \/ on 127\.0\.0\.1:(\d+)/.exec(output)![1]);
    return { name, port, dataDir, process, smtp };
  }

  /** A signed-in client of `base` (a session opened in the shared database, as the sign-in form does). */
  async function person(base: string, email: string, role: Role, address: string): Promise<WebClient> {
    const user = await createAccount(auth, OPERATOR, { email, role });
    const session = await startSession(auth, user.id, null);
    const client = new WebClient(base);
    client.headers = { cookie: `${SESSION_COOKIE}=${session.token}`, 'accept-language': 'fr', 'x-forwarded-for': address };
    return client;
  }

  async function head(): Promise<string> {
    return git(repo, ['rev-parse', 'main']).trim();
  }

  before(async () => {
    postgres = await startPostgres();
    const url = await postgres.createDatabase();
    parent = mkdtempSync(join(tmpdir(), 'feuillet-two-'));
    work = join(parent, 'work');
    mkdirSync(work);
    git(work, ['init', '--quiet', '--initial-branch=main']);
    writeFileSync(join(work, 'index.md'), '# Accueil\n\nBienvenue.\n');
    mkdirSync(join(work, 'pages'));
    for (let i = 0; i < 20; i++) writeFileSync(join(work, 'pages', `p${i}.md`), `# Page ${i}\n\nDépart.\n`);
    git(work, ['add', '--all']);
    git(work, ['commit', '--quiet', '-m', 'Premier commit']);
    repo = join(parent, `${NAME}.git`);
    git(parent, ['clone', '--quiet', '--bare', work, repo]);
    config = join(parent, 'feuillet.yml');
    writeFileSync(config, `database:\n  url: ${url}\nserver:\n  trusted_proxies: ['127.0.0.1/32']\n`);
    db = await openDatabase({ dataDir: parent, url });
    auth = authContext(db, { scryptCost: TEST_SCRYPT_COST });
    const ports = [await freePort(), await freePort()];
    instances.push(...(await Promise.all([start('A', ports[0]!, join(parent, 'data-a')), start('B', ports[1]!, join(parent, 'data-b'))])));
    nginx = await startNginx(ports);
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.process.stop()));
    await db?.close();
    await postgres?.stop();
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  test('signed in through one instance is signed in on the other, and forms made by one are taken by the other', async () => {
    const [a, b] = instances as [Instance, Instance];
    await createAccount(auth, OPERATOR, { email: 'jeanne@example.org', role: 'writer', password: PASSWORD, displayName: 'Jeanne Rédactrice' });
    const onA = new WebClient(`http://127.0.0.1:${a.port}`);
    const login = await onA.open('/-/login');
    const signedIn = await onA.submit(login, '/-/login', { email: 'jeanne@example.org', password: PASSWORD });
    assert.equal(signedIn.status, 303, 'signing in on A');
    const token = onA.cookie(SESSION_COOKIE);
    assert.ok(token);
    const onB = new WebClient(`http://127.0.0.1:${b.port}`);
    onB.headers = { cookie: `${SESSION_COOKIE}=${token}` };
    const page = await onB.open('/');
    assert.ok(page.document.querySelector('.account-nav a[href$="/-/account"]'), 'B knows the session A opened');
    // The edit form (and its CSRF token) comes from A, the save goes to B.
    onA.headers = {};
    const form = await onA.open('/-/edit/index.md');
    const saved = await onB.submit(form, '/-/edit/index.md', { text: '# Accueil\n\nBienvenue, de A à B.\n', message: 'De A à B' });
    assert.equal(saved.status, 303, `a form from A saved on B: ${saved.status}`);
    // Through nginx, a trusted proxy, the audit log records the client's own address, not nginx's.
    const viaProxy = new WebClient(nginx.url);
    viaProxy.headers = { 'x-forwarded-for': '203.0.113.7' };
    const again = await viaProxy.submit(await viaProxy.open('/-/login'), '/-/login', { email: 'jeanne@example.org', password: PASSWORD });
    assert.equal(again.status, 303, 'signing in through nginx');
    const recorded = await db.all<{ ip: string | null }>("SELECT ip FROM audit_log WHERE action = 'sign-in.succeeded' ORDER BY id");
    assert.deepEqual(recorded.map((row) => row.ip), ['127.0.0.1', '203.0.113.7']);
  });

  test('a save on one instance is on the other at the next request', async () => {
    const [a, b] = instances as [Instance, Instance];
    const writer = await person(`http://127.0.0.1:${a.port}`, 'prompt@example.org', 'writer', '198.51.100.1');
    const form = await writer.open('/-/edit/pages/p0.md');
    const saved = await writer.submit(form, '/-/edit/pages/p0.md', { text: '# Page 0\n\nÉcrit sur A, lu sur B.\n', message: 'Écrit sur A' });
    assert.equal(saved.status, 303);
    const read = await new WebClient(`http://127.0.0.1:${b.port}`).open('/pages/p0');
    assert.match(read.text, /Écrit sur A, lu sur B\./);
  });

  test('twenty writers at once across both instances lose nothing', async () => {
    const writers = await Promise.all(Array.from({ length: 20 }, (_, i) => person(nginx.url, `w${i}@example.org`, 'writer', `198.51.100.${10 + i}`)));
    const saved: string[] = [];
    const problems: string[] = [];
    await Promise.all(
      writers.map(async (writer, i) => {
        for (let n = 0; n < 3; n++) {
          // Each on a page of their own, and every third save on the one page they all share.
          const page = n === 2 ? 'index.md' : `pages/p${i}.md`;
          const form = await writer.open(`/-/edit/${page}`);
          const text = form.document.querySelector('#editor-text')?.textContent?.replace(/^\n/, '') ?? '';
          const mark = `w${i}-${n}`;
          const answer = await writer.submit(form, `/-/edit/${page}`, { text: `${text.trimEnd()}\n\nLigne ${mark}.\n`, message: mark });
          if (answer.status === 303) saved.push(mark);
          else if (answer.status >= 500) problems.push(`${mark}: ${answer.status}`);
          else assert.ok((await answer.text()).includes(`Ligne ${mark}.`), `a refused save (${answer.status}) gives the text back`);
        }
      }),
    );
    assert.deepEqual(problems, []);
    const subjects = new Set(git(repo, ['log', '--format=%s', 'main']).split('\n'));
    assert.deepEqual(saved.filter((mark) => !subjects.has(mark)), [], 'every acknowledged save is in the history');
    assert.ok(saved.length >= 40, `${saved.length} saves acknowledged`);
    assert.equal(git(repo, ['rev-list', '--merges', '--count', 'main']).trim(), '0', 'a linear history');
  });

  test('the same mail delivered to both instances lands once, and an apply clicked on both runs once', async () => {
    const [a, b] = instances as [Instance, Instance];
    const mail = patchMail(work, 'nouvelle.md', 'Une page proposée deux fois');
    await Promise.all([send(a.smtp, mail), send(b.smtp, mail)]);
    let changes: Awaited<ReturnType<typeof listChanges>>['changes'] = [];
    for (let i = 0; i < 100; i++) {
      changes = (await listChanges(db)).changes.filter((change) => change.title.includes('Une page proposée deux fois'));
      if (changes.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    changes = (await listChanges(db)).changes.filter((change) => change.title.includes('Une page proposée deux fois'));
    assert.equal(changes.length, 1, 'one change for the mail received twice');
    const number = changes[0]!.number;

    const maintainerA = await person(`http://127.0.0.1:${a.port}`, 'maia@example.org', 'maintainer', '198.51.100.2');
    const maintainerB = new WebClient(`http://127.0.0.1:${b.port}`);
    maintainerB.headers = maintainerA.headers;
    const [pageA, pageB] = await Promise.all([maintainerA.open(`/-/review/${number}`), maintainerB.open(`/-/review/${number}`)]);
    const before = await head();
    const answers = await Promise.all([maintainerA.submit(pageA, `/-/review/${number}/apply`), maintainerB.submit(pageB, `/-/review/${number}/apply`)]);
    const statuses = answers.map((answer) => answer.status).sort();
    assert.ok(statuses.every((status) => status < 500), `no server error: ${statuses.join(', ')}\n${a.process.output()}\n${b.process.output()}`);
    assert.ok(statuses.includes(303), `one apply went through: ${statuses.join(', ')}`);
    const landed = git(repo, ['log', '--format=%s', `${before}..main`]).split('\n').filter((subject) => subject === 'Une page proposée deux fois');
    assert.equal(landed.length, 1, 'the patch landed once');
    assert.equal((await listChanges(db)).changes.find((change) => change.number === number)?.state, 'applied');
  });

  test('restarting the instances one by one fails no request and loses no mail', async () => {
    let stop = false;
    const failures: string[] = [];
    let answered = 0;
    const reader = async () => {
      const client = new WebClient(nginx.url);
      while (!stop) {
        const response = await client.fetch('/pages/p1').catch((error: Error) => error);
        if (response instanceof Error) failures.push(response.message);
        else {
          await response.arrayBuffer();
          if (response.status !== 200) failures.push(`HTTP ${response.status}`);
          else answered++;
        }
      }
    };
    // A mail server with two MX records: when one instance refuses the connection, the other is tried.
    const accepted: string[] = [];
    const mailer = async () => {
      for (let n = 0; !stop; n++) {
        const subject = `Pendant le redémarrage ${n}`;
        const mail = patchMail(work, `redemarrage-${n}.md`, subject);
        for (const instance of n % 2 === 0 ? instances : [...instances].reverse()) {
          const sent = await send(instance.smtp, mail).then(
            () => true,
            () => false,
          );
          if (sent) {
            accepted.push(subject);
            break;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const load = Promise.all([reader(), reader(), reader(), mailer()]);
    for (const [index, instance] of instances.entries()) {
      const health = `http://127.0.0.1:${instance.port}/-/health`;
      await instance.process.stop();
      await assert.rejects(fetch(health), 'a stopped instance answers no health check');
      instances[index] = await start(instance.name, instance.port, instance.dataDir);
      assert.equal((await fetch(health)).status, 200, 'a restarted instance answers its health check');
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stop = true;
    await load;
    assert.deepEqual(failures.slice(0, 3), [], `${failures.length} failed requests of ${answered + failures.length}\n${nginx.log().slice(0, 3000)}`);
    assert.ok(answered > 20, `${answered} pages read during the restarts`);
    assert.ok(accepted.length > 3, `${accepted.length} mails accepted during the restarts`);
    let missing: string[] = [];
    for (let i = 0; i < 100; i++) {
      const subjects = new Set((await listChanges(db)).changes.map((change) => change.title));
      missing = accepted.filter((subject) => ![...subjects].some((s) => s.includes(subject)));
      if (missing.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(missing, [], 'every mail accepted is a change');
  });
});
