import { raw } from 'hono/html';
import type { ChangeStatus } from '../git/index.js';
import type { DiffBlock, RenderedBlock, SourceDiff, WordChange } from '../wiki/page-diff.js';
import { HistoryStyles, shortId } from './history-parts.js';
import { DateText } from './dates.js';
import { Layout } from './layout.js';
import { messagesFor, type Messages } from './messages.js';
import type { Crumb, SiteView } from './model.js';

export interface DiffViewProps {
  site: SiteView;
  pageTitle: string;
  crumbs: Crumb[];
  commit: string;
  authorName: string;
  date: string;
  subject: string;
  body: string;
  status: ChangeStatus;
  previousPath?: string;
  source: SourceDiff;
  /** Blocks of the page before and after, rendered; absent when a side is not a page that renders. */
  rendered?: RenderedBlock[];
  versionHref?: string;
  historyHref: string;
}

function Words(props: { words: WordChange[]; m: Messages }) {
  return (
    <>
      {props.words.map((w) =>
        w.kind === 'same' ? (
          w.text
        ) : w.kind === 'removed' ? (
          <del>
            <span class="visually-hidden">[{props.m.diffRemovedText} : </span>
            {w.text}
            <span class="visually-hidden">]</span>
          </del>
        ) : (
          <ins>
            <span class="visually-hidden">[{props.m.diffAddedText} : </span>
            {w.text}
            <span class="visually-hidden">]</span>
          </ins>
        ),
      )}
    </>
  );
}

function SourceBlock(props: { block: DiffBlock; m: Messages }) {
  const { block, m } = props;
  if (block.kind === 'context') {
    return (
      <div class="diff-context">
        <p class="diff-position">
          {m.diffLine} {block.newLine}
        </p>
        <pre>{block.lines.join('\n')}</pre>
      </div>
    );
  }
  return (
    <div class="diff-change">
      <p class="diff-position">
        {m.diffLine} {block.added.length > 0 ? block.newLine : block.oldLine}
      </p>
      <pre>
        <Words words={block.words} m={m} />
      </pre>
    </div>
  );
}

/** Only the blocks that changed, each with its neighbours; long unchanged runs fold into a marker. */
function visibleBlocks(blocks: RenderedBlock[]): (RenderedBlock | 'gap')[] {
  const keep = blocks.map((b, i) => b.kind !== 'same' || blocks[i - 1]?.kind !== 'same' || blocks[i + 1]?.kind !== 'same');
  const out: (RenderedBlock | 'gap')[] = [];
  blocks.forEach((b, i) => {
    if (keep[i]) out.push(b);
    else if (out.at(-1) !== 'gap') out.push('gap');
  });
  return out;
}

/** `/-/diff/COMMIT/PATH`: what a commit changed in a page, rendered and in its source, word by word. */
export function DiffView(props: DiffViewProps) {
  const { site } = props;
  const m = messagesFor(site.lang);
  const { source } = props;
  return (
    <Layout site={site} title={`${m.diffTitle} « ${props.pageTitle} »`} crumbs={props.crumbs}>
      <HistoryStyles site={site} />
      <dl class="commit-facts">
        <dt>{m.commitLabel}</dt>
        <dd>
          <code>{shortId(props.commit)}</code>
        </dd>
        <dt>{m.authorLabel}</dt>
        <dd>{props.authorName}</dd>
        <dt>{m.dateLabel}</dt>
        <dd>
          <DateText iso={props.date} lang={site.lang} precision="minute" />
        </dd>
        <dt>{m.messageLabel}</dt>
        <dd>
          {props.subject}
          {props.body ? <pre class="commit-body">{props.body}</pre> : null}
        </dd>
      </dl>
      <p class="history-links">
        {props.versionHref ? (
          <>
            <a href={props.versionHref}>{m.viewVersion}</a> ·{' '}
          </>
        ) : null}
        <a href={props.historyHref}>{m.seeHistory}</a>
      </p>
      {props.status === 'added' ? <p class="diff-note">{m.diffCreated}</p> : null}
      {props.status === 'deleted' ? <p class="diff-note">{m.diffDeleted}</p> : null}
      {props.previousPath ? (
        <p class="diff-note">
          {m.diffRenamedFrom} <code>{props.previousPath}</code>
        </p>
      ) : null}
      {source.kind === 'too-large' ? (
        <p class="warning-box">{m.diffTooLarge}</p>
      ) : source.hunks.length === 0 ? (
        <p class="diff-note">{m.diffNoChange}</p>
      ) : (
        <>
          {props.rendered ? (
            <section class="diff-rendered" aria-labelledby="diff-rendered-title">
              <h2 id="diff-rendered-title">{m.diffRendered}</h2>
              {visibleBlocks(props.rendered).map((b) =>
                b === 'gap' ? (
                  <p class="diff-gap">… {m.diffUnchanged} …</p>
                ) : b.kind === 'same' ? (
                  <div class="diff-block">{raw(b.html)}</div>
                ) : (
                  <div class={`diff-block diff-${b.kind}`}>
                    <p class="visually-hidden">{b.kind === 'added' ? m.diffAddedText : m.diffRemovedText}</p>
                    {raw(b.html)}
                  </div>
                ),
              )}
            </section>
          ) : null}
          <section class="diff-source" aria-labelledby="diff-source-title">
            <h2 id="diff-source-title">{m.diffSource}</h2>
            <p class="diff-stat">
              +{source.linesAdded} {m.diffLinesAdded}, −{source.linesRemoved} {m.diffLinesRemoved}
            </p>
            {source.hunks.map((hunk) => (
              <div class="diff-hunk">
                {hunk.blocks.map((block) => (
                  <SourceBlock block={block} m={m} />
                ))}
              </div>
            ))}
          </section>
        </>
      )}
    </Layout>
  );
}
