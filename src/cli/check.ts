import type { Problem } from '../wiki/check.js';
import { checkWiki } from '../wiki/check.js';
import { openWiki } from '../wiki/open.js';
import type { CliValues } from './commands.js';
import { deploymentOf } from './deployment.js';
import { wikiTarget } from './target.js';
import { terminalLang } from './terminal-lang.js';

const TEXTS = {
  fr: {
    'front-matter': (p: Problem) => `en-tête YAML invalide : ${p.detail}`,
    'broken-link': (p: Problem) => `lien cassé : ${p.detail} (ni page ni fichier à cet endroit)`,
    'broken-anchor': (p: Problem) => `ancre introuvable : ${p.detail}`,
    'leaves-wiki': (p: Problem) => (p.suggestion ? `lien hors du wiki : ${p.detail} (fichier du dépôt ${p.suggestion})` : `lien hors du wiki : ${p.detail}`),
    'guessed-link': (p: Problem) => `lien à corriger : ${p.detail} → probablement ${p.suggestion} (${p.note})`,
    unrenderable: (p: Problem) => `page illisible : ${p.detail === 'binary' ? 'contenu binaire' : 'trop grande'}`,
    'embed-invalid': (p: Problem) => `directive d’intégration incorrecte : ${p.detail}${p.reason ? ` (${p.reason.fr})` : ''}`,
    'embed-missing': (p: Problem) => `contenu à intégrer introuvable ou illisible : ${p.detail}`,
    summary: (n: number) => (n === 0 ? 'Aucun problème.' : `${n} problème${n > 1 ? 's' : ''}.`),
  },
  en: {
    'front-matter': (p: Problem) => `invalid YAML front matter: ${p.detail}`,
    'broken-link': (p: Problem) => `broken link: ${p.detail} (no page or file there)`,
    'broken-anchor': (p: Problem) => `missing anchor: ${p.detail}`,
    'leaves-wiki': (p: Problem) => (p.suggestion ? `link leaves the wiki: ${p.detail} (repository file ${p.suggestion})` : `link leaves the wiki: ${p.detail}`),
    'guessed-link': (p: Problem) => `link to fix: ${p.detail} → probably ${p.suggestion} (${p.note})`,
    unrenderable: (p: Problem) => `unreadable page: ${p.detail === 'binary' ? 'binary content' : 'too large'}`,
    'embed-invalid': (p: Problem) => `incorrect embed directive: ${p.detail}${p.reason ? ` (${p.reason.en})` : ''}`,
    'embed-missing': (p: Problem) => `content to embed not found or unreadable: ${p.detail}`,
    summary: (n: number) => (n === 0 ? 'No problem.' : `${n} problem${n > 1 ? 's' : ''}.`),
  },
};

/** `feuillet check`: one line per problem, `path:line: message`; exit 1 with --strict when any. */
export async function checkCommand(positionals: string[], values: CliValues): Promise<number> {
  const opened = await openWiki(await wikiTarget(positionals, values, deploymentOf(values)));
  try {
    const revision = await opened.wiki.revision();
    const problems = await checkWiki(opened.wiki, revision);
    const settingsProblems = (await opened.wiki.settings(revision))?.problems ?? opened.settingsProblems;
    const texts = TEXTS[terminalLang()];
    for (const problem of settingsProblems) console.log(problem);
    for (const problem of problems) console.log(`${problem.path}:${problem.line}: ${texts[problem.kind](problem)}`);
    const count = problems.length + settingsProblems.length;
    console.error(texts.summary(count));
    return values.strict && count > 0 ? 1 : 0;
  } finally {
    await opened.source.close();
  }
}
