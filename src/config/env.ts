import type { GivenSetting } from './given-setting.js';
import { configProblem, type ConfigProblem } from './problems.js';
import { DEPLOYMENT_SETTINGS, envNames, type DeploymentKey } from './schema.js';

/**
 * Deployment settings from `FEUILLET_*` environment variables. Every key has a variable by the general
 * rule (`FEUILLET_` + the key in capitals, `.` and `-` as `_`: `FEUILLET_MAIL_RELAY_HOST`), some also a
 * short name (`FEUILLET_PORT`). An empty variable counts as unset. Other `FEUILLET_*` variables are left
 * alone: tests and tools around Feuillet use that prefix too.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv, cwd: string): { given: GivenSetting[]; problems: ConfigProblem[] } {
  const given: GivenSetting[] = [];
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(DEPLOYMENT_SETTINGS) as DeploymentKey[]) {
    const set = envNames(key).filter((name) => env[name] !== undefined && env[name] !== '');
    const [first, ...others] = set;
    if (first === undefined) continue;
    const text = env[first] as string;
    const disagreeing = others.filter((name) => env[name] !== text);
    if (disagreeing.length > 0) {
      const names = [first, ...disagreeing].join(', ');
      problems.push(configProblem(names, undefined, `${names} donnent deux valeurs différentes à ${key}`, `${names} give ${key} two different values`));
      continue;
    }
    given.push({ key, raw: { kind: 'text', text }, file: first, baseDir: cwd });
  }
  return { given, problems };
}
