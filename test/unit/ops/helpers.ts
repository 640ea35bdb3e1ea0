// Shared by the ops unit tests: the Butler SOS template config with edits, and a logger that records lines.
import { loadConfigText } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/schema/index.js';
import { filledTemplate } from '../config/helpers.js';

export { captureLogger, type CapturedLine } from '../ingest/fixtures/capture-logger.js';

export function opsConfig(edit: (c: Config) => void = () => {}): Config {
  const config = structuredClone(loadConfigText(filledTemplate(), 'template.yaml', {}, { skipVerification: true }).config);
  edit(config);
  return config;
}

/** Pino level numbers of the custom levels. */
export const LEVEL = { error: 50, warn: 40, info: 30, verbose: 25, debug: 20 } as const;
