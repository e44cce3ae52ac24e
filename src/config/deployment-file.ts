import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { GivenSetting } from './given-setting.js';
import { normaliseKey, repeatedKeyProblem, unknownKeyProblem } from './keys.js';
import { ConfigError, configProblem, type ConfigProblem } from './problems.js';
import { DEPLOYMENT_SETTINGS, type DeploymentKey } from './schema.js';
import { MAX_SETTINGS_CHARS, readYamlMapping, type YamlMapping } from './yaml-tree.js';

const KEYS = Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[];
// `mail`, `mail.relay`…: the mappings that hold keys.
const SECTIONS = new Set(KEYS.flatMap((key) => key.split('.').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('.'))));

function isKey(path: string): path is DeploymentKey {
  return Object.hasOwn(DEPLOYMENT_SETTINGS, path);
}

/**
 * The settings of a `--config` file. A file that cannot be read at all (missing, not UTF-8, broken YAML)
 * throws a ConfigError at once; otherwise every unknown or repeated key is a problem with its line.
 */
export function settingsFromFile(file: string, cwd: string): { given: GivenSetting[]; problems: ConfigProblem[] } {
  const { mapping, problems } = readYamlMapping(readSettingsText(file, cwd), file);
  if (problems.length > 0) throw new ConfigError([problems[0] as ConfigProblem, ...problems.slice(1)]);
  const given: GivenSetting[] = [];
  const baseDir = dirname(resolve(cwd, file));
  const seen = new Set<string>();
  const walk = (section: YamlMapping, prefix: string) => {
    for (const entry of section.entries) {
      const path = prefix + normaliseKey(entry.key);
      if (seen.has(path)) {
        problems.push(repeatedKeyProblem(file, entry.line, path));
        continue;
      }
      seen.add(path);
      if (isKey(path)) {
        // An empty value (`port:`) leaves the default, as if the line were not there.
        if (!(entry.value.kind === 'scalar' && entry.value.value === null)) given.push({ key: path, raw: entry.value, file, line: entry.line, baseDir });
      } else if (SECTIONS.has(path)) {
        if (entry.value.kind === 'mapping') walk(entry.value, `${path}.`);
        else if (!(entry.value.kind === 'scalar' && entry.value.value === null)) {
          problems.push(configProblem(file, entry.line, `${path} doit contenir des réglages « clé: valeur »`, `${path} must hold "key: value" settings`));
        }
      } else {
        problems.push(unknownKeyProblem(file, entry.line, prefix + entry.key, [...KEYS, ...SECTIONS]));
      }
    }
  };
  walk(mapping, '');
  return { given, problems };
}

function readSettingsText(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  const fail = (fr: string, en: string): never => {
    throw new ConfigError([configProblem(file, undefined, fr, en)]);
  };
  let size = 0;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) fail('n’est pas un fichier', 'is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    fail('fichier de configuration introuvable ou illisible', 'configuration file not found or unreadable');
  }
  // Bytes are at least as many as characters, so this refuses early what the YAML reader would refuse.
  if (size > MAX_SETTINGS_CHARS * 4) fail('fichier trop grand', 'file too large');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    return fail('fichier illisible ou pas en UTF-8', 'file unreadable or not UTF-8');
  }
}
