import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { SHARED, sharedSkip, startServer, type TestServer } from '../helpers/server.js';

const MODEL = new URL('example/index.md', SHARED);
const CORPUS = new URL('corpus/logiciels-libres/', SHARED);
const skip = sharedSkip('example and ../shared/corpus', existsSync(MODEL) && existsSync(CORPUS));

let repo: ReturnType<typeof makeRepo> | undefined;
let server: TestServer | undefined;

// The model page sits two folders down in its repository, so that `../../LICENSE.md` is a repository file.
before(async () => {
  if (skip) return;
  const corpusFile = (path: string) => readFileSync(new URL(path, CORPUS));
  const files: Record<string, Buffer | string> = {
    'LICENSE.md': corpusFile('LICENSE.md'),
    'site/wiki/index.md': readFileSync(MODEL),
    'site/wiki/archives/pocos/index.md': corpusFile('archives/pocos/index.md'),
    'site/wiki/archives/engagements-feuilles-de-route-ministérielles-logiciels-libres.md': corpusFile('archives/engagements-feuilles-de-route-ministérielles-logiciels-libres.md'),
  };
  for (const pdf of ['Convention_Adullact-Dinum-2022.pdf', 'Convention_CentraleSupelec-Dinum-2021.pdf', 'Convention_OW2_Dinum_2022.pdf', 'DINUM-NLNET-convention-subvention-23112022.pdf', 'Convention_DINUM_Adullact_2023.pdf']) {
    files[`site/wiki/docs/${pdf}`] = corpusFile(`docs/${pdf}`);
  }
  repo = makeRepo(files, 'logiciels-libres');
  server = await startServer({ repo: repo.dir, root: 'site/wiki' });
});

after(async () => {
  await server?.close();
  repo?.cleanup();
});

test('the model page has its title as the one h1', { skip }, async () => {
  const { response, document } = await server!.page('/');
  assert.equal(response.status, 200);
  const h1 = [...document.querySelectorAll('h1')];
  assert.equal(h1.length, 1);
  assert.equal(h1[0]?.textContent, 'Wiki de la mission logiciels libres de la DINUM');
});

test('the TOC lists the six top sections and the sub-sections', { skip }, async () => {
  const { document } = await server!.page('/');
  const top = [...document.querySelectorAll('.toc nav > ol > li')];
  assert.deepEqual(
    top.map((li) => li.querySelector('a')?.textContent),
    ['Présentation', 'Conventions de la DINUM portés par la mission logiciels libres', "Liens vers des sites d'organismes publics engagés", 'Archives', 'Contribuer', 'Licence'],
  );
  const sub = [...(top[2]?.querySelector('ol')?.querySelectorAll('a') ?? [])].map((a) => a.textContent);
  assert.deepEqual(sub, ["Sites web d'organismes publics engagés", 'Politiques logiciels libres']);
  for (const a of document.querySelectorAll('.toc a')) {
    const id = decodeURIComponent((a.getAttribute('href') ?? '').slice(1));
    assert.ok(document.getElementById(id), `TOC target #${id}`);
  }
});

test('every link of the model page resolves: pages, PDFs, archives and the licence outside the wiki', { skip }, async () => {
  const { document } = await server!.page('/');
  assert.equal(document.querySelectorAll('main a.broken-link').length, 0);
  const internal = [...document.querySelectorAll('main .page-body a[href^="/"]')].map((a) => a.getAttribute('href') ?? '');
  assert.ok(internal.length >= 8, internal.join(' '));
  for (const href of internal) {
    const response = await server!.get(href.split('#')[0] ?? href);
    assert.equal(response.status, 200, href);
    if (href.endsWith('.pdf')) assert.equal(response.headers.get('content-type'), 'application/pdf');
  }
  assert.ok(internal.some((h) => h === '/-/repo/LICENSE.md'), 'licence link goes to the repository file');
  assert.ok(internal.some((h) => h === '/archives/pocos/'));
  assert.ok(internal.some((h) => h.startsWith('/archives/engagements-feuilles-de-route-minist%C3%A9rielles')));
});
