import { loadDeploymentConfig, type DeploymentConfig, type DeploymentFlags } from '../config/deployment.js';
import type { CliValues } from './commands.js';

const FLAGS = ['host', 'port', 'public-url', 'data', 'smtp-port', 'lmtp-port', 'ref', 'root'] as const;

/** The deployment settings of this run: defaults, `--config` file, `FEUILLET_*` variables, then flags. */
export function deploymentOf(values: CliValues, env: NodeJS.ProcessEnv = process.env): DeploymentConfig {
  const flags: DeploymentFlags = {};
  for (const flag of FLAGS) {
    const value = values[flag];
    if (value !== undefined) flags[flag] = value;
  }
  return loadDeploymentConfig(values.config === undefined ? { env, flags } : { file: values.config, env, flags });
}
