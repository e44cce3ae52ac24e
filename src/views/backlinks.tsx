import { messagesFor } from './messages.js';
import type { SiteView } from './model.js';

export interface BacklinkView {
  title: string;
  url: string;
}

export interface BacklinksProps {
  site: SiteView;
  /** 'pending' while the server is still finding them (the first seconds after starting on a large wiki). */
  links: readonly BacklinkView[] | 'pending';
}

/** "What links here": a section to place under a page, listing the pages whose links lead to it. */
export function Backlinks(props: BacklinksProps) {
  const m = messagesFor(props.site.lang);
  return (
    <section class="backlinks" aria-labelledby="backlinks-title" lang={props.site.lang}>
      <h2 id="backlinks-title">{m.backlinksTitle}</h2>
      {props.links === 'pending' ? (
        <p>{m.backlinksPending}</p>
      ) : props.links.length === 0 ? (
        <p>{m.backlinksNone}</p>
      ) : (
        <ul>
          {props.links.map((link) => (
            <li>
              <a href={link.url}>{link.title}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
