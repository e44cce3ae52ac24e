import { DEPLOYMENT_SETTINGS, type DeploymentKey, type SettingSpec } from './schema.js';
import type { ConfigProblem } from './problems.js';
import { parseValue, refusedValueProblem, type RawValue } from './values.js';

/** A deployment setting as one source gave it: a line of the file, an environment variable or a flag. */
export interface GivenSetting {
  key: DeploymentKey;
  raw: RawValue;
  /** The settings file, the environment variable or the flag. */
  file: string;
  /** The line of the key, in a file. */
  line?: number;
  /** Where relative paths are read from. */
  baseDir: string;
}

/** Reads a given setting by its kind; a refused value is a problem that never repeats a secret. */
export function readGiven(given: GivenSetting): { ok: true; value: unknown } | { ok: false; problem: ConfigProblem } {
  const spec: SettingSpec = DEPLOYMENT_SETTINGS[given.key];
  const parsed = parseValue(spec.kind, given.raw, { baseDir: given.baseDir });
  if (parsed.ok) return parsed;
  return { ok: false, problem: refusedValueProblem(given.file, given.line, given.key, parsed, spec.secret ? undefined : given.raw) };
}
