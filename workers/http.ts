// http thread: the Prometheus endpoint, /health, /ready and the Docker health check endpoint (src/http), fed
// with metric updates from every other thread over the instance's metrics channel. uWebSockets.js sockets must
// be closed before this thread ends (see src/http/exit-guard.ts), so every way out goes through closeNow/stop.
import { HttpService } from '../src/http/http-service.js';
import { packageVersion } from '../src/cli/args.js';
import { watchExitGuard } from '../src/http/exit-guard.js';
import { engineChoice } from '../src/http/start-server.js';
import type { LogFormat, LogLevel } from '../src/log/logger.js';
import type { HttpServiceConfig } from '../src/http/http-service.js';
import { channelNames, openChannel } from '../src/threads/channels.js';
import type { AuditQueueMessage } from '../src/threads/messages.js';
import { threadLogger } from '../src/log/thread-logger.js';
import { guardThread } from '../src/crash/thread-guard.js';
import type { TestCrash } from '../src/crash/test-crash.js';
import { serveThread } from '../src/threads/thread-entry.js';
import type { HealthBoardData } from '../src/threads/health-board.js';
import { armTestCrash } from '../src/threads/test-crash.js';
import { startRuntimeGauges } from '../src/metrics/runtime-gauges.js';

export interface HttpThreadData {
  instanceId: string;
  /** The full Config fits. */
  config: HttpServiceConfig;
  logLevel: LogLevel;
  logFormat: LogFormat;
  logToFile?: boolean;
  testCrash?: TestCrash;
  /** HttpExitGuard.sab from the main thread (recommended whenever uWS may be used). */
  exitGuard?: SharedArrayBuffer;
  /** Overrides for tests. */
  staleAfterPolls?: number;
  dockerHealthHost?: string;
  /** Parse-worker channel slots and parse threads (the live console's feed). */
  parseSlots?: number;
  parseWorkers?: number;
  /** The supervisor's health board (src/threads/health-board.ts). */
  healthBoard?: HealthBoardData;
}

serveThread<HttpThreadData>(async (data) => {
  const logger = threadLogger(data, 'http');
  const tracker = openChannel(channelNames(data.instanceId).tracker);
  const service = await HttpService.start({
    config: data.config,
    logger,
    engine: engineChoice(),
    staleAfterPolls: data.staleAfterPolls,
    dockerHealthHost: data.dockerHealthHost,
    webConsole: data.parseSlots ? { instanceId: data.instanceId, parseSlots: data.parseSlots, parseWorkers: data.parseWorkers ?? 1 } : undefined,
    healthBoard: data.healthBoard,
    reportError: (report) => tracker.postMessage(report),
    reportAuditQueue: (sample) => tracker.postMessage({ t: 'audit-queue', sample } satisfies AuditQueueMessage),
    appVersion: packageVersion(),
  });
  watchExitGuard(data.exitGuard, () => service.closeNow());
  // An uncaught error would end the thread with uWS sockets open and abort the process: close them first.
  guardThread(data, 'http', logger, () => service.closeNow());
  armTestCrash('http');
  // Its own channel object: a BroadcastChannel never hears its own messages.
  const runtimeChannel = openChannel(channelNames(data.instanceId).metrics);
  const stopRuntime = startRuntimeGauges(runtimeChannel, 'http');
  const channel = openChannel(channelNames(data.instanceId).metrics);
  channel.onmessage = (event) => service.apply((event as MessageEvent).data);
  return {
    // An uncaught error would end the thread with uWS sockets open and abort the process: close them first.
    crash: () => {
      logger.error('HTTP: uncaught error; closing the endpoints and ending the thread');
      service.closeNow();
    },
    setReady: (args: { ready: boolean; reason?: string } | boolean) => {
      if (typeof args === 'boolean') service.setReady(args);
      else service.setReady(args.ready, args.reason);
      return service.readiness.isReady;
    },
    ports: () => ({
      prometheus: service.prometheus?.port ?? null,
      docker: service.docker?.port ?? null,
      webConsole: service.webConsole?.handle?.port ?? null,
      audit: service.audit?.port ?? null,
      engine: service.prometheus?.engine ?? service.docker?.engine ?? service.webConsole?.handle?.engine ?? null,
    }),
    stop: async () => {
      stopRuntime();
      runtimeChannel.close();
      channel.close();
      await service.stop();
      tracker.close();
    },
  };
});
