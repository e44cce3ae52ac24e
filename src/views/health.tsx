import type { ProblemKind } from '../wiki/check.js';
import { HistoryStyles } from './history-parts.js';
import { Layout } from './layout.js';
import { messagesFor, type Messages } from './messages.js';
import type { SiteView } from './model.js';

export interface HealthProblemView {
  path: string;
  href: string;
  line: number;
  kind: ProblemKind;
  detail: string;
  suggestion?: string;
}

export interface HealthViewProps {
  site: SiteView;
  orphans: { path: string; title: string; href: string }[];
  problems: HealthProblemView[];
  /** What is wrong in `.feuillet.yml` (`file:line: message`), as `check` and the start print it. */
  settingsProblems: readonly string[];
}

function kindLabel(m: Messages, kind: ProblemKind): string {
  const labels: Record<ProblemKind, string> = {
    'front-matter': m.problemFrontMatter,
    'broken-link': m.problemBrokenLink,
    'broken-anchor': m.problemBrokenAnchor,
    'leaves-wiki': m.problemLeavesWiki,
    'guessed-link': m.problemGuessedLink,
    unrenderable: m.problemUnrenderable,
    'embed-invalid': m.problemEmbedInvalid,
    'embed-missing': m.problemEmbedMissing,
  };
  return labels[kind];
}

/** `/-/health`: orphan pages and what `feuillet check` reports, for maintainers. */
export function HealthView(props: HealthViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  return (
    <Layout site={site} title={m.healthTitle} crumbs={[{ label: site.title, href: `${site.basePath}/` }]}>
      <HistoryStyles site={site} />
      <p>{m.healthIntro}</p>
      <h2 id="orphelines">
        {m.healthOrphans} ({props.orphans.length})
      </h2>
      {props.orphans.length === 0 ? (
        <p>{m.healthNoOrphans}</p>
      ) : (
        <ul class="health-orphans">
          {props.orphans.map((o) => (
            <li>
              <a href={o.href}>{o.title}</a> <code>{o.path}</code>
            </li>
          ))}
        </ul>
      )}
      {props.settingsProblems.length > 0 ? (
        <>
          <h2 id="reglages">
            {m.healthSettings} ({props.settingsProblems.length})
          </h2>
          <ul class="health-settings">
            {props.settingsProblems.map((problem) => (
              <li>
                <code>{problem}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="problemes">
        {m.healthProblems} ({props.problems.length})
      </h2>
      {props.problems.length === 0 ? (
        <p>{m.healthNoProblems}</p>
      ) : (
        <ul class="health-problems">
          {props.problems.map((p) => (
            <li>
              <a href={p.href}>
                <code>
                  {p.path}:{p.line}
                </code>
              </a>{' '}
              <span class={`problem-kind problem-${p.kind}`}>{kindLabel(m, p.kind)}</span> : <code>{p.detail}</code>
              {p.suggestion ? (
                <>
                  {' '}
                  ({m.problemSuggestion} : <code>{p.suggestion}</code>)
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
