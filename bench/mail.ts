/**
 * `npm run bench -- mail`: the list's mail into the review. An mbox of 2,000 generated patch messages
 * (500 threaded series of a cover letter and three patches, from 50 senders, one series in five the
 * v2 of an earlier one) is parsed, grouped into series, and imported into a fresh SQLite database (archive,
 * changes, states); then a 50-patch series made by git is applied with `git am -3` on a wiki of 1,000
 * pages, as the web button and `feuillet apply` do. Prints messages per second and the apply time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitMbox } from '../src/mail/mbox.js';
import { parseMessage, type ParsedMessage } from '../src/mail/message.js';
import { groupSeries } from '../src/review/series.js';
import { applyChange } from '../src/review/actions.js';
import { listChanges } from '../src/review/changes.js';
import { ingestMail } from '../src/review/ingest.js';
import { openReviewDesk } from '../src/review/open.js';
import { openDatabase } from '../src/store/open.js';
import { openWiki } from '../src/wiki/open.js';

const PREFIX = 'bench-wiki';
const SERIES = 500;
const PARTS = 3;
const SENDERS = 50;
const PAGES = 1000;
const LONG_SERIES = 50;

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Contributrice',
  GIT_AUTHOR_EMAIL: 'contributrice@example.org',
  GIT_COMMITTER_NAME: 'Contributrice',
  GIT_COMMITTER_EMAIL: 'contributrice@example.org',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...IDENTITY }, encoding: 'utf8', maxBuffer: 1 << 28 });
}

function mail(headers: Record<string, string>, body: string): string {
  return `${Object.entries(headers)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n')}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${body}`;
}

/** 2,000 messages as one mbox: 500 threaded series, one in five the v2 of its sender's previous one. */
function generatedMbox(): Buffer {
  const out: string[] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let s = 0; s < SERIES; s++) {
    // One series in five is the v2 of the series sent four before it, by the same sender.
    const version = s % 5 === 4 ? 2 : 1;
    const topic = version === 2 ? s - 4 : s;
    const sender = topic % SENDERS;
    const tag = version === 2 ? ` v2` : '';
    const from = `Contributeur ${sender} <c${sender}@example.org>`;
    const date = (minutes: number) => new Date(start + (s * 60 + minutes) * 60_000).toUTCString().replace('GMT', '+0000');
    const cover = `cover.${s}@example.org`;
    out.push(
      `From mboxrd@z Thu Jan  1 00:00:00 1970\n${mail(
        { From: from, To: `${PREFIX}@example.org`, Subject: `[PATCH ${PREFIX}${tag} 0/${PARTS}] Série numéro ${topic}`, Date: date(0), 'Message-ID': `<${cover}>` },
        `Trois changements pour la série ${topic}.\n\n-- \n2.39.5\n`,
      )}\n`,
    );
    for (let p = 1; p <= PARTS; p++) {
      const page = `pages/page-${(topic * PARTS + p) % PAGES}.md`;
      const body = `Modifie la page ${page}.\n\nSigned-off-by: ${from}\n---\n ${page} | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/${page} b/${page}\nindex 1111111..2222222 100644\n--- a/${page}\n+++ b/${page}\n@@ -1,3 +1,3 @@\n # Page\n \n-Texte d’origine.\n+Texte revu, version ${version}.\n-- \n2.39.5\n`;
      out.push(
        `From mboxrd@z Thu Jan  1 00:00:00 1970\n${mail(
          {
            From: from,
            To: `${PREFIX}@example.org`,
            Subject: `[PATCH ${PREFIX}${tag} ${p}/${PARTS}] Partie ${p} de la série ${topic}`,
            Date: date(p),
            'Message-ID': `<patch.${s}.${p}@example.org>`,
            'In-Reply-To': `<${cover}>`,
            References: `<${cover}>`,
          },
          body,
        )}\n`,
      );
    }
  }
  return Buffer.from(out.join(''));
}

async function* chunksOf(buffer: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < buffer.length; at += 1 << 20) yield buffer.subarray(at, at + (1 << 20));
}

function rate(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en')} msg/s (${count} in ${(ms / 1000).toFixed(2)} s)`;
}

export async function run(): Promise<void> {
  const temp = mkdtempSync(join(tmpdir(), 'feuillet-bench-mail-'));
  try {
    console.log('\n== mail: list archive into the review ==');
    const mbox = generatedMbox();
    const raws: Buffer[] = [];
    for await (const entry of splitMbox(chunksOf(mbox))) if (entry.kind === 'message') raws.push(entry.raw);

    let started = performance.now();
    const parsed: ParsedMessage[] = [];
    for (const raw of raws) {
      const message = await parseMessage(raw);
      if (message.kind === 'message') parsed.push(message);
    }
    console.log(`parse (mailparser + patches):  ${rate(parsed.length, performance.now() - started)}`);

    started = performance.now();
    const groups = groupSeries(parsed, { prefix: PREFIX });
    console.log(`group into series:             ${rate(parsed.length, performance.now() - started)} → ${groups.length} series, ${groups.filter((g) => g.supersededBy).length} superseded`);

    // The whole import, as `feuillet import-mbox` runs it: parse, archive in SQLite, group, changes.
    const wiki = join(temp, PREFIX);
    mkdirSync(join(wiki, 'pages'), { recursive: true });
    for (let i = 0; i < PAGES; i++) writeFileSync(join(wiki, 'pages', `page-${i}.md`), `# Page\n\nTexte d’origine.\n\nVoir [la suivante](page-${(i + 1) % PAGES}.md).\n`);
    writeFileSync(join(wiki, 'index.md'), '# Accueil\n');
    git(wiki, ['init', '--quiet', '--initial-branch=main']);
    git(wiki, ['add', '--all']);
    git(wiki, ['commit', '--quiet', '-m', 'Premier commit']);
    git(wiki, ['config', 'user.name', 'Maïa']);
    git(wiki, ['config', 'user.email', 'maia@example.org']);
    const opened = await openWiki({ repo: wiki });
    const db = await openDatabase({ dataDir: opened.dataDir });
    try {
      const desk = await openReviewDesk({ db, opened, deployment: { server: {}, mail: {} } });
      started = performance.now();
      const report = await ingestMail(
        desk,
        raws.map((raw) => ({ raw, source: 'mbox' as const })),
      );
      const total = (await listChanges(db)).total;
      console.log(`import (parse, archive, group): ${rate(report.archived, performance.now() - started)} → ${total} changes`);
      started = performance.now();
      const again = await ingestMail(
        desk,
        raws.map((raw) => ({ raw, source: 'mbox' as const })),
      );
      console.log(`import again (all duplicates):  ${rate(again.duplicates, performance.now() - started)}`);

      // A 50-patch series made by git, applied with git am -3 in a temporary worktree.
      const clone = join(temp, 'contributrice');
      git(temp, ['clone', '--quiet', wiki, clone]);
      for (let i = 0; i < LONG_SERIES; i++) {
        const page = join(clone, 'pages', `page-${i * 7}.md`);
        writeFileSync(page, readFileSync(page, 'utf8').replace('Texte d’origine.', `Texte revu par le correctif ${i + 1}.`));
        git(clone, ['commit', '--quiet', '-am', `Revoit la page ${i * 7}`]);
      }
      const out = join(temp, 'series');
      git(clone, ['format-patch', '--quiet', '--thread=shallow', '--cover-letter', `--subject-prefix=PATCH ${PREFIX} v3`, '-o', out, `HEAD~${LONG_SERIES}`]);
      const series = readdirSync(out)
        .sort()
        .map((name) => readFileSync(join(out, name)));
      await ingestMail(
        desk,
        series.map((raw) => ({ raw: raw.subarray(raw.indexOf(0x0a) + 1), source: 'mbox' as const })),
      );
      const change = (await listChanges(db, { author: 'contributrice' })).changes[0];
      if (!change) throw new Error('the 50-patch series made no change');
      started = performance.now();
      const applied = await applyChange(desk, change.number, { role: 'maintainer', name: 'Maïa', address: 'maia@example.org', via: 'cli' });
      const ms = performance.now() - started;
      if (applied.kind !== 'applied') throw new Error(`the 50-patch series did not apply: ${JSON.stringify(applied)}`);
      console.log(`apply a ${LONG_SERIES}-patch series (git am -3, ${PAGES}-page wiki): ${(ms / 1000).toFixed(2)} s`);
    } finally {
      await db.close();
      opened.source.close();
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
