import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface NotFoundViewProps {
  site: SiteView;
  suggestions: { label: string; href: string }[];
}

/** The 404 page, in the wiki's style, with the closest existing pages. */
export function NotFoundView(props: NotFoundViewProps) {
  const m = messagesFor(props.site.lang);
  return (
    <Layout site={props.site} title={m.notFoundTitle} crumbs={[]} status="not-found">
      <p>{m.notFoundText}</p>
      {props.suggestions.length > 0 ? (
        <>
          <p>{m.notFoundSuggestions}</p>
          <ul>
            {props.suggestions.map((s) => (
              <li>
                <a href={s.href}>{s.label}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={`${props.site.basePath}/`}>{m.notFoundHome}</a>
      </p>
    </Layout>
  );
}

/** A server error: `text` says what happened when it is known (the disk full), a generic sentence otherwise. */
export function ErrorView(props: { site: SiteView; text?: string }) {
  const m = messagesFor(props.site.lang);
  return (
    <Layout site={props.site} title={m.errorTitle} crumbs={[]} status="error">
      <p>{props.text ?? m.errorText}</p>
    </Layout>
  );
}
