import type { Child } from 'hono/jsx';
import type { Crumb, NavEntry, SiteView } from './model.js';

/** What every page gives the layout, whichever theme draws it (views/layout.tsx, views/themes/). */
export interface LayoutProps {
  site: SiteView;
  title: string;
  /** Language of the content (front matter `lang`), when it differs from the interface's. */
  contentLang?: string;
  description?: string;
  crumbs: Crumb[];
  nav?: NavEntry[];
  /** Extra lines in the footer about this page (last change, source). */
  pageFooter?: Child;
  children: Child;
  /** The side column (table of contents). */
  aside?: Child;
  status?: 'not-found' | 'error';
  /** A wiki's own sidebar (Gollum `_Sidebar.md`), rendered and sanitised; shown instead of the folder's pages. */
  sidebarHtml?: string;
  /** A wiki's own footer (Gollum `_Footer.md`), rendered and sanitised. */
  footerHtml?: string;
}
