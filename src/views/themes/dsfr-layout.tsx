import { raw } from 'hono/html';
import type { LayoutProps } from '../layout-props.js';
import { messagesFor, type Messages } from '../messages.js';
import type { AccountNavView, SiteView } from '../model.js';
import { FolderMark } from '../folder-mark.js';
import { accountLinks, legalLinks, type AccountLinkKind } from '../site-links.js';
import { assetUrl } from './asset-url.js';
import { DSFR_FILES, dsfrBase } from './dsfr-package.js';

/*
 * The `dsfr` theme: the same page as the default layout, in the State design system's markup (classes
 * `fr-*`, as its documentation for version 1.15 writes them) with its mandatory chrome: skip links,
 * header with the State's brand block and the service name, breadcrumb, side menu, the display settings
 * dialog, and the footer with the brand block, the four State links, the legal links and the licence line.
 */

/** The State websites every DSFR footer links to, unchanged (DSFR footer documentation). */
const STATE_LINKS = ['info.gouv.fr', 'service-public.gouv.fr', 'legifrance.gouv.fr', 'data.gouv.fr'];

/** The State's brand block: always in French, whatever the interface language. */
function Brand() {
  return (
    <p class="fr-logo" lang="fr">
      République <br />
      Française
    </p>
  );
}

function SkipLinks(props: { m: Messages; hasNav: boolean }) {
  const { m } = props;
  return (
    <div class="fr-skiplinks">
      <nav class="fr-container" aria-label={m.quickAccess}>
        <ul class="fr-skiplinks__list">
          <li>
            <a class="fr-link" href="#contenu">
              {m.skipToContent}
            </a>
          </li>
          {props.hasNav ? (
            <li>
              <a class="fr-link" href="#navigation">
                {m.skipToNav}
              </a>
            </li>
          ) : null}
          <li>
            <a class="fr-link" href="#search-q">
              {m.skipToSearch}
            </a>
          </li>
          <li>
            <a class="fr-link" href="#pied-de-page">
              {m.skipToFooter}
            </a>
          </li>
        </ul>
      </nav>
    </div>
  );
}

/** The DSFR's look of each account link (quick access buttons). */
const ACCOUNT_BUTTON: Readonly<Record<AccountLinkKind, string>> = {
  account: 'fr-btn fr-btn--account',
  'sign-in': 'fr-btn fr-btn--account',
  'access-request': 'fr-btn fr-icon-edit-line fr-btn--icon-left',
  admin: 'fr-btn fr-icon-settings-5-line fr-btn--icon-left',
};

/** The same account links as the default theme's header, as the DSFR's quick access buttons. */
function AccountLinks(props: { site: SiteView; account: AccountNavView }) {
  return (
    <>
      {accountLinks(props.site, props.account).map((link) => (
        <li>
          <a class={ACCOUNT_BUTTON[link.kind]} href={link.href}>
            {link.label}
          </a>
        </li>
      ))}
    </>
  );
}

function Header(props: { site: SiteView; m: Messages }) {
  const { site, m } = props;
  const home = `${site.basePath}/`;
  return (
    <header role="banner" class="fr-header" lang={site.lang}>
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <Brand />
                </div>
                <div class="fr-header__navbar">
                  <button data-fr-opened="false" aria-controls="modal-search" title={m.search} type="button" id="button-search" class="fr-btn--search fr-btn">
                    {m.search}
                  </button>
                  <button data-fr-opened="false" aria-controls="modal-menu" title={m.openMenu} type="button" id="button-menu" class="fr-btn--menu fr-btn">
                    {m.openMenu}
                  </button>
                </div>
              </div>
              <div class="fr-header__service">
                <a href={home} title={`${m.home} - ${site.title}`}>
                  <p class="fr-header__service-title">{site.title}</p>
                </a>
              </div>
            </div>
            <div class="fr-header__tools">
              <div class="fr-header__tools-links">
                <ul class="fr-btns-group">
                  {site.account ? <AccountLinks site={site} account={site.account} /> : null}
                  <li>
                    <button aria-controls="fr-theme-modal" data-fr-opened="false" type="button" class="fr-btn--display fr-btn">
                      {m.displaySettings}
                    </button>
                  </li>
                </ul>
              </div>
              <div class="fr-header__search fr-modal" id="modal-search" aria-labelledby="button-search">
                <div class="fr-container fr-container-lg--fluid">
                  <button aria-controls="modal-search" title={m.close} type="button" class="fr-btn--close fr-btn">
                    {m.close}
                  </button>
                  <form class="fr-search-bar" role="search" action={`${site.basePath}/-/search`} method="get">
                    <label class="fr-label" for="search-q">
                      {m.searchPlaceholder}
                    </label>
                    <input class="fr-input" id="search-q" type="search" name="q" placeholder={m.searchPlaceholder} autocomplete="off" />
                    <button title={m.search} type="submit" class="fr-btn">
                      {m.search}
                    </button>
                  </form>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
      <div class="fr-header__menu fr-modal" id="modal-menu" aria-labelledby="button-menu">
        <div class="fr-container">
          <button aria-controls="modal-menu" title={m.close} type="button" class="fr-btn--close fr-btn">
            {m.close}
          </button>
          {/* The DSFR's script copies the header's quick access buttons here on small screens. */}
          <div class="fr-header__menu-links"></div>
        </div>
      </div>
    </header>
  );
}

function Breadcrumb(props: { site: SiteView; m: Messages; crumbs: LayoutProps['crumbs']; title: string }) {
  const { m } = props;
  return (
    <nav class="fr-breadcrumb" aria-label={m.breadcrumb} lang={props.site.lang}>
      <button type="button" class="fr-breadcrumb__button" aria-expanded="false" aria-controls="breadcrumb-list">
        {m.showBreadcrumb}
      </button>
      <div class="fr-collapse" id="breadcrumb-list">
        <ol class="fr-breadcrumb__list">
          {props.crumbs.map((crumb) => (
            <li>
              <a class="fr-breadcrumb__link" href={crumb.href}>
                {crumb.label}
              </a>
            </li>
          ))}
          <li>
            <a class="fr-breadcrumb__link" aria-current="page">
              {props.title}
            </a>
          </li>
        </ol>
      </div>
    </nav>
  );
}

function SideMenu(props: { site: SiteView; m: Messages; nav: NonNullable<LayoutProps['nav']>; sidebarHtml?: string }) {
  const { m } = props;
  return (
    <nav id="navigation" class="fr-sidemenu fr-sidemenu--sticky" aria-labelledby="sidemenu-title">
      <div class="fr-sidemenu__inner">
        <button type="button" class="fr-sidemenu__btn" aria-controls="sidemenu-list" aria-expanded="false" lang={props.site.lang}>
          {m.inThisSection}
        </button>
        <div class="fr-collapse" id="sidemenu-list">
          <div class="fr-sidemenu__title" id="sidemenu-title" lang={props.site.lang}>
            {m.navigation}
          </div>
          {props.sidebarHtml ? (
            <div class="wiki-sidebar">{raw(props.sidebarHtml)}</div>
          ) : (
            <ul class="fr-sidemenu__list" lang={props.site.lang}>
              {props.nav.map((entry) => (
                <li class={entry.current ? 'fr-sidemenu__item fr-sidemenu__item--active' : 'fr-sidemenu__item'}>
                  <a class={`fr-sidemenu__link nav-${entry.kind}`} href={entry.href} aria-current={entry.current ? 'page' : undefined}>
                    {entry.label}
                    <FolderMark entry={entry} hidden="fr-sr-only" word={m.kindFolder} />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </nav>
  );
}

function Footer(props: { site: SiteView; m: Messages }) {
  const { site, m } = props;
  const base = site.basePath;
  return (
    <footer class="fr-footer" role="contentinfo" id="pied-de-page" lang={site.lang}>
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href={`${base}/`} title={`${m.backToHome} - ${site.title} - République Française`}>
              <Brand />
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              {site.title}. {m.poweredBy}.
              {site.cloneUrl ? (
                <>
                  {' '}
                  {m.cloneWith} <code>git clone {site.cloneUrl}</code>
                </>
              ) : null}
            </p>
            <ul class="fr-footer__content-list">
              {STATE_LINKS.map((host) => (
                <li class="fr-footer__content-item">
                  <a class="fr-footer__content-link" href={`https://${host}`} target="_blank" rel="noopener external" title={`${host} - ${m.newWindow}`}>
                    {host}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            {legalLinks(site).map((link) => (
              <li class="fr-footer__bottom-item">
                <a class="fr-footer__bottom-link" href={link.href}>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
          <div class="fr-footer__bottom-copy">
            <p>
              {site.licence ? (
                <>
                  {m.contentLicence}{' '}
                  {site.licence.url ? (
                    <a href={site.licence.url} target="_blank" rel="noopener external" title={`${site.licence.name} - ${m.newWindow}`}>
                      {site.licence.name}
                    </a>
                  ) : (
                    site.licence.name
                  )}
                </>
              ) : (
                m.poweredBy
              )}
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

/** The display settings dialog the header's button opens; the DSFR's script remembers the choice. */
function DisplaySettings(props: { site: SiteView; m: Messages; base: string }) {
  const { m, base } = props;
  const choices = [
    { value: 'light', label: m.themeLightFull, artwork: DSFR_FILES.sun },
    { value: 'dark', label: m.themeDarkFull, artwork: DSFR_FILES.moon },
    { value: 'system', label: m.themeSystem, hint: m.themeSystemHint, artwork: DSFR_FILES.system },
  ];
  return (
    <dialog id="fr-theme-modal" class="fr-modal" aria-labelledby="fr-theme-modal-title" lang={props.site.lang}>
      <div class="fr-container fr-container--fluid fr-container-md">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-6 fr-col-lg-4">
            <div class="fr-modal__body">
              <div class="fr-modal__header">
                <button aria-controls="fr-theme-modal" title={m.close} type="button" class="fr-btn--close fr-btn">
                  {m.close}
                </button>
              </div>
              <div class="fr-modal__content">
                {/* The DSFR's example has an h1; an h2 keeps one h1 per page, the page's title. */}
                <h2 id="fr-theme-modal-title" class="fr-modal__title">
                  {m.displaySettings}
                </h2>
                <div id="fr-display" class="fr-display">
                  <fieldset class="fr-fieldset" id="display-fieldset">
                    <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id="display-fieldset-legend">
                      {m.displayLegend}
                    </legend>
                    {choices.map((choice) => (
                      <div class="fr-fieldset__element">
                        <div class="fr-radio-group fr-radio-rich">
                          <input value={choice.value} type="radio" id={`fr-radios-theme-${choice.value}`} name="fr-radios-theme" />
                          <label class="fr-label" for={`fr-radios-theme-${choice.value}`}>
                            {choice.label}
                            {choice.hint ? <span class="fr-hint-text">{choice.hint}</span> : null}
                          </label>
                          <div class="fr-radio-rich__pictogram">
                            <svg aria-hidden="true" class="fr-artwork" viewBox="0 0 80 80" width="80px" height="80px">
                              <use class="fr-artwork-decorative" href={`${base}${choice.artwork}#artwork-decorative`}></use>
                              <use class="fr-artwork-minor" href={`${base}${choice.artwork}#artwork-minor`}></use>
                              <use class="fr-artwork-major" href={`${base}${choice.artwork}#artwork-major`}></use>
                            </svg>
                          </div>
                        </div>
                      </div>
                    ))}
                  </fieldset>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
    </dialog>
  );
}

/** A page in the State design system: same props, same content, the DSFR's frame around it. */
export function DsfrLayout(props: LayoutProps & { theme: { name: 'dsfr'; version: string } }) {
  const { site } = props;
  const m = messagesFor(site.lang);
  const base = dsfrBase(site.basePath, props.theme.version);
  const title = props.title === site.title ? site.title : `${props.title} — ${site.title}`;
  const hasNav = Boolean(props.sidebarHtml || (props.nav && props.nav.length > 0));
  const mainColumns = props.aside ? (hasNav ? 'fr-col-md-6' : 'fr-col-md-9') : hasNav ? 'fr-col-md-9' : 'fr-col-md-12';
  return (
    <html lang={props.contentLang ?? site.lang} data-fr-scheme="system">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
        <meta name="format-detection" content="telephone=no" />
        <title>{title}</title>
        {props.description ? <meta name="description" content={props.description} /> : null}
        <meta name="generator" content="Feuillet" />
        <link rel="stylesheet" href={base + DSFR_FILES.css} />
        <link rel="stylesheet" href={base + DSFR_FILES.icons} />
        <link rel="stylesheet" href={assetUrl(site, 'feuillet-dsfr.css')} />
        <link rel="apple-touch-icon" href={base + DSFR_FILES.appleTouchIcon} />
        <link rel="icon" href={base + DSFR_FILES.favicon} type="image/svg+xml" />
        <link rel="shortcut icon" href={base + DSFR_FILES.faviconIco} type="image/x-icon" />
        <link rel="alternate" type="application/atom+xml" title={site.title} href={`${site.basePath}/-/changes.atom`} />
        <script src={assetUrl(site, 'feuillet.js')} defer></script>
        <script src={assetUrl(site, 'sortable-table.js')} defer></script>
      </head>
      <body data-live-reload={site.liveReload ? `${site.basePath}/-/events` : undefined}>
        <SkipLinks m={m} hasNav={hasNav} />
        <Header site={site} m={m} />
        {site.notice ? (
          <div class="fr-notice fr-notice--info" lang={site.lang}>
            <div class="fr-container">
              <div class="fr-notice__body">
                <p class="fr-notice__title" role="note">
                  {site.notice}
                </p>
              </div>
            </div>
          </div>
        ) : null}
        <div class="fr-container fr-mb-6w">
          {props.crumbs.length > 0 ? <Breadcrumb site={site} m={m} crumbs={props.crumbs} title={props.title} /> : <div class="fr-mt-4w"></div>}
          <div class="fr-grid-row fr-grid-row--gutters">
            {hasNav ? (
              <div class="fr-col-12 fr-col-md-3 feuillet-nav-column">
                <SideMenu site={site} m={m} nav={props.nav ?? []} sidebarHtml={props.sidebarHtml} />
              </div>
            ) : null}
            <main id="contenu" role="main" tabindex={-1} class={`fr-col-12 ${mainColumns}`}>
              <h1>{props.title}</h1>
              {props.children}
              {props.footerHtml ? <div class="wiki-footer">{raw(props.footerHtml)}</div> : null}
              {props.pageFooter ? (
                <div class="page-meta fr-text--sm" lang={site.lang}>
                  {props.pageFooter}
                </div>
              ) : null}
            </main>
            {props.aside ? <div class="fr-col-12 fr-col-md-3 feuillet-aside">{props.aside}</div> : null}
          </div>
        </div>
        <Footer site={site} m={m} />
        <DisplaySettings site={site} m={m} base={base} />
        <script type="module" src={base + DSFR_FILES.module}></script>
        <script nomodule src={base + DSFR_FILES.nomodule}></script>
      </body>
    </html>
  );
}
