/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { Layout, renderDocument } from '../../src/views/layout.js';
import type { Lang } from '../../src/views/messages.js';
import type { Crumb, NavEntry, SiteView, ThemeView } from '../../src/views/model.js';
import { DSFR_FILES, dsfrMissingLog, findDsfr, readDsfrFile, themeView } from '../../src/views/themes/dsfr-package.js';

const temp = mkdtempSync(join(tmpdir(), 'feuillet-themes-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** A fake `@gouvfr/dsfr` installed under `folder/node_modules`, with `files` in its dist/ (relative paths). */
function fakePackage(folder: string, packageJson: string, files: Record<string, string>): string {
  const root = join(temp, folder);
  const pkg = join(root, 'node_modules/@gouvfr/dsfr');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{"name":"operator-project"}');
  writeFileSync(join(pkg, 'package.json'), packageJson);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(pkg, 'dist', path)), { recursive: true });
    writeFileSync(join(pkg, 'dist', path), content);
  }
  return root;
}

const ENTRY_FILES = Object.fromEntries(Object.values(DSFR_FILES).map((path) => [path, `/* ${path} */`]));

function site(theme: ThemeView | undefined, lang: Lang = 'fr'): SiteView {
  const view: SiteView = {
    title: 'Wiki du groupe',
    lang,
    accessibility: 'partiellement',
    basePath: '/wiki',
    assetsVersion: 'abc123',
    licence: { name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
  };
  if (theme) view.theme = theme;
  return view;
}

const crumbs: Crumb[] = [
  { label: 'Wiki du groupe', href: '/wiki/' },
  { label: 'guide', href: '/wiki/guide/' },
];
const nav: NavEntry[] = [
  { label: 'Exemples', href: '/wiki/guide/exemples/', kind: 'folder', current: false },
  { label: 'Écrire', href: '/wiki/guide/ecrire', kind: 'page', current: false },
  { label: 'Installer', href: '/wiki/guide/installer', kind: 'page', current: true },
];

function render(view: SiteView): Document {
  const html = renderDocument(
    <Layout site={view} title="Installer" crumbs={crumbs} nav={nav} aside={<aside class="toc">Sommaire</aside>}>
      <p>Le texte de la page.</p>
    </Layout>,
  );
  return parseHTML(html).document as unknown as Document;
}

const texts = (document: Document, selector: string) => [...document.querySelectorAll(selector)].map((e) => e.textContent?.replace(/\s+/g, ' ').trim());

describe('choosing a theme', () => {
  test('the default theme needs nothing; dsfr uses the installed package, or falls back to the default and says so', () => {
    assert.deepEqual(themeView('default', undefined), { name: 'default' });
    assert.deepEqual(themeView('dsfr', { version: '1.15.3', dist: '/x', files: new Set() }), { name: 'dsfr', version: '1.15.3' });
    assert.deepEqual(themeView('dsfr', undefined), { name: 'default', dsfrMissing: true });
  });

  test('the operator is told, in French and English, that the package is reserved to State sites and how to install it', () => {
    const log = dsfrMissingLog();
    assert.match(log, /réservé aux sites de l’État/);
    assert.match(log, /reserved to French State websites/);
    assert.match(log, /accept-license: 1\.0\.1/);
    assert.match(log, /DSFR_ACCEPT_LICENSE=1/);
    assert.match(log, /npm install @gouvfr\/dsfr/);
  });
});

describe('finding the DSFR package the operator installed', () => {
  test('no package: nothing found', () => {
    const empty = join(temp, 'empty');
    mkdirSync(empty, { recursive: true });
    assert.equal(findDsfr([empty]), undefined);
  });

  test('only the files pages ask for and the files their stylesheets use are served', () => {
    const root = fakePackage('good', '{"name":"@gouvfr/dsfr","version":"9.8.7"}', {
      ...ENTRY_FILES,
      'dsfr.min.css': [
        '.a{mask-image:url(icons/system/close.svg)}',
        "@font-face{src:url('fonts/Marianne.woff2') format('woff2'),url(\"fonts/Marianne.woff\")}",
        '.b{background:url(data:image/svg+xml;charset=utf8,<svg></svg>)}',
        '.c{background:url(https://tracker.example/x.png)}',
        '.d{background:url(/etc/passwd)}',
        '.e{background:url(../../../../package.json)}',
        '.f{background:url(icons/absent.svg)}',
        '.g{background:url(icons/system/close.svg?v=2#x)}',
      ].join(''),
      'utility/icons/icons.min.css': '.fr-icon-a:before{mask-image:url(../../icons/arrows/a.svg)}',
      'icons/system/close.svg': '<svg/>',
      'icons/arrows/a.svg': '<svg/>',
      'icons/arrows/unused.svg': '<svg/>',
      'fonts/Marianne.woff2': 'font',
      'fonts/Marianne.woff': 'font',
    });
    const pkg = findDsfr([root]);
    assert.ok(pkg);
    assert.equal(pkg.version, '9.8.7');
    assert.deepEqual(
      [...pkg.files].filter((f) => !Object.values(DSFR_FILES).includes(f as never)).sort(),
      ['fonts/Marianne.woff', 'fonts/Marianne.woff2', 'icons/arrows/a.svg', 'icons/system/close.svg'],
    );
    assert.equal(readDsfrFile(pkg, 'icons/system/close.svg')?.toString(), '<svg/>');
    for (const refused of ['icons/arrows/unused.svg', '../package.json', 'icons/../../package.json', '/etc/passwd', '', 'dsfr.min.css/..']) {
      assert.equal(readDsfrFile(pkg, refused), undefined, refused);
    }
  });

  test('a damaged package is not used: missing files, a version that is not one, unreadable package.json', () => {
    const { [DSFR_FILES.module]: _module, ...withoutScript } = ENTRY_FILES;
    assert.equal(findDsfr([fakePackage('no-script', '{"version":"1.0.0"}', withoutScript)]), undefined);
    assert.equal(findDsfr([fakePackage('bad-version', '{"version":"../../etc"}', ENTRY_FILES)]), undefined);
    assert.equal(findDsfr([fakePackage('no-version', '{"name":"@gouvfr/dsfr"}', ENTRY_FILES)]), undefined);
    assert.equal(findDsfr([fakePackage('garbage', '\u0000{not json', ENTRY_FILES)]), undefined);
    assert.equal(findDsfr([fakePackage('huge-version', JSON.stringify({ version: 1.5 }), ENTRY_FILES)]), undefined);
  });

  test('the first folder that has it wins', () => {
    const first = fakePackage('first', '{"version":"1.0.0"}', ENTRY_FILES);
    const second = fakePackage('second', '{"version":"2.0.0"}', ENTRY_FILES);
    assert.equal(findDsfr([join(temp, 'empty'), first, second])?.version, '1.0.0');
  });
});

describe('the default theme', () => {
  test('a light/dark switch, hidden until the script shows it, and the side navigation as a disclosure', () => {
    const document = render(site(undefined));
    const control = document.querySelector('fieldset.theme-switch');
    assert.ok(control?.hasAttribute('hidden'), 'works as progressive enhancement: hidden without script');
    assert.equal(control?.querySelector('legend')?.textContent, 'Thème');
    assert.deepEqual(
      [...(control?.querySelectorAll('input[type=radio][name=theme]') ?? [])].map((r) => [r.getAttribute('value'), document.querySelector(`label[for="${r.id}"]`)?.textContent]),
      [
        ['system', 'Système'],
        ['light', 'Clair'],
        ['dark', 'Sombre'],
      ],
    );
    const disclosure = document.querySelector('nav#navigation details.fold-narrow');
    assert.ok(disclosure?.hasAttribute('open'), 'open without script');
    assert.equal(disclosure?.querySelector('summary')?.textContent, 'Menu');
    // Not deferred, so that the stored choice applies before the first paint.
    const script = document.querySelector('head script[src*="feuillet.js"]');
    assert.ok(script && !script.hasAttribute('defer') && !script.hasAttribute('async'));
    assert.equal(document.querySelector('.site-notice'), null);
  });

  test('when the dsfr theme is asked for but missing, maintainers read why and how to install it, in the reader’s language', () => {
    const fr = render(site({ name: 'default', dsfrMissing: true }));
    assert.match(texts(fr, '.site-notice').join(' '), /responsables du wiki.*@gouvfr\/dsfr n’est pas installé.*npm install @gouvfr\/dsfr/);
    assert.ok(fr.querySelector('link[href*="feuillet.css"]'), 'the page uses the default theme');
    const en = render(site({ name: 'default', dsfrMissing: true }, 'en'));
    assert.match(texts(en, '.site-notice').join(' '), /maintainers.*not installed.*npm install @gouvfr\/dsfr/);
  });
});

describe('the dsfr theme', () => {
  const document = render(site({ name: 'dsfr', version: '1.15.3' }));
  const base = '/wiki/-/assets/dsfr/1.15.3/';

  test('loads the package’s stylesheets and scripts from Feuillet, never from a CDN', () => {
    assert.equal(document.documentElement.getAttribute('data-fr-scheme'), 'system');
    const sheets = [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href'));
    assert.deepEqual(sheets, [`${base}dsfr.min.css`, `${base}utility/icons/icons.min.css`, '/wiki/-/assets/feuillet-dsfr.css?v=abc123']);
    assert.equal(document.querySelector('script[type=module]')?.getAttribute('src'), `${base}dsfr.module.min.js`);
    assert.equal(document.querySelector('script[nomodule]')?.getAttribute('src'), `${base}dsfr.nomodule.min.js`);
    for (const element of document.querySelectorAll('[src], [href]')) {
      const url = element.getAttribute('src') ?? element.getAttribute('href') ?? '';
      if (element.closest('footer') || element.tagName === 'A') continue;
      assert.doesNotMatch(url, /^(https?:)?\/\//, `${element.tagName} loads ${url} from elsewhere`);
    }
  });

  test('skip links, then the header with the State’s brand block, the service name, search and display settings', () => {
    assert.deepEqual(
      [...document.querySelectorAll('.fr-skiplinks a')].map((a) => a.getAttribute('href')),
      ['#contenu', '#navigation', '#search-q', '#pied-de-page'],
    );
    assert.ok(document.body.firstElementChild?.classList.contains('fr-skiplinks'), 'skip links come first');
    const header = document.querySelector('header.fr-header');
    assert.equal(header?.querySelector('.fr-logo')?.textContent?.replace(/\s+/g, ' ').trim(), 'République Française');
    assert.equal(header?.querySelector('.fr-header__service-title')?.textContent, 'Wiki du groupe');
    assert.equal(header?.querySelector('form[role=search]')?.getAttribute('action'), '/wiki/-/search');
    assert.ok(header?.querySelector('label[for="search-q"]'));
    assert.equal(header?.querySelector('.fr-btn--display')?.getAttribute('aria-controls'), 'fr-theme-modal');
  });

  test('breadcrumb, side menu with the current page, and the content', () => {
    assert.deepEqual(texts(document, '.fr-breadcrumb__list li'), ['Wiki du groupe', 'guide', 'Installer']);
    assert.equal(document.querySelector('.fr-breadcrumb__list [aria-current=page]')?.textContent, 'Installer');
    assert.equal(document.querySelector('nav#navigation.fr-sidemenu .fr-sidemenu__item--active a')?.getAttribute('aria-current'), 'page');
    const main = document.querySelector('main#contenu');
    assert.equal(main?.querySelector('h1')?.textContent, 'Installer');
    assert.equal(document.querySelectorAll('h1').length, 1);
    assert.ok(document.querySelector('.feuillet-aside .toc'));
  });

  test('the display settings dialog offers light, dark and system', () => {
    const dialog = document.querySelector('dialog#fr-theme-modal');
    assert.deepEqual([...(dialog?.querySelectorAll('input[name=fr-radios-theme]') ?? [])].map((i) => i.getAttribute('value')), ['light', 'dark', 'system']);
    assert.equal(dialog?.getAttribute('aria-labelledby'), 'fr-theme-modal-title');
    assert.ok(dialog?.querySelector(`use[href^="${base}artwork/pictograms/"]`));
  });

  test('the footer: brand block, the four State links, accessibility status, legal links and the licence line', () => {
    const footer = document.querySelector('footer.fr-footer');
    assert.equal(footer?.id, 'pied-de-page');
    assert.ok(footer?.querySelector('.fr-footer__brand .fr-logo'));
    assert.deepEqual(
      [...(footer?.querySelectorAll('.fr-footer__content-link') ?? [])].map((a) => a.getAttribute('href')),
      ['https://info.gouv.fr', 'https://service-public.gouv.fr', 'https://legifrance.gouv.fr', 'https://data.gouv.fr'],
    );
    assert.deepEqual(
      [...(footer?.querySelectorAll('.fr-footer__bottom-link') ?? [])].map((a) => [a.textContent?.replace(/\s+/g, ' ').trim(), a.getAttribute('href')]),
      [
        ['Accessibilité : partiellement conforme', '/wiki/-/accessibilite'],
        ['Mentions légales', '/wiki/-/mentions-legales'],
        ['Données personnelles', '/wiki/-/donnees-personnelles'],
      ],
    );
    assert.match(footer?.querySelector('.fr-footer__bottom-copy')?.textContent ?? '', /Sauf mention contraire.*Licence Ouverte 2\.0/s);
  });

  test('in English, the interface speaks English but the State’s brand block stays French', () => {
    const en = render(site({ name: 'dsfr', version: '1.15.3' }, 'en'));
    assert.equal(en.querySelector('.fr-btn--display')?.textContent?.trim(), 'Display settings');
    assert.match(texts(en, '.fr-footer__bottom-link')[0] ?? '', /^Accessibility : partially compliant$/);
    assert.equal(en.querySelector('header .fr-logo')?.getAttribute('lang'), 'fr');
  });
});

test('in both themes the side navigation marks folders apart from pages, to the eye and to screen readers', () => {
  for (const [theme, hidden] of [[undefined, 'visually-hidden'], [{ name: 'dsfr', version: '1.15.3' } as const, 'fr-sr-only']] as const) {
    const document = render(site(theme));
    const links = [...document.querySelectorAll('#navigation a')];
    const folder = links.find((a) => a.getAttribute('href') === '/wiki/guide/exemples/');
    assert.equal(folder?.querySelector('.nav-mark[aria-hidden="true"]')?.textContent, '/', `${theme?.name ?? 'default'}: a visible mark, not read aloud`);
    assert.equal(folder?.querySelector(`.${hidden}`)?.textContent, ' (dossier)', `${theme?.name ?? 'default'}: the word for screen readers`);
    const page = links.find((a) => a.getAttribute('href') === '/wiki/guide/ecrire');
    assert.equal(page?.querySelector('.nav-mark'), null, 'pages have no mark');
  }
});
