/**
 * The review on the web, over real HTTP: the list filters by state, author and prefix; a change's page
 * shows its cover letter, coloured diffs with a diffstat, each affected page as it would render with
 * the links it would break, the thread and the history; readers get no forms, the author may only
 * withdraw or ask for a revision, a maintainer applies from the page, a contributor replies on the list
 * from the page; the archive shows threads, messages and raw mail.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { test } from 'node:test';
import { listChanges } from '../../src/review/changes.js';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';
import { PREFIX, reviewWorld, run, serveWorld } from './desk-fixture.js';

const PAGES = {
  'index.md': '---\ntitle: Accueil\n---\n\nVoir [le guide](guide.md) et [les notes](notes.md).\n',
  'guide.md': '# Guide\n\nPremière version.\n',
  'notes.md': '# Notes\n',
};

const texts = (document: Document, selector: string) => [...document.querySelectorAll(selector)].map((element) => element.textContent?.trim() ?? '');

test('the list, a change page with diffs and previews, the forms by role, and applying from the page', async () => {
  const world = await reviewWorld(PAGES);
  const server = await serveWorld(world);
  try {
    const c = world.contributor;
    c.commit('Réécrit le guide\n\nAvec un lien.', { 'guide.md': '# Guide\n\n## Installer\n\nVoir [la page absente](absente.md).\n' });
    c.commit('Supprime les notes', {}, ['notes.md']);
    const mails = c.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', 'HEAD~2']);
    mails[0] = Buffer.from(mails[0]!.toString('utf8').replace('*** SUBJECT HERE ***', 'Guide et notes').replace('*** BLURB HERE ***', 'Deux changements pour relecture.'));
    await world.ingest(mails);
    const number = (await listChanges(world.db)).changes[0]!.number;

    const list = await server.page('/-/review/');
    assert.equal(list.response.status, 200);
    assert.deepEqual(texts(list.document, 'tbody tr td:nth-child(2) a'), ['Guide et notes']);
    assert.deepEqual(texts(list.document, 'tbody .review-state'), ['proposée']);
    assert.equal((await server.page('/-/review/?state=applied')).document.querySelectorAll('tbody tr').length, 0);
    assert.equal((await server.page('/-/review/?author=elodie')).document.querySelectorAll('tbody tr').length, 1);
    assert.equal((await server.page('/-/review/?prefix=autre-wiki')).document.querySelectorAll('tbody tr').length, 0);

    const { response, document } = await server.page(`/-/review/${number}`);
    assert.equal(response.status, 200);
    assert.match(document.querySelector('h1')?.textContent ?? '', /Guide et notes/);
    assert.match(document.querySelector('#cover-heading + pre')?.textContent ?? '', /Deux changements pour relecture/);
    assert.deepEqual(texts(document, '#patch-1 .review-diff ins'), ['+## Installer', '+', '+Voir [la page absente](absente.md).']);
    assert.deepEqual(texts(document, '#patch-1 .review-diff del'), ['-Première version.']);
    assert.ok(texts(document, '.review-diffstat th a').includes('notes.md'));
    // The preview: the guide as it would render, its new broken link flagged, the link in index.md that
    // the deletion of notes.md breaks.
    const previews = [...document.querySelectorAll('.review-preview')];
    const guide = previews.find((preview) => /guide\.md/.test(preview.querySelector('h3')?.textContent ?? ''));
    assert.ok(guide, 'no preview of guide.md');
    assert.ok(
      [...guide.querySelectorAll('.review-preview-page h1, .review-preview-page h2, .review-preview-page h3')].some((heading) => /Installer/.test(heading.textContent ?? '')),
      'the preview does not show the new heading',
    );
    assert.match(guide.querySelector('.warning-box')?.textContent ?? '', /absente\.md/);
    assert.ok(previews.some((preview) => /Page supprimée/.test(preview.querySelector('h3')?.textContent ?? '')));
    assert.match(document.querySelector('#preview-heading')?.parentElement?.textContent ?? '', /index\.md:\d+: notes\.md/);
    assert.match(document.querySelector('section[aria-labelledby="apply-heading"] code')?.textContent ?? '', /git am -3 --keep-cr/);
    // A reader sees no form.
    assert.equal(document.querySelectorAll('form[method="post"]').length, 0);

    const mbox = await server.get(`/-/review/${number}/mbox`);
    assert.equal(mbox.headers.get('content-type'), 'application/mbox');
    assert.match(await mbox.text(), /^From mboxrd@z/);

    // The author may withdraw or ask for a revision only.
    const author = await server.signIn('elodie@example.org', 'contributor', 'Élodie');
    const authorPage = await server.page(`/-/review/${number}`, author.cookie);
    assert.deepEqual([...authorPage.document.querySelectorAll('select[name="state"] option')].map((option) => option.getAttribute('value')), ['needs-revision', 'rejected']);
    assert.equal(authorPage.document.querySelector(`form[action="/-/review/${number}/apply"]`), null);
    const forbidden = await server.post(`/-/review/${number}/apply`, { _csrf: author.csrf }, author.cookie);
    assert.equal(forbidden.status, 403);
    const refusedState = await server.post(`/-/review/${number}/state`, { _csrf: author.csrf, state: 'approved' }, author.cookie);
    assert.equal(refusedState.status, 403);

    // A maintainer approves, then applies from the page.
    const maintainer = await server.signIn('maia@example.org', 'maintainer', 'Maïa Mainteneuse');
    const approved = await server.post(`/-/review/${number}/state`, { _csrf: maintainer.csrf, state: 'approved' }, maintainer.cookie);
    assert.equal(approved.status, 303);
    const before = run(world.repo, ['rev-parse', 'main']).trim();
    const applied = await server.post(`/-/review/${number}/apply`, { _csrf: maintainer.csrf, patches: '' }, maintainer.cookie);
    assert.equal(applied.status, 303);
    assert.equal(applied.headers.get('location'), `/-/review/${number}?done=applied`);
    assert.equal(run(world.repo, ['rev-parse', 'main~2']).trim(), before);
    assert.equal(run(world.repo, ['log', '-1', '--format=%an|%cn <%ce>', 'main']).trim(), 'Élodie Dupré|Maïa Mainteneuse <maia@example.org>');
    const after = await server.page(`/-/review/${number}?done=applied`, maintainer.cookie);
    assert.deepEqual(texts(after.document, 'dl .review-state'), ['appliquée']);
    assert.match(after.document.querySelector('[role="status"]')?.textContent ?? '', /C’est fait/);
    assert.equal(texts(after.document, '#patch-1 code').some((text) => /^[0-9a-f]{40}$/.test(text)), true);
    // An applied change still previews, on the commit it was applied on.
    assert.ok(after.document.querySelector('.review-preview .review-preview-page'), 'no preview once applied');
    // The live wiki shows the new version at once.
    assert.match(await (await server.get('/guide')).text(), /Installer/);
  } finally {
    await server.close();
    await world.cleanup();
  }
});

test('the archive lists threads, shows each message and its raw form, and a thread as mbox', async () => {
  const world = await reviewWorld(PAGES);
  const server = await serveWorld(world);
  try {
    world.contributor.commit('Complète le guide', { 'guide.md': '# Guide\n\nDeuxième version.\n' });
    const [patch] = world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']);
    await world.ingest([patch!]);
    const patchId = /^Message-ID: <([^>]+)>/im.exec(patch!.toString('utf8'))?.[1] ?? '';
    const reply = Buffer.from(
      `From: Bob <bob@example.org>\nTo: logiciels-libres@lists.localhost\nSubject: Re: [PATCH ${PREFIX}] Complète le guide\nMessage-ID: <re/ponse+1@example.org>\nIn-Reply-To: <${patchId}>\nReferences: <${patchId}>\nDate: Tue, 3 Jun 2025 10:00:00 +0200\nContent-Type: text/html; charset=UTF-8\n\n<p>Très <b>bien</b>, merci.</p>\n`,
    );
    await world.ingest([reply]);

    const archive = await server.page('/-/archive/');
    assert.equal(archive.response.status, 200);
    assert.deepEqual(texts(archive.document, 'tbody td:nth-child(3)'), ['2']);
    const threadLink = archive.document.querySelector('tbody a')?.getAttribute('href') ?? '';
    const thread = await server.page(threadLink);
    assert.equal(thread.response.status, 200);
    assert.equal(thread.document.querySelectorAll('.review-mail').length, 2);
    assert.match(thread.document.body.textContent ?? '', /Très bien, merci/);
    assert.match(thread.document.body.textContent ?? '', /HTML seulement/);

    const encoded = encodeURIComponent('re/ponse+1@example.org');
    const message = await server.page(`/-/archive/m/${encoded}`);
    assert.equal(message.response.status, 200);
    assert.match(message.document.querySelector('a[href$="/raw"]')?.getAttribute('href') ?? '', /re%2Fponse%2B1%40example\.org\/raw$/);
    const raw = await server.get(`/-/archive/m/${encoded}/raw`);
    assert.equal(raw.status, 200);
    assert.match(await raw.text(), /^From: Bob <bob@example.org>/);
    const mbox = await server.get(`${threadLink}/mbox`);
    assert.equal((await mbox.text()).match(/^From mboxrd@z/gm)?.length, 2);
    assert.equal((await server.get('/-/archive/m/absent%40example.org')).status, 404);
    assert.equal((await server.get('/-/archive/m/%E0%A4%A')).status, 404);
  } finally {
    await server.close();
    await world.cleanup();
  }
});

test('a comment written on the change page goes to the thread by mail and shows in the discussion', async () => {
  const world = await reviewWorld(PAGES);
  const server = await serveWorld(world);
  try {
    world.contributor.commit('Complète le guide', { 'guide.md': '# Guide\n\nDeuxième version.\n' });
    await world.ingest(world.contributor.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '--thread=shallow', '-1']));
    const change = (await listChanges(world.db)).changes[0]!;
    const reader = await server.page(`/-/review/${change.number}`);
    assert.equal(reader.document.querySelector('textarea[name="text"]'), null);
    const bob = await server.signIn('bob@example.org', 'contributor', 'Bob Martin');
    const form = await server.page(`/-/review/${change.number}`, bob.cookie);
    assert.ok(form.document.querySelector(`form[action="/-/review/${change.number}/comment"] textarea[name="text"]`));
    const refused = await server.post(`/-/review/${change.number}/comment`, { _csrf: bob.csrf, text: '   ' }, bob.cookie);
    assert.equal(refused.status, 400);
    const sent = await server.post(`/-/review/${change.number}/comment`, { _csrf: bob.csrf, text: 'Merci, une coquille ligne 3.\r\n\r\n> Deuxième version.' }, bob.cookie);
    assert.equal(sent.status, 303);
    const after = await server.page(`/-/review/${change.number}`);
    const discussion = after.document.querySelector('section[aria-labelledby="discussion-heading"]');
    assert.match(discussion?.textContent ?? '', /Merci, une coquille ligne 3\./);
    assert.match(discussion?.textContent ?? '', /Bob Martin/);
    assert.equal(discussion?.querySelector('.review-quote')?.textContent, '> Deuxième version.');
    const outbox = readdirSync(join(world.opened.dataDir, 'outbox')).filter((name) => name.endsWith('.eml'));
    const mail = await simpleParser(readFileSync(join(world.opened.dataDir, 'outbox', outbox[0]!)));
    assert.equal(mail.replyTo?.text, 'bob@example.org');
    assert.equal(mail.inReplyTo, `<${change.seriesId}>`);
    assert.equal(mail.cc && !Array.isArray(mail.cc) ? mail.cc.text : '', 'logiciels-libres@lists.localhost');
    assert.equal(mail.subject, `Re: [PATCH ${PREFIX}] Complète le guide`);
  } finally {
    await server.close();
    await world.cleanup();
  }
});

test('a server made without feuillet serve opens the review with the wiki’s own settings', async () => {
  const repo = makeRepo({ 'index.md': '# Accueil\n', '.feuillet.yml': 'list_address: liste@example.org\n' });
  const withAccounts = await startServer({ repo: repo.dir }, {});
  const withoutDatabase = await startServer({ repo: repo.dir });
  try {
    const list = await withAccounts.page('/-/review/');
    assert.equal(list.response.status, 200);
    assert.ok(list.document.querySelector('a[href="mailto:liste@example.org"]'));
    assert.equal((await withAccounts.get('/-/archive/')).status, 200);
    assert.equal((await withoutDatabase.get('/-/review/')).status, 404);
  } finally {
    await withAccounts.close();
    await withoutDatabase.close();
    repo.cleanup();
  }
});
