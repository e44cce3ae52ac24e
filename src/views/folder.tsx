import { Layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { Crumb, NavEntry, SiteView } from './model.js';

export interface FolderViewProps {
  site: SiteView;
  title: string;
  crumbs: Crumb[];
  entries: { label: string; href: string; kind: 'page' | 'folder' | 'file'; name: string }[];
}

/** The generated page of a folder that has no index page: what it holds. */
export function FolderView(props: FolderViewProps) {
  const m = messagesFor(props.site.lang);
  const nav: NavEntry[] = [];
  return (
    <Layout site={props.site} title={props.title} crumbs={props.crumbs} nav={nav}>
      <h2>{m.folderListing}</h2>
      {props.entries.length === 0 ? (
        <p>{m.folderEmpty}</p>
      ) : (
        <ul class="folder-listing">
          {props.entries.map((entry) => (
            <li class={`entry-${entry.kind}`}>
              <a href={entry.href}>{entry.label}</a>
              {entry.kind === 'folder' ? <span class="entry-kind"> ({m.kindFolder})</span> : null}
              {entry.kind === 'file' ? <span class="entry-kind"> ({m.kindFile} {entry.name})</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
