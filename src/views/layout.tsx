import { raw } from 'hono/html';
import { messagesFor } from './messages.js';
import type { AccountNavView, SiteView } from './model.js';
import { assetUrl } from './themes/asset-url.js';
import { FolderMark } from './folder-mark.js';
import { accountLinks, legalLinks } from './site-links.js';
import { DsfrLayout } from './themes/dsfr-layout.js';
import type { LayoutProps } from './layout-props.js';

/** Light, dark or as the system says: shown once feuillet.js runs, which remembers the choice. */
function ThemeSwitch(props: { site: SiteView }) {
  const m = messagesFor(props.site.lang);
  const choices = [
    ['system', m.themeSystem],
    ['light', m.themeLight],
    ['dark', m.themeDark],
  ] as const;
  return (
    <fieldset class="theme-switch" hidden>
      <legend>{m.themeLabel}</legend>
      {choices.map(([value, label]) => (
        <span class="theme-choice">
          <input type="radio" name="theme" id={`theme-${value}`} value={value} />
          <label for={`theme-${value}`}>{label}</label>
        </span>
      ))}
    </fieldset>
  );
}

/** The account links in the header, by the reader's role. */
function AccountLinks(props: { site: SiteView; account: AccountNavView }) {
  return (
    <nav class="account-nav" aria-label={messagesFor(props.site.lang).accounts.accountNav}>
      <ul>
        {accountLinks(props.site, props.account).map((link) => (
          <li>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The page frame every view shares: skip links, header with search, breadcrumbs, navigation, footer. */
export function Layout(props: LayoutProps) {
  const { site } = props;
  if (site.theme?.name === 'dsfr') return <DsfrLayout {...props} theme={site.theme} />;
  const m = messagesFor(site.lang);
  const title = props.title === site.title ? site.title : `${props.title} — ${site.title}`;
  return (
    <html lang={props.contentLang ?? site.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <meta name="generator" content="Feuillet" />
        <link rel="stylesheet" href={assetUrl(site, 'feuillet.css')} />
        <link rel="alternate" type="application/atom+xml" title={site.title} href={`${site.basePath}/-/changes.atom`} />
        {/* Not deferred: it applies the reader's light or dark choice before the first paint. */}
        <script src={assetUrl(site, 'feuillet.js')}></script>
        <script src={assetUrl(site, 'sortable-table.js')} defer></script>
      </head>
      <body data-live-reload={site.liveReload ? `${site.basePath}/-/events` : undefined}>
        <div class="skip-links">
          <a href="#contenu">{m.skipToContent}</a>
          {props.sidebarHtml || (props.nav && props.nav.length > 0) ? <a href="#navigation">{m.skipToNav}</a> : null}
        </div>
        <header class="site-header" lang={site.lang}>
          <a class="site-title" href={`${site.basePath}/`}>{site.title}</a>
          <form class="search-form" role="search" action={`${site.basePath}/-/search`} method="get">
            <label class="visually-hidden" for="search-q">{m.searchPlaceholder}</label>
            <input id="search-q" type="search" name="q" placeholder={m.searchPlaceholder} autocomplete="off" />
            <button type="submit">{m.search}</button>
          </form>
          <ThemeSwitch site={site} />
          {site.account ? <AccountLinks site={site} account={site.account} /> : null}
        </header>
        {site.notice ? <p class="site-notice" role="note" lang={site.lang}>{site.notice}</p> : null}
        {site.theme?.name === 'default' && site.theme.dsfrMissing ? (
          <p class="site-notice" role="note" lang={site.lang}>
            {m.dsfrMissing}
          </p>
        ) : null}
        {props.crumbs.length > 0 ? (
          <nav class="breadcrumbs" aria-label={m.breadcrumb} lang={site.lang}>
            <ol>
              {props.crumbs.map((crumb) => (
                <li>
                  <a href={crumb.href}>{crumb.label}</a>
                </li>
              ))}
              <li>
                <span aria-current="page">{props.title}</span>
              </li>
            </ol>
          </nav>
        ) : null}
        <div class={props.aside ? 'page-grid has-aside' : 'page-grid'}>
          {props.sidebarHtml ? (
            <nav id="navigation" class="side-nav wiki-sidebar" aria-label={m.navigation}>
              <details class="fold-narrow" open>
                <summary lang={site.lang}>{m.openMenu}</summary>
                {raw(props.sidebarHtml)}
              </details>
            </nav>
          ) : props.nav && props.nav.length > 0 ? (
            <nav id="navigation" class="side-nav" aria-label={m.navigation} lang={site.lang}>
              <details class="fold-narrow" open>
                <summary>{m.openMenu}</summary>
                <ul>
                  {props.nav.map((entry) => (
                    <li class={`nav-${entry.kind}`}>
                      <a href={entry.href} aria-current={entry.current ? 'page' : undefined}>
                        {entry.label}
                        <FolderMark entry={entry} hidden="visually-hidden" word={m.kindFolder} />
                      </a>
                    </li>
                  ))}
                </ul>
              </details>
            </nav>
          ) : null}
          <main id="contenu" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.children}
          </main>
          {props.aside ?? null}
        </div>
        <footer class="site-footer" lang={site.lang}>
          {props.footerHtml ? <div class="wiki-footer">{raw(props.footerHtml)}</div> : null}
          {props.pageFooter ? <div class="page-meta">{props.pageFooter}</div> : null}
          <ul class="footer-links">
            {site.licence ? (
              <li>
                {m.contentUnder}{' '}
                {site.licence.url ? <a href={site.licence.url}>{site.licence.name}</a> : site.licence.name}
              </li>
            ) : null}
            {legalLinks(site).map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
              </li>
            ))}
            {site.cloneUrl ? (
              <li>
                {m.cloneWith} <code>git clone {site.cloneUrl}</code>
              </li>
            ) : null}
            <li>{m.poweredBy}</li>
          </ul>
        </footer>
      </body>
    </html>
  );
}

export function renderDocument(element: { toString(): string | Promise<string> }): string {
  const html = element.toString();
  if (typeof html !== 'string') throw new Error('views must be synchronous');
  return `<!doctype html>${html}`;
}

