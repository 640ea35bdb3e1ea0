// Live configuration reload: SIGHUP or, with --watch-config, a change of the file. The file is read and
// validated completely (schema and start-up checks) before anything is applied; a file with problems is
// refused with every problem logged and the running configuration stays. What can be applied live, and
// what needs a restart, is decided in src/config/reload-plan.ts.
import { unwatchFile, watchFile } from 'node:fs';
import { applyCliOverrides } from './apply.js';
import type { CliOptions } from './args.js';
import { ConfigError, loadConfigFile } from '../config/load.js';
import type { AppLogger } from '../log/logger.js';
import type { Supervisor } from '../supervisor.js';

/** How often --watch-config looks at the file's modification time. */
export const WATCH_INTERVAL_MS = 1_000;

export function configReloader(args: CliOptions, supervisor: Supervisor, logger: AppLogger, stopping: () => boolean): (why: string) => Promise<void> {
  let busy: Promise<void> = Promise.resolve();
  const once = async (why: string): Promise<void> => {
    if (stopping()) return;
    logger.info({ why, configFile: args.configFile }, 'Reloading the configuration.');
    let config;
    try {
      const loaded = loadConfigFile(args.configFile, process.env, { skipVerification: args.skipConfigVerification });
      config = applyCliOverrides(loaded.config, args);
      for (const warning of loaded.warnings) logger.warn(`Config: ${warning}`);
    } catch (err) {
      const problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
      logger.error({ problems }, `Config reload refused: the file has ${problems.length} problem(s); the running configuration stays.`);
      return;
    }
    try {
      await supervisor.reload(config);
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'Config reload failed; the running configuration stays.');
    }
  };
  // One reload at a time, in order.
  return (why) => (busy = busy.then(() => once(why)));
}

/** Calls onChange when the file's modification time or size changes (polling: editors replace files). */
export function watchConfigFile(path: string, onChange: () => void): () => void {
  watchFile(path, { interval: WATCH_INTERVAL_MS, persistent: false }, (cur, prev) => {
    if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) onChange();
  });
  return () => unwatchFile(path);
}
