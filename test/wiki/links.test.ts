import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveLink, type LinkContext } from '../../src/wiki/links.js';
import type { WikiPath } from '../../src/wiki/path.js';
import { buildRevision } from '../../src/wiki/revision.js';

const revision = buildRevision('c0ffee', [
  'index.md',
  'archives/pocos/index.md',
  'archives/pocos/ouverture.md',
  'archives/pocos/MAINTAINERS',
  'archives/sill/fiches/lemonldap::ng.md',
  'a/notes.md',
  'b/notes.md',
  'docs/x.pdf',
  'ministérielles.md'.normalize('NFD'),
].map((path, i) => ({ path, id: String(i).padStart(40, '0'), size: 1 })));

const anchors: Record<string, string[]> = { 'archives/pocos/ouverture.md': ['autorisation-par-défaut', 'autorisation-par-dfaut'] };

function ctx(page: string, extra: Partial<LinkContext> = {}): LinkContext {
  return {
    revision,
    page: page as WikiPath,
    anchorsOf: async (p) => new Set(anchors[p] ?? []),
    basePath: '',
    oldUrls: ['https://man.sr.ht/~codegouvfr/logiciels-libres/'],
    root: '',
    ...extra,
  };
}

test('file links become canonical URLs, relative to the page', async () => {
  const from = ctx('archives/pocos/index.md');
  const cases: [string, string][] = [
    ['ouverture', '/archives/pocos/ouverture'],
    ['./MAINTAINERS', '/archives/pocos/MAINTAINERS'],
    ['../../docs/x.pdf', '/docs/x.pdf'],
    ['../../index.md', '/'],
    ['../sill/fiches/lemonldap::ng.md', '/archives/sill/fiches/lemonldap%3A%3Ang'],
    ['../../minist%C3%A9rielles.md', '/minist%C3%A9rielles'],
    ['ouverture.md#autorisation-par-défaut', '/archives/pocos/ouverture#autorisation-par-d%C3%A9faut'],
  ];
  for (const [written, href] of cases) {
    const r = await resolveLink(written, from);
    assert.equal(r.kind, 'internal', written);
    assert.equal(r.href, href, written);
  }
});

test('external links, mail links and in-page anchors are left alone', async () => {
  for (const href of ['https://code.gouv.fr', 'mailto:a@b.fr', '//cdn.example/x']) assert.equal((await resolveLink(href, ctx('index.md'))).kind, 'external');
});

test('links written relative to the wiki root, man.sr.ht paths and the old public URL are taken to their target and noted', async () => {
  const rootRelative = await resolveLink('archives/pocos/ouverture.md', ctx('archives/pocos/index.md'));
  assert.equal(rootRelative.kind === 'internal' && rootRelative.note?.kind, 'root-relative');
  assert.equal(rootRelative.href, '/archives/pocos/ouverture');
  const sourcehut = await resolveLink('/~codegouvfr/logiciels-libres/pocos/ouverture.md#autorisation-par-dfaut', ctx('archives/pocos/index.md'));
  assert.equal(sourcehut.kind, 'internal');
  assert.equal(sourcehut.href, '/archives/pocos/ouverture#autorisation-par-dfaut');
  const old = await resolveLink('https://man.sr.ht/~codegouvfr/logiciels-libres/archives/pocos/ouverture.md', ctx('index.md'));
  assert.equal(old.kind === 'internal' && old.note?.kind, 'old-url');
  const moved = await resolveLink('pocos/MAINTAINERS', ctx('archives/pocos/index.md'));
  assert.equal(moved.kind === 'internal' && moved.note?.kind, 'moved');
});

test('an ambiguous guess is not taken: the link stays broken', async () => {
  const r = await resolveLink('notes.md', ctx('index.md'));
  assert.equal(r.kind, 'broken');
});

test('missing pages, missing anchors and links out of the wiki are broken with their reason', async () => {
  const missing = await resolveLink('absente.md', ctx('index.md'));
  assert.equal(missing.kind === 'broken' && missing.reason, 'missing');
  const anchor = await resolveLink('archives/pocos/ouverture.md#nulle-part', ctx('index.md'));
  assert.equal(anchor.kind === 'broken' && anchor.reason, 'anchor');
  const self = await resolveLink('#nulle-part', ctx('index.md'));
  assert.equal(self.kind === 'broken' && self.reason, 'anchor');
  const out = await resolveLink('../../LICENSE.md', ctx('index.md'));
  assert.equal(out.kind === 'broken' && out.reason, 'leaves-root');
});

test('in a sub-folder wiki, links climbing out resolve to repository files', async () => {
  const r = await resolveLink('../../LICENSE.md', ctx('index.md', { root: 'site/wiki', repositoryHas: (p) => p === 'LICENSE.md' }));
  assert.equal(r.kind, 'internal');
  assert.equal(r.href, '/-/repo/LICENSE.md');
  const escape = await resolveLink('../../../../etc/passwd', ctx('index.md', { root: 'site/wiki', repositoryHas: () => true }));
  assert.equal(escape.kind, 'broken');
});

test('hostile hrefs never throw', async () => {
  for (const href of ['%', '%E0%A4%A', '\u0000', '../'.repeat(1000), '#'.repeat(10_000), 'a'.repeat(100_000), '/~x/', 'javascript:alert(1)']) {
    await resolveLink(href, ctx('index.md'));
  }
});
