#!/usr/bin/env node
// Docker HEALTHCHECK probe: GET http://localhost:<port>/health with a 2 s timeout, exit 0 on HTTP 200, else 1.
// Butler SOS hard-coded port 12398; here the port comes from the first argument or BUTLER_SOS_HEALTH_PORT
// (default 12398), so a changed dockerHealthCheck.port can be probed too:
//   HEALTHCHECK --interval=12s --timeout=12s --start-period=30s CMD node dist/src/http/docker-healthcheck.js
import { realpathSync } from 'node:fs';
import { get } from 'node:http';
import { pathToFileURL } from 'node:url';

export const DEFAULT_HEALTH_PORT = 12398;

/** Resolves true when `url` answers 200 within `timeoutMs`; false on any other status, error or timeout. */
export function probeHealth(url: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
  });
}

export function healthPort(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const raw = argv[0] ?? env.BUTLER_SOS_HEALTH_PORT;
  if (raw === undefined || raw === '') return DEFAULT_HEALTH_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`docker-healthcheck: port "${raw}" is not a TCP port`);
  return port;
}

// Node runs the main module from its real path; argv[1] may be a symlink (npm bin links, a linked dist/).
// Without this comparison a symlinked probe would run nothing and exit 0: healthy, always.
const isMain = (): boolean => !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;

if (isMain()) {
  let port: number;
  try {
    port = healthPort(process.argv.slice(2), process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const host = process.env.BUTLER_SOS_HEALTH_HOST ?? 'localhost';
  probeHealth(`http://${host}:${port}/health`).then((ok) => process.exit(ok ? 0 : 1));
}
