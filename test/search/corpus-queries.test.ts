import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SiteSearch } from '../../src/search/site-search.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { openWiki } from '../../src/wiki/open.js';
import { git } from '../helpers/repo.js';
import { sharedSkip } from '../helpers/server.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/logiciels-libres/', import.meta.url));
const skip = sharedSkip('corpus/logiciels-libres', existsSync(corpus));

/** Queries a reader of the real wiki would type, with the page that must come first. */
const QUERIES: [query: string, first: string][] = [
  ['ministerielles', 'archives/pocos/instanciation.md'], // no accents typed, title matches
  ['ADULLACT', 'archives/sill/fiches/demarches-simplifiees.md'],
  ['adullact', 'archives/sill/fiches/demarches-simplifiees.md'], // case does not matter
  ['lemonldap', 'archives/sill/fiches/lemonldap::ng.md'],
  ['rudder', 'archives/sill/fiches/rudder.md'],
  ['vitam', 'archives/sill/fiches/vitam.md'],
  ['démarches simplifiées', 'archives/sill/fiches/demarches-simplifiees.md'],
  ['demarches simplifiees', 'archives/sill/fiches/demarches-simplifiees.md'],
  ['glossaire', 'glossary.fr.md'],
  ['glossary', 'glossary.en.md'],
  ['"politique de contribution"', 'archives/pocos/index.md'],
  ['BlueHats Semester of Code', 'archives/bsoc/bsoc-questionnaire-2022.md'],
  ['sourcehut', 'archives/why-sourcehut.md'],
  ['foire aux questions', 'archives/pocos/faq.md'],
  ['frequently asked', 'archives/pocos/faq.en.md'],
  ['bonnes pratiques', 'archives/pocos/pratique.md'],
  ['instanciation', 'archives/pocos/instanciation.md'],
  ['gouvernance', 'archives/pocos/gouvernance.md'],
  ['rapport annuel 2021', 'archives/rapports/2021/index.md'],
  ['algorithme public', 'glossary.fr.md'],
  ['fiches SILL', 'archives/sill/fiches/index.md'],
  ['open source contribution policy', 'archives/pocos/index.en.md'],
  ['feuilles de route', 'archives/engagements-feuilles-de-route-ministérielles-logiciels-libres.md'],
  ['bibliotheque', 'glossary.fr.md'],
  ['instanciat', 'archives/pocos/instanciation.md'], // a word being typed
];

test('the real wiki: each query puts the expected page first', { skip }, async (t) => {
  const parent = mkdtempSync(join(tmpdir(), 'feuillet-search-corpus-'));
  t.after(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'logiciels-libres');
  cpSync(corpus, dir, { recursive: true });
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['add', '--all']);
  git(dir, ['commit', '--quiet', '-m', 'Corpus']);
  const opened = await openWiki({ repo: dir });
  const search = new SiteSearch(opened.wiki, join(parent, 'search.sqlite'));
  t.after(() => {
    search.close();
    opened.source.close();
  });

  assert.ok(QUERIES.length >= 20);
  for (const [query, first] of QUERIES) {
    const { results } = await search.search({ query });
    assert.equal(results[0]?.path, first, `first result for ${JSON.stringify(query)}`);
  }

  // `logiciel` finds pages that only say `logiciels`, and the highlighted word is the one in the text.
  const plural = await search.search({ query: 'logiciel' });
  assert.ok(plural.results.length >= 20 && plural.hasMore);
  const marked = plural.results.flatMap((r) => [...r.title, ...r.snippet]).filter((p) => p.hit).map((p) => p.text.toLowerCase());
  assert.ok(marked.includes('logiciels'), 'the plural is highlighted');

  // The folder filter keeps pages of that folder and below.
  const inPocos = await search.search({ query: 'gouvernance', folder: 'archives/pocos' as WikiPath });
  assert.ok(inPocos.results.length > 0);
  assert.ok(inPocos.results.every((r) => r.path.startsWith('archives/pocos/')));
  const everywhere = await search.search({ query: 'gouvernance' });
  assert.ok(everywhere.results.some((r) => !r.path.startsWith('archives/pocos/')));

  // Each result carries its breadcrumb, from the home page down.
  const vitam = (await search.search({ query: 'vitam' })).results[0];
  assert.deepEqual(
    vitam?.crumbs.map((c) => c.href),
    ['/', '/archives/', '/archives/sill/', '/archives/sill/fiches/'],
  );
});
