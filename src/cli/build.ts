import { ASSETS, ASSETS_VERSION } from '../server/assets.js';
import { BuildError, buildSite, type BuildOptions, type BuildReport } from '../site/build.js';
import type { BuildProblem } from '../site/manifest.js';
import { watchBranch } from '../site/watch.js';
import { terminalLang } from './terminal-lang.js';
import { UsageError } from './errors.js';
import type { CliValues } from './commands.js';
import { createProgress } from './progress.js';
import { deploymentOf } from './deployment.js';
import { wikiTarget } from './target.js';

const PHASES = { fr: { read: 'Lecture', render: 'Rendu' }, en: { read: 'Reading', render: 'Rendering' } };

function plural(n: number, word: string, suffix = ''): string {
  const s = n > 1 ? 's' : '';
  return `${n} ${word}${s}${suffix ? ` ${suffix}${s}` : ''}`;
}

function summary(report: BuildReport, seconds: number, lang: 'fr' | 'en'): string {
  const time = `${seconds.toFixed(1)} s`;
  if (lang === 'en') {
    const done = report.unchanged ? 'already up to date' : `${report.rendered} rendered, ${report.written} files written, ${report.deleted} deleted`;
    return `${plural(report.pages, 'page')}, ${plural(report.attachments, 'attachment')}, ${plural(report.problems.length, 'problem')}, ${time} (${done})`;
  }
  const done = report.unchanged ? 'déjà à jour' : `${report.rendered} rendus, ${report.written} fichiers écrits, ${report.deleted} supprimés`;
  return `${plural(report.pages, 'page')}, ${plural(report.attachments, 'fichier', 'joint')}, ${plural(report.problems.length, 'problème')}, ${time} (${done})`;
}

/** `path:line: kind: detail` — the same facts `feuillet check` lists, plus URL clashes of the static site. */
function problemLine(problem: BuildProblem): string {
  const guess = 'suggestion' in problem && problem.suggestion ? ` → ${problem.suggestion}` : '';
  return `${problem.path}:${problem.line}: ${problem.kind}: ${problem.detail}${guess}`;
}

/**
 * `feuillet build [REPO] --out DIR`: the static site; `--strict` fails on any problem; `--watch` builds
 * again whenever the branch moves. A git hook does the same without a running process (git runs
 * post-receive after a push, Feuillet after its own commits; see git/post-receive.ts):
 *   #!/bin/sh  (.git/hooks/post-receive, or hooks/post-receive in a bare repository)
 *   feuillet build "$(git rev-parse --git-dir)/.." --out /var/www/wiki --base-url https://wiki.example.org/ >>/tmp/feuillet-build.log 2>&1 &
 */
export async function buildCommand(positionals: string[], values: CliValues): Promise<number> {
  if (!values.out) throw new UsageError('Indiquez le dossier du site avec --out DOSSIER / give the site folder with --out DIR');
  const target = await wikiTarget(positionals, values, deploymentOf(values));
  const lang = terminalLang();
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const progress = createProgress();
  const options: BuildOptions = {
    wiki: target,
    outDir: values.out,
    assets: ASSETS,
    assetsVersion: ASSETS_VERSION,
    signal: controller.signal,
    onProgress: (p) => progress.update(PHASES[lang][p.phase], p.done, p.total),
  };
  if (values['base-url'] !== undefined) options.baseUrl = values['base-url'];
  const once = async (): Promise<BuildReport> => {
    const start = performance.now();
    const report = await buildSite(options);
    for (const problem of report.problems) console.log(problemLine(problem));
    progress.finish(summary(report, (performance.now() - start) / 1000, lang));
    if (values.timings) console.error(report.steps.map(([step, seconds]) => `${step} ${seconds.toFixed(2)} s`).join(' · '));
    return report;
  };
  try {
    const report = await once();
    if (!values.watch) return values.strict && report.problems.length > 0 ? 1 : 0;
    if (target.repo === undefined) throw new UsageError('--watch suit une branche git : donnez un DÉPÔT / --watch follows a git branch: give a REPO');
    console.error(lang === 'en' ? 'Watching the branch; Ctrl-C stops.' : 'Surveillance de la branche ; Ctrl-C pour arrêter.');
    const stop = await watchBranch(target.repo, target.ref, async () => {
      await once().catch((error: unknown) => console.error(`feuillet: ${(error as Error).message}`));
    });
    await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
    await stop();
    return 0;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(`feuillet: ${error.message}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
