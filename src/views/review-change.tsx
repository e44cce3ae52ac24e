import { raw } from 'hono/html';
import { Layout } from './layout.js';
import { messagesFor, type Lang } from './messages.js';
import type { Crumb, SiteView } from './model.js';
import type { ChangeEventView, ChangePageView, ChangeStateName, PatchView, PreviewView } from './review-model.js';
import { Diff, DiffStat, MailMessage, MailText, Person, ReviewStyles, StateBadge } from './review-parts.js';
import { DateText } from './dates.js';

/** The controls a signed-in viewer may use on this change (none for readers). */
export interface ChangeActionsView {
  /** The CSRF token every form carries. */
  readonly formToken: string;
  readonly formField: string;
  readonly stateHref: string;
  /** The states this viewer may move the change to. */
  readonly states: readonly ChangeStateName[];
  readonly applyHref: string | undefined;
  readonly commentHref: string | undefined;
}

export interface ChangeViewProps {
  site: SiteView;
  crumbs: Crumb[];
  change: ChangePageView;
  actions: ChangeActionsView | undefined;
  /** What the last action did or why it was refused, shown at the top. */
  flash: { readonly kind: 'done' | 'refused'; readonly text: string; readonly details?: readonly string[] } | undefined;
}

/** One proposed change: what it is, its patches as coloured diffs, the pages as they would be, its thread. */
export function ChangeView(props: ChangeViewProps) {
  const { site, change } = props;
  const lang = site.lang;
  const m = messagesFor(lang).review;
  const row = change.row;
  return (
    <Layout site={site} title={`${m.changeTitle(row.number)} · ${row.title || '—'}`} crumbs={props.crumbs}>
      <ReviewStyles />
      {props.flash ? (
        <div class={props.flash.kind === 'refused' ? 'warning-box' : 'review-note'} role={props.flash.kind === 'refused' ? 'alert' : 'status'}>
          <p>{props.flash.text}</p>
          {props.flash.details && props.flash.details.length > 0 ? (
            <ul>
              {props.flash.details.map((detail) => (
                <li>{detail}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <dl class="review-facts">
        <dt>{m.state}</dt>
        <dd>
          <StateBadge state={row.state} lang={lang} />
        </dd>
        <dt>{m.version}</dt>
        <dd>
          v{row.version}
          {row.rfc ? ` · ${m.rfc}` : ''}
          {row.prefixes.length > 0 ? ` · [${row.prefixes.join(' ')}]` : ''}
        </dd>
        <dt>{m.sentBy}</dt>
        <dd>
          <Person person={row.author} />, <DateText iso={row.date} lang={lang} />
        </dd>
        {change.supersedes ? (
          <>
            <dt>{m.supersedes}</dt>
            <dd>
              <a href={change.supersedes.href}>#{change.supersedes.number}</a>
            </dd>
          </>
        ) : null}
        {change.supersededBy ? (
          <>
            <dt>{m.supersededBy}</dt>
            <dd>
              <a href={change.supersededBy.href}>#{change.supersededBy.number}</a>
            </dd>
          </>
        ) : null}
        {change.missing.length > 0 ? (
          <>
            <dt>{m.missing}</dt>
            <dd>{change.missing.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <Actions actions={props.actions} lang={lang} />
      <section aria-labelledby="apply-heading">
        <h2 id="apply-heading">{m.applyHeading}</h2>
        <p>
          <a href={change.mboxHref} download={`change-${row.number}-v${row.version}.mbox`}>
            {m.downloadMbox}
          </a>
        </p>
        <p>{m.applyHelp}</p>
        <pre>
          <code>{`curl -s '${change.mboxUrl}' | git am -3 --keep-cr`}</code>
        </pre>
      </section>
      {change.coverLetter ? (
        <section aria-labelledby="cover-heading">
          <h2 id="cover-heading">{m.coverLetter}</h2>
          <MailText text={change.coverLetter} />
        </section>
      ) : null}
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{m.filesChanged}</h2>
        <DiffStat files={change.patches.flatMap((patch) => patch.files)} lang={lang} />
      </section>
      <section aria-labelledby="patches-heading">
        <h2 id="patches-heading">{m.patches}</h2>
        {change.patches.map((patch) => (
          <Patch patch={patch} lang={lang} />
        ))}
      </section>
      <Preview preview={change.preview} lang={lang} />
      <section aria-labelledby="discussion-heading">
        <h2 id="discussion-heading">{m.discussion}</h2>
        {change.discussion.length === 0 ? <p>{m.noDiscussion}</p> : change.discussion.map((mail) => <MailMessage mail={mail} lang={lang} headingLevel={3} />)}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{m.history}</h2>
        <ol>
          {change.events.map((event) => (
            <li>
              <Event event={event} lang={lang} />
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

function Actions(props: { actions: ChangeActionsView | undefined; lang: Lang }) {
  const m = messagesFor(props.lang).review;
  const { actions } = props;
  if (!actions || (actions.states.length === 0 && !actions.applyHref && !actions.commentHref)) return <p class="review-note">{m.readOnly}</p>;
  const token = <input type="hidden" name={actions.formField} value={actions.formToken} />;
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">{m.actions}</h2>
      {actions.states.length > 0 ? (
        <form method="post" action={actions.stateHref} class="review-filters">
          {token}
          <label>
            {m.newState}
            <select name="state">
              {actions.states.map((state) => (
                <option value={state}>{m.states[state]}</option>
              ))}
            </select>
          </label>
          <button type="submit">{m.setState}</button>
        </form>
      ) : null}
      {actions.applyHref ? (
        <form method="post" action={actions.applyHref} class="review-filters">
          {token}
          <label>
            {m.applyPatches}
            <input type="text" name="patches" inputmode="numeric" pattern="[0-9, -]*" />
          </label>
          <button type="submit">{m.apply}</button>
        </form>
      ) : null}
      {actions.commentHref ? (
        <form method="post" action={actions.commentHref} class="review-comment">
          {token}
          <label for="comment-text">{m.comment}</label>
          <textarea id="comment-text" name="text" rows={6} required></textarea>
          <button type="submit">{m.commentButton}</button>
        </form>
      ) : null}
    </section>
  );
}

function Patch(props: { patch: PatchView; lang: Lang }) {
  const { patch, lang } = props;
  const m = messagesFor(lang).review;
  return (
    <article class="review-patch" id={`patch-${patch.index}`}>
      <h3>
        [{patch.index}/{patch.total}] {patch.title}
      </h3>
      <p class="review-muted">
        <Person person={patch.author} />, <DateText iso={patch.date} lang={lang} /> · <a href={patch.messageHref}>{m.archiveLink}</a>
        {patch.inherited ? ` · ${m.inherited}` : ''}
        {patch.appliedAs ? (
          <>
            {' · '}
            {m.appliedAs} <code>{patch.appliedAs}</code>
          </>
        ) : null}
      </p>
      {patch.message || patch.trailers.length > 0 ? (
        <pre class="review-mail-text">
          {patch.message}
          {patch.message && patch.trailers.length > 0 ? '\n\n' : ''}
          {patch.trailers.map((trailer) => (
            <>
              {trailer.text}
              {trailer.fromReply ? <span class="review-muted"> ({m.fromReply})</span> : null}
              {'\n'}
            </>
          ))}
        </pre>
      ) : null}
      <DiffStat files={patch.files} lang={lang} />
      <Diff diff={patch.diff} files={patch.files} lang={lang} />
    </article>
  );
}

function Preview(props: { preview: PreviewView; lang: Lang }) {
  const m = messagesFor(props.lang).review;
  const { preview } = props;
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">{m.previewHeading}</h2>
      {preview.kind === 'not-applicable' ? (
        <div class="warning-box" role="note">
          <p>{preview.reason}</p>
          {preview.files.length > 0 ? (
            <ul>
              {preview.files.map((file) => (
                <li>
                  <code>{file}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <>
          <p>{preview.pages.length === 0 ? m.previewNoPages : m.previewIntro}</p>
          {preview.brokenElsewhere.length > 0 ? (
            <div class="warning-box" role="note">
              <p>{m.brokenElsewhere}</p>
              <ul>
                {preview.brokenElsewhere.map((line) => (
                  <li>
                    <code>{line}</code>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.outsideWiki.length > 0 ? (
            <p>
              {m.outsideWiki} {preview.outsideWiki.map((file, i) => (i === 0 ? <code>{file}</code> : <>, <code>{file}</code></>))}
            </p>
          ) : null}
          {preview.pages.map((page) => (
            <article class="review-preview">
              <h3>
                {m.pageStatus[page.status]} : {page.title} <span class="review-muted">({page.path})</span>
              </h3>
              {page.oldPath ? (
                <p class="review-muted">
                  {m.renamedFrom} {page.oldPath}
                </p>
              ) : null}
              {page.currentHref ? (
                <p>
                  <a href={page.currentHref}>{m.currentPage}</a>
                </p>
              ) : null}
              {page.newBrokenLinks.length > 0 ? (
                <div class="warning-box" role="note">
                  <p>{m.newBrokenLinks}</p>
                  <ul>
                    {page.newBrokenLinks.map((link) => (
                      <li>
                        <code>{link.href}</code> — {link.reason}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {page.html !== undefined ? <div class="page-body review-preview-page">{raw(page.html)}</div> : null}
            </article>
          ))}
        </>
      )}
    </section>
  );
}

function Event(props: { event: ChangeEventView; lang: Lang }) {
  const { event, lang } = props;
  const m = messagesFor(lang).review;
  const via = { web: m.byWeb, mail: m.byMail, cli: m.byCli, automatic: m.automatic }[event.via];
  return (
    <>
      <DateText iso={event.at} lang={lang} /> — {event.actor} ({via})
      {event.from === undefined && event.to !== undefined ? ` : ${m.received}` : ''}
      {event.from !== undefined && event.to !== undefined ? (
        <>
          {' : '}
          <StateBadge state={event.from} lang={lang} /> → <StateBadge state={event.to} lang={lang} />
        </>
      ) : null}
      {event.note ? <span class="review-muted"> {event.note}</span> : null}
    </>
  );
}
