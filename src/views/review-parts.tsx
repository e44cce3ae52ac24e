/**
 * Pieces shared by the review and archive pages: coloured diffs (added lines in `<ins>`, removed ones in
 * `<del>`, so that the difference is not told by colour alone), diffstats, mail text with its quotes,
 * state badges, and the few styles they need.
 */
import type { Child } from 'hono/jsx';
import { DateText } from './dates.js';
import { messagesFor, type Lang } from './messages.js';
import type { ChangeStateName, FileStatView, MailTextView, PersonView } from './review-model.js';

/** Lines shown per file before the rest is left to the mbox download. */
const MAX_LINES_PER_FILE = 3000;

export function StateBadge(props: { state: ChangeStateName; lang: Lang }) {
  return <span class={`review-state review-state-${props.state}`}>{messagesFor(props.lang).review.states[props.state]}</span>;
}

export function Person(props: { person: PersonView }) {
  return <span class="review-person">{props.person.name ? `${props.person.name} <${props.person.address}>` : props.person.address}</span>;
}

export function DiffStat(props: { files: readonly FileStatView[]; lang: Lang }) {
  const m = messagesFor(props.lang).review;
  const widest = Math.max(1, ...props.files.map((file) => file.additions + file.deletions));
  return (
    <table class="review-diffstat">
      <caption class="visually-hidden">{m.filesChanged}</caption>
      <tbody>
        {props.files.map((file) => {
          const plus = Math.round((file.additions / widest) * 20);
          const minus = Math.round((file.deletions / widest) * 20);
          return (
            <tr>
              <th scope="row">
                <a href={`#${file.anchor}`}>{file.path}</a>
                {file.oldPath ? (
                  <span class="review-muted">
                    {' '}
                    ({m.renamedFrom} {file.oldPath})
                  </span>
                ) : null}
              </th>
              <td>
                {file.binary ? (
                  m.binary
                ) : (
                  <>
                    <span class="review-plus" title={m.added}>
                      +{file.additions}
                    </span>{' '}
                    <span class="review-minus" title={m.removed}>
                      −{file.deletions}
                    </span>
                  </>
                )}
              </td>
              <td aria-hidden="true" class="review-bar">
                <span class="review-bar-plus">{'+'.repeat(plus)}</span>
                <span class="review-bar-minus">{'-'.repeat(minus)}</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One patch's diff, file by file, each file under the anchor the diffstat links to. */
export function Diff(props: { diff: string; files: readonly FileStatView[]; lang: Lang }) {
  const blocks = splitFiles(props.diff);
  return (
    <div class="review-diff">
      {blocks.map((lines, i) => (
        <pre id={props.files[i]?.anchor} class="review-diff-file" tabindex={0}>
          <code>{renderLines(lines, props.lang)}</code>
        </pre>
      ))}
    </div>
  );
}

function splitFiles(diff: string): string[][] {
  const blocks: string[][] = [];
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ') || blocks.length === 0) blocks.push([]);
    (blocks[blocks.length - 1] as string[]).push(line);
  }
  return blocks.filter((block) => block.some((line) => line !== ''));
}

function renderLines(lines: readonly string[], lang: Lang): Child[] {
  const out: Child[] = [];
  let inHunk = false;
  let binary = false;
  for (const [i, line] of lines.entries()) {
    if (i >= MAX_LINES_PER_FILE) {
      out.push(<span class="review-diff-meta">… ({lines.length - i})</span>, '\n');
      break;
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      out.push(<span class="review-diff-hunk">{line}</span>, '\n');
    } else if (line === 'GIT binary patch') {
      binary = true;
      out.push(<span class="review-diff-meta">{`${line} (${messagesFor(lang).review.binary})`}</span>, '\n');
    } else if (binary) {
      continue;
    } else if (inHunk && line.startsWith('+')) {
      out.push(<ins class="review-diff-add">{line}</ins>, '\n');
    } else if (inHunk && line.startsWith('-')) {
      out.push(<del class="review-diff-del">{line}</del>, '\n');
    } else if (inHunk && (line.startsWith(' ') || line.startsWith('\\') || line === '')) {
      out.push(line, '\n');
    } else {
      inHunk = false;
      out.push(<span class="review-diff-meta">{line}</span>, '\n');
    }
  }
  return out;
}

/** A mail's text: quoted lines set apart, the signature dimmed. */
export function MailText(props: { text: string }) {
  const lines = props.text.replace(/\s+$/, '').split('\n');
  const signature = lines.lastIndexOf('-- ');
  return (
    <pre class="review-mail-text">
      {lines.map((line, i) =>
        line.startsWith('>') ? (
          <>
            <span class="review-quote">{line}</span>
            {'\n'}
          </>
        ) : signature !== -1 && i >= signature ? (
          <>
            <span class="review-muted">{line}</span>
            {'\n'}
          </>
        ) : (
          `${line}\n`
        ),
      )}
    </pre>
  );
}

export function MailMessage(props: { mail: MailTextView; lang: Lang; headingLevel: 2 | 3 }) {
  const { mail, lang } = props;
  const m = messagesFor(lang);
  const link = <a href={mail.href}>{mail.subject || '—'}</a>;
  return (
    <article class="review-mail" id={`m-${encodeURIComponent(mail.messageId)}`}>
      {props.headingLevel === 2 ? <h2>{link}</h2> : <h3>{link}</h3>}
      <p class="review-muted">
        <Person person={mail.from} /> · <DateText iso={mail.date} lang={lang} />
      </p>
      {mail.htmlOnly ? <p class="review-note">{m.archive.htmlOnly}</p> : null}
      {mail.refusal.length > 0 ? (
        <div class="warning-box" role="note">
          <p>{m.review.refusedPatch}</p>
          <ul>
            {mail.refusal.map((reason) => (
              <li>{reason}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <MailText text={mail.text} />
    </article>
  );
}

/**
 * Styles of the review pages, kept with their markup (the page policy allows inline styles). Colours come
 * from the theme's variables; the two diff backgrounds follow its light and dark blocks.
 */
export function ReviewStyles() {
  return (
    <style>{`
:root { --review-add-bg: #dcf5dc; --review-add-fg: #0b3d12; --review-del-bg: #fbe0e0; --review-del-fg: #5c0a0a; }
@media (prefers-color-scheme: dark) { :root:not([data-theme='light']) { --review-add-bg: #123d1a; --review-add-fg: #d5f5d5; --review-del-bg: #4a1414; --review-del-fg: #f8d7d7; } }
:root[data-theme='dark'] { --review-add-bg: #123d1a; --review-add-fg: #d5f5d5; --review-del-bg: #4a1414; --review-del-fg: #f8d7d7; }
.review-state { display: inline-block; padding: 0 .5em; border-radius: .75em; border: 1px solid currentColor; font-size: .9em; white-space: nowrap; }
.review-state-proposed, .review-state-approved { color: var(--accent); }
.review-state-needs-revision { color: var(--warn-fg); background: var(--warn-bg); }
.review-state-rejected { color: var(--broken); }
.review-state-applied { color: var(--hl-string); }
.review-state-superseded, .review-muted { color: var(--muted); }
.review-table { border-collapse: collapse; width: 100%; }
.review-table th, .review-table td { text-align: left; padding: .35em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
.review-filters { display: flex; flex-wrap: wrap; gap: .75em; align-items: end; margin: 1em 0; }
.review-filters label { display: flex; flex-direction: column; }
.review-filters select, .review-filters input, .review-comment textarea { background: var(--bg); color: var(--fg); border: 1px solid var(--strong-line); border-radius: .25em; padding: .25em .4em; }
.review-comment textarea { display: block; width: 100%; margin: .5em 0; }
.review-diffstat { border-collapse: collapse; font-family: monospace; }
.review-diffstat th, .review-diffstat td { padding: .1em .6em; text-align: left; font-weight: normal; }
.review-plus, .review-bar-plus { color: var(--hl-string); }
.review-minus, .review-bar-minus { color: var(--broken); }
.review-diff-file { overflow-x: auto; border: 1px solid var(--line); padding: .5em; line-height: 1.35; background: var(--code-bg); color: var(--fg); }
.review-diff-file ins, .review-diff-file del { text-decoration: none; display: inline-block; min-width: 100%; }
.review-diff-add { background: var(--review-add-bg); color: var(--review-add-fg); }
.review-diff-del { background: var(--review-del-bg); color: var(--review-del-fg); }
.review-diff-hunk, .review-quote { color: var(--hl-title); }
.review-diff-meta { font-weight: bold; }
.review-mail { border-left: 3px solid var(--line); padding-left: 1em; margin: 1.5em 0; }
.review-mail-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: monospace; }
.review-preview-page { border: 2px dashed var(--strong-line); padding: 1em; margin: 1em 0; }
.review-note { font-style: italic; }
`}</style>
  );
}
