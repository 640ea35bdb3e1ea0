// Child process for http-thread.test.ts: starts the http thread (uWebSockets.js engine), waits until it
// serves, then ends the process with process.exit(3) while the thread still runs. With the exit guard the
// process exits 3; without it Node aborts ("uv_loop_close() while having open handles", 134).
import { HttpExitGuard } from '../../../src/http/exit-guard.js';
import { silentLogger } from '../../../src/log/logger.js';
import { ManagedThread } from '../../../src/threads/managed-thread.js';
import type { HttpThreadData } from '../../../workers/http.js';

const withGuard = process.argv[2] === 'guard';
const guard = withGuard ? new HttpExitGuard().install() : null;
const data: HttpThreadData = {
  instanceId: `exit-guard-${process.pid}`,
  config: {
    prometheus: { enable: true, host: '127.0.0.1', port: 0, nodeMetricsHost: '127.0.0.1', nodeMetricsPort: 0 },
    dockerHealthCheck: { enable: false, port: 0 },
    serversToMonitor: { pollingInterval: 30_000, servers: [] },
    userSessions: { pollingInterval: 30_000 },
  },
  logLevel: 'error',
  logFormat: 'json',
  exitGuard: guard?.sab,
};
const thread = new ManagedThread({ name: 'http', file: new URL('../../../workers/http.js', import.meta.url), workerData: data, logger: silentLogger() });
await thread.start();
const { prometheus } = await thread.call<{ prometheus: number }>('ports');
const res = await fetch(`http://127.0.0.1:${prometheus}/health`);
console.log(`served ${res.status}`);
process.exit(3);
