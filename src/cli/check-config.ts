// `--check-config`: load and validate the configuration exactly as a start would, print the outcome, and
// return the process exit code (0 valid, 1 problems). Nothing is started.

import { ConfigError, loadConfigFile } from '../config/load.js';
import type { CliOptions } from './args.js';

export interface CheckConfigIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): CheckConfigIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});

export function runCheckConfig(opts: Pick<CliOptions, 'configFile' | 'skipConfigVerification'>, io: CheckConfigIo = defaultIo()): number {
  try {
    const loaded = loadConfigFile(opts.configFile, io.env, { skipVerification: opts.skipConfigVerification });
    for (const warning of loaded.warnings) io.err(`warning: ${warning}`);
    for (const override of loaded.overrides) io.out(`override: ${override}`);
    io.out(`Config OK: ${opts.configFile}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const warning of err.warnings) io.err(`warning: ${warning}`);
    for (const problem of err.problems) io.err(problem);
    io.err(`Config has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}: ${opts.configFile}`);
    return 1;
  }
}
