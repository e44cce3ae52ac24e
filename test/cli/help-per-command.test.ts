/**
 * Each command has its own help, generated from the table the parser reads: every option a command
 * accepts is in its help, in French and in English, and an option it does not take is refused with it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { COMMANDS, helpText, OPTIONS, parseCommandLine, type CommandName } from '../../src/cli/commands.js';
import { UsageError } from '../../src/cli/errors.js';
import { cliArgs } from './serve-process.js';

const commands = Object.keys(COMMANDS).filter((name) => name !== 'help') as CommandName[];

function accepts(command: CommandName, option: string): boolean {
  const spec = OPTIONS[option as keyof typeof OPTIONS];
  try {
    parseCommandLine([command, `--${option}`, ...(spec.type === 'string' ? ['valeur'] : [])], 'fr');
    return true;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

test('every option the parser accepts for a command is described in that command’s help, in both languages', () => {
  for (const command of commands) {
    const taken = Object.keys(OPTIONS).filter((option) => option !== 'version' && accepts(command, option));
    assert.ok(taken.includes('help') && taken.includes('debug'), command);
    for (const lang of ['fr', 'en'] as const) {
      const help = helpText(lang, command);
      for (const option of taken) assert.match(help, new RegExp(`--${option}\\b.*\\S`), `${command} --${option} (${lang})`);
      // And nothing the parser refuses.
      const described = [...help.matchAll(/--([a-z-]+)/g)].map((m) => m[1]);
      for (const option of described) assert.ok(taken.includes(option!), `${command} help names --${option}, which it refuses`);
    }
  }
  assert.equal(accepts('serve', 'config'), true);
  assert.equal(accepts('check', 'port'), false, 'check serves nothing');
});

function feuillet(args: string[], lang = 'fr_FR.UTF-8') {
  const result = spawnSync(process.execPath, cliArgs(args), { encoding: 'utf8', env: { ...process.env, LANG: lang, LC_ALL: '' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('feuillet serve --help and feuillet help serve print serve’s own help with every deployment flag', () => {
  const viaFlag = feuillet(['serve', '--help']);
  assert.equal(viaFlag.code, 0, viaFlag.stderr);
  assert.equal(feuillet(['help', 'serve']).stdout, viaFlag.stdout);
  for (const flag of ['--config', '--data', '--public-url', '--smtp-port', '--lmtp-port', '--root', '--ref', '--port', '--host', '--worktree']) {
    assert.ok(viaFlag.stdout.includes(flag), flag);
  }
  assert.match(viaFlag.stdout, /^Usage : feuillet serve/m);
  assert.doesNotMatch(viaFlag.stdout, /--patches|--out\b/, 'other commands’ options stay in their help');
  const english = feuillet(['serve', '-h'], 'en_GB.UTF-8');
  assert.match(english.stdout, /^Usage: feuillet serve \[REPO\]/m);
  assert.match(english.stdout, /--smtp-port N +Port of the SMTP server/);

  const general = feuillet(['--help']);
  for (const command of commands) assert.match(general.stdout, new RegExp(`^  feuillet ${command}\\b`, 'm'), command);

  const refused = feuillet(['check', '--port', '8080']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--port/);
  assert.match(refused.stderr, /Usage : feuillet check/);
  assert.equal(feuillet(['help', 'inconnue']).code, 2);
});
