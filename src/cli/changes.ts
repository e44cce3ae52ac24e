/**
 * The review from the command line, on the same data folder and database as a running server:
 * `feuillet changes` lists proposed changes, `show` prints one with its diff, `apply` applies it as the
 * web button does, `state` moves it, `import-mbox` and `import-maildir` bring an existing list archive
 * in (twice adds nothing). The operator at the command line acts as a maintainer, committing with the
 * repository's git identity.
 */
import { readFile } from 'node:fs/promises';
import { configuredIdentity } from '../git/index.js';
import { listMaildir } from '../mail/maildir.js';
import { readMbox } from '../mail/mbox.js';
import { applyChange, setChangeState } from '../review/actions.js';
import { parsePatchList } from '../review/series-mails.js';
import { parsedMessages } from '../review/archive.js';
import { seriesStat, type ProposedChange } from '../review/change-record.js';
import { changeByNumber, changeEvents, listChanges } from '../review/changes.js';
import type { Actor, ReviewDesk } from '../review/desk.js';
import { ingestMail, type IncomingMail, type IngestReport } from '../review/ingest.js';
import { openReviewDesk, ReviewUnavailable } from '../review/open.js';
import { isChangeState, parseChangeState } from '../review/states.js';
import { openWiki } from '../wiki/open.js';
import { terminalLang } from './terminal-lang.js';
import { deploymentOf } from './deployment.js';
import { UsageError } from './errors.js';
import type { CliValues } from './commands.js';
import { createProgress } from './progress.js';
import { wikiTarget } from './target.js';
import { openAccountStore } from './user.js';
import type { Lang } from '../user-error.js';

const say = (lang: Lang, text: { fr: string; en: string }) => text[lang];

/** Opens the wiki named by the positionals (after the command's own arguments), or the current folder's, and its review desk. */
async function withDesk<T>(positionals: string[], values: CliValues, use: (desk: ReviewDesk) => Promise<T>): Promise<T> {
  const deployment = deploymentOf(values);
  // Without REPO, the repository of the current folder (not the bundled manual, which takes no patches).
  const target = await wikiTarget(positionals.length > 0 || values.worktree !== undefined ? positionals : ['.'], values, deployment);
  const opened = await openWiki(target);
  try {
    const db = await openAccountStore(deployment, opened.dataDir);
    try {
      return await use(await openReviewDesk({ db, opened, deployment }));
    } catch (error) {
      if (error instanceof ReviewUnavailable) throw new UsageError(say(terminalLang(), error));
      throw error;
    } finally {
      await db.close();
    }
  } finally {
    await opened.source.close();
  }
}

function changeNumber(written: string | undefined): number {
  const number = Number(written?.replace(/^#/, ''));
  if (!written || !Number.isSafeInteger(number) || number < 1) throw new UsageError(`Numéro de modification attendu / change number expected: ${written ?? ''}`);
  return number;
}

async function operator(desk: ReviewDesk, lang: Lang): Promise<Actor> {
  const identity = await configuredIdentity(desk.repo);
  if (!identity) {
    throw new UsageError(
      say(lang, {
        fr: 'Configurez votre identité git (git config user.name et user.email) : elle signe les commits appliqués.',
        en: 'Set your git identity (git config user.name and user.email): it signs applied commits.',
      }),
    );
  }
  return { role: 'admin', name: identity.name, address: identity.email, via: 'cli' };
}

/** One line per change: number, state, version, title, author. */
export function changeLine(change: ProposedChange): string {
  const incomplete = change.complete ? '' : ` [${change.series.patches.length}/${change.total}]`;
  return `${change.number} ${change.state} v${change.version} ${change.title}${incomplete} — ${change.sender.name ? `${change.sender.name} <${change.sender.address}>` : change.sender.address}`;
}

/** `feuillet changes [REPO] [--state S] [--author A] [--prefix P]` */
export async function changesCommand(positionals: string[], values: CliValues): Promise<number> {
  const state = values.state === undefined ? undefined : parseChangeState(values.state);
  if (values.state !== undefined && !state) throw new UsageError(`État inconnu / unknown state: ${values.state}`);
  return withDesk(positionals, values, async (desk) => {
    const { changes } = await listChanges(desk.db, { state, author: values.author, prefix: values.prefix });
    for (const change of changes) console.log(changeLine(change));
    return 0;
  });
}

/** `feuillet show N [REPO]`: the change, its cover letter, its history, its patches with their diffs. */
export async function showCommand(positionals: string[], values: CliValues): Promise<number> {
  const [written, ...rest] = positionals;
  const number = changeNumber(written);
  const lang = terminalLang();
  return withDesk(rest, values, async (desk) => {
    const found = await changeByNumber(desk.db, number);
    if (!found) throw new UsageError(say(lang, { fr: `Aucune modification n°${number}.`, en: `No change number ${number}.` }));
    const { change } = found;
    const stat = seriesStat(change.series);
    console.log(changeLine(change));
    console.log(`${change.sentAt ?? ''}  ${stat.files} fichier(s)/file(s), +${stat.additions} -${stat.deletions}`);
    if (change.supersedes !== undefined) console.log(say(lang, { fr: `remplace #${change.supersedes}`, en: `supersedes #${change.supersedes}` }));
    if (change.supersededBy !== undefined) console.log(say(lang, { fr: `remplacée par #${change.supersededBy}`, en: `superseded by #${change.supersededBy}` }));
    if (!change.complete) console.log(say(lang, { fr: `incomplète : manque ${change.series.missing.join(', ')}`, en: `incomplete: missing ${change.series.missing.join(', ')}` }));
    for (const event of await changeEvents(desk.db, change.number)) {
      console.log(`  ${event.at} ${event.actor} (${event.via})${event.from || event.to ? ` ${event.from ?? '∅'} → ${event.to ?? '∅'}` : ''}${event.note ? ` ${event.note}` : ''}`);
    }
    if (change.series.coverLetter) console.log(`\n${change.series.coverLetter.text.trim()}`);
    const messages = await parsedMessages(desk.db, change.series.patches.map((patch) => patch.messageId));
    for (const patch of change.series.patches) {
      const parsed = messages.get(patch.messageId)?.patch;
      console.log(`\n[${patch.index}/${change.total}] ${patch.title} — ${patch.author.name} <${patch.author.address}>`);
      if (parsed?.message) console.log(`\n${parsed.message}`);
      for (const trailer of [...(parsed?.trailers ?? []), ...patch.followUpTrailers]) console.log(`${trailer.key}: ${trailer.value}`);
      if (parsed?.diffstat) console.log(`---\n${parsed.diffstat}`);
      if (parsed?.diff) console.log(`\n${parsed.diff}`);
    }
    return 0;
  });
}

/** `feuillet apply N [REPO] [--patches 1,3]`: the same as the web page's button. */
export async function applyCommand(positionals: string[], values: CliValues): Promise<number> {
  const [written, ...rest] = positionals;
  const number = changeNumber(written);
  const patches = values.patches === undefined ? undefined : parsePatchList(values.patches);
  if (values.patches !== undefined && !patches) throw new UsageError(`Liste de correctifs invalide / invalid patch list: ${values.patches} (ex. 1,3,5-7)`);
  const lang = terminalLang();
  return withDesk(rest, values, async (desk) => {
    const result = await applyChange(desk, number, await operator(desk, lang), patches ? { patches } : {});
    switch (result.kind) {
      case 'applied':
        for (const commit of result.commits) console.log(`[${commit.index}/${result.change.total}] ${commit.commit} ${commit.title}`);
        console.error(
          say(lang, {
            fr: `#${number} appliquée sur ${result.branch} (état : ${result.state}).`,
            en: `#${number} applied to ${result.branch} (state: ${result.state}).`,
          }),
        );
        return 0;
      case 'conflict':
        console.error(say(lang, result));
        for (const file of result.files) console.log(file);
        return 1;
      default:
        console.error(say(lang, result));
        return 1;
    }
  });
}

/** `feuillet state N STATE [REPO]`: moves a change (proposed, needs-revision, approved, rejected, applied). */
export async function stateCommand(positionals: string[], values: CliValues): Promise<number> {
  const [written, stateWord, ...rest] = positionals;
  const number = changeNumber(written);
  const state = parseChangeState(stateWord ?? '');
  if (!state || !isChangeState(state)) throw new UsageError(`État attendu / state expected: proposed, needs-revision, approved, rejected, applied, superseded`);
  const lang = terminalLang();
  return withDesk(rest, values, async (desk) => {
    const identity = await configuredIdentity(desk.repo);
    const actor: Actor = { role: 'admin', name: identity?.name ?? 'feuillet (CLI)', address: identity?.email, via: 'cli' };
    const result = await setChangeState(desk, number, state, actor);
    if (result.kind === 'refused') {
      console.error(say(lang, result));
      return 1;
    }
    console.error(`#${number}: ${result.from} → ${result.to}`);
    return 0;
  });
}

/** `feuillet import-mbox FILE [REPO]` */
export async function importMboxCommand(positionals: string[], values: CliValues): Promise<number> {
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError('Indiquez le fichier mbox / give the mbox file');
  let total = 0;
  let oversize = 0;
  for await (const entry of readMbox(file)) if (entry.kind === 'message' || entry.kind === 'oversize') total++;
  async function* mails(): AsyncGenerator<IncomingMail> {
    for await (const entry of readMbox(file as string)) {
      if (entry.kind === 'message') yield { raw: entry.raw, source: 'mbox' };
      else oversize++;
    }
  }
  return importMail(rest, values, mails(), total, () => oversize);
}

/** `feuillet import-maildir DIR [REPO]` */
export async function importMaildirCommand(positionals: string[], values: CliValues): Promise<number> {
  const [dir, ...rest] = positionals;
  if (!dir) throw new UsageError('Indiquez le dossier Maildir / give the Maildir folder');
  const listing = await listMaildir(dir);
  if (listing.kind === 'not-a-maildir') throw new UsageError(say(terminalLang(), listing));
  async function* mails(): AsyncGenerator<IncomingMail> {
    if (listing.kind !== 'maildir') return;
    for (const message of listing.messages) yield { raw: await readFile(message.path), source: 'maildir' };
  }
  return importMail(rest, values, mails(), listing.messages.length, () => 0);
}

async function importMail(positionals: string[], values: CliValues, mails: AsyncIterable<IncomingMail>, total: number, oversize: () => number): Promise<number> {
  const lang = terminalLang();
  const progress = createProgress();
  const label = say(lang, { fr: 'Import', en: 'Import' });
  return withDesk(positionals, values, async (desk) => {
    const started = performance.now();
    const report = await ingestMail(desk, mails, (done) => progress.update(label, done, total));
    progress.finish(importSummary(report, oversize(), (performance.now() - started) / 1000, lang));
    for (const refused of report.refusedPatches) console.error(`${refused.messageId}: ${refused.reasons.map((reason) => say(lang, reason)).join('; ')}`);
    for (const update of report.stateUpdates) console.error(`${update.messageId}: ${say(lang, update)}`);
    return 0;
  });
}

function importSummary(report: IngestReport, oversize: number, seconds: number, lang: Lang): string {
  const rejected = report.rejected.length + oversize;
  const created = report.changes.created.length;
  return say(lang, {
    fr: `${report.archived} message(s) ajouté(s), ${report.duplicates} déjà présent(s), ${rejected} illisible(s), ${report.refusedPatches.length} correctif(s) refusé(s) ; ${created} nouvelle(s) modification(s) ; ${seconds.toFixed(1)} s`,
    en: `${report.archived} message(s) added, ${report.duplicates} already there, ${rejected} unreadable, ${report.refusedPatches.length} patch(es) refused; ${created} new change(s); ${seconds.toFixed(1)} s`,
  });
}
