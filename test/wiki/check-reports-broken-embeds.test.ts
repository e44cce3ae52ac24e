/**
 * `feuillet check` and `/-/health` report embed directives that show a note instead of content: a wrong
 * directive (unknown option, bad limit) and a calendar, folder or table that is not there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { makeRepo } from '../helpers/repo.js';
import { startServer } from '../helpers/server.js';
import { cliArgs } from '../cli/serve-process.js';

const CALENDAR = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\nBEGIN:VEVENT\r\nUID:1@test\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240105T100000Z\r\nSUMMARY:Réunion\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

const FILES = {
  'index.md': [
    '---',
    'title: Accueil',
    '---',
    '# Agenda',
    '',
    '{{agenda absent/}}', // line 6
    '',
    '{{agenda absent.ics}}', // line 8
    '',
    '{{tableau donnees/budget.csv foo=1}}', // line 10
    '',
    '{{agenda evenements/ limite=1000}}', // line 12
    '',
    '{{agenda evenements/}}',
    '',
    '{{tableau donnees/budget.csv légende="Budget"}}',
    '',
    '{{tableau donnees/absent.csv}}', // line 18
    '',
    '```',
    '{{agenda pas-dans-le-code/}}',
    '```',
    '',
  ].join('\n'),
  'evenements/rdv.ics': CALENDAR,
  'donnees/budget.csv': 'poste;montant\nlocaux;12\n',
};

function check(dir: string, lang: string) {
  const result = spawnSync(process.execPath, cliArgs(['check', dir]), { encoding: 'utf8', env: { ...process.env, LANG: lang }, timeout: 60_000 });
  return { code: result.status, lines: result.stdout.trim().split('\n').filter(Boolean), stderr: result.stderr };
}

test('feuillet check lists every embed directive that shows a note instead of its content', () => {
  const repo = makeRepo(FILES);
  try {
    const fr = check(repo.dir, 'fr_FR.UTF-8');
    assert.equal(fr.code, 0, fr.stderr);
    assert.deepEqual(
      fr.lines.map((line) => line.split(': ')[0]),
      ['index.md:6', 'index.md:8', 'index.md:10', 'index.md:12', 'index.md:18'],
      fr.lines.join('\n'),
    );
    assert.match(fr.lines[0]!, /introuvable.*\{\{agenda absent\/\}\}/);
    assert.match(fr.lines[2]!, /directive d’intégration incorrecte : \{\{tableau donnees\/budget\.csv foo=1\}\} \(option inconnue « foo »\)/);
    assert.match(fr.stderr, /5 problèmes/);
    assert.doesNotMatch(fr.stderr, /Aucun problème/);
    const en = check(repo.dir, 'en_GB.UTF-8');
    assert.match(en.lines[2]!, /incorrect embed directive: .*unknown option "foo"/);
    assert.match(en.lines[1]!, /content to embed not found or unreadable: \{\{agenda absent\.ics\}\}/);
    const strict = spawnSync(process.execPath, cliArgs(['check', repo.dir, '--strict']), { encoding: 'utf8', timeout: 60_000 });
    assert.equal(strict.status, 1);
  } finally {
    repo.cleanup();
  }
});

test('/-/health lists the same broken embeds', async () => {
  const repo = makeRepo(FILES);
  const server = await startServer({ repo: repo.dir });
  try {
    const { response, document } = await server.page('/-/health');
    assert.equal(response.status, 200);
    const items = [...document.querySelectorAll('.health-problems li')].map((li) => li.textContent ?? '');
    assert.equal(items.filter((text) => /intégration|intégrer/.test(text)).length, 5, items.join('\n'));
    assert.ok(items.some((text) => text.includes('index.md:10') && text.includes('{{tableau donnees/budget.csv foo=1}}')));
  } finally {
    await server.close();
    repo.cleanup();
  }
});
