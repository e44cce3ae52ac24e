import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatProblem } from '../../src/config/problems.js';
import { defaultWikiSettings, parseWikiSettings } from '../../src/config/wiki-settings.js';

const FILE = '.feuillet.yml';
const read = (text: string, name = 'logiciels-libres') => parseWikiSettings(text, FILE, { name });
const lines = (problems: { line?: number }[]) => problems.map((problem) => problem.line);

test('a wiki without settings file is named after its folder, with a list address and prefix that work', () => {
  assert.deepEqual(defaultWikiSettings({ name: 'logiciels-libres' }), {
    name: 'logiciels-libres',
    title: 'logiciels-libres',
    language: 'fr',
    licence: undefined,
    theme: 'default',
    publicUrl: undefined,
    oldUrls: [],
    listAddress: 'logiciels-libres@lists.localhost',
    subjectPrefix: 'logiciels-libres',
    accessibility: 'non',
    format: 'auto',
    legal: { contact: 'logiciels-libres@lists.localhost', personalDataContact: 'logiciels-libres@lists.localhost', pages: {} },
  });
  assert.deepEqual(read('').problems, []);
  assert.deepEqual(read('# only a comment\n').problems, []);
});

test('every key of the model wiki’s settings is read', () => {
  const { settings, problems } = read([
    'name: logiciels-libres',
    'title: Wiki de la mission logiciels libres de la DINUM',
    'language: fr',
    'licence:',
    '  name: Licence Ouverte 2.0',
    '  url: https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
    'theme: dsfr',
    'public_url: https://code.gouv.fr/wiki/',
    'old_urls:',
    '  - https://man.sr.ht/~codegouvfr/logiciels-libres/',
    '  - /~codegouvfr/logiciels-libres/',
    'list_address: logiciels-libres@lists.sr.ht',
    'subject_prefix: logiciels-libres',
    'accessibility: partiellement conforme',
    'format: sourcehut',
    'publisher: Direction interministérielle du numérique',
    'publisher_address: 20 avenue de Ségur, 75007 Paris',
    'publication_director: Camille Dupont',
    'hosting_provider: Hébergeur SAS, 1 rue du Serveur, 59100 Roubaix',
    'contact: contact@example.org',
    'personal_data_contact: dpd@example.org',
  ].join('\n'));
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    name: 'logiciels-libres',
    title: 'Wiki de la mission logiciels libres de la DINUM',
    language: 'fr',
    licence: { name: 'Licence Ouverte 2.0', url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/' },
    theme: 'dsfr',
    publicUrl: 'https://code.gouv.fr/wiki/',
    oldUrls: ['https://man.sr.ht/~codegouvfr/logiciels-libres/', '/~codegouvfr/logiciels-libres/'],
    listAddress: 'logiciels-libres@lists.sr.ht',
    subjectPrefix: 'logiciels-libres',
    accessibility: 'partiellement',
    format: 'sourcehut',
    legal: {
      publisher: 'Direction interministérielle du numérique',
      publisherAddress: '20 avenue de Ségur, 75007 Paris',
      publicationDirector: 'Camille Dupont',
      hostingProvider: 'Hébergeur SAS, 1 rue du Serveur, 59100 Roubaix',
      contact: 'contact@example.org',
      personalDataContact: 'dpd@example.org',
      pages: {},
    },
  });
});

test('kebab-case keys are read like snake_case ones', () => {
  const { settings, problems } = read('public-url: https://wiki.example.org/\nlist-address: liste@example.org\nsubject-prefix: wiki\nold-urls: /~moi/wiki/\n');
  assert.deepEqual(problems, []);
  assert.equal(settings.publicUrl, 'https://wiki.example.org/');
  assert.equal(settings.listAddress, 'liste@example.org');
  assert.equal(settings.subjectPrefix, 'wiki');
  assert.deepEqual(settings.oldUrls, ['/~moi/wiki/'], 'a single old address may be written without a list');
});

test('the same key in both spellings is reported, the first one kept', () => {
  const { settings, problems } = read('public_url: https://a.example.org/\npublic-url: https://b.example.org/\n');
  assert.equal(settings.publicUrl, 'https://a.example.org/');
  assert.deepEqual(lines(problems), [2]);
});

test('a name given in the file is the default of title, list address and subject prefix', () => {
  const { settings } = read('name: Références publiques\n', 'folder');
  assert.equal(settings.title, 'Références publiques');
  assert.equal(settings.subjectPrefix, 'Références publiques');
  assert.equal(settings.listAddress, 'References-publiques@lists.localhost', 'accents folded and spaces dashed in the address');
  assert.equal(defaultWikiSettings({ name: '' }).name, 'wiki');
  assert.equal(defaultWikiSettings({ name: 'é è' }).listAddress, 'e-e@lists.localhost');
  assert.equal(defaultWikiSettings({ name: '日本' }).listAddress, 'wiki@lists.localhost');
});

test('a licence may be a plain name; numbers as text are accepted', () => {
  assert.deepEqual(read('licence: CC-BY-SA 4.0\n').settings.licence, { name: 'CC-BY-SA 4.0' });
  assert.equal(read('title: 2024\n').settings.title, '2024');
});

test('choices are read without regard to case; accessibility with or without "conforme"', () => {
  assert.equal(read('accessibility: Totalement Conforme\n').settings.accessibility, 'totalement');
  assert.equal(read('accessibility: non\n').settings.accessibility, 'non');
  assert.equal(read('language: EN\n').settings.language, 'en');
  assert.equal(read('format: Gollum\n').settings.format, 'gollum');
});

test('each bad value is a problem on its line, that setting keeps its default, the others apply', () => {
  const { settings, problems } = read([
    'title: Mon wiki',
    'language: de',
    'theme: [dsfr]',
    'public_url: javascript:alert(1)',
    'list_address: pas une adresse',
    'accessibility: conforme à moitié',
    'format: mediawiki',
    'contact: ../../etc/passwd',
    'name: true',
    'licence:',
    '  name: LO',
    '  url: ftp://example.org/lo',
  ].join('\n'));
  assert.deepEqual(lines(problems), [2, 3, 4, 5, 6, 7, 8, 9, 12]);
  assert.equal(settings.title, 'Mon wiki');
  assert.equal(settings.language, 'fr');
  assert.equal(settings.theme, 'default');
  assert.equal(settings.publicUrl, undefined);
  assert.equal(settings.listAddress, 'logiciels-libres@lists.localhost');
  assert.equal(settings.accessibility, 'non');
  assert.equal(settings.format, 'auto');
  assert.equal(settings.legal.contact, 'logiciels-libres@lists.localhost', 'a bad contact falls back to the list address');
  assert.equal(settings.name, 'logiciels-libres');
  assert.equal(settings.licence, undefined);
  for (const problem of problems) assert.match(problem.message, /^\S.* \/ \S/, 'French / English');
  assert.match(formatProblem(problems[0]!), /^\.feuillet\.yml:2: language doit valoir fr, en \(reçu : "de"\) \/ language must be one of fr, en \(got "de"\)$/);
});

test('a bad old address is dropped and the good ones kept', () => {
  const { settings, problems } = read('old_urls:\n  - https://man.sr.ht/~a/wiki/\n  - //evil.example.org/\n  - 42\n  - /~a/wiki/\n  - https://user:pw@example.org/\n');
  assert.deepEqual(settings.oldUrls, ['https://man.sr.ht/~a/wiki/', '/~a/wiki/']);
  assert.deepEqual(lines(problems), [3, 4, 6]);
});

test('public addresses must be plain http(s) addresses', () => {
  for (const bad of ['ftp://example.org/', 'https://user:secret@example.org/', 'https://example.org/?q=1', 'https://example.org/#top', '/relative/', 'file:///etc/passwd']) {
    const { settings, problems } = read(`public_url: "${bad}"\n`);
    assert.equal(settings.publicUrl, undefined, bad);
    assert.equal(problems.length, 1, bad);
  }
  assert.equal(read('public_url: http://localhost:8080/wiki\n').settings.publicUrl, 'http://localhost:8080/wiki');
});

test('the contact for personal data defaults to the contact, which defaults to the list address', () => {
  assert.deepEqual(read('contact: ecrire@example.org\n').settings.legal, { contact: 'ecrire@example.org', personalDataContact: 'ecrire@example.org', pages: {} });
  assert.deepEqual(read('list_address: liste@example.org\n').settings.legal, { contact: 'liste@example.org', personalDataContact: 'liste@example.org', pages: {} });
  // `home` was never used: it is an unknown key now, reported, the rest still read.
  const { settings, problems } = read('home: Accueil.md\ntitle: T\n');
  assert.equal(settings.title, 'T');
  assert.deepEqual(lines(problems), [1]);
});

test('a licence mapping with an unknown key names that key’s line', () => {
  const { settings, problems } = read('title: T\nlicence:\n  nom: LO\n');
  assert.equal(settings.licence, undefined);
  assert.deepEqual(lines(problems), [3]);
  assert.match(problems[0]!.message, /nom/);
  assert.deepEqual(lines(read('licence:\n  url: https://example.org/\n').problems), [1], 'a licence without a name');
});

test('an unknown key is reported with its line and the likely key', () => {
  const { settings, problems } = read('title: T\n\nlanguge: en\nfoo: bar\n');
  assert.equal(settings.language, 'fr');
  assert.deepEqual(lines(problems), [3, 4]);
  assert.match(problems[0]!.message, /vouliez-vous dire language \?.*did you mean language\?/);
  assert.doesNotMatch(problems[1]!.message, /did you mean/);
});

test('an empty value keeps the default', () => {
  const { settings, problems } = read('title:\nlanguage:\n');
  assert.deepEqual(problems, []);
  assert.equal(settings.title, 'logiciels-libres');
});
