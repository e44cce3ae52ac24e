import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDeploymentConfig } from '../../src/config/deployment.js';
import { defaultWikiSettings, parseWikiSettings } from '../../src/config/wiki-settings.js';
import { configError, tempFolder } from './temp-files.js';

const folder = tempFolder();
const DEFAULTS = defaultWikiSettings({ name: 'wiki' });

/** A wiki with this settings file still gets settings, and the problems say where. */
function wiki(text: string) {
  return parseWikiSettings(text, '.feuillet.yml', { name: 'wiki' });
}

/** The same text as a --config file must be refused; returns the error. */
function deployment(text: string | Buffer, name = 'hostile.yml') {
  const file = folder.write(name, text);
  return configError(() => loadDeploymentConfig({ file, env: {} }));
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'title: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
].join('\n');

test('invalid YAML: the wiki keeps its defaults, the deployment is refused, both with the line', () => {
  const text = 'title: Mon wiki\nlanguage: [en\ntheme: dsfr\n';
  const read = wiki(text);
  assert.deepEqual(read.settings, DEFAULTS, 'nothing of a broken file is used');
  assert.ok(read.problems.length > 0);
  assert.ok(read.problems.every((problem) => problem.file === '.feuillet.yml' && typeof problem.line === 'number' && problem.line >= 2));
  const error = deployment('server:\n  port: [80\n  host: x\n');
  assert.match(error.file, /hostile\.yml$/);
  assert.ok(error.line !== undefined && error.line >= 2);
  assert.match(error.message, /^\S+hostile\.yml:\d+: .+ \/ .+/);
});

test('a YAML bomb is refused without expanding it', () => {
  const read = wiki(BILLION_LAUGHS);
  assert.deepEqual(read.settings, DEFAULTS);
  assert.match(read.problems[0]!.message, /alias/);
  assert.match(deployment(BILLION_LAUGHS.replace('title:', 'server:')).message, /alias/);
});

test('a few aliases, as people use them, are fine', () => {
  const read = wiki('name: &n logiciels-libres\nsubject_prefix: *n\n');
  assert.deepEqual(read.problems, []);
  assert.equal(read.settings.subjectPrefix, 'logiciels-libres');
});

test('an alias that contains itself, or names no anchor, is refused', () => {
  assert.ok(wiki('old_urls: &a [*a]\n').problems.length > 0);
  assert.ok(wiki('title: *nowhere\n').problems.length > 0);
  deployment('server: &s\n  port: 80\n  again: *s\n');
});

test('a document that is not a mapping of keys is refused', () => {
  for (const text of ['- title: x\n', 'just a sentence\n', '42\n', '"quoted"\n', '~\n', '[a, b]\n']) {
    const read = wiki(text);
    assert.deepEqual(read.settings, DEFAULTS, text);
    assert.equal(read.problems.length, 1, text);
    assert.match(read.problems[0]!.message, /clé: valeur.*key: value/, text);
    assert.match(deployment(text).message, /key: value/, text);
  }
});

test('tabs used for indentation are refused at their line', () => {
  const read = wiki('licence:\n\tname: LO\n');
  assert.equal(read.problems[0]?.line, 2);
  assert.match(read.problems[0]!.message, /tab/);
  assert.equal(deployment('server:\n\tport: 80\n').line, 2);
  assert.equal(wiki('title:\tMon wiki\n').settings.title, 'Mon wiki', 'a tab after the colon is only spacing');
});

test('values of the wrong type are reported with their line', () => {
  const read = wiki('title: [a, b]\nlanguage: {fr: true}\nold_urls: {a: b}\naccessibility: 3\n');
  assert.deepEqual(read.problems.map((problem) => problem.line), [1, 2, 3, 4]);
  assert.deepEqual(read.settings, DEFAULTS);
  const error = deployment('server:\n  port: {n: 80}\n  host: [a]\nauth:\n  private: "true"\n  oidc: yes\n');
  assert.deepEqual(error.problems.map((problem) => problem.line), [6, 2, 3, 5], 'structure first (a section given a value), then values');
});

test('unknown keys, nested or not, are reported with their line', () => {
  const error = deployment('server:\n  port: 80\nmail:\n  relay:\n    hots: smtp.example.org\n    host: smtp.example.org\nserveur:\n  port: 1\n');
  assert.deepEqual(error.problems.map((problem) => [problem.line, problem.message.split(' / ')[1]]), [
    [5, 'unknown key "mail.relay.hots" (did you mean mail.relay.host?)'],
    [7, 'unknown key "serveur" (did you mean server?)'],
  ]);
  assert.deepEqual(wiki('\n\n# comment\ntheme: dsfr\ncolour: blue\n').problems.map((problem) => problem.line), [5]);
});

test('a UTF-8 BOM and CRLF line ends are read, and lines are still counted right', () => {
  const read = wiki('\uFEFFtitle: Wiki à accents\r\nlanguage: en\r\n\r\nlangue: fr\r\n');
  assert.equal(read.settings.title, 'Wiki à accents');
  assert.equal(read.settings.language, 'en');
  assert.deepEqual(read.problems.map((problem) => problem.line), [4]);
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('server:\r\n  port: 9000\r\n  prot: 1\r\n')]);
  assert.equal(deployment(bytes, 'bom.yml').line, 3);
  const fine = folder.write('bom-fine.yml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('server:\r\n  port: 9000\r\n')]));
  assert.equal(loadDeploymentConfig({ file: fine, env: {} }).server.port, 9000);
});

test('a huge file is refused without being parsed', () => {
  const huge = `title: x\n${'# padding\n'.repeat(30_000)}`;
  const read = wiki(huge);
  assert.deepEqual(read.settings, DEFAULTS);
  assert.match(read.problems[0]!.message, /too large/);
  assert.match(deployment(huge).message, /too large/);
  assert.match(deployment(Buffer.alloc(5 * 1024 * 1024, 0x20), 'five-mb.yml').message, /too large/);
});

test('deep nesting is refused before the YAML parser spends seconds on it', () => {
  assert.match(wiki(`title: ${'['.repeat(200_000)}`).problems[0]!.message, /nested/);
  assert.match(wiki(`title: ${'{a: '.repeat(50_000)}`).problems[0]!.message, /nested/);
  const blocks = Array.from({ length: 40 }, (_, depth) => `${' '.repeat(depth)}k${depth}:`).join('\n');
  assert.match(wiki(blocks).problems[0]!.message, /nested|unknown key/);
  assert.ok(deployment(`server:\n${Array.from({ length: 40 }, (_, depth) => `${'  '.repeat(depth + 1)}k${depth}:`).join('\n')}\n`));
});

test('a file that is not UTF-8, not a file, or missing is one clear error', () => {
  const latin1 = deployment(Buffer.from('server:\n  host: caf\xe9\n', 'latin1'), 'latin1.yml');
  assert.match(latin1.message, /UTF-8/);
  assert.equal(latin1.line, undefined);
  for (const file of [folder.dir, '/dev/null', `${folder.dir}/absent.yml`]) {
    const error = configError(() => loadDeploymentConfig({ file, env: {} }));
    assert.equal(error.file, file);
    assert.equal(error.message.split('\n').length, 1);
  }
});

test('several documents, repeated keys, complex keys and odd tags are reported', () => {
  assert.equal(wiki('title: a\n---\ntitle: b\n').problems[0]?.line, 2);
  assert.equal(wiki('title: a\ntitle: b\n').problems[0]?.line, 2);
  assert.match(wiki('? [a, b]\n: c\ntitle: T\n').problems[0]!.message, /plain word/);
  const tagged = wiki('title: !secret Mon wiki\n');
  assert.equal(tagged.settings.title, 'Mon wiki', 'a lenient reader keeps the text');
  assert.match(tagged.problems[0]!.message, /tag/);
  assert.match(deployment('server:\n  host: !!js/function "x"\n').message, /tag/);
});

test('YAML 1.1 dates and binary values are refused rather than misread', () => {
  const read = wiki('%YAML 1.1\n---\ntitle: 2024-01-31\nname: !!binary aGVsbG8=\n');
  assert.equal(read.settings.title, 'wiki');
  assert.equal(read.settings.name, 'wiki');
  assert.deepEqual(read.problems.map((problem) => problem.line), [3, 4]);
});

test('keys that could pollute prototypes are only unknown keys', () => {
  const read = wiki('__proto__:\n  polluted: true\nconstructor: x\ntoString: y\n');
  assert.deepEqual(read.problems.map((problem) => problem.line), [1, 3, 4]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(deployment('__proto__: {server: {port: 1}}\n').line, 1);
  assert.equal(loadDeploymentConfig({ env: { FEUILLET___PROTO__: '1', FEUILLET_CONSTRUCTOR: 'x' } }).server.port, 8080);
  for (const word of ['constructor', '__proto__', 'toString', '1constructor', 'hasOwnProperty']) {
    configError(() => loadDeploymentConfig({ env: { FEUILLET_AUTH_PRIVATE: word } }));
    configError(() => loadDeploymentConfig({ env: { FEUILLET_MAIL_MAX_BYTES: word } }));
  }
});

test('keys with control characters or of great length are quoted short, on one line', () => {
  const error = deployment(`"bad\\nkey\\u0007": 1\n"${'k'.repeat(900)}": 2\n`);
  assert.equal(error.message.split('\n').length, 2);
  assert.ok(error.message.length < 600);
});

test('text with control characters or line breaks is refused', () => {
  assert.equal(wiki('title: "a\\u0000b"\n').settings.title, 'wiki');
  assert.equal(wiki('title: |\n  two\n  lines\n').settings.title, 'wiki');
  assert.match(configError(() => loadDeploymentConfig({ env: { FEUILLET_HOST: 'a\nb' } })).message, /^FEUILLET_HOST: /);
});

test('a secret on a broken line is not repeated in the message', () => {
  const error = deployment('mail:\n  relay:\n    password: "hunter2\n    user: x\n');
  assert.doesNotMatch(error.message, /hunter2/);
});

test('an empty or comment-only config file means the defaults', () => {
  for (const [name, text] of [['empty.yml', ''], ['comments.yml', '# nothing yet\n'], ['sections.yml', 'server:\nmail:\n  relay:\n']] as const) {
    const file = folder.write(name, text);
    assert.equal(loadDeploymentConfig({ file, env: {} }).server.port, 8080, name);
  }
});
