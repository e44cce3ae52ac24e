import { DEPLOYMENT_SETTINGS, envNames, WIKI_SETTINGS, type DeploymentKey, type SettingSpec } from './schema.js';

/** One setting as the README and the manual present it. */
export interface SettingDescription {
  /** `wiki`: `.feuillet.yml` at the wiki root; `deployment`: the `--config` file, environment, flags. */
  scope: 'wiki' | 'deployment';
  /** Dotted, snake_case (kebab-case is accepted too). */
  key: string;
  default: { fr: string; en: string };
  fr: string;
  en: string;
  /** A value as written in YAML. */
  example: string;
  /** Environment variables that set it (deployment only). */
  env: readonly string[];
  /** The command-line flag, with its dashes, if any. */
  flag?: string;
  secret: boolean;
}

const MiB = 2 ** 20;

function defaultText(spec: SettingSpec): { fr: string; en: string } {
  const value = spec.default;
  if (value === undefined) return spec.defaultNote ?? { fr: 'aucun', en: 'none' };
  const written = Array.isArray(value)
    ? (value.length === 0 ? '[]' : value.join(' '))
    : spec.kind === 'bytes' && typeof value === 'number' && value % MiB === 0 ? `${value / MiB}MiB` : String(value);
  return { fr: written, en: written };
}

/** Every setting Feuillet reads, wiki settings first, from the same tables that validate them. */
export function describeConfig(): SettingDescription[] {
  const describe = (scope: SettingDescription['scope'], key: string, spec: SettingSpec, env: readonly string[]): SettingDescription => ({
    scope,
    key,
    default: defaultText(spec),
    fr: spec.fr,
    en: spec.en,
    example: spec.example,
    env,
    ...(spec.flag ? { flag: `--${spec.flag}` } : {}),
    secret: spec.secret === true,
  });
  return [
    ...Object.entries(WIKI_SETTINGS).map(([key, spec]) => describe('wiki', key, spec, [])),
    ...(Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[]).map((key) => describe('deployment', key, DEPLOYMENT_SETTINGS[key], envNames(key))),
  ];
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The settings as two Markdown tables (wiki, then deployment), for the README and the manual. */
export function configReference(language: 'fr' | 'en'): string {
  const fr = language === 'fr';
  const rows = describeConfig();
  const table = (scope: SettingDescription['scope']) => {
    const deployment = scope === 'deployment';
    const head = fr
      ? `| Clé | Défaut | Rôle |${deployment ? ' Environnement, option |' : ''}`
      : `| Key | Default | Meaning |${deployment ? ' Environment, flag |' : ''}`;
    const lines = rows.filter((row) => row.scope === scope).map((row) => {
      const where = [...row.env, ...(row.flag ? [row.flag] : [])].map((name) => `\`${name}\``).join(', ');
      return `| \`${row.key}\` | ${cell(row.default[language])} | ${cell(fr ? row.fr : row.en)} |${deployment ? ` ${where} |` : ''}`;
    });
    return [head, `|---|---|---|${deployment ? '---|' : ''}`, ...lines].join('\n');
  };
  const sources = fr
    ? 'Réglages de déploiement : valeurs par défaut, puis le fichier `--config FICHIER` (ou `FEUILLET_CONFIG`), puis les variables `FEUILLET_*` (la clé en capitales, `.` et `-` devenant `_` ; une variable vide compte pour absente), puis les options de la commande. Un chemin relatif se lit depuis le dossier du fichier qui le donne. Une clé inconnue ou une valeur invalide arrête Feuillet avec le fichier et la ligne.'
    : 'Deployment settings: defaults, then the `--config FILE` file (or `FEUILLET_CONFIG`), then `FEUILLET_*` variables (the key in capitals, `.` and `-` as `_`; an empty variable counts as unset), then command-line flags. A relative path is read from the folder of the file that gives it. An unknown key or an invalid value stops Feuillet with the file and line.';
  return `${table('wiki')}\n\n${sources}\n\n${table('deployment')}\n`;
}

/**
 * A `--config` file with every deployment setting and its default in a comment, each line commented out
 * with an example value unless a value is given for it, grouped in sections as Feuillet reads them.
 */
export function sampleConfigFile(values: Partial<Record<DeploymentKey, string>> = {}): string {
  const lines = ['# Feuillet — réglages de déploiement / deployment settings'];
  let openSections: string[] = [];
  for (const key of Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[]) {
    const spec: SettingSpec = DEPLOYMENT_SETTINGS[key];
    const parts = key.split('.');
    const sections = parts.slice(0, -1);
    const shared = sections.findIndex((section, i) => openSections[i] !== section);
    const keep = shared === -1 ? sections.length : shared;
    sections.slice(keep).forEach((section, i) => lines.push(`${'  '.repeat(keep + i)}${section}:`));
    openSections = sections;
    const indent = '  '.repeat(sections.length);
    const value = values[key];
    const byDefault = defaultText(spec);
    lines.push(`${indent}# ${spec.fr} / ${spec.en} (défaut : ${byDefault.fr} / default: ${byDefault.en})`);
    lines.push(value === undefined ? `${indent}# ${parts.at(-1)}: ${spec.example}` : `${indent}${parts.at(-1)}: ${value}`);
  }
  return `${lines.join('\n')}\n`;
}
