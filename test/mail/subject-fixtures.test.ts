// The subject cases of fixtures/subjects.txt: each subject parsed, the fields the case lists compared.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSubject, type MailSubject, type SubjectPart } from '../../src/mail/subject.js';
import { readFixtures } from '../helpers/fixtures.js';

function partText(part: SubjectPart): string {
  if (part.kind === 'single') return 'single';
  return part.kind === 'cover-letter' ? `cover ${part.total}` : `${part.index}/${part.total}`;
}

/** What a case can list about a subject, written as in the fixture file. */
function fields(subject: MailSubject): Map<string, string> {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  const common: [string, string][] = [
    ['kind', subject.kind],
    ['reply', yes(subject.reply)],
    ['title', subject.title],
  ];
  if (subject.kind !== 'patch') return new Map(common);
  return new Map([
    ...common,
    ['rfc', yes(subject.rfc)],
    ['resend', yes(subject.resend)],
    ['prefixes', subject.prefixes.join(' ')],
    ['tags', subject.tags.join(' ')],
    ['version', String(subject.version)],
    ['part', partText(subject.part)],
  ]);
}

for (const fixture of readFixtures(new URL('./fixtures/subjects.txt', import.meta.url))) {
  test(`subject: ${fixture.title} (subjects.txt:${fixture.line})`, () => {
    const found = fields(parseSubject(fixture.input));
    for (const line of fixture.expected.split('\n')) {
      const colon = line.indexOf(':');
      const key = line.slice(0, colon);
      assert.equal(found.get(key), line.slice(colon + 1).trim(), `${key} of ${JSON.stringify(fixture.input)}`);
    }
  });
}
